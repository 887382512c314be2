"""mkdocs.yml settings that would make readers' browsers request another host are refused by
`check` and the build with the line of mkdocs.yml (gongkai/pages/offline.py; docs/body-html.md 五)."""

from __future__ import annotations

from conftest import ROOT
from gongkai.core.problems import ERROR, Problems
from gongkai.pages.offline import OfflineSettings, check

YML = """site_name: x
repo_url: https://github.com/example/zwgk
theme:
  name: material
  font:
    text: Roboto
extra:
  analytics:
    provider: google
extra_javascript:
  - assets/local.js
  - https://cdn.example.com/lib.js
extra_css:
  - //fonts.example.com/a.css
  - assets/site.css
"""


def _problems(settings: OfflineSettings, text: str = YML) -> list[str]:
    problems = Problems()
    check(settings, text, problems)
    assert all(p.level == ERROR and p.file == "mkdocs.yml" for p in problems.items)
    return [str(p) for p in problems.sorted()]


def test_the_sample_mkdocs_yml_requests_nothing_elsewhere():
    assert _problems(OfflineSettings(), (ROOT / "mkdocs.yml").read_text(encoding="utf-8")) == []


def test_each_remote_setting_is_one_error_at_its_line():
    lines = _problems(OfflineSettings(
        repo_url="https://github.com/example/zwgk", font={"text": "Roboto"}, analytics={"provider": "google"},
        scripts=("assets/local.js", "https://cdn.example.com/lib.js"),
        styles=("//fonts.example.com/a.css", "assets/site.css"),
    ))
    assert len(lines) == 5, lines
    text = "\n".join(lines)
    assert "错误 mkdocs.yml:2 字段“repo_url” 值“https://github.com/example/zwgk”：" in text
    assert "api.github.com" in text and "删除 mkdocs.yml 中的 repo_url 一行" in text
    assert "错误 mkdocs.yml:5 字段“theme.font”" in text and "font: false" in text
    assert "错误 mkdocs.yml:8 字段“extra.analytics”" in text
    assert "错误 mkdocs.yml:12 字段“extra_javascript” 值“https://cdn.example.com/lib.js”" in text
    assert "错误 mkdocs.yml:14 字段“extra_css” 值“//fonts.example.com/a.css”" in text
    assert "assets/local.js" not in text and "assets/site.css" not in text


def test_material_default_font_is_remote_too():
    """No font key at all: Material loads Roboto from Google Fonts (its default)."""
    lines = _problems(OfflineSettings(font=None), "theme:\n  name: material\n")
    assert len(lines) == 1 and "错误 mkdocs.yml:1 字段“theme.font”：" in lines[0], lines
