"""What a reader downloads for a first search: the search page opened, one query typed, the
results shown. Prints each file fetched with its bytes as a compressing host sends them (gzip
level 6 for text, as nginx and GitHub Pages do; Pagefind's own files are already compressed and
are counted as they are), grouped by search index.

    .venv/bin/python bench/first_search.py [--project bench/work/corpus-2000/digest] [--query 工会 ...]

The project (the bundled one by default) is built with search into a temporary folder under
/digest/ and served from this machine; Chromium (Playwright, Debian's binary) does each search
in a fresh browser (nothing cached). A query no article holds is the most a search looks
through on a large archive (static/search/pagefind.js merges older periods while the first
results do not hold the query).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from generator.build import build  # noqa: E402
from generator.config import load_config  # noqa: E402

COMPRESSED_BY_HOSTS = re.compile(r"\.(html|css|js|json|svg|xml|txt)$")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the requests are listed at the end
        pass


def sent_bytes(path: str, body: bytes) -> int:
    """The bytes a compressing host sends for this file."""
    return len(gzip.compress(body, 6)) if COMPRESSED_BY_HOSTS.search(path) else len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--query", nargs="+", default=["工会"])
    parser.add_argument("--variant", default="zh-hans")
    parser.add_argument("--files", action="store_true", help="list every file fetched")
    parser.add_argument("--site", type=Path, help="the project's site as a build already made it (bench/run.py's "
                        "out-N/digest): served at its base URL's path, not built again")
    args = parser.parse_args()
    if args.project != ROOT and args.site is None:  # a corpus keeps a copy of the theme: measure the repository's current one
        shutil.copytree(ROOT / "themes", args.project / "themes", dirs_exist_ok=True)
    config = load_config(args.project / "site.yaml")
    with tempfile.TemporaryDirectory() as www:
        root, base_path = www, "/digest/"
        if args.site is not None:  # its pages name their scripts and indexes by path (/digest/...), not by host
            base_path = config.base_path
            if base_path == "/":
                root = str(args.site)
            else:
                served = Path(www, base_path.strip("/"))
                served.parent.mkdir(parents=True, exist_ok=True)
                served.symlink_to(args.site.resolve(), target_is_directory=True)
        handler = functools.partial(QuietHandler, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}{base_path}"
        if args.site is None:
            build(args.project, config.with_base_url(base), Path(www) / "digest", state=Path(www) / "state")
        for query in args.query:
            report(query, search(base, args.variant, query), args)
        server.shutdown()


def search(base: str, variant: str, query: str) -> dict[str, int]:
    """Each file fetched for one first search, and the bytes a compressing host sends for it."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.on("response", lambda response: fetched.__setitem__(
            response.url, sent_bytes(response.url, response.body()) if response.ok else 0))
        page.goto(f"{base}{variant}/search/?q={query}")
        page.wait_for_selector(".search-message", timeout=30000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)  # a search that widens to older periods fetches more after the first results
        page.wait_for_load_state("networkidle")
        browser.close()
    return fetched


def report(query: str, fetched: dict[str, int], args) -> None:
    by_part: dict[str, int] = defaultdict(int)
    for url, size in fetched.items():
        found = re.search(r"/pagefind/([^/]+)/", url)
        by_part[f"index {found.group(1)}" if found else "page, theme and engine"] += size
    indexes = sum(1 for part in by_part if part.startswith("index "))
    print(f"first search for {query!r} on {args.project} ({args.variant}): {len(fetched)} files, "
          f"{sum(fetched.values()) / 1024:.0f} KB sent, {indexes} indexes")
    for part, size in sorted(by_part.items()):
        print(f"  {part}: {size / 1024:.0f} KB")
    if args.files:
        for url, size in sorted(fetched.items(), key=lambda item: -item[1]):
            print(f"    {size / 1024:6.1f} KB  {url.split('/digest/', 1)[-1]}")

if __name__ == "__main__":
    main()
