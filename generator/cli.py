"""digest: a static site generator for Chinese newspaper digests.

Typical use, in a project folder (one with site.yaml; digest init FOLDER makes one):
  digest ingest-tree          raw pages in content/raw/DATE/ -> articles in content/articles/
  digest build                articles -> the site in site/ (both scripts, feeds, search)
  digest serve                preview at http://127.0.0.1:8000/, rebuilt on every change
  digest check                every link of the built site leads somewhere"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from .errors import DigestError


def _settings(args: argparse.Namespace):
    """The project folder and its settings (--config, else PROJECT/site.yaml), with --base-url
    in place of base_url when given."""
    from .config import load_config

    project = Path(args.project)
    config = load_config(Path(args.config) if args.config else project / "site.yaml")
    return project, config.with_base_url(args.base_url) if args.base_url else config


def _project_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--project", default=".", help="project folder holding site.yaml (default: .)")
    command.add_argument("--config", help="settings file (default: PROJECT/site.yaml)")


def _build(args: argparse.Namespace) -> int:
    from .build import build

    project, config = _settings(args)
    from tqdm import tqdm

    with tqdm(desc="rendering", unit=" pages", leave=False, disable=None) as bar:
        def report_and_end(result) -> None:
            """Run as the `digest` command (run): the process ends as soon as the result is told."""
            bar.close()
            end_process(_report(result))

        result = build(project, config, Path(args.out) if args.out else None, on_page=bar.update,
                       search=not args.no_search, force=args.force,
                       then=report_and_end if args.ending else None)
    return _report(result)


def _report(result) -> int:
    """What a build did, told; the command's exit code."""
    from .build import DAMAGED_STATE

    if result.up_to_date:
        print(f"{result.output} is up to date: nothing changed since the last build ({result.seconds:.2f} s)")
        return 0
    print(f"built {result.output}: {result.articles} articles in {result.issues} issues, "
          f"{result.pages} pages, {result.feeds} feeds, {result.files} files in {result.seconds:.2f} s")
    if result.to_review:
        print(f"warning: {result.to_review} conversions to review: see {result.output}/<variant>/_review/")
    if result.damaged_state:
        print(f"warning: {result.damaged_state}: {DAMAGED_STATE}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from .scaffold import new_project

    folder = Path(args.folder)
    for path in new_project(folder, args.title):
        print(f"made {path}")
    print(f"next: put a day's page dumps in {folder}/content/raw/YYYY-MM-DD/, then\n"
          f"  digest ingest-tree --project {folder}\n  digest serve --project {folder}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from datetime import date

    from .scaffold import new_article, today_in_beijing

    project, config = Path(args.project), _project_config(args)
    try:
        day = date.fromisoformat(args.date) if args.date else today_in_beijing()
    except ValueError:
        raise DigestError(f"--date {args.date} is not a date", hint="write it YYYY-MM-DD") from None
    known = {topic.id for topic in config.topics}
    for topic in args.topic:
        if topic not in known:
            raise DigestError(f"--topic {topic} is not a topic of the site", project / "site.yaml",
                              hint="one of: " + ", ".join(sorted(known)))
    path = new_article(_articles_folder(args), project / "themes" / config.theme, args.title, day,
                       args.topic or [config.fallback_topic])
    print(f"made {path}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import check_links

    project, config = _settings(args)
    site = Path(args.out) if args.out else project / config.output_dir
    if not (site / "index.html").is_file():
        raise DigestError("no built site here", site, hint="run `digest build` first (with the same --out)")
    broken = check_links(site, config.base_url, external=args.external)
    for link in broken:
        print(f"broken link: {link}")
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"checked the links of {pages} pages in {site}: {len(broken) or 'none'} broken"
          + ("" if args.external else " (links to other sites not fetched: --external)"))
    return 1 if broken else 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    project = Path(args.project)
    serve(project, Path(args.config) if args.config else project / "site.yaml", args.host, args.port)
    return 0


def _site_config(args: argparse.Namespace):
    """The settings for `ingest`: --config, else PROJECT/site.yaml when there is one (a page can
    be ingested outside a project: its articles then get the fallback topic)."""
    from .config import load_config

    if args.config:
        return load_config(Path(args.config))
    default = Path(args.project) / "site.yaml"
    return load_config(default) if default.is_file() else None


def _project_config(args: argparse.Namespace):
    """The settings for `ingest-tree` and `new`, which file articles in a project: a missing
    site.yaml is an error, not a reason to file every article under the fallback topic."""
    from .config import load_config

    path = Path(args.config) if args.config else Path(args.project) / "site.yaml"
    if not path.is_file():
        raise DigestError("no site.yaml found: articles are filed under the project's topics", path,
                          hint="run it in the project folder, or name it with --project DIR or --config FILE")
    return load_config(path)


def _print_reports(reports: list[dict], out: Path) -> None:
    from .ingest.report import summary_line

    for report in reports:
        print(summary_line(report))
        for leftover in report["leftovers"]:
            print(f"  warning: text found in no article: {leftover}")
        if report.get("duplicate_of"):
            print(f"  warning: this page was already ingested under {report['duplicate_of']}; nothing written "
                  "(check the date; --allow-duplicate writes it anyway)")
    print(f"articles and reports written under {out}")


def _choices(args: argparse.Namespace):
    from .ingest.command import WriteChoices

    return WriteChoices(args.overwrite_edits, args.restore_deleted, args.allow_duplicate)


def _articles_folder(args: argparse.Namespace) -> Path:
    return Path(args.out) if args.out else Path(args.project) / "content" / "articles"


def _ingest(args: argparse.Namespace) -> int:
    from .ingest.command import ingest
    from .ingest.pipeline import PageSpec
    from .ingest.write import check_date

    spec = PageSpec(check_date(args.date), tuple(Path(f) for f in args.files), args.page, args.page_name or "")
    out = _articles_folder(args)
    _print_reports(ingest([spec], _site_config(args), out, _choices(args)), out)
    return 0


def _ingest_tree(args: argparse.Namespace) -> int:
    from .ingest.command import ingest, pages_in_tree
    from .ingest.write import check_date

    config = _project_config(args)
    raw = Path(args.raw) if args.raw else Path(args.project) / "content" / "raw"
    specs = pages_in_tree(raw)
    if args.date:
        date = check_date(args.date)
        specs = [spec for spec in specs if spec.date == date]
        if not specs:
            raise DigestError(f"no pages for {args.date}", raw / args.date, hint="put them under RAW/YYYY-MM-DD/")
    out = _articles_folder(args)
    _print_reports(ingest(specs, config, out, _choices(args)), out)
    return 0


def _write_options(command: argparse.ArgumentParser) -> None:
    _project_options(command)
    command.add_argument("--out", help="articles folder (default: PROJECT/content/articles; written under OUT/DATE/)")
    command.add_argument("--overwrite-edits", action="store_true", help="overwrite articles edited by hand")
    command.add_argument("--restore-deleted", action="store_true",
                         help="write again the articles whose files were deleted (remembered in ingest-state.json)")
    command.add_argument("--allow-duplicate", action="store_true",
                         help="write a page although its articles were ingested under another date")


def parser() -> argparse.ArgumentParser:
    from . import __version__

    main = argparse.ArgumentParser(prog="digest", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--version", action="version", version=f"digest {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="render site/ from content/")
    _project_options(build)
    build.add_argument("--out", help="output folder (default: output_dir in the settings)")
    build.add_argument("--base-url", help="override base_url, e.g. https://user.github.io/digest/")
    build.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster drafts)")
    build.set_defaults(run=_build)

    init = commands.add_parser("init", help="make a new project to start from (settings, theme, content folders)")
    init.add_argument("folder", help="a new or empty folder")
    init.add_argument("--title", default="报纸摘编", help="the site's title (default: 报纸摘编)")
    init.set_defaults(run=_init)

    new = commands.add_parser("new", help="write a new article from the theme's archetype, to edit by hand")
    new.add_argument("title", help="its headline (主题)")
    _project_options(new)
    new.add_argument("--date", help="its issue date, YYYY-MM-DD (default: today in Beijing)")
    new.add_argument("--topic", action="append", default=[],
                     help="a topic id from site.yaml; repeat for several (default: the fallback topic)")
    new.add_argument("--out", help="articles folder (default: PROJECT/content/articles; written under OUT/DATE/)")
    new.set_defaults(run=_new)

    check = commands.add_parser("check", help="check that every link of the built site leads somewhere")
    _project_options(check)
    check.add_argument("--out", help="the built site (default: output_dir in the settings)")
    check.add_argument("--base-url", help="the base URL the site was built for, if not the settings'")
    check.add_argument("--external", action="store_true", help="also fetch the links to other sites")
    check.set_defaults(run=_check)

    preview = commands.add_parser("serve", help="preview the site locally; rebuilds and reloads on change")
    _project_options(preview)
    preview.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this computer only)")
    preview.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    preview.set_defaults(run=_serve)

    one = commands.add_parser("ingest", help="ingest the raw dumps of ONE page (several files = extractions of it)")
    one.add_argument("files", nargs="+", metavar="FILE")
    one.add_argument("--date", required=True, help="issue date, YYYY-MM-DD")
    one.add_argument("--page", type=int, help="page number (版次)")
    one.add_argument("--page-name", help="page name (版名)")
    _write_options(one)
    one.set_defaults(run=_ingest)

    tree = commands.add_parser("ingest-tree", help="ingest RAW/YYYY-MM-DD/*.txt (with optional pages.yaml)")
    tree.add_argument("raw", nargs="?", help="folder of issue-date folders (default: PROJECT/content/raw)")
    tree.add_argument("--date", help="ingest only this issue date, YYYY-MM-DD")
    _write_options(tree)
    tree.set_defaults(run=_ingest_tree)
    return main


def main(argv: list[str] | None = None, ending: bool = False) -> int:
    """The command argv asks for; its exit code. ending: the process ends once the command is
    done (run): a command may end it itself as soon as it has told its result (end_process)."""
    commands = parser()
    args = commands.parse_args(argv)
    args.ending = ending
    if args.command is None:  # bare `digest`: what it can do
        commands.print_help()
        return 0
    try:
        return args.run(args)
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be written, a full disk: the system's own words
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"digest: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("digest: interrupted; the previous output is untouched", file=sys.stderr)
        return 130


def end_process(code: int) -> NoReturn:
    """End the process at once with this exit code, what it printed flushed, without freeing its
    objects one by one (after a build, those of every article: the system takes the memory back
    whole). Whatever the command wrote is closed by then."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            pass
    os._exit(code)


def run() -> None:
    """The `digest` command: main(), then the process ends (end_process). An unexpected error
    still ends the usual way, with its traceback."""
    end_process(main(ending=True))


if __name__ == "__main__":
    run()
