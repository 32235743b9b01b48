"""The build's trust boundaries (issue 24): the output folder is the build's own and nothing else
is removed; locks, YAML and paths from the user cannot be turned against the user's own files.

Each test names the numbered finding it covers; the inputs are the ones the attack used, and the
hypothesis strategies generate their class."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import manifest_path, state_folder
from support import SHARED, make_project, run_digest

ARTICLE = "---\ntitle: 工会新闻\ndate: 2022-01-17\n---\n本报讯 职工之家建成。\n"
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder (symbolic links as links) -> a digest of its bytes."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            found[relative] = "link" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def one_clean_line(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digest: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def small_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, {"2022-01-17/a.md": ARTICLE})


def set_output_dir(project: Path, value: str) -> None:
    settings_file = project / "site.yaml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(f"output_dir: {value!r}\n" + text, encoding="utf-8")


# 1. The build deletes files it did not write.

def test_a_build_into_a_folder_digest_did_not_make_is_refused_and_touches_nothing(tmp_path):
    project = small_project(tmp_path)
    victim = tmp_path / "thesis"
    (victim / ".git").mkdir(parents=True)
    (victim / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (victim / "thesis.txt").write_text("four years of work")
    before = tree(victim)
    line = one_clean_line(run_digest("build", "--project", str(project), "--out", str(victim), "--no-search"),
                          str(victim), "not made by digest")
    assert "empty" in line
    assert tree(victim) == before
    assert not list(tmp_path.glob(".thesis.*staging*"))


@pytest.mark.parametrize("value", [".", "", "..", "content", "content/articles", "themes", "themes/default",
                                   "static", "../.."])
def test_an_output_dir_that_holds_or_is_part_of_the_project_is_refused(tmp_path, value):
    project = small_project(tmp_path)
    (project / "static").mkdir()
    (project / "static" / "CNAME").write_text("news.example.org\n")
    set_output_dir(project, value)
    before = tree(tmp_path)
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "output folder", "output_dir")
    assert tree(tmp_path) == before


@SLOW
@given(parts=st.lists(st.sampled_from(["..", ".", "content", "articles", "themes", "default", "static",
                                       "2022-01-17"]), max_size=4))
def test_no_output_path_made_of_the_projects_own_names_loses_a_file(tmp_path_factory, parts):
    """Any --out made of '..', '.' and the project's folders: a site is built into a folder of its
    own, or the build is refused; either way no file that was there before changes."""
    tmp = tmp_path_factory.mktemp("out")
    project = small_project(tmp)
    (project / "notes.txt").write_text("the editor's notes")
    out = project.joinpath(*parts) if parts else project
    before = tree(tmp)
    result = run_digest("build", "--project", str(project), "--out", str(out), "--no-search")
    after = tree(tmp)
    assert {path: digest for path, digest in after.items() if path in before} == before, result.stderr
    if result.returncode != 0:
        one_clean_line(result)


def test_files_the_build_never_wrote_survive_every_build(tmp_path):
    project = small_project(tmp_path)
    out = project / "site"
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    assert (out / ".digest-site").is_file()
    (out / "CNAME").write_text("news.example.org\n")
    (out / ".nojekyll").write_text("")
    (out / "zh-hans" / "google1234.html").write_text("google-site-verification: google1234.html")
    mine = {name: (out / name).read_bytes() for name in ("CNAME", ".nojekyll", "zh-hans/google1234.html")}
    (project / "content/articles/2022-01-17/a.md").unlink()
    (project / "content/articles/2022-01-18").mkdir()
    (project / "content/articles/2022-01-18/b.md").write_text(ARTICLE.replace("2022-01-17", "2022-01-18"))
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    assert not (out / "zh-hans/articles/2022-01-17").exists(), "what digest wrote and no longer makes is removed"
    # the list of what the build wrote lost (as a kill during the swap used to lose it): nothing of the user's goes
    manifest_path(state_folder(project, out)).unlink()
    assert run_digest("build", "--project", str(project), "--no-search", "--force").returncode == 0
    assert {name: (out / name).read_bytes() for name in mine} == mine


def test_a_build_killed_while_moving_files_in_keeps_the_users_files(tmp_path):
    """A journal left by a build killed after writing it (the state 17 of 42 kills left): the next
    build completes it, and the list of what digest wrote survives with it."""
    from generator import output

    project = small_project(tmp_path)
    out = project / "site"
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    (out / "CNAME").write_text("news.example.org\n")
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.replace("工会新闻", "工会要闻"))
    real_replay = output._replay
    output._replay = lambda *arguments: (_ for _ in ()).throw(KeyboardInterrupt)  # killed right after the journal
    try:
        from generator.build import build
        from generator.config import load_config
        with pytest.raises(KeyboardInterrupt):
            build(project, load_config(project / "site.yaml"), search=False)
    finally:
        output._replay = real_replay
    assert (project / ".site.journal").is_file()
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    assert not (project / ".site.journal").exists()
    assert (out / "CNAME").read_text() == "news.example.org\n"
    assert "工会要闻" in (out / "zh-hans/articles/2022-01-17/a/index.html").read_text(encoding="utf-8")


def test_the_projects_static_folder_is_copied_to_the_site_root(tmp_path):
    project = small_project(tmp_path)
    (project / "static" / ".well-known").mkdir(parents=True)
    (project / "static" / "CNAME").write_text("news.example.org\n")
    (project / "static" / ".nojekyll").write_text("")
    (project / "static" / ".well-known" / "security.txt").write_text("Contact: mailto:x@example.org\n")
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    out = project / "site"
    assert (out / "CNAME").read_text() == "news.example.org\n" and (out / ".nojekyll").is_file()
    assert (out / ".well-known" / "security.txt").is_file()
    (project / "static" / ".well-known" / "security.txt").unlink()
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    assert not (out / ".well-known" / "security.txt").exists(), "a static file removed from the project goes"
    assert (out / "CNAME").is_file()


def test_a_crafted_journal_removes_nothing_outside_the_output(tmp_path):
    import json

    project = small_project(tmp_path)
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "file.txt").write_text("keep me")
    for plan in ({"staging": "../precious", "files": [], "folders": [], "remove": [], "entries": {}},
                 {"staging": ".site.staging-1", "files": [], "folders": [], "remove": ["../../precious"],
                  "entries": {}},
                 {"staging": ".site.staging-1", "files": [], "folders": [], "remove": [str(outside)], "entries": {}}):
        (project / ".site.journal").write_text(json.dumps(plan))
        assert run_digest("build", "--project", str(project), "--no-search", "--force").returncode == 0
        assert (outside / "file.txt").read_text() == "keep me"
    (project / "site" / "zh-hans" / "away").symlink_to(outside)
    (project / ".site.journal").write_text(json.dumps(
        {"staging": ".site.staging-1", "files": [], "folders": [], "remove": ["zh-hans/away/file.txt"], "entries": {}}))
    run_digest("build", "--project", str(project), "--no-search", "--force")
    assert (outside / "file.txt").read_text() == "keep me"


@given(path=st.lists(st.sampled_from(["", ".", "..", "...", ".a", "a.", "a", "b.html", "x\x00", "/"]),
                     max_size=6).map("/".join))
def test_every_output_path_is_refused_or_made_normal_inside_the_output(path):
    """safe_relative, through its quick match or its split: a path stays inside the output or is
    refused, and what it returns is normal (and returned as it is when given again)."""
    from generator.errors import DigestError
    from generator.output import safe_relative

    names = [name for name in path.split("/") if name not in ("", ".")]
    try:
        made = safe_relative(path)
    except DigestError:
        assert not names or ".." in names or "\x00" in path or path.startswith("/")
        return
    assert made == "/".join(names) and not path.startswith("/") and "\x00" not in made
    assert ".." not in made.split("/") and safe_relative(made) == made


# 3. Lock files follow symlinks.

@pytest.mark.parametrize("command", ["ingest", "build"])
def test_a_lock_file_planted_as_a_link_never_truncates_its_target(tmp_path, command):
    project = small_project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("the victim's text")
    if command == "ingest":
        lock = project / "content" / "articles" / ".ingest.lock"
        lock.symlink_to(victim)
        raw = project / "content" / "raw" / "2022-01-17"
        raw.mkdir(parents=True)
        shutil.copy(SHARED / "raw" / "002_1e29fe29f3844c50.txt", raw)
        result = run_digest("ingest-tree", str(project / "content" / "raw"), "--out",
                            str(project / "content" / "articles"), cwd=project)
    else:
        lock = project / ".site.lock"
        lock.symlink_to(victim)
        result = run_digest("build", "--project", str(project), "--no-search")
    assert victim.read_text() == "the victim's text"
    one_clean_line(result, "lock file is a symbolic link")


def test_lock_files_are_not_tracked_in_git():
    listed = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert listed.returncode == 0 and listed.stdout
    # digest's own lock files (.ingest.lock, .site.lock); requirements*.lock are pinned dependencies
    assert not [name for name in listed.stdout.splitlines() if name.rsplit("/", 1)[-1].startswith(".")
                and name.endswith(".lock")]


# 4. A YAML alias bomb.

def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x,x,x,x,x,x,x,x,x]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{','.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [8, 9])
def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path, levels):
    bomb = alias_bomb(levels)
    assert len(bomb) < 400
    project = make_project(tmp_path, {"2022-01-17/a.md": f"---\ntitle: 甲\ndate: 2022-01-17\n{bomb}\n---\n正文\n"})
    started = time.perf_counter()
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "a.md:4", "aliases")
    assert time.perf_counter() - started < 20  # a few seconds for Python's start; the bomb took minutes


@SLOW
@given(data=st.recursive(st.one_of(st.text(max_size=5), st.integers()),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                     max_size=3), max_leaves=8))
def test_front_matter_that_reuses_a_value_is_refused_with_its_file(tmp_path_factory, data):
    """Any value, written once with an anchor and used again through an alias."""
    from generator.content import new_markdown, parse_article
    from generator.errors import DigestError

    value = yaml.safe_dump({"v": data}, allow_unicode=True).split(":", 1)[1].strip()
    text = f"---\ntitle: 甲\ndate: 2022-01-17\nfirst: &v {value}\nagain: *v\n---\n正文\n"
    if "\n" in value:
        text = f"---\ntitle: 甲\ndate: 2022-01-17\nfirst: &v\n  {value.replace(chr(10), chr(10) + '  ')}\nagain: *v\n---\n正文\n"
    try:
        yaml.safe_load(text.split("---\n")[1])
    except yaml.YAMLError:
        return  # not YAML in the first place
    with pytest.raises(DigestError, match="aliases"):
        parse_article(text, Path("a.md"), new_markdown())


# 5. Symlinks and paths that leave the project.

def test_a_content_folder_linked_to_private_drafts_is_refused(tmp_path):
    project = small_project(tmp_path)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "secret.md").write_text(ARTICLE.replace("工会新闻", "未发表的稿件"))
    (project / "content" / "articles" / "2022-01-18").symlink_to(drafts)
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "outside the project", "2022-01-18")
    assert not (project / "site").exists()


def test_a_theme_static_link_to_etc_passwd_is_refused_without_its_content(tmp_path):
    project = small_project(tmp_path)
    (project / "themes" / "default" / "static" / "x").symlink_to("/etc/passwd")
    line = one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "outside the project")
    assert "root:" not in line
    assert not (project / "site").exists()


def test_a_phrase_list_linked_outside_is_refused_without_its_content(tmp_path):
    project = small_project(tmp_path)
    (project / "content" / "phrases.txt").symlink_to("/etc/passwd")
    line = one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "phrases.txt")
    assert "root:" not in line


@pytest.mark.parametrize("name", ["/etc/passwd", "../other/page.txt", "sub/page.txt", "..", ""])
def test_pages_yaml_takes_only_the_names_of_files_beside_it(tmp_path, name):
    raw = tmp_path / "raw" / "2022-01-17"
    raw.mkdir(parents=True)
    (tmp_path / "raw" / "other").mkdir()
    shutil.copy(SHARED / "raw" / "002_1e29fe29f3844c50.txt", tmp_path / "raw" / "other" / "page.txt")
    (raw / "sub").mkdir()
    shutil.copy(SHARED / "raw" / "002_1e29fe29f3844c50.txt", raw / "sub" / "page.txt")
    (raw / "pages.yaml").write_text(yaml.safe_dump({"pages": [{"page": 2, "files": [name]}]}))
    project = small_project(tmp_path)
    result = run_digest("ingest-tree", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=project)
    one_clean_line(result, "pages.yaml")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.md"))


def test_pages_yaml_refuses_a_link_to_a_page_outside_its_folder(tmp_path):
    raw = tmp_path / "raw" / "2022-01-17"
    raw.mkdir(parents=True)
    (raw / "page.txt").symlink_to(SHARED / "raw" / "002_1e29fe29f3844c50.txt")
    (raw / "pages.yaml").write_text(yaml.safe_dump({"pages": [{"page": 2, "files": ["page.txt"]}]}))
    project = small_project(tmp_path)
    result = run_digest("ingest-tree", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=project)
    one_clean_line(result, "pages.yaml", "outside")


# 2. Stored XSS through conversion rules.

def markup_shape(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """The tags of html and their attributes' names, in order: what conversion must never change."""
    from html.parser import HTMLParser

    shape = []

    class Shape(HTMLParser):
        def handle_starttag(self, tag, attrs):
            shape.append((tag, tuple(name for name, _ in attrs)))

        def handle_endtag(self, tag):
            shape.append(("/" + tag, ()))

    Shape(convert_charrefs=True).feed(html)
    return shape


