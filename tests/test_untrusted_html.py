"""Body HTML by allowlist (gongkai/pages/bodyhtml.py), in check and in the build, and the limits of a body.

Issue 12 items 2, 7 (content half) and 8 (rendering half): each class of input has several
payloads; the check must name file, line, element or attribute, never strip anything silently,
and agree with nh3 (what the check accepts, nh3 leaves as it is).
"""

from __future__ import annotations

import time
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, doc_text, examples, gongkai, mkdocs_build
from gongkai.bodyrender import renderer
from gongkai.core.problems import Problems
from gongkai.pages import bodyhtml


@pytest.fixture(scope="module")
def render():
    return renderer(ROOT)


def problems_of(html: str, body: str = "", body_line: int = 5) -> list[str]:
    problems = Problems()
    bodyhtml.check_body("proactive/other/a.md", body or html, body_line, html, problems)
    return [str(p) for p in problems.items]


def agrees_with_nh3(html: str) -> bool:
    """nh3's cleaning leaves ``html`` as it is, but for the spelling of the markup."""
    return bodyhtml._events(bodyhtml.clean(html)) == bodyhtml._events(html)


# --- what a government document needs passes ----------------------------------------------------

ALLOWED = [
    "<p>第一条　为了规范……</p>",
    '<h2 id="一总体情况">一、总体情况</h2><h3>（一）主动公开</h3>',
    '<ol start="3"><li>甲</li><li>乙<ul><li>丙</li></ul></li></ol>',
    '<table><caption>表1</caption><thead><tr><th scope="col">项目</th>'
    '<th colspan="2" style="text-align: right;">金额</th></tr></thead>'
    '<tbody><tr><td rowspan="2">合计</td><td style="text-align: center;">1</td><td>2</td></tr></tbody></table>',
    '<p>H<sub>2</sub>O，m<sup>2</sup>，<abbr title="国务院办公厅">国办</abbr>，<br>换行</p><hr>',
    "<p><strong>粗</strong><em>斜</em><b>b</b><i>i</i><u>u</u><s>s</s><del>删</del><ins>增</ins><span>字</span></p>",
    '<blockquote><p>引文</p></blockquote><pre><code class="language-text">代码</code></pre>',
    "<dl><dt>术语</dt><dd>解释</dd></dl><details open><summary>展开</summary><p>内容</p></details>",
    '<figure><img src="images/图1.png" alt="组织结构图" width="600"><figcaption>图1</figcaption></figure>',
    '<p><a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:gk@example.gov.cn">邮箱</a>'
    ' <a href="tel:010-12345678">电话</a> <a href="../budget/2024-budget/">预算</a> <a href="#一总体情况">本页</a></p>',
    '<p><a href="https://www.gov.cn/" target="_blank" rel="noopener noreferrer">新窗口</a></p>',
    '<div class="admonition warning"><p class="admonition-title">注意</p><p>提示</p></div>',
    '<div class="toc"><ul><li><a href="#a">a</a></li></ul></div>',
    "<p>a &lt; b &amp; c &nbsp;“引号”</p><!-- 注释 -->",
    "<table><tr><td>Word 表格没有 tbody</td></tr></table>",
]


@pytest.mark.parametrize("html", ALLOWED)
def test_what_a_government_document_needs_is_allowed(html):
    assert bodyhtml.findings_in(html) == [], bodyhtml.findings_in(html)
    assert agrees_with_nh3(html)


def test_the_unmodified_sample_renders_within_the_allowlist(render):
    from conftest import DAY
    from gongkai.core.column import load_column
    from gongkai.core.siteconfig import load_site_config

    column = load_column(ROOT / "content", load_site_config(ROOT / "site_config"), DAY)
    assert len(column.documents) > 30
    for doc in column.documents:
        assert bodyhtml.limits_of(doc.body) == [], doc.src
        assert bodyhtml.findings_in(render(doc.body)) == [], doc.src


# --- each class of refused HTML, several payloads each ------------------------------------------

