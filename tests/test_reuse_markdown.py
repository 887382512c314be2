"""One Markdown converter for all pages (hooks/reusemarkdown.py): texts converted one after another
by the kept, reset converter give what a new converter gives each (nothing of one page leaks into
the next: references, footnote-like state, table of contents, stashed HTML), and the built site is
the same byte for byte as with MkDocs' new converter per page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EPOCH, copy_project, examples
from gongkai.pages.fastinline import FastInlineExtension
from hooks import reusemarkdown

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
CONFIGS = {"toc": {"permalink": False}}

PIECES = st.sampled_from([
    "公开", "\n\n", "\n", "## 一、总体情况\n\n", "# 标题\n\n", "[链接][1]", "\n\n[1]: a.md\n\n", "[a]: b.md\n\n",
    "<div markdown=\"1\">\n\n**内容**\n\n</div>\n\n", "<b>粗</b>", "<!-- 注释 -->\n\n", "```\n<code>\n```\n\n",
    "!!! note \"提示\"\n    内容\n\n", "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n", "段落\n{: #same-id }\n\n",
    "*强调*", "_下划线_", "`代码`", "&amp;", "<https://www.gov.cn/>", "- 条目\n- 条目\n\n", "## 一、总体情况\n\n",
])
TEXT = st.lists(PIECES, max_size=15).map("".join)


def converted(md: markdown.Markdown, text: str) -> tuple[str, list]:
    return md.convert(text), json.loads(json.dumps(getattr(md, "toc_tokens", [])))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(TEXT, min_size=2, max_size=5))
def test_a_reset_converter_converts_each_text_as_a_new_one(texts):
    extensions = [*EXTENSIONS, FastInlineExtension()]
    stand_in = reusemarkdown._MarkdownModule()
    for text in texts:
        fresh = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)
        assert converted(stand_in.Markdown(extensions=extensions, extension_configs=CONFIGS), text) == \
            converted(fresh, text), texts
    assert stand_in.made == 1 and stand_in.reused == len(texts) - 1


def test_other_extensions_or_settings_get_a_new_converter():
    stand_in = reusemarkdown._MarkdownModule()
    first = stand_in.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    assert stand_in.Markdown(extensions=EXTENSIONS, extension_configs=dict(CONFIGS)) is first  # equal settings
    assert stand_in.Markdown(extensions=list(EXTENSIONS), extension_configs=CONFIGS) is not first  # another list
    assert stand_in.Markdown(extensions=EXTENSIONS, extension_configs={}) is not first
    assert stand_in.Markdown(extensions=EXTENSIONS, extension_configs=None) is stand_in.Markdown(
        extensions=EXTENSIONS, extension_configs={})  # MkDocs passes `mdx_configs or {}`
    assert stand_in.made == 3
    assert stand_in.treeprocessors is markdown.treeprocessors  # every other name is the module's


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[3])
from mkdocs.commands.build import build
from mkdocs.config import load_config
from hooks import reusemarkdown
if sys.argv[4] == "off":
    reusemarkdown.install = lambda: None
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(config)
print(json.dumps({"made": reusemarkdown.stand_in.made, "reused": reusemarkdown.stand_in.reused}))
"""


@pytest.mark.build  # MkDocs builds in the probe's own Python, which the layer reading cannot see
def test_the_site_is_the_same_with_one_converter(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_BUILD_WORKERS": "1"}
    env.pop("CI", None)
    stats = {}
    for mode in ("on", "off"):
        run = subprocess.run([sys.executable, "-c", PROBE, str(project / "mkdocs.yml"), str(tmp_path / mode),
                              str(project), mode], cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        stats[mode] = json.loads(run.stdout.strip().splitlines()[-1])
    on, off = tmp_path / "on", tmp_path / "off"
    files = sorted(p.relative_to(on).as_posix() for p in on.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(off).as_posix() for p in off.rglob("*") if p.is_file())
    assert len(files) > 100
    differing = [f for f in files if (on / f).read_bytes() != (off / f).read_bytes()]
    assert not differing, differing[:10]
    assert stats["on"]["made"] == 1 and stats["on"]["reused"] > 50, stats  # one converter for every page
    assert stats["off"] == {"made": 0, "reused": 0}, stats
