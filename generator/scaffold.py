"""`digest new FOLDER`: a project to start from, as `hugo new site` makes one: settings, the
default theme, empty content folders, a .gitignore. It builds at once (an empty site), and the
day's pages go into content/raw/DATE/."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import DigestError

DEFAULT_THEME = Path(__file__).resolve().parents[1] / "themes" / "default"

SETTINGS = """\
# Settings of the site. Every key is declared in generator/config.py; unknown keys are errors.
title: {title}
description: 报纸版面摘编，简体与繁体。
# The address the site is served from, ending in /. A GitHub Pages project is
# https://USER.github.io/REPOSITORY/ (the publish workflow sets it for you).
base_url: https://example.org/
publisher: {title}编辑部
# Feed readers know every article by this: choose it once, never change it after publishing.
site_id: {site_id}
# The paper the pages come from, named on every article; url is its e-paper page of a date and page
# ({{yyyy}} {{mm}} {{dd}} {{page}} in two digits, or {{page_number}}). Remove the block if there is none.
source:
  name: 工人日报
  publisher: 工人日报社
columns: [新闻特写]

variants:
  - {{lang: zh-Hans, prefix: zh-hans, label: 简体中文}}
  - {{lang: zh-Hant, prefix: zh-hant, label: 繁体中文, opencc: s2tw}}

# Topics (主题): ingest gives each article the topics whose keywords score at least 3 (weight per
# occurrence, title counts double); an article matching none gets the fallback.
fallback_topic: other
topics:
  - id: other
    name: 其他
    description: 未归入其他主题的文章。
"""

GITIGNORE = "site/\n.digest/\n.venv/\n__pycache__/\n.ingest.lock\n"

PHRASES = "# The site's own conversions, one '简体 繁體' pair a line (names such as 方中里).\n"


def new_project(folder: Path, title: str) -> list[Path]:
    """Make the project in folder (missing or empty); the files made."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DigestError("the folder is not empty; refusing to write into it", folder,
                          hint="name a new folder: digest new my-digest")
    if not (DEFAULT_THEME / "templates").is_dir():
        raise DigestError("the default theme was not found beside digest's code", DEFAULT_THEME,
                          hint="run digest from its repository checkout (pip install -e .)")
    site_id = "".join(c if c.isascii() and c.isalnum() else "-" for c in folder.name.lower()).strip("-") or "digest"
    (folder / "content" / "raw").mkdir(parents=True)
    (folder / "content" / "articles").mkdir()
    made = [folder / "site.yaml", folder / ".gitignore", folder / "content" / "phrases.txt"]
    made[0].write_text(SETTINGS.format(title=title, site_id=site_id), encoding="utf-8")
    made[1].write_text(GITIGNORE, encoding="utf-8")
    made[2].write_text(PHRASES, encoding="utf-8")
    shutil.copytree(DEFAULT_THEME, folder / "themes" / "default")
    return [*made, folder / "themes" / "default"]
