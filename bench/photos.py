"""What a build spends on a site's photos before rendering: published_pictures read cold (every
file's bytes hashed and its header read, as the first build and a CI checkout do) against a
rebuild that finds each file's facts in the build state (pictures.PhotoFacts).

    .venv/bin/python bench/photos.py --photos 500 [--out bench/work/photos-500]

The photos are generated (random pixels, 1000 x 750 JPEG, about 500 KB each: larger than a
newspaper's usual photo, so the cold reading is if anything overstated) and kept in --out for the
next run. Prints seconds, the median of --repeat runs, with the files in the page cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from PIL import Image

from generator.content import new_markdown, parse_article
from generator.pictures import published_pictures

HERE = Path(__file__).resolve().parent


def make_photos(content: Path, count: int) -> None:
    images = content / "images"
    images.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        path = images / f"{number}.jpg"
        if not path.exists():
            Image.frombytes("RGB", (1000, 750), os.urandom(1000 * 750 * 3)).save(path, "JPEG", quality=80)


def articles_showing(content: Path, count: int) -> list:
    markdown = new_markdown()
    return [parse_article(f"---\ntitle: 图片{number}\ndate: 2022-01-17\nimages:\n  - file: images/{number}.jpg\n"
                          "    caption: 说明。\n---\n正文。\n",
                          content / "articles" / "2022-01-17" / f"a{number}.md", markdown)
            for number in range(count)]


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    content = (args.out or HERE / "work" / f"photos-{args.photos}") / "content"
    make_photos(content, args.photos)
    articles = articles_showing(content, args.photos)
    _, facts = published_pictures(articles, content)  # also brings the files into the page cache
    cold = statistics.median(timed(lambda: published_pictures(articles, content)) for _ in range(args.repeat))
    kept = statistics.median(timed(lambda: published_pictures(articles, content, facts)) for _ in range(args.repeat))
    megabytes = sum(p.stat().st_size for p in (content / "images").iterdir()) / 1e6
    print(f"{args.photos} photos, {megabytes:.0f} MB: read cold {cold:.3f} s, facts kept {kept:.3f} s "
          f"({cold / kept:.0f} times less)")


if __name__ == "__main__":
    main()
