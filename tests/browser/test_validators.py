"""The real validators on every page type of both variants: the Nu HTML Checker and axe-core."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import photo_article, require
from site_pages import page_paths

NODE_MODULES = Path(__file__).parent / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
PREFIXES = ("zh-hans", "zh-hant")


PAGED_ISSUE = "zh-hant/issues/2023-12-07/"
"""The issue page with a page list and 版 sections (paged_site)."""


def test_nu_html_checker_finds_no_errors(server, paged_site):
    require(VNU.is_file(), "vnu-jar (npm ci in tests/browser)")
    require(shutil.which("java") is not None, "Java (apt-get install default-jre-headless)")
    _, site = server
    files = [site / prefix / path for prefix in PREFIXES for path in page_paths(site).values()]
    files = [f / "index.html" if f.is_dir() else f for f in files]
    photo = photo_article(paged_site[1])
    files += [site / "index.html", site / "zh-hant" / "_review" / "index.html", paged_site[1] / PAGED_ISSUE / "index.html",
              paged_site[1] / "zh-hans" / photo / "index.html", paged_site[1] / "zh-hant" / photo / "index.html"]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [(Path(m.get("url", "")).parent.name, m.get("message")) for m in messages if m.get("type") == "error"]
    assert errors == []
    assert len(files) == 2 * len(page_paths(site)) + 5


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_axe_finds_no_serious_or_critical_violation(server, paged_site, page, prefix, scheme):
    """In the light and the dark colour scheme (the theme follows the reader's setting)."""
    require(AXE.is_file(), "axe-core (npm ci in tests/browser)")
    base, site = server
    page.emulate_media(color_scheme=scheme)
    found = {}
    addresses = {kind: f"{base}{prefix}/{path}" for kind, path in page_paths(site).items()}
    addresses["issue-with-pages"] = paged_site[0] + PAGED_ISSUE.replace("zh-hant/", f"{prefix}/")
    addresses["article-with-photo"] = f"{paged_site[0]}{prefix}/{photo_article(paged_site[1])}"
    for kind, address in addresses.items():
        page.goto(address)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".map(v => [v.id, v.impact, v.nodes.length])")
        bad = [v for v in result if v[1] in ("serious", "critical")]
        if bad:
            found[kind] = bad
    assert found == {}