REFUSED = {
    "script": [
        ("<script>alert(1)</script>", "<script>"),
        ("<ScRiPt>alert(1)</ScRiPt>", "<script>"),
        ("<svg><script>alert(1)</script></svg>", "<svg>"),
        ("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<math>"),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<noscript>"),
    ],
    "embedding and page-wide elements": [
        ("<iframe src=\"https://evil.example/\"></iframe>", "<iframe>"),
        ("<object data=\"x.swf\"></object>", "<object>"),
        ("<embed src=\"x.swf\">", "<embed>"),
        ("<style>body{display:none}</style>", "<style>"),
        ("<base href=\"https://evil.example/\">", "<base>"),
        ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", "<meta>"),
        ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "<link>"),
        ("<form action=\"https://evil.example/\"><input name=\"q\"></form>", "<form>"),
        ("<video poster=\"https://evil.example/p.png\"></video>", "<video>"),
    ],
    "event handlers": [
        ("<img src=\"x.png\" onerror=\"alert(1)\">", "onerror"),
        ("<p onclick=\"alert(1)\">x</p>", "onclick"),
        ("<a href=\"#\" ONMOUSEOVER=alert(1)>x</a>", "onmouseover"),
        ("<details open ontoggle=alert(1)>x</details>", "ontoggle"),
    ],
    "script and data URLs": [
        ("<a href=\"javascript:alert(1)\">x</a>", "javascript:"),
        ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "javascript:"),
        ("<a href=\" java\tscript:alert(1)\">x</a>", "javascript:"),
        ("<a href=\"java&#115;cript:alert(1)\">x</a>", "javascript:"),
        ("<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>", "javascript:"),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", "vbscript:"),
        ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:"),
        ("<img src=\"data:image/png;base64,iVBOR\">", "src="),
    ],
    "requests to another host": [
        ("<img src=\"https://evil.example/x.png\">", "evil.example"),
        ("<img src=\"//evil.example/x.png\">", "evil.example"),
        ("<img src=\"\\\\evil.example\\x.png\">", "src="),
        ("<img src=\"/images/x.png\">", "不是相对路径"),
        ("<img src=\"a.png\" srcset=\"https://evil.example/x.png 2x\">", "srcset"),
        ("<pre class=\"mermaid\">graph TD; A--&gt;B</pre>", "mermaid"),
        ("<div class=\"mermaid\">graph TD</div>", "mermaid"),
    ],
    "attributes outside the allowlist": [
        ("<span style=\"color:red\">x</span>", "style"),
        ("<td style=\"background:url(https://evil.example/x)\">x</td>", "style"),
        ("<p class=\"md-header\">x</p>", "md-header"),
        ("<h2 id=\"gk-main\">x</h2>", "id"),
        ("<a href=\"https://a.example/\" target=\"_blank\">x</a>", "noopener"),
        ("<a name=\"x\">x</a>", "name"),
        ("<td width=\"50%\">x</td>", "width"),
    ],
    "structure": [
        ("</div></div><p>x</p>", "</div>"),
        ("<div><p>x</p>", "<div>"),
        ("<p title=\"a\" title=\"b\">x</p>", "重复"),
        ("<!DOCTYPE html>", "声明"),
    ],
    "read differently by a browser": [
        ("<!--> <img src=x onerror=alert(1)> -->", "不规范"),
        ("<p>x<!--> <a href=\"javascript:alert(1)\">y</a> --></p>", "不规范"),
    ],
}
CASES = [(cls, html, expected) for cls, items in REFUSED.items() for html, expected in items]


