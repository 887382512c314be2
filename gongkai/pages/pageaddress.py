"""Permanent addresses and QR codes of document pages.

The 索引号 printed on paper finds the page: ``id/<索引号>/`` on the site is a small page that sends
the reader to the document (the 索引号 holds "/", so the address has one folder per part of it).
Each document page shows a QR code of that address, drawn at build time by segno as inline SVG
(no network, no script). Plain Python: the hooks render the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import segno

from ..core.column import Column
from ..core.structure import Document

ID_FOLDER = "id"

# A part of a 索引号 that is safe as a folder name on every server and checkout: letters, digits,
# - _ . and CJK; never "." or "..", never empty (the 索引号 pattern of site_config/ decides what occurs).
_SAFE_PART = re.compile(r"[0-9A-Za-z_.\-\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True)
class IdAddress:
    folder: str  # "id/11379900004123456X/2018-00031": the folder under site/, as written
    url: str  # site-relative URL, percent-encoded where needed: "id/11379900004123456X/2018-00031/"

    @property
    def file(self) -> str:
        return f"{self.folder}/index.html"


def id_address(index_no: str | None) -> IdAddress | None:
    """The permanent address of the document with 索引号 ``index_no``; None when it cannot be one
    (``unsafe_part`` says why)."""
    if not index_no or unsafe_part(index_no) is not None:
        return None
    parts = index_no.split("/")
    return IdAddress("/".join([ID_FOLDER, *parts]), "/".join([ID_FOLDER, *(quote(p) for p in parts)]) + "/")


def unsafe_part(index_no: str) -> str | None:
    """The first part of ``index_no`` (between "/") that cannot be a folder of the address, or None."""
    for part in index_no.split("/"):
        if part in ("", ".", "..") or not _SAFE_PART.fullmatch(part):
            return part
    return None


def id_pages(column: Column) -> dict[str, Document]:
    """{file under site/ -> document} for every document with a usable 索引号."""
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


def absolute(site_url: str | None, url: str) -> str | None:
    """``url`` (site-relative) on the published site, or None without a site_url."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url


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
