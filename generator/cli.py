"""The `digest` command: build, ingest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DigestError


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .config import load_config

    project = Path(args.project)
    config = load_config(Path(args.config) if args.config else project / "site.yaml")
    if args.base_url:
        config = config.with_base_url(args.base_url)
    result = build(project, config, Path(args.out) if args.out else None)
    print(f"built {result.output}: {result.articles} articles in {result.issues} issues, "
          f"{result.pages} pages, {result.feeds} feeds, {result.files} files in {result.seconds:.2f} s")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="digest", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="render site/ from content/")
    build.add_argument("--project", default=".", help="project folder holding site.yaml (default: .)")
    build.add_argument("--config", help="settings file (default: PROJECT/site.yaml)")
    build.add_argument("--out", help="output folder (default: output_dir in the settings)")
    build.add_argument("--base-url", help="override base_url, e.g. https://user.github.io/digest/")
    build.set_defaults(run=_build)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DigestError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("digest: interrupted; the previous output is untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
