"""Bad input stops the build with a message naming the file and line; the previous site stays."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from support import make_project, run_digest

GOOD = """---
title: 好文章
date: 2022-01-17
topics: [other]
---
正文。
"""


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def built_project(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/good.md": GOOD})
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    return project


CASES = {
    "broken YAML": ("---\ntitle: 好\ndate: 2022-01-17\ntopics: [other\n---\n正文\n",
                    "bad.md:5: front matter YAML error"),
    "missing date": ("---\ntitle: 好\n---\n正文\n", "bad.md:1: 'date' is missing (add 'date: YYYY-MM-DD', the issue date)"),
    "bad date": ("---\ntitle: 好\ndate: 2022-13-45\n---\n正文\n", "bad.md:3: 'date' must be YYYY-MM-DD, got '2022-13-45'"),
    "unknown topic": ("---\ntitle: 好\ndate: 2022-01-17\ntopics: [nope]\n---\n正文\n",
                      "bad.md:4: unknown topic id 'nope' (use one of:"),
    "no title": ("---\ndate: 2022-01-17\n---\n正文\n", "bad.md:1: 'title' is missing or empty"),
    "unsafe slug": ("---\ntitle: 好\ndate: 2022-01-17\nslug: ../../etc/x\n---\n正文\n",
                    "bad.md:4: slug '../../etc/x' is not a safe URL name"),
    "no front matter": ("正文\n", "bad.md:1: no front matter"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_article_stops_the_build_and_keeps_the_site(built_project, case):
    text, message = CASES[case]
    site_before = tree_digest(built_project / "site")
    bad = built_project / "content" / "articles" / "2022-01-17" / "bad.md"
    bad.write_text(text, encoding="utf-8")
    result = run_digest("build", "--project", str(built_project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("digest: error: ")
    assert str(bad) in result.stderr
    assert message in result.stderr
    assert tree_digest(built_project / "site") == site_before


def test_two_articles_on_one_url_stop_the_build(built_project):
    twin = built_project / "content" / "articles" / "other-folder" / "good.md"
    twin.parent.mkdir()
    twin.write_text(GOOD, encoding="utf-8")
    result = run_digest("build", "--project", str(built_project))
    assert result.returncode == 1
    assert "same URL as" in result.stderr and "good.md" in result.stderr


def test_settings_errors_are_reported_all_at_once(tmp_path):
    project = make_project(tmp_path)
    settings = project / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("page_size: 20", "page_size: twenty").replace("home_issues: 5", "home_issues: 5\ncolour: red")
    text = text.replace("opencc: s2tw", "opencc: s2twp")
    settings.write_text(text, encoding="utf-8")
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 1
    assert "3 problem(s) in the settings" in result.stderr
    assert "colour: unknown key (received 'red')" in result.stderr
    assert "page_size: Input should be a valid integer (received 'twenty')" in result.stderr
    assert "variants.1.opencc: Value error, s2twp rewrites mainland vocabulary" in result.stderr


def test_settings_yaml_syntax_error_names_the_line(tmp_path):
    project = make_project(tmp_path)
    (project / "site.yaml").write_text("title: x\nvariants: [\n", encoding="utf-8")
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 1
    assert "site.yaml:3: YAML error" in result.stderr


@pytest.mark.parametrize("name", ["search_button", "list_page", "calendar_title"])
def test_a_theme_without_an_interface_string_is_named_not_a_traceback(built_project, name):
    """A theme copied from an older digest lacks a newer string: used by a template (search_button),
    by the pages' code (list_page: numbered list pages) or by the charts (calendar_title)."""
    (built_project / "content" / "articles" / "2022-01-18").mkdir()
    (built_project / "content" / "articles" / "2022-01-18" / "more.md").write_text(
        GOOD.replace("2022-01-17", "2022-01-18"), encoding="utf-8")
    settings = built_project / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 1"), encoding="utf-8")
    site_before = tree_digest(built_project / "site")
    strings = built_project / "themes" / "default" / "strings.yaml"
    lines = strings.read_text(encoding="utf-8").splitlines(keepends=True)
    assert any(line.startswith(f"{name}:") for line in lines)
    strings.write_text("".join(line for line in lines if not line.startswith(f"{name}:")), encoding="utf-8")
    result = run_digest("build", "--project", str(built_project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"digest: error: {strings}: the theme has no interface string '{name}'")
    assert tree_digest(built_project / "site") == site_before


def test_a_shared_partial_that_uses_a_pages_data_is_named_not_a_traceback(built_project):
    """A shared partial is rendered once per variant (pages.SharedPartials): one that asks for a
    page's data (here its path) stops the build with an error naming the partial, and says where
    such a part belongs; the previous site stays."""
    site_before = tree_digest(built_project / "site")
    partial = built_project / "themes" / "default" / "templates" / "_footer.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "<p>{{ path }}</p>\n", encoding="utf-8")
    result = run_digest("build", "--project", str(built_project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"digest: error: {partial}: shared partial _footer.html: 'path' is undefined")
    assert "belongs in the page's template" in result.stderr
    assert tree_digest(built_project / "site") == site_before


def test_a_template_syntax_error_is_named_with_its_line_not_a_traceback(built_project):
    """Every template of the theme is compiled before anything is rendered: one that does not
    parse stops the build with its file and line, even one that no page uses (as Hugo parses
    every template); the previous site stays."""
    site_before = tree_digest(built_project / "site")
    unused = built_project / "themes" / "default" / "templates" / "unused.html"
    unused.write_text("<p>一</p>\n<p>二</p>\n<p>三</p>\n", encoding="utf-8")
    for name, line in (("base.html", 6), ("unused.html", 3)):
        template = built_project / "themes" / "default" / "templates" / name
        good = template.read_text(encoding="utf-8")
        lines = good.splitlines(keepends=True)
        lines[line - 1] = "{% if %}" + lines[line - 1]
        template.write_text("".join(lines), encoding="utf-8")
        result = run_digest("build", "--project", str(built_project))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"digest: error: {template}:{line}: template syntax error: "), result.stderr
        assert tree_digest(built_project / "site") == site_before
        template.write_text(good, encoding="utf-8")
