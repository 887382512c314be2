"""Permanent addresses and QR codes of document pages.

The 索引号 printed on paper finds the page: ``id/<索引号>/`` on the site is a small page that sends
the reader to the document (the 索引号 holds "/", so the address has one folder per part of it;
the address itself is ``gongkai/core/urls.py``'s ``id_address``).
Each document page shows a QR code of that address, drawn at build time by segno as inline SVG
(no network, no script). Plain Python: the hooks render the pages.
"""

from __future__ import annotations

import segno

from ..core.column import Column
from ..core.structure import Document
from ..core.urls import ID_FOLDER, id_address, unsafe_part


def id_pages(column: Column) -> dict[str, Document]:
    """{file under site/ -> document} for every document with a usable 索引号; computed once per
    column (the pre-publishing checks, the edit loop and the hooks each ask)."""
    return column._cached("id pages", lambda: _id_pages(column))


def _id_pages(column: Column) -> dict[str, Document]:
    out = {}
    for doc in column.documents:
        address = id_address(doc.index_no)
        if address is not None:
            out[address.file] = doc
    return out


def check_id_addresses(column: Column) -> None:
    """A 索引号 that cannot be a permanent address is an error: the 索引号 on paper would find
    nothing. (Two documents with one 索引号 are refused by load_column.)"""
    for doc in column.documents:
        if not doc.index_no:
            continue
        part = unsafe_part(doc.index_no)
        if part is None:
            continue
        shown = part if part else "（空）"
        column.problems.error(
            doc.src, f"索引号中的“{shown}”不能用作永久地址 {ID_FOLDER}/<索引号>/ 的一级文件夹"
            "（只能含字母、数字、汉字和 - _ .，不能为空、. 或 ..）",
            "按 site_config/site.yml 的 index_no_pattern 改正索引号；如格式本身含有这些字符，请修改 index_no_pattern",
            field=doc.keys.get("index_no", "index_no"), line=doc.lines.get("index_no"), value=doc.index_no)


# One mask for every code: any of the eight is a valid QR code (ISO/IEC 18004 §7.8; the decoder reads
# it from the format information), and letting segno score all eight took 80 % of the time (about
# 30 ms a page, five minutes at 10,000 documents).
QR_MASK = 0
QUIET_ZONE = 4  # modules of white around the code (§7.3.7)


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG (error correction M, black on white, sized by CSS). The
    SVG holds path data only, nothing of ``text`` itself: one stroke a run of dark modules."""
    code = segno.make_qr(text, error="m", boost_error=False, mask=QR_MASK)
    size = len(code.matrix) + 2 * QUIET_ZONE
    runs = []
    for y, row in enumerate(code.matrix):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}.5h{x - start}")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="gk-qr__svg" '
            f'shape-rendering="crispEdges"><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></svg>')