@pytest.mark.parametrize("cls,html,expected", CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_refused_html_is_an_error_naming_it(cls, html, expected):
    found = problems_of(html)
    assert found, (cls, html)
    assert all(p.startswith("错误 proactive/other/a.md:5 ") for p in found), found
    assert any(expected.lower() in p.lower() for p in found), (expected, found)
    assert all("修改方法：" in p for p in found)


@pytest.mark.parametrize("cls,html,expected", CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_nh3_would_change_every_refused_payload(cls, html, expected):
    # the check and nh3 agree from the other side too: what is refused, nh3 would change; the
    # check is stricter only on structure and on target="_blank" without rel (nh3 sees attributes alone)
    if cls != "structure":
        assert agrees_with_nh3(html) == (expected == "noopener"), html


# --- the check and nh3 agree: whatever the check accepts, nh3 leaves as it is --------------------

_TAG = st.sampled_from([*sorted(bodyhtml.TAGS), "script", "iframe", "svg", "style", "font", "textarea", "noscript"])
_ATTR = st.sampled_from(["id", "class", "title", "href", "src", "style", "onclick", "colspan", "target", "rel", "alt",
                         "srcset", "name", "scope"])
_VALUE = st.one_of(
    st.sampled_from(["x", "2", "https://a.example/", "javascript:alert(1)", "java&#115;cript:x", "images/a.png",
                     "//evil.example/x", "admonition note", "mermaid", "text-align: left;", "_blank", "noopener",
                     "gk-main", "\" onmouseover=\"x", "--> <script>"]),
    st.text(alphabet="<>\"'=&#;:/ -abcjsx中", max_size=12),
)


@st.composite
def fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "element", "element", "comment", "raw"]))
        if kind == "text":
            parts.append(draw(st.text(alphabet="ab <>&;#\"'/!-中", max_size=8)))
        elif kind == "comment":
            parts.append("<!--" + draw(st.text(alphabet="ab<>-!", max_size=6)) + "-->")
        elif kind == "raw":
            parts.append(
                draw(st.sampled_from(["<!-->", "</p>", "<br/>", "<img src=x/onerror=y>", "<p", "&lt;", "]]>"]))
            )
        else:
            tag = draw(_TAG)
            attrs = "".join(f" {draw(_ATTR)}=\"{draw(_VALUE).replace(chr(34), '&quot;')}\""
                            for _ in range(draw(st.integers(0, 2))))
            inner = draw(fragments(depth + 1)) if depth < 2 else ""
            parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=examples(400), deadline=None)
@given(fragments())
def test_what_the_check_accepts_nh3_leaves_unchanged(html):
    if not bodyhtml.findings_in(html):
        assert agrees_with_nh3(html), html


# --- Markdown bodies: rendered as the build does, the line found in the source --------------------