def test_conversion_rules_reach_pages_and_feeds_as_text(tmp_path):
    from test_hostile import active_content

    article = ("---\ntitle: 正文标题\ndate: 2022-01-17\nconvert:\n  正文: '<script>alert(1)</script>'\n"
               "  图片: '\" onerror=\"alert(1)'\n---\n这是正文。A&B\n\n![图片](x.png)\n")
    project = make_project(tmp_path, {"2022-01-17/a.md": article})
    (project / "content" / "phrases.txt").write_text("文章 <svg/onload=alert(2)>\namp 和\n", encoding="utf-8")
    (project / "content" / "articles" / "2022-01-17" / "b.md").write_text(
        "---\ntitle: 文章\ndate: 2022-01-17\n---\n一篇文章。\n", encoding="utf-8")
    from PIL import Image  # the photo whose caption a rule turns into markup

    Image.new("RGB", (40, 30)).save(project / "content" / "articles" / "2022-01-17" / "x.png")
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0, "built"
    site = project / "site"
    page = (site / "zh-hant/articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "A&amp;B" in page
    assert '<figcaption>" onerror="alert(1)</figcaption>' in page  # the caption, as text
    other = (site / "zh-hant/articles/2022-01-17/b/index.html").read_text(encoding="utf-8")
    assert "&lt;svg/onload=alert(2)&gt;" in other
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert active_content(text) == [], path
            assert "<script>alert" not in text and "<svg/onload" not in text, path
            assert "&和;" not in text, path
    import feedparser
    for name in ("feed.xml", "atom.xml"):
        for entry in feedparser.parse((site / "zh-hant" / name).read_bytes()).entries:
            assert active_content(entry.content[0].value) == []


def test_an_empty_conversion_rule_is_refused_with_its_line(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": "---\ntitle: 甲\ndate: 2022-01-17\nconvert: {'': x}\n---\n正文\n"})
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "a.md:4", "convert")


@pytest.mark.parametrize("value", ["{x}", "{minutes.__class__.__mro__}", "{page!r:>99999}"])
def test_a_phrase_value_is_never_formatted_into_interface_strings(tmp_path, value):
    project = small_project(tmp_path)
    (project / "content" / "phrases.txt").write_text(f"读完 读{value}\n约 約{value}\n", encoding="utf-8")
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 0, result.stderr
    page = (project / "site/zh-hant/articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
    from markupsafe import escape

    assert str(escape(f"約{value}1分鐘读{value}")) in page  # the field filled in, the rule's braces as text
    assert "mro" not in page.replace(value, "") and "<class" not in page


HTML_TEXT = st.lists(st.sampled_from(list('<>&"\';=/ :{}-正文图片abc') + ["&amp;", "onerror=", "<script>",
                                                                       "javascript:", "-{", "}-"]),
                     max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(body=HTML_TEXT, keys=st.lists(st.sampled_from(["正文", "图片", "amp", "quot", "lt", "a", "文"]), min_size=1,
                                     max_size=3), values=st.lists(HTML_TEXT, min_size=3, max_size=3))
def test_no_conversion_rule_changes_the_markup(body, keys, values):
    """Whatever an article's rules say, the converted HTML has the same tags and attributes as the
    source's (its text may differ); the same for the site's phrase list."""
    from generator.content import new_markdown
    from generator.variants import Converter, Variant

    html = new_markdown().render(f"正文{body}\n\n![图片{body}](x.png \"图片{body}\")\n\n[正文{body}](https://x.org/正文)\n")
    converter = Converter(Variant("zh-Hant", "zh-hant", "繁体", "s2tw"))
    rules = tuple(zip(keys, values))
    converted = converter.with_rules(rules).html(html)
    assert markup_shape(converted) == markup_shape(html)
    assert 'href="https://x.org/%E6%AD%A3%E6%96%87"' in converted  # URLs untouched


# 7. base_url and lang are not validated as URLs and tags.

BAD_BASE_URLS = ["https://example.org\nDisallow: *\nX:/", "https://example.org/a b/", 'https://example.org/"x/',
                 "https://example.org/?q=1", "https://example.org/#top", "https://user:pw@example.org/",
                 "javascript:alert(1)//", "ftp://example.org/", "https://example.org/<x>/", "https://",
                 "https://example.org:99999/"]


@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_a_bad_base_url_is_one_clean_line_from_the_command_line_and_the_settings(tmp_path, url):
    project = small_project(tmp_path)
    one_clean_line(run_digest("build", "--project", str(project), "--no-search", "--base-url", url), "--base-url")
    settings_file = project / "site.yaml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text.replace("base_url: https://example.org/digest/", f"base_url: {json_string(url)}"),
                             encoding="utf-8")
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "base_url" in result.stderr, result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("lang", ['zh-Hant" onload="x', "zh Hant", "zh-Hant\n", "", "<zh>", "zh-Hant-"])
def test_a_lang_that_is_not_a_language_tag_is_refused(tmp_path, lang):
    project = small_project(tmp_path)
    settings_file = project / "site.yaml"
    settings_file.write_text(settings_file.read_text(encoding="utf-8").replace("lang: zh-Hant", f"lang: {json_string(lang)}"),
                             encoding="utf-8")
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "lang" in result.stderr


def json_string(text: str) -> str:
    import json
    return json.dumps(text)


@SLOW
@given(url=st.builds(lambda head, tail: head + tail,
                     st.sampled_from(["https://example.org/", "http://localhost:8000/x/", "https://a.b.c/d/"]),
                     st.text(alphabet=st.characters(codec="utf-8"), max_size=12)))
def test_robots_and_sitemaps_stay_well_formed_for_any_base_url_accepted(tmp_path_factory, url):
    """A base URL is either refused, or every line of robots.txt is a directive and the sitemaps parse."""
    import xml.etree.ElementTree as ET

    from generator.build import build
    from generator.config import load_config
    from generator.errors import DigestError

    project = small_project(tmp_path_factory.mktemp("url"))
    try:
        config = load_config(project / "site.yaml").with_base_url(url)
    except DigestError:
        return
    build(project, config, search=False, force=True)
    robots = (project / "site" / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(":", 1)[0] for line in robots] == ["User-agent", "Allow", "Sitemap"]
    for sitemap in (project / "site").rglob("sitemap*.xml"):
        ET.parse(sitemap)
    for sitemap in (project / "site" / "sitemaps").glob("*.xml"):
        ET.parse(sitemap)


# 8. Tracebacks where a one-line error belongs.

def _settings_with(project: Path, text: str) -> None:
    (project / "site.yaml").write_text(text, encoding="utf-8")


ONE_LINE_CASES = {
    "5000-digit title": ("content/articles/2022-01-17/a.md",
                         "---\ntitle: " + "9" * 5000 + "\ndate: 2022-01-17\n---\n正文\n", "a.md"),
    "date 9999-12-31": ("content/articles/2022-01-17/a.md", "---\ntitle: 甲\ndate: 9999-12-31\n---\n正文\n", "a.md:3"),
    "site.yaml not UTF-8": ("site.yaml", "title: 工会".encode("gbk"), "site.yaml:1"),
    "strings.yaml not UTF-8": ("themes/default/strings.yaml", "home: 首页".encode("gbk"), "strings.yaml"),
    "phrases.txt not UTF-8": ("content/phrases.txt", "方中里 方中裏".encode("gbk"), "phrases.txt"),
    "site.yaml nested deeply": ("site.yaml", "title: " + "[" * 2000 + "]" * 2000 + "\n", "site.yaml"),
    "strings.yaml YAML error": ("themes/default/strings.yaml", "home: [首页\n", "strings.yaml"),
    "strings.yaml not a mapping": ("themes/default/strings.yaml", "- 首页\n", "strings.yaml"),
    "phrase line of 300,000 characters": ("content/phrases.txt", "工 " + "工" * 300_000 + "\n", "phrases.txt:1"),
    "duplicate key in front matter": ("content/articles/2022-01-17/a.md",
                                      "---\ntitle: 甲\ntitle: 乙\ndate: 2022-01-17\n---\n正文\n", "a.md:3"),
    "date 20220117": ("content/articles/2022-01-17/a.md", "---\ntitle: 甲\ndate: 20220117\n---\n正文\n", "a.md:3"),
    "date 2022-W03-1": ("content/articles/2022-01-17/a.md", "---\ntitle: 甲\ndate: 2022-W03-1\n---\n正文\n", "a.md:3"),
    "duplicate key in site.yaml": ("site.yaml", None, "site.yaml"),
}


@pytest.mark.parametrize("case", sorted(ONE_LINE_CASES))
def test_bad_input_is_one_line_naming_the_file(tmp_path, case):
    name, data, where = ONE_LINE_CASES[case]
    project = small_project(tmp_path)
    if data is None:  # the settings with their title given twice
        data = (project / "site.yaml").read_text(encoding="utf-8") + "title: again\n"
    target = project / name
    target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), where)


