"""Shared fixtures: the project, the shared read-only data, and the bundled site built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))
if not (SHARED / "raw").is_dir():
    raise RuntimeError(f"the shared data folder {SHARED} is missing: clone the repo beside shared/ "
                       "or set DIGEST_SHARED")
BASE_URL = "https://example.org/digest/"


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "site.yaml").with_base_url(BASE_URL)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, config) -> Path:
    """The bundled content built under the sub-path /digest/."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, config, out)
    return out


def run_digest(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=env)


def make_project(tmp_path: Path, articles: dict[str, str] | None = None) -> Path:
    """A small project: the real settings and theme, and the given articles (path -> text)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "site.yaml", project / "site.yaml")
    shutil.copytree(ROOT / "themes", project / "themes")
    for name, text in (articles or {}).items():
        path = project / "content" / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project
