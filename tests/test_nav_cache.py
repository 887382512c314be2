"""The primary nav rendered once per distinct output (overrides/partials/nav.html, NavCache in
hooks/gongkai_hooks.py) and the translations looked up once per key (overrides/partials/language.html,
``translator``) must give, byte for byte, the site Material's own partials give."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import material

from conftest import EPOCH, ORG, ROOT, copy_project, mkdocs_build, write

MATERIAL_NAV = Path(material.__file__).parent / "templates" / "partials" / "nav.html"

# Documents at depths and in folders the sample has not: the relative links of the nav differ by
# the page's folder, and a folder may share its name with a page of the nav (in-force/).
EXTRA = {
    "proactive/regulations/2024/deep/extra-a.md": ("关于深层目录文件甲的通知", 101),
    "proactive/regulations/2024/deep/extra-b.md": ("关于深层目录文件乙的通知", 102),
    "proactive/regulations/in-force/extra-c.md": ("关于与列表同名目录中文件的通知", 103),
    "proactive/budget/2024/extra-d.md": ("关于预算栏目深层文件的通知", 104),
    "proactive/budget/extra-e.md": ("关于预算栏目文件的通知", 105),
}


# overrides/partials/language.html as it was before the translations were looked up once: Material's
# language.html (its macros imported on every page) with gongkai's zh-CN.
MATERIAL_LANGUAGE = """{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}
{% import "partials/languages/en.html" as fallback %}
{% macro t(key) %}{% if key == "language" and config.theme.language == "zh" %}zh-CN{% else %}\
{{ lang.t(key) or fallback.t(key) or key }}{% endif %}{% endmacro %}
"""


def add_documents(content: Path) -> None:
    write(content, {
        rel: f"---\ntitle: {title}\nindex_no: {ORG}/2024-{seq:05d}\npublished: 2024-05-0{seq % 9 + 1}\n---\n\n"
             f"## 一、正文\n\n{title}的正文。\n"
        for rel, (title, seq) in EXTRA.items()
    })


def differing_files(a: Path, b: Path) -> list[str]:
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def test_material_nav_copy_is_materials_own():
    """overrides/partials/nav-material.html is the installed Material's nav.html, after our comment."""
    ours = (ROOT / "overrides/partials/nav-material.html").read_text(encoding="utf-8")
    assert ours.startswith("{#- gongkai:")
    assert ours.split("-#}\n", 1)[1] == MATERIAL_NAV.read_text(encoding="utf-8")


CACHE_PROBE = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(config)
cache = config.plugins["hooks/gongkai_hooks.py"].nav_cache
print(json.dumps({"rendered": len(cache.html), "reused": cache.hits}))
"""


def test_cached_nav_is_byte_identical_to_materials(tmp_path):
    cached = copy_project(tmp_path / "cached")
    plain = copy_project(tmp_path / "plain")
    for project in (cached, plain):
        add_documents(project / "content")
    # Material's own nav partial: without our override, base.html includes Material's nav.html.
    (plain / "overrides/partials/nav.html").unlink()
    (plain / "overrides/partials/nav-material.html").unlink()
    (plain / "overrides/partials/language.html").write_text(MATERIAL_LANGUAGE, encoding="utf-8")
    result = mkdocs_build(plain, tmp_path / "site-plain")
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    probe_args = [sys.executable, "-c", CACHE_PROBE, str(cached / "mkdocs.yml"), str(tmp_path / "site-cached")]
    probe = subprocess.run(probe_args, cwd=cached, env=env, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    stats = json.loads(probe.stdout.strip().splitlines()[-1])

    assert differing_files(tmp_path / "site-cached", tmp_path / "site-plain") == []
    for rel in EXTRA:  # the new documents were built, with the nav open at their sub-column
        page = (tmp_path / "site-cached" / rel[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        assert 'class="md-nav md-nav--primary"' in page
        assert 'aria-current="true"' in page
    # The nav was reused: rendered once per place and depth, reused by most pages outside the nav
    # (the sample: 21 places for about 90 such pages).
    assert stats["rendered"] >= 1
    assert stats["reused"] >= 2 * stats["rendered"], stats
