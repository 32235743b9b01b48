"""Make a reproducible benchmark corpus from real paragraphs of the bundled articles.

    python bench/make_corpus.py --articles 10000 --out bench/work/c10k [--seed 1]

Writes three equivalent sites of the same articles:
  digest/   a digest project (site.yaml, content/articles/DATE/*.md)
  hugo/     a Hugo site: two languages (zh-hans, zh-hant pre-converted with OpenCC), a 'topics'
            taxonomy, home, section lists, article pages, RSS per list
  pelican/  a Pelican project: zh-hans articles with their zh-hant translations, categories,
            archives and Atom feeds
Articles are ~1,500-2,500 characters, ~8 per issue date going back day by day, 10 topics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parents[1]
PER_DAY = 8
TOPICS = 10


def real_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 60 and not p.startswith("#")]
    return paragraphs


def titles() -> list[str]:
    found = []
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        found.append(front["title"])
    return found


def make_articles(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    paragraphs, heads = real_paragraphs(), titles()
    config = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8"))
    topic_ids = [t["id"] for t in config["topics"]][:TOPICS]
    last = dt.date(2023, 4, 21)
    articles = []
    for number in range(count):
        day = last - dt.timedelta(days=number // PER_DAY)
        body, size = [], rng.randint(1500, 2500)
        while sum(map(len, body)) < size:
            body.append(rng.choice(paragraphs))
        articles.append({
            "slug": f"a{number:06d}", "date": day, "page": number % PER_DAY + 1, "order": number % PER_DAY + 1,
            "title": f"{rng.choice(heads)}（{number}）", "topics": rng.sample(topic_ids, rng.choice([1, 1, 2])),
            "reporters": [rng.choice(["张世光", "赖志凯", "王伟", "刘旭", "邢生祥"])], "body": body,
        })
    return articles


def write_digest(articles: list[dict], out: Path) -> None:
    config = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8"))
    config["topics"] = config["topics"][:TOPICS] + [t for t in config["topics"] if t["id"] == config["fallback_topic"]]
    (out / "content" / "articles").mkdir(parents=True)
    (out / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "themes", out / "themes")
    shutil.copy(ROOT / "content" / "phrases.txt", out / "content" / "phrases.txt")
    for a in articles:
        front = {"title": a["title"], "date": a["date"].isoformat(), "page": a["page"], "order": a["order"],
                 "topics": a["topics"], "reporters": a["reporters"]}
        path = out / "content" / "articles" / a["date"].isoformat() / f"{a['slug']}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                        + "\n\n".join(a["body"]) + "\n", encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://example.org/digest/"
title = "工会新闻摘编"
defaultContentLanguage = "zh-hans"
defaultContentLanguageInSubdir = true
disableKinds = []
[taxonomies]
  topic = "topics"
[pagination]
  pagerSize = 20
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
[languages.zh-hans]
  languageCode = "zh-Hans"
  contentDir = "content/zh-hans"
  weight = 1
[languages.zh-hant]
  languageCode = "zh-Hant"
  contentDir = "content/zh-hant"
  weight = 2
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="{{ .Site.Language.LanguageCode }}"><head><meta charset="utf-8">'
                            '<title>{{ .Title }}</title>{{ range .AllTranslations }}<link rel="alternate" '
                            'hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">{{ end }}</head>'
                            '<body><nav><a href="{{ "/" | relLangURL }}">home</a></nav>{{ block "main" . }}{{ end }}'
                            '</body></html>',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}'
                            '{{ range .Params.reporters }} {{ . }}{{ end }}</p>{{ range .GetTerms "topics" }}'
                            '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ .Content }}'
                            '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
                            '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
                            '</article>{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<h2><a href="'
                          '{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}{{ end }}',
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Data.Terms.Alphabetical }}<a href="'
                           '{{ .Page.RelPermalink }}">{{ .Page.Title }} {{ .Count }}</a>{{ end }}{{ end }}',
    "index.html": '{{ define "main" }}{{ range first 40 (where .Site.RegularPages "Type" "articles") }}<h2>'
                  '<a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ end }}{{ end }}',
}


def write_hugo(articles: list[dict], out: Path, hant: opencc.OpenCC) -> None:
    (out / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    for language, convert in (("zh-hans", lambda t: t), ("zh-hant", hant.convert)):
        for a in articles:
            path = out / "content" / language / "articles" / a["date"].isoformat() / f"{a['slug']}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            front = {"title": convert(a["title"]), "date": a["date"].isoformat() + "T00:00:00+08:00",
                     "topics": a["topics"], "reporters": [convert(r) for r in a["reporters"]],
                     "translationKey": a["slug"], "weight": a["order"]}
            path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n"
                            + convert("\n\n".join(a["body"])) + "\n", encoding="utf-8")


PELICAN_CONFIG = """AUTHOR = "digest"
SITENAME = "工会新闻摘编"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-hans"
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
ARTICLE_URL = "{lang}/articles/{date:%Y-%m-%d}/{slug}/"
ARTICLE_SAVE_AS = "{lang}/articles/{date:%Y-%m-%d}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/articles/{date:%Y-%m-%d}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/articles/{date:%Y-%m-%d}/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "archive/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/index.html"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
RELATIVE_URLS = False
"""


def write_pelican(articles: list[dict], out: Path, hant: opencc.OpenCC) -> None:
    (out / "content").mkdir(parents=True, exist_ok=True)
    (out / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for a in articles:
        for language, convert in (("zh-hans", lambda t: t), ("zh-hant", hant.convert)):
            path = out / "content" / language / f"{a['slug']}.md"
            path.parent.mkdir(exist_ok=True)
            head = (f"Title: {convert(a['title'])}\nDate: {a['date'].isoformat()}\nCategory: {a['topics'][0]}\n"
                    f"Slug: {a['slug']}\nLang: {language}\nAuthors: {convert(a['reporters'][0])}\n\n")
            path.write_text(head + convert("\n\n".join(a["body"])) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", choices=["digest", "hugo", "pelican"], action="append")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    articles = make_articles(args.articles, args.seed)
    hant = opencc.OpenCC("s2tw")
    chosen = args.only or ["digest", "hugo", "pelican"]
    if "digest" in chosen:
        write_digest(articles, args.out / "digest")
    if "hugo" in chosen:
        write_hugo(articles, args.out / "hugo", hant)
    if "pelican" in chosen:
        write_pelican(articles, args.out / "pelican", hant)
    characters = sum(len(p) for a in articles for p in a["body"])
    print(f"{len(articles)} articles, {characters / len(articles):.0f} characters each, "
          f"{len({a['date'] for a in articles})} issue dates -> {args.out}")


if __name__ == "__main__":
    main()