def test_control_characters_in_settings_are_refused(tmp_path):
    project = small_project(tmp_path)
    text = (project / "site.yaml").read_text(encoding="utf-8")
    _settings_with(project, text.replace("title: ", 'title: "工会\\u0007新闻"\nold: ', 1).replace("\nold: ", "\n# "))
    one_clean_line(run_digest("build", "--project", str(project), "--no-search"), "site.yaml", "title")


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "99999999999999999999999", "１２３"])
def test_a_bad_source_date_epoch_is_one_line(tmp_path, value):
    project = small_project(tmp_path)
    result = run_digest("build", "--project", str(project), "--no-search",
                        env={**os.environ, "SOURCE_DATE_EPOCH": value})
    one_clean_line(result, "SOURCE_DATE_EPOCH")


def test_a_store_of_another_schema_is_replaced_not_fatal(tmp_path):
    import sqlite3

    project = small_project(tmp_path)
    from generator.cache import state_folder
    from generator.store import SCHEMA, store_path
    store = store_path(state_folder(project, project / "site"))
    store.parent.mkdir(parents=True)
    connection = sqlite3.connect(store)
    connection.execute("CREATE TABLE articles (x TEXT)")
    connection.execute(f"PRAGMA user_version={SCHEMA}")
    connection.commit()
    connection.close()
    for _ in range(2):
        result = run_digest("build", "--project", str(project), "--no-search", "--force")
        assert result.returncode == 0, result.stderr


