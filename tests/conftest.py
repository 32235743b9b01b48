"""Fixtures: the settings and the bundled site built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from support import BASE_URL, PREVIEW_ARTICLE, ROOT, free_port, make_project


@pytest.fixture(scope="session", autouse=True)
def no_test_site_holds_active_content(tmp_path_factory):
    """After the whole session, every site any test built (a folder marked .digest-site under the
    session's temporary folder) is scanned for active content: hostile input in any test must come
    out inert. A finding fails the run at this fixture's teardown, naming the files."""
    yield
    from sitecheck import active_content_in_site

    base = tmp_path_factory.getbasetemp()
    sites = [mark.parent for mark in base.rglob(".digest-site")]
    found = {f"{site.relative_to(base)}/{page}": hits for site in sites
             for page, hits in active_content_in_site(site).items()}
    assert not found, f"active content in built sites: {found}"
    print(f"\nscanned {len(sites)} built sites for active content: none found")


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "site.yaml").with_base_url(BASE_URL)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, config) -> Path:
    """The bundled content built under the sub-path /digest/."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, config, out)
    return out


@pytest.fixture
def preview(tmp_path):
    """(project, URL) of a running `digest serve` of a one-article project. What the preview
    prints goes to serve.log beside the project (read it in a failing test's message: the
    preview's own account of its rebuilds); a file, not a pipe, so that nothing it prints can
    fill a buffer nobody reads and stop it."""
    project = make_project(tmp_path, {"2022-01-17/a.md": PREVIEW_ARTICLE.format(title="第一版标题")})
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-u", "-m", "generator.cli", "serve", "--project", str(project),
                                    "--port", str(port)], stdout=output, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})  # not the user's
    deadline = time.time() + 30
    while time.time() < deadline and process.poll() is None:
        said = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("Serving the preview at ")]
        if said:
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(log.read_text(encoding="utf-8"))
    url = said[0].split(" at ", 1)[1].split(" ", 1)[0]
    # the search indexes follow the pages (the preview's own cache folder is new: they are made)
    while time.time() < deadline + 60 and process.poll() is None:
        if "rebuilt: search indexes" in log.read_text(encoding="utf-8"):
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(log.read_text(encoding="utf-8"))
    yield project, url
    process.terminate()
    process.wait(timeout=10)
