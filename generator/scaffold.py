"""What `digest init` and `digest new` write.

`digest init FOLDER`: a project to start from, as `hugo new site` makes one: settings, the
default theme, empty content folders, a .gitignore. It builds at once (an empty site), and the
day's pages go into content/raw/DATE/.

`digest new TITLE`: an article written by hand, from the theme's archetype
(`archetypes/article.md`, a Jinja2 template given title, date and topics), as `hugo new` does.
Its date is today in Beijing: an edition is dated by the paper's day, not the editor's clock."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import jinja2

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
columns: [新闻特写, 工会缩影, 图片新闻, 微评]

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
                          hint="name a new folder: digest init my-digest")
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


# China Standard Time: UTC+8 all year (no daylight saving since 1991), so no time-zone database
# is needed (Windows has none unless tzdata is installed).
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def today_in_beijing() -> date:
    return datetime.now(BEIJING).date()


def new_article(articles: Path, theme: Path, title: str, day: date, topics: list[str]) -> Path:
    """Write ARTICLES/DAY/NAME.md from the theme's archetype; the file made. NAME is eight hex
    digits of the date and title, like ingest's names, so the address is ASCII and stable."""
    title = title.strip()
    if not title or "\n" in title:
        raise DigestError("an article needs a one-line title", None, hint='digest new "标题"')
    archetype = theme / "archetypes" / "article.md"
    if not archetype.is_file():
        raise DigestError("the theme has no article archetype", archetype,
                          hint="copy themes/default/archetypes/article.md from digest's repository")
    name = hashlib.sha1(f"{day.isoformat()} {title}".encode("utf-8")).hexdigest()[:8]
    path = articles / day.isoformat() / f"{name}.md"
    if path.exists():
        raise DigestError("an article of that title and date exists already", path,
                          hint="edit that file, or choose another title")
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                     autoescape=False)
    try:
        text = environment.from_string(archetype.read_text(encoding="utf-8")).render(
            title=_yaml_scalar(title), date=day.isoformat(), topics=topics)
    except jinja2.TemplateError as exc:
        raise DigestError(f"the archetype cannot be filled in: {exc}", archetype,
                          hint="it may use title, date and topics") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # never over a file made meanwhile
        out.write(text)
    return path


def _yaml_scalar(text: str) -> str:
    """The title as YAML reads it back unchanged: quoted when YAML would read it otherwise."""
    import yaml

    plain = yaml.safe_load(f"k: {text}") if ":" not in text and "#" not in text else None
    if isinstance(plain, dict) and plain.get("k") == text:
        return text
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()