def test_an_output_folder_linked_to_another_file_system_builds_and_rebuilds(tmp_path):
    from support import require

    shm = Path("/dev/shm")
    require(shm.is_dir(), "/dev/shm (another file system than the temporary folder's)")
    project = small_project(tmp_path)
    real = Path(__import__("tempfile").mkdtemp(dir=shm, prefix="digest-test-")) / "site"
    try:
        (project / "site").symlink_to(real, target_is_directory=True)
        for force in ([], ["--force"]):
            result = run_digest("build", "--project", str(project), "--no-search", *force)
            assert result.returncode == 0, result.stderr
        assert (real / "zh-hans" / "index.html").is_file()
        assert not (project / ".site.journal").exists() and not list(real.parent.glob(".site.journal"))
    finally:
        shutil.rmtree(real.parent, ignore_errors=True)


def test_a_pagefind_failure_says_pagefinds_own_words(tmp_path):
    project = small_project(tmp_path)
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: could not write the index: permission denied' >&2\n"
                       "echo 'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace' >&2\n"
                       "exit 101\n")
    failing.chmod(0o755)
    result = run_digest("build", "--project", str(project), env={**os.environ, "DIGEST_PAGEFIND": str(failing)})
    line = one_clean_line(result, "Pagefind failed", "could not write the index", "--no-search")
    assert "RUST_BACKTRACE" not in line
    assert not list((project / ".digest").rglob("*.pending")), "a failed build leaves no half list"


