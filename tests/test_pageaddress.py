"""Permanent addresses id/<索引号>/ and the QR code of a document page (gongkai/pages/pageaddress.py)."""

from __future__ import annotations

import re

import pytest
import segno

from conftest import ORG, doc_text, messages
from gongkai.core.problems import ERROR
from gongkai.pages import pageaddress
from gongkai.pages.prepublish import build_outputs, check_for_publishing


def test_id_address_has_a_folder_per_part_of_the_index_no():
    address = pageaddress.id_address(f"{ORG}/2024-00001")
    assert address.folder == f"id/{ORG}/2024-00001"
    assert address.file == f"id/{ORG}/2024-00001/index.html"
    assert address.url == f"id/{ORG}/2024-00001/"
    cjk = pageaddress.id_address("示例办-2024-7")
    assert cjk.folder == "id/示例办-2024-7" and cjk.url == "id/%E7%A4%BA%E4%BE%8B%E5%8A%9E-2024-7/"


@pytest.mark.parametrize("index_no, part", [
    ("a/../b", ".."), ("a/./b", "."), ("a//b", ""), ("/a", ""), ("a/", ""), ("a b/1", "a b"),
    ("a?b", "a?b"), ("a#1", "a#1"), ("a\\b", "a\\b"), ("a%2F", "a%2F"), ("a\nb", "a\nb"), ("〔2024〕1", "〔2024〕1"),
])
def test_parts_that_cannot_be_folders_are_named(index_no, part):
    assert pageaddress.unsafe_part(index_no) == part
    assert pageaddress.id_address(index_no) is None


def test_every_document_with_an_index_no_gets_its_address_among_the_build_outputs(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1), "system/b.md": doc_text(2)})
    pages = pageaddress.id_pages(column)
    assert set(pages) == {f"id/{ORG}/2024-00001/index.html", f"id/{ORG}/2024-00002/index.html"}
    assert pages[f"id/{ORG}/2024-00001/index.html"].src == "proactive/budget/a.md"
    outputs = build_outputs(column)
    assert set(pages) <= set(outputs)
    assert "索引号" in outputs[f"id/{ORG}/2024-00001/index.html"]


def test_a_content_file_at_a_permanent_address_is_refused(column_of, tmp_path):
    rel = f"id/{ORG}/2024-00001/index.html"
    column = column_of({"proactive/budget/a.md": doc_text(1), rel: "<p>x</p>"})
    check_for_publishing(column, tmp_path / "content")
    [message] = [m for m in messages(column, ERROR) if rel in m]
    assert "由构建生成" in message and "索引号" in message and "proactive/budget/a.md" in message


def test_an_index_no_that_cannot_be_an_address_is_an_error_in_chinese(column_of, tmp_path):
    column = column_of({"proactive/budget/a.md": doc_text(1)})
    doc = column.by_src["proactive/budget/a.md"]
    doc.index_no = f"{ORG}/../2024-00001"  # as if site_config's pattern allowed it
    check_for_publishing(column, tmp_path / "content")
    [message] = [m for m in messages(column, ERROR) if "永久地址" in m]
    assert "proactive/budget/a.md" in message and "“..”" in message and "index_no_pattern" in message
    assert "Traceback" not in message and doc.index_no in message
    assert pageaddress.id_pages(column) == {}


def modules_of(svg: str) -> set[tuple[int, int]]:
    """The dark modules drawn by segno's SVG path (M/m moves, h runs of the line at y + .5)."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                dark.add((int(x) + i, int(y)))
            x += float(a)
    return dark


def test_qr_svg_encodes_the_address_offline_and_holds_no_text():
    url = f"https://www.example.gov.cn/zwgk/id/{ORG}/2024-00001/"
    svg = pageaddress.qr_svg(url)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert (
        "example" not in svg
        and "<title" not in svg
        and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    # the drawing is the QR code of the address: module for module what segno computes for it
    code = segno.make_qr(url, error="m", boost_error=False, mask=pageaddress.QR_MASK)
    assert code.version <= 10  # small enough for a phone camera at 28 mm
    expected = {(x + 4, y + 4) for y, row in enumerate(code.matrix) for x, bit in enumerate(row) if bit}
    assert modules_of(svg) == expected
    assert pageaddress.qr_svg(url) == svg  # the same build, the same drawing