MARKDOWN = [
    ("段落\n{: onclick=\"alert(1)\" }", "onclick", 2),
    ("## 标题 {: onclick=\"alert(1)\" }", "onclick", 1),
    ("[链接](https://www.gov.cn/){: onmouseover=\"alert(1)\" }", "onmouseover", 1),
    ("正文\n\n[点此](javascript:alert(1))", "javascript:", 3),
    ("![](https://evil.example/x.png)", "evil.example", 1),
    ("![图](images/a.png){: onerror=\"alert(1)\" }", "onerror", 1),
    ("<iframe src=\"https://evil.example/\"></iframe>", "<iframe>", 1),
    ("一\n\n二\n\n<script>alert(1)</script>", "<script>", 5),
    ("<style>body{display:none}</style>", "<style>", 1),
    ("<object data=\"x\"></object>", "<object>", 1),
    ("正文 <img src=x onerror=alert(1)> 正文", "onerror", 1),
    ("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "data:", 1),
    ("<div class=\"mermaid\">graph TD; A-->B</div>", "mermaid", 1),
    ("<ScRiPt>alert(1)</ScRiPt>", "<script>", 1),
    ("[x](java&#115;cript:alert(1))", "javascript:", 1),
    ("正文\n\n<a href=\"java&#115;cript:alert(1)\">x</a>", "javascript:", 3),
    ("段落\n{: .mermaid }", "mermaid", 2),
    ("段落\n{: style=\"position:fixed\" }", "style", 2),
]


@pytest.mark.parametrize("body,expected,line", MARKDOWN)
def test_markdown_bodies_are_checked_on_their_html(render, body, expected, line):
    found = problems_of(render(body), body, body_line=7)
    assert any(expected in p for p in found), (expected, found)
    hit = next(p for p in found if expected in p)
    assert hit.startswith(f"错误 proactive/other/a.md:{6 + line} "), hit


def test_each_occurrence_gets_its_own_line(render):
    body = "<p onclick=\"a\">一</p>\n\n正文\n\n<p onclick=\"b\">二</p>\n"
    found = problems_of(render(body), body, body_line=10)
    assert [p.split(" ")[1] for p in found] == ["proactive/other/a.md:10", "proactive/other/a.md:14"]


def test_mailto_autolink_obfuscated_by_markdown_is_allowed(render):
    html = render("写信：<gk@example.gov.cn>，或访问 <https://www.gov.cn/>")
    assert "&#" in html  # Python-Markdown hides the address in entities
    assert bodyhtml.findings_in(html) == []


def test_many_findings_are_counted_not_listed():
    html = "".join(f"<p onclick=\"{i}\">x</p>" for i in range(50))
    found = problems_of(html)
    assert len(found) == bodyhtml.MAX_FINDINGS + 1
    assert "还有 30 处" in found[-1]


# --- limits: a clear message or a correct page within seconds ------------------------------------

def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


LIMITS = {
    "500 nested lists": ("".join("\t" * i + "- 项\n" for i in range(500)), "嵌套过深"),
    "60 nested lists by spaces": ("".join("    " * i + "1. 项\n" for i in range(60)), "嵌套过深"),
    "500 nested quotes": (">" * 500 + " 引文\n", "嵌套过深"),
    "quotes with spaces": ("> " * 300 + "引文\n", "嵌套过深"),
    "1 MB on one line": ("字" * 1_000_000 + "\n", "正文过长"),
    "dense paragraph": ("*强调* " * 30_000 + "\n", "标记符号"),
    "dense paragraph over lines": ("*强调* [链接](a.md)\n" * 4000, "这一段过长"),
    "nested emphasis": ("*" * 5000 + "a" + "*" * 5000, "嵌套过深"),
    "nested emphasis words": ("*a " * 1000 + "b" + " a*" * 1000, "嵌套过深"),
    "nested brackets": ("[" * 3000 + "a" + "]" * 3000, "嵌套过深"),
    "nested html": ("<div markdown>\n" * 600 + "x\n" + "</div>\n" * 600, "嵌套超过"),
    "unclosed html": ("<div><blockquote>" * 20_000 + "x\n", "正文过长"),
    "many lines": ("一行\n" * 30_000, "行数过多"),
    "incomplete tags": ("正文 <b\n\n" * 5000, "不完整的 HTML 标签"),
    "indentation without end": (" " * 150_000 + "x", "嵌套过深"),  # once took 5 minutes in a regex
    "a table rule of spaces": ("a | b\n" + " " * 150_000 + "x", "嵌套过深"),
}


@pytest.mark.parametrize("name", LIMITS)
def test_limits_end_in_a_clear_message_within_seconds(name):
    body, expected = LIMITS[name]
    problems = Problems()
    ok, seconds = _timed(bodyhtml.check_limits, "proactive/other/a.md", body, 7, problems)
    assert not ok
    assert seconds < 2, seconds
    text = "\n".join(map(str, problems.items))
    assert expected in text and text.startswith("错误 proactive/other/a.md"), text
    assert "修改方法：" in text


WITHIN = {
    "1000 tables": "".join(f"表{i}\n\n| 项目 | 金额 |\n| --- | ---: |\n| 甲 | {i} |\n\n" for i in range(1000)),
    "20 nested lists": "".join("    " * i + "- 项\n" for i in range(20)),
    "long plain line": "字" * 150_000 + "\n",
    "long table": "| 项目 | 金额 |\n| --- | ---: |\n" + "| *甲* | 1 |\n" * 3000,
    "100 nested divs": "<div>\n" * 100 + "x\n" + "</div>\n" * 100,
}


@pytest.mark.parametrize("name", WITHIN)
def test_large_but_reasonable_bodies_render_and_pass_within_seconds(render, name):
    body = WITHIN[name]
    assert bodyhtml.limits_of(body) == []
    html, seconds = _timed(render, body)
    found, checked = _timed(bodyhtml.findings_in, html)
    assert found == []
    assert seconds + checked < 10, (seconds, checked)


def test_deep_html_in_the_rendered_page_is_refused_before_nh3():
    html = "<div><blockquote>" * 50_000 + "x"
    found, seconds = _timed(bodyhtml.findings_in, html)
    assert "嵌套超过" in found[0].message
    assert seconds < 5, seconds


# --- the build and check: the same messages, the build stops, the sample still builds -------------

PAYLOADS = """
正文第一段。

<script>alert(1)</script>

[点此](javascript:alert(1))

![](https://evil.example/x.png)

<iframe src="https://evil.example/"></iframe>

段落
{: onclick="alert(1)" }

<div class="mermaid">graph TD; A-->B</div>

<a href="java&#115;cript:alert(1)">x</a>
"""


def _add(project, rel, text):
    path = project / "content" / rel
    path.write_text(text, encoding="utf-8")


def test_check_and_build_give_the_same_body_html_messages(tmp_path):
    project = copy_project(tmp_path / "project")
    _add(project, "proactive/other/untrusted.md", doc_text(901, 2024, title="含不安全HTML的文件").replace(
        "正文第一段。\n", PAYLOADS))
    _add(project, "index.md", (project / "content" / "index.md").read_text(encoding="utf-8")
         + "\n<img src=\"x.png\" onerror=\"alert(1)\">\n")
    check = gongkai(project, "check")
    build, _seconds = _timed(mkdocs_build, project, tmp_path / "site")
    assert check.returncode == 1 and build.returncode != 0
    out = build.stdout + build.stderr
    assert "Traceback" not in out + check.stdout + check.stderr
    ours = sorted(line for line in check.stdout.splitlines() if "HTML" in line)
    theirs = sorted(line.strip() for line in out.splitlines() if "HTML" in line)
    assert len(ours) == 8, check.stdout
    assert ours == theirs, (ours, theirs)
    assert any(line.startswith("错误 proactive/other/untrusted.md:9 ") and "<script>" in line for line in ours)
    assert any(line.startswith("错误 index.md:") and "onerror" in line for line in ours)
    # the failed build never left the refused HTML in site/
    page = tmp_path / "site" / "proactive" / "other" / "untrusted" / "index.html"
    assert not page.exists() or "alert(1)" not in page.read_text(encoding="utf-8")


def test_check_and_build_stop_on_the_limits_without_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    _add(project, "proactive/other/deep.md", doc_text(902, 2024, title="嵌套过深的文件").replace(
        "正文第一段。\n", "".join("\t" * i + "- 项\n" for i in range(500))))
    _add(project, "proactive/other/long.md", doc_text(903, 2024, title="一行过长的文件").replace(
        "正文第一段。\n", "*a* " * 250_000 + "\n"))
    check, check_seconds = _timed(gongkai, project, "check")
    build, build_seconds = _timed(mkdocs_build, project, tmp_path / "site")
    out = build.stdout + build.stderr
    assert check.returncode == 1 and build.returncode != 0
    assert "Traceback" not in out + check.stderr and "RecursionError" not in out
    for text in ("错误 proactive/other/deep.md:", "嵌套过深", "错误 proactive/other/long.md", "正文过长"):
        assert text in check.stdout and text in out, (text, check.stdout, out)
    assert check_seconds < 30 and build_seconds < 30, (check_seconds, build_seconds)


# --- the shortcut for HTML nh3 leaves as it is: the same findings as reading it -------------------

def _read_every_time(html):
    """findings_in without the shortcut (_Reader reads every body)."""
    with mock.patch.object(bodyhtml, "_nothing_nh3_keeps", lambda html: False):
        return bodyhtml.findings_in(html)


@settings(max_examples=examples(400), deadline=None)
@given(fragments(), st.integers(0, 3))
def test_the_shortcut_finds_what_reading_finds(html, form):
    # as written, and as nh3 writes it (the form Markdown's HTML usually has: the shortcut's case)
    cleaned = bodyhtml.clean(html)
    for candidate in (html, cleaned, "<div>" * (97 + form) + cleaned + "</div>" * (97 + form)):
        assert bodyhtml.findings_in(candidate) == _read_every_time(candidate), candidate


@pytest.mark.parametrize("depth, refused", [(100, False), (101, True)])
def test_nesting_past_the_limit_is_found_in_html_nh3_leaves_alone(depth, refused):
    # comments and attribute values with tags in them are not elements; void elements hold nothing
    inner = '<!-- <div><div> --><p title="&lt;div&gt;a&lt;/div&gt;">公开<br><img src="a.png" alt=""></p>'
    html = "<blockquote>" * (depth - 1) + inner + "</blockquote>" * (depth - 1)
    assert bodyhtml.clean(html) == html  # the shortcut's case
    found = bodyhtml.findings_in(html)
    assert bool(found) == refused
    assert found == _read_every_time(html)
    if refused:
        assert "嵌套超过" in found[0].message


def test_target_blank_without_noopener_is_found_in_html_nh3_leaves_alone():
    html = '<p><a href="https://www.gov.cn/" target="_blank">新窗口</a></p>'
    assert bodyhtml.clean(html) == html
    assert "noopener" in bodyhtml.findings_in(html)[0].message
