"""A maintained base: the sample built with ProperDocs (the continuation of MkDocs 1.x, which
reads the same mkdocs.yml and runs the same hooks) with the same pinned Material is the MkDocs
build, byte for byte, except for one line each HTML page carries on purpose (see DIFFERENCES and
docs/setup.md).

ProperDocs lives in a virtual environment of its own (requirements-properdocs.txt, created by
`make test-deps`): in the process it runs, `import mkdocs` is ProperDocs, so it must not share the
main environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, copy_project

# every test here needs the ProperDocs environment that `make test-deps` builds
pytestmark = pytest.mark.build


def pinned(requirements: str, name: str) -> str:
    text = (ROOT / requirements).read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(name)}==(\S+)$", text, re.M).group(1)


PROPERDOCS_VERSION = pinned("requirements-properdocs.txt", "properdocs")
MKDOCS_VERSION = pinned("requirements.txt", "mkdocs")
MATERIAL_VERSION = pinned("requirements.txt", "mkdocs-material")

# Every difference between the two sites, with why. Material writes the generator's name and version
# into <meta name="generator"> on every page, from config.theme / mkdocs' __version__, which
# ProperDocs reports as "mkdocs-ProperDocs <version>". Nothing else may differ.
DIFFERENCES = {
    f'<meta name="generator" content="mkdocs-{MKDOCS_VERSION}, mkdocs-material-{MATERIAL_VERSION}">':
        f'<meta name="generator" content="mkdocs-ProperDocs {PROPERDOCS_VERSION}, mkdocs-material-{MATERIAL_VERSION}">',
}


def properdocs_python() -> Path:
    """The ProperDocs environment's python: PROPERDOCS_PYTHON (set by the Makefile), else .venv/properdocs."""
    python = Path(os.environ.get("PROPERDOCS_PYTHON") or ROOT / ".venv" / "properdocs" / "bin" / "python")
    assert python.exists(), f"ProperDocs is not installed at {python}: run `make test-deps`"
    return python


def properdocs_build(project: Path, site_dir: Path, strict: bool = True, workers: str = "",
                     quiet: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", GONGKAI_BUILD_WORKERS=workers)
    cmd = [str(properdocs_python()), "-m", "properdocs", "build", *(["-q"] if quiet else []),
           "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(sample_project, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = properdocs_build(sample_project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_properdocs_is_the_pinned_version_in_its_own_environment():
    python = properdocs_python()
    probe = subprocess.run([str(python), "-c", "import properdocs, material, sys; "
                            "from importlib.metadata import version; "
                            "print(version('properdocs'), version('mkdocs-material'), sys.prefix)"],
                           capture_output=True, text=True, check=True)
    properdocs, material, prefix = probe.stdout.split()
    assert (properdocs, material) == (PROPERDOCS_VERSION, MATERIAL_VERSION)
    assert Path(prefix).resolve() != Path(sys.prefix).resolve(), "ProperDocs must not share the main venv"


def test_properdocs_builds_the_sample_as_mkdocs_does(built_site, properdocs_site):
    assert files(properdocs_site) == files(built_site)
    changed_lines: dict[str, int] = dict.fromkeys(DIFFERENCES, 0)
    for name in sorted(files(built_site)):
        ours, theirs = (built_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if ours == theirs:
            continue
        text = ours.decode("utf-8")
        for before, after in DIFFERENCES.items():
            changed_lines[before] += text.count(before)
            text = text.replace(before, after)
        assert text.encode("utf-8") == theirs, f"{name} differs beyond the listed differences"
    pages = [n for n in files(built_site) if n.endswith(".html")
             and b'name="generator"' in (built_site / n).read_bytes()]
    # the listed difference is real (every page that names its generator), not a stale allowance
    assert pages and all(count == len(pages) for count in changed_lines.values()), (changed_lines, len(pages))


def test_properdocs_shares_the_pages_with_a_worker_alike(sample_project, properdocs_site, tmp_path):
    """hooks/splitbuild.py stands in for the page functions of `mkdocs.commands.build`, which in
    ProperDocs' process is ProperDocs' module: the pages on two cores give the same site there too."""
    site = tmp_path / "site"
    result = properdocs_build(sample_project, site, workers="2", quiet=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"页面：\d+ 页由另一个核上的工作进程生成", result.stderr), result.stderr
    assert files(site) == files(properdocs_site)
    differing = [n for n in sorted(files(site)) if (site / n).read_bytes() != (properdocs_site / n).read_bytes()]
    assert not differing, differing[:10]


def test_a_content_warning_stops_the_strict_properdocs_build(tmp_path):
    """The hooks' warnings reach ProperDocs' strict mode (its 'mkdocs' logger is an alias)."""
    project = copy_project(tmp_path / "project")
    doc = project / "content" / "system" / "confidentiality-review.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("title:", "pubished: 2020-01-01\ntitle:", 1),
                   encoding="utf-8")
    result = properdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "system/confidentiality-review.md" in output and "pubished" in output, output
    relaxed = properdocs_build(project, tmp_path / "site2", strict=False)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