# 9. Accepted silently, rejected later or wrong.

@pytest.mark.parametrize("page", [True, -3, 0, "五", 1.5])
def test_pages_yaml_refuses_a_page_that_is_not_a_page_number(tmp_path, page):
    raw = tmp_path / "raw" / "2022-01-17"
    raw.mkdir(parents=True)
    shutil.copy(SHARED / "raw" / "002_1e29fe29f3844c50.txt", raw / "page.txt")
    (raw / "pages.yaml").write_text(yaml.safe_dump({"pages": [{"page": page, "files": ["page.txt"]}]}))
    result = run_digest("ingest-tree", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=small_project(tmp_path))
    one_clean_line(result, "pages.yaml", "page number")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.md"))


@pytest.mark.parametrize("date", ["20220117", "2022-W03-1", "2022-1-17", "17.01.2022"])
def test_ingest_takes_only_yyyy_mm_dd(tmp_path, date):
    one_clean_line(run_digest("ingest", str(SHARED / "raw" / "002_1e29fe29f3844c50.txt"), "--date", date, "--out",
                              str(tmp_path / "out")), "YYYY-MM-DD")


def test_a_raw_file_with_a_230_character_name_is_ingested_whole(tmp_path):
    page = tmp_path / ("页" * 2 + "p" * 224 + ".txt")
    shutil.copy(SHARED / "raw" / "002_1e29fe29f3844c50.txt", page)
    result = run_digest("ingest", str(page), "--date", "2022-01-17", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "2022-01-17"
    assert len(list(folder.glob("*.md"))) >= 5
    assert len(list(folder.glob("ingest-report-*.txt"))) == 1 and len(list(folder.glob("ingest-report-*.json"))) == 1


@pytest.mark.parametrize("text,hans,hant", [
    ("-{ -{zh-hans:甲;zh-hant:乙}- }-后", " 甲 后", " 乙 後"),
    ("前-{**方中里**}-后", "前<strong>方中里</strong>后", "前<strong>方中里</strong>後"),
    ("-{zh-hans:A&B;zh-hant:C&D}-", "A&amp;B", "C&amp;D"),
    ("-{未闭合", "-{未闭合", "-{未閉合"),
    ("多余}-的括号", "多余}-的括号", "多餘}-的括號"),
])
def test_markers_nest_span_markup_and_never_leak(text, hans, hant):
    from generator.content import new_markdown
    from generator.variants import Converter, Variant

    html = new_markdown().render(text)
    assert Converter(Variant("zh-Hans", "zh-hans", "简体", None)).html(html) == f"<p>{hans}</p>\n"
    assert Converter(Variant("zh-Hant", "zh-hant", "繁体", "s2tw")).html(html) == f"<p>{hant}</p>\n"


# 10. The output is trusted while inputs are unchanged.

def test_output_changed_by_hand_is_made_again_though_nothing_else_changed(tmp_path):
    project = small_project(tmp_path)
    out = project / "site"
    assert run_digest("build", "--project", str(project)).returncode == 0
    cold = tree(out)
    (out / "zh-hans" / "index.html").write_text("defaced")
    (out / "zh-hant" / "feed.xml").unlink()
    fragment = next((out / "pagefind").rglob("*.pf_fragment"))
    fragment.write_bytes(b"damaged")
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 0 and "up to date" not in result.stdout
    assert tree(out) == cold
    assert "up to date" in run_digest("build", "--project", str(project)).stdout


def test_a_restored_output_with_new_times_is_still_up_to_date(tmp_path):
    """As a CI cache restore leaves it: the same bytes, every time changed."""
    project = small_project(tmp_path)
    out = project / "site"
    assert run_digest("build", "--project", str(project), "--no-search").returncode == 0
    for path in out.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert "up to date" in run_digest("build", "--project", str(project), "--no-search").stdout


@pytest.mark.parametrize("room_kb", [64, 1024, 3072, 6144])
def test_a_full_disk_is_one_line_and_the_previous_site_stays_whole(tmp_path, room_kb):
    """Item 8, disk full: the output on a small file system (tmpfs, mounted for the test) filled
    up to room_kb before a build that needs more; whichever write fails first (the build state,
    a page, the search-free site's files), the error is one line and the previous site is whole."""
    from support import require

    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)],
                                                    capture_output=True).returncode == 0
    require(mounted, "a small tmpfs to fill (run as root where mount works)")
    try:
        project = small_project(tmp_path)
        site = disk / "site"
        assert run_digest("build", "--project", str(project), "--no-search", "--out", str(site)).returncode == 0
        before = tree(site)
        for number in range(40):
            (project / "content/articles/2022-01-18").mkdir(exist_ok=True)
            (project / f"content/articles/2022-01-18/b{number}.md").write_text(
                f"---\ntitle: 新闻{number}\ndate: 2022-01-18\n---\n" + "职工之家建成。" * 2000 + "\n", encoding="utf-8")
        with open(disk / "filler", "wb") as filler:
            filler.write(b"\0" * max(0, shutil.disk_usage(disk).free - room_kb * 1024))
        result = run_digest("build", "--project", str(project), "--no-search", "--out", str(site))
        assert result.returncode == 1 or room_kb > 1024, "the small rooms must not fit the new articles"
        if result.returncode == 0:  # it fitted after all: then it is whole
            assert (site / "zh-hant/articles/2022-01-18/b39/index.html").is_file()
        else:
            one_clean_line(result, "disk", "site" if "articles-cache" not in result.stderr else "articles-cache")
            assert tree(site) == before
        (disk / "filler").unlink()
        result = run_digest("build", "--project", str(project), "--no-search", "--out", str(site))
        assert result.returncode == 0, result.stderr
        assert (site / "zh-hant/articles/2022-01-18/b39/index.html").is_file()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
