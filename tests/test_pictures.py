"""Photos (issue 26): front matter `images:` and Markdown images in a body are published under
content-hashed names in a few widths, shown in a <figure> whose size attributes are the file's,
named in og:image, JSON-LD and the feeds; a photo that is missing or not a file of the project
stops the build naming the article's line."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image

from generator.build import build
from generator.config import load_config
from generator.content import new_markdown, parse_article
from generator.errors import DigestError
from generator.pictures import WIDTHS, _published, published_pictures, rendition_bytes
from support import make_project

ARTICLE = """---
title: 职工书屋开放
date: 2022-01-17
kind: photo
images:
  - file: images/reading.jpg
    caption: 职工在书屋里读书。
    credit: 本报记者 张三 摄
    alt: 几名职工坐在书架前读书
photographers: [张三]
---
正文第一段。

![工会干部为职工送书](/images/books.png "李四 摄")

文中一张小图 ![图标](../../images/books.png) 在这里。
"""


def photo(path: Path, size: tuple[int, int], format: str = "JPEG", orientation: int | None = None) -> bytes:
    """A photo of the given size (and EXIF orientation) written to path."""
    image = Image.new("RGB", size, (180, 90, 30))
    for x in range(0, size[0], 7):  # something to compress: a flat image hides resizing mistakes
        image.putpixel((x, x * size[1] // size[0]), (0, 0, 0))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        exif[0x010F] = "Camera maker"  # metadata that must not be published
        image.save(out, format, exif=exif)
    else:
        image.save(out, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def photo_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, {"2022-01-17/reading.md": ARTICLE})
    photo(project / "content" / "images" / "reading.jpg", (2000, 1500))
    photo(project / "content" / "images" / "books.png", (640, 400), "PNG")
    return project


def test_front_matter_and_body_images_are_read_in_order_with_their_lines():
    article = parse_article(ARTICLE, Path("content/articles/2022-01-17/reading.md"), new_markdown())
    assert [(p.file, p.caption, p.credit, p.alt, p.line, p.in_body) for p in article.pictures] == [
        ("images/reading.jpg", "职工在书屋里读书。", "本报记者 张三 摄", "几名职工坐在书架前读书", 5, False),
        ("/images/books.png", "工会干部为职工送书", "李四 摄", "", 14, True),
        ("../../images/books.png", "图标", "", "", 16, True),
    ]
    # The image alone in its paragraph is a figure; the one inside a sentence stays in it.
    assert '<figure><img data-picture="1"></figure>' in article.body_html
    assert '<p>文中一张小图 <img data-picture="2"> 在这里。</p>' in article.body_html


@pytest.mark.parametrize("images, message", [
    ("images: [{caption: 没有文件}]", "needs 'file'"),
    ("images: [{file: a.jpg, size: 3}]", "unknown keys ['size']"),
    ("images: [https://example.com/a.jpg]", "is not a file of the project"),
    ("images: 3", "must be a list"),
])
def test_a_wrong_images_entry_names_the_line(images, message):
    text = f"---\ntitle: 标题\ndate: 2022-01-17\n{images}\n---\n正文。\n"
    with pytest.raises(DigestError) as error:
        parse_article(text, Path("a.md"), new_markdown())
    assert message in str(error.value) and "a.md:4" in str(error.value)


def test_a_photo_from_another_site_in_the_body_names_its_line():
    text = "---\ntitle: 标题\ndate: 2022-01-17\n---\n正文。\n\n![图](http://example.com/x.jpg)\n"
    with pytest.raises(DigestError, match="is not a file of the project") as error:
        parse_article(text, Path("a.md"), new_markdown())
    assert "a.md:7" in str(error.value)


@pytest.mark.parametrize("body, message", [
    ("![图](/images/none.jpg)", "is missing"),
    ("![图](../../../../outside.jpg)", "outside the content folder"),
    ("![图](/images/notes.jpg)", "not a photo digest can read"),
])
def test_a_photo_that_cannot_be_published_stops_the_build_naming_the_line(tmp_path, body, message):
    project = make_project(tmp_path, {"2022-01-17/a.md": f"---\ntitle: 标题\ndate: 2022-01-17\n---\n正文。\n\n{body}\n"})
    (project / "content" / "images").mkdir(parents=True)
    (project / "content" / "images" / "notes.jpg").write_text("不是照片", encoding="utf-8")
    (tmp_path / "outside.jpg").write_bytes(b"")
    with pytest.raises(DigestError, match=message) as error:
        build(project, load_config(project / "site.yaml"), search=False)
    assert "a.md:7" in str(error.value)
    assert not (project / "site").exists()


def _attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))


def test_a_photo_article_shows_its_photos_at_their_size_in_every_variant(tmp_path):
    project = photo_project(tmp_path)
    build(project, load_config(project / "site.yaml"), search=False)
    site = project / "site"
    for prefix, caption in (("zh-hans", "职工在书屋里读书。"), ("zh-hant", "職工在書屋裡讀書。")):
        html = (site / prefix / "articles/2022-01-17/reading/index.html").read_text(encoding="utf-8")
        figures = re.findall(r"<figure class=\"photo\">(<img [^>]*>)(.*?)</figure>", html)
        assert len(figures) == 2 and caption in figures[0][1]
        for tag, _ in figures + [(t, "") for t in re.findall(r"<img [^>]*>", html.split("文中一张小图")[-1])[:1]]:
            attributes = _attributes(tag)
            with Image.open(site / attributes["src"].removeprefix("/digest/")) as shown:
                assert shown.size == (int(attributes["width"]), int(attributes["height"]))
            for candidate in attributes["srcset"].split(", "):
                address, width = candidate.split(" ")
                with Image.open(site / address.removeprefix("/digest/")) as shown:
                    assert f"{shown.size[0]}w" == width
        assert 'fetchpriority="high"' in figures[0][0] and 'loading="lazy"' in figures[1][0]
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
        assert image.startswith("https://example.org/digest/media/") and image.endswith("-1440.jpg")
        structured = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
        assert [i["width"] for i in structured["image"]] == [1440, 640, 640]
        feed = json.loads((site / prefix / "feed.json").read_text(encoding="utf-8"))
        assert feed["items"][0]["image"] == image
        assert image.removeprefix("https://example.org") in feed["items"][0]["content_html"]
    # The widths made of the 2000 px photo, and nothing of its file's metadata.
    made = sorted(p.name.split("-")[1] for p in (site / "media").glob("*.jpg"))
    assert made == sorted(f"{w}.jpg" for w in WIDTHS)


def test_an_edited_photo_gets_a_new_address_and_an_unchanged_one_is_not_made_again(tmp_path):
    project = photo_project(tmp_path)
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    media = project / "site" / "media"
    before = {p.name: p.stat().st_mtime_ns for p in media.iterdir()}
    (project / "content" / "articles" / "2022-01-17" / "reading.md").write_text(
        ARTICLE.replace("正文第一段。", "正文第一段，改过。"), encoding="utf-8")
    build(project, config, search=False)
    assert {p.name: p.stat().st_mtime_ns for p in media.iterdir()} == before
    photo(project / "content" / "images" / "reading.jpg", (1200, 800))
    build(project, config, search=False)
    after = {p.name for p in media.iterdir()}
    jpgs = {name for name in after if name.endswith(".jpg")}
    assert not jpgs & set(before) and len(jpgs) == 3  # 480, 960 and the photo's own 1200
    html = (project / "site/zh-hans/articles/2022-01-17/reading/index.html").read_text(encoding="utf-8")
    assert all(f"media/{name}" in html for name in jpgs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(1, 3000), height=st.integers(1, 3000), orientation=st.sampled_from([None, 1, 3, 6, 8]),
       format=st.sampled_from(["JPEG", "PNG", "WEBP"]))
def test_every_width_is_the_size_it_says_upright_and_without_metadata(tmp_path, width, height, orientation, format):
    path = tmp_path / "content" / "p"
    data = photo(path, (width, height), format, orientation)
    published = _published("p", data, (path, 1))
    upright = (height, width) if orientation in (6, 8) else (width, height)
    assert (published.width, published.height) == upright
    assert published.largest.width == min(upright[0], WIDTHS[-1])
    assert [r.width for r in published.renditions] == sorted({r.width for r in published.renditions})
    for rendition in published.renditions:
        made = rendition_bytes(tmp_path / "content", published, rendition)
        with Image.open(io.BytesIO(made)) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == format
            assert 0x010F not in image.getexif() and 0x0112 not in image.getexif()
        # The shape is kept: the height is the width's share of the upright photo's, rounded.
        assert abs(rendition.height - upright[1] * rendition.width / upright[0]) <= 1


def test_one_photo_shown_by_two_articles_is_read_and_published_once(tmp_path):
    project = photo_project(tmp_path)
    second = ARTICLE.replace("title: 职工书屋开放", "title: 又一篇").replace("date: 2022-01-17", "date: 2022-01-18")
    path = project / "content" / "articles" / "2022-01-18" / "other.md"
    path.parent.mkdir(parents=True)
    path.write_text(second, encoding="utf-8")
    articles = [parse_article(p.read_text(encoding="utf-8"), p, new_markdown())
                for p in sorted((project / "content" / "articles").rglob("*.md"))]
    published, facts = published_pictures(articles, project / "content")
    first, other = published.values()
    assert sorted(facts) == ["images/books.png", "images/reading.jpg"]
    assert first == other and first[1] is first[2]  # the same file, read once


def test_a_rebuild_reads_only_the_photos_that_changed_and_never_trusts_a_stored_name(tmp_path, monkeypatch):
    """What each photo was read to be is kept with the file's size and time: a rebuild after an
    article's text changed reads no photo; a photo written again is read again; facts in the
    state that would put a file outside media/ (a crafted state) are not used."""
    import generator.pictures
    from generator.cache import cache_path, read_cache, state_folder, write_cache
    from generator.plain import loads

    project = photo_project(tmp_path)
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    site = project / "site"
    read = []
    real = generator.pictures._published
    monkeypatch.setattr(generator.pictures, "_published", lambda source, *rest: read.append(source) or real(source, *rest))
    article = project / "content" / "articles" / "2022-01-17" / "reading.md"
    article.write_text(ARTICLE.replace("正文第一段。", "正文第一段，改过。"), encoding="utf-8")
    build(project, config, search=False)
    assert read == []
    photo(project / "content" / "images" / "books.png", (640, 401), "PNG")
    build(project, config, search=False)
    assert read == ["images/books.png"]
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    cache = cache_path(state_folder(project, site), "pictures")
    stamp = loads(cache.read_bytes(), tuple)[0]
    facts = read_cache(cache, stamp, tuple)
    write_cache(cache, {source: (*kept[:2], "../../../evil", *kept[3:]) for source, kept in facts.items()}, stamp)
    article.write_text(ARTICLE, encoding="utf-8")
    build(project, config, search=False)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == published
    assert not (tmp_path / "evil").exists() and not any(tmp_path.rglob("evil*"))
