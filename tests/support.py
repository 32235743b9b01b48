"""What the tests share: where the project and the shared data are, running digest, small projects."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from generator.search import pagefind_command

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))
if not (SHARED / "raw").is_dir():
    raise RuntimeError(f"the shared data folder {SHARED} is missing: clone the repo beside shared/ "
                       "or set DIGEST_SHARED")
BASE_URL = "https://example.org/digest/"
PREVIEW_ARTICLE = "---\ntitle: {title}\ndate: 2022-01-17\n---\n正文。\n"
"""The one article of the `digest serve` tests' project."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require(ok: bool, what: str) -> None:
    """Go on if a tool the test needs is there; otherwise fail in CI (CI=true), where .ci/run
    installs every tool, and skip with the reason elsewhere."""
    if ok:
        return
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is missing (run .ci/run, or install it)")


def run_digest(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=env)


PAGES = [(1, "要闻")] * 4 + [(5, "工会新闻")] * 4 + [(None, None)] * 2
"""Pages given to the bundled 2023-12-07 articles, in their order, by paged_project."""


PHOTO_IMAGES = ("images:\n  - file: images/2023/lead.jpg\n    caption: 职工在服务站点歇脚。\n"
                "    credit: 本报记者 张三 摄\n    alt: 几名户外劳动者坐在服务站点里\n")
PHOTO_SIZE = (1800, 1200)
"""The photo paged_project gives its first article (front matter `images`, PHOTO_IMAGES)."""


def paged_project(tmp_path: Path) -> Path:
    """A project of the bundled 2023-12-07 issue whose articles are spread over pages 1 and 5
    (PAGES), the last two with no page, as an editor's pages.yaml would have filed them; its
    first article has a photo (PHOTO_IMAGES, made here with Pillow)."""
    from PIL import Image

    folder = ROOT / "content" / "articles" / "2023-12-07"
    articles = {}
    for index, path in enumerate(sorted(folder.glob("*.md"), key=lambda p: _order(p))):
        page, name = PAGES[index]
        text = path.read_text(encoding="utf-8")
        if page is not None:
            text = text.replace("---\n", f"---\npage: {page}\npage_name: {name}\n", 1)
        if index == 0:
            text = text.replace("---\n", "---\n" + PHOTO_IMAGES, 1)
        articles[f"2023-12-07/{path.name}"] = text
    project = make_project(tmp_path, articles)
    (project / "content" / "images" / "2023").mkdir(parents=True)
    Image.linear_gradient("L").resize(PHOTO_SIZE).convert("RGB").save(project / "content/images/2023/lead.jpg")
    return project


def photo_article(site: Path) -> str:
    """The address (from a variant's root) of the article with a photo in paged_project's built site."""
    for path in sorted((site / "zh-hans" / "articles" / "2023-12-07").glob("*/index.html")):
        if '<figure class="photo">' in path.read_text(encoding="utf-8"):
            return f"articles/2023-12-07/{path.parent.name}/"
    raise LookupError("no article with a photo")


def _order(path: Path) -> int:
    import re

    found = re.search(r"^order: (\d+)$", path.read_text(encoding="utf-8"), re.M)
    return int(found.group(1)) if found else 0


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


REAL_PAGEFIND = " ".join(f"'{part}'" for part in pagefind_command())
"""The Pagefind a build runs, taken before any test points DIGEST_PAGEFIND at a wrapper."""


def pagefind_wrapper(path: Path, before: str = "", after: str = "") -> Path:
    """An executable at path that runs the real Pagefind (REAL_PAGEFIND) between the shell lines
    before and after and exits with its code: for DIGEST_PAGEFIND."""
    path.write_text(f"#!/bin/sh\n{before}{REAL_PAGEFIND} \"$@\"\ncode=$?\n{after}exit $code\n")
    path.chmod(0o755)
    return path


def page_address(url: str) -> str:
    """The article page a search result links to, for the address the index gives its document
    (DATE/SLUG.html -> DATE/SLUG/), as search.js's pageUrl does."""
    return re.sub(r"\.html$", "/", url)


def search_documents(variant_folder: Path) -> list[dict]:
    """The documents of the site's Pagefind indexes (fragments: gzip of 'pagefind_dcd' + JSON) as
    the search page of the variant at variant_folder shows them: the content is the article's
    words in reading order, joined as the page joins them (the sub-words after the separator
    left out); on a variant that is not the source, converted with its script table and the
    document's fixes (search.shown), its title, date, page and topics the variant's own, its url
    the article's page."""
    import gzip
    import json

    from generator.search import reading_text, shown

    table_js = (variant_folder / "script-table.js").read_text(encoding="utf-8")
    found = re.search(r"^window\.digestShown=(.*);$", table_js, flags=re.M)
    table = {}
    if found:
        keys, values = json.loads(found.group(1))["chars"]
        table = {ord(key): value for key, value in zip(keys, values)}
    suffix = f"-{variant_folder.name}"
    documents = []
    for path in sorted((variant_folder.parent / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        document = json.loads(data[len(b"pagefind_dcd"):])
        reading = reading_text(document["content"])
        meta = document["meta"]
        if found:
            reading = shown(reading, table, [tuple(fix) for fix in json.loads(meta.get("fixes" + suffix, "[]"))])
            for name in ("title", "date", "page", "topics"):
                meta[name] = meta.get(name + suffix, meta.get(name, ""))
        document["content"] = reading
        document["url"] = page_address(document["url"])
        documents.append(document)
    return documents
