"""Lighthouse (npm `lighthouse`, driving the same Chromium) on every page type, with its phone
profile: accessibility, best practices and SEO at least 0.95, performance at least 0.9."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import CHROMIUM
from site_pages import page_paths
from support import photo_article, require

HERE = Path(__file__).parent
LIGHTHOUSE = HERE / "node_modules" / "lighthouse"
MINIMUM = {"performance": 0.9, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}


def test_every_page_type_scores_well_on_a_phone(server, paged_site):
    """Every page type in zh-Hant (the converted variant: its fonts, its words), and the home,
    an article and a photo article in zh-Hans. Each score is Lighthouse's own, on a page served
    by nginx with compression as a host would."""
    require(LIGHTHOUSE.is_dir(), "Lighthouse (npm ci in tests/browser)")
    require(shutil.which("node") is not None, "Node.js")
    require(Path(CHROMIUM).exists(), "Chromium (apt-get install chromium)")
    base, site = server
    paths = page_paths(site)
    photo = photo_article(paged_site[1])
    addresses = {f"zh-hant {kind}": f"{base}zh-hant/{path}" for kind, path in paths.items()}
    addresses |= {"zh-hans home": f"{base}zh-hans/", "zh-hans article": f"{base}zh-hans/{paths['article']}",
                  "root": base, "zh-hant photo article": f"{paged_site[0]}zh-hant/{photo}",
                  "zh-hans photo article": f"{paged_site[0]}zh-hans/{photo}",
                  "zh-hant issue with pages": f"{paged_site[0]}zh-hant/issues/2023-12-07/"}
    result = subprocess.run(["node", str(HERE / "lighthouse.mjs"), CHROMIUM, *addresses.values()],
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)
    low = {}
    for name, address in addresses.items():
        report = found[address]
        assert report["error"] is None, (name, report["error"])
        below = {category: score for category, score in report["scores"].items() if score < MINIMUM[category]}
        if below:
            low[name] = (below, report["failing"])
    lowest = {category: min(found[a]["scores"][category] for a in addresses.values()) for category in MINIMUM}
    print(f"lighthouse, lowest of {len(addresses)} pages: {lowest}")  # shown with pytest -s
    assert low == {}
