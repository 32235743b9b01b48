"""A headline block split into its parts: banners, kicker (引题), title (主题), subtitle (副题)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block


@dataclass(frozen=True)
class Headline:
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    banners: tuple[str, ...] = ()


def _one_line(block: Block) -> str:
    return block.text.replace("\n", "")


def _is_subtitle(line: str) -> bool:
    return line.startswith(("——", "—")) or (line.startswith("“") and line.endswith("”"))


def _title_and_subtitle(line: str, parallel: bool = True) -> tuple[str, str]:
    """One printed line may hold a title and a subtitle: after a space, one that opens with a
    dash ('…建起十二家职工书屋 ——让一线职工…'), or (parallel: where the title stands alone)
    parallel phrases ('黑龙江省林业工会为劳模送上新年礼 看景免门票费 看病免挂号费')."""
    dashed = re.match(r"^(\S.*?)\s+((?:——|—).+)$", line)
    if dashed:
        return dashed.group(1), dashed.group(2)
    if not parallel:
        return line, ""
    parts = line.split()
    if len(parts) >= 3 and len({len(p) for p in parts[1:]}) == 1 and len(parts[0]) >= len(parts[1]) + 3:
        return parts[0], " ".join(parts[1:])
    return line, ""


def split_headline(blocks: list[Block]) -> Headline:
    """Headline blocks in reading order (banners already taken out) to their parts.

    A '#' mark from an earlier tool names the title. Otherwise a line ending in '——' is a kicker,
    a line in quotes or opening with '——' is a subtitle, and of the rest the last is the title.
    """
    lines = [(_one_line(b), b.mark) for b in blocks if _one_line(b)]
    if not lines:
        return Headline()
    marked = [i for i, (_, mark) in enumerate(lines) if mark == "#"]
    if marked:
        at = marked[0]
    else:
        candidates = [i for i, (text, _) in enumerate(lines) if not text.endswith("——") and not _is_subtitle(text)]
        if candidates:
            subtitle_after = [i for i in candidates if i + 1 < len(lines) and _is_subtitle(lines[i + 1][0])]
            at = subtitle_after[0] if subtitle_after else candidates[-1]
        else:
            at = len(lines) - 1
    before = [text for text, _ in lines[:at]]
    after = [text for text, _ in lines[at + 1:]]
    title, subtitle = lines[at][0], " ".join(after)
    if not after:
        title, subtitle = _title_and_subtitle(title, parallel=not before)
    kicker = before[-1] if before else ""
    return Headline(title=title, kicker=kicker, subtitle=subtitle, banners=tuple(before[:-1]))


def derived_title(text: str, limit: int = 24) -> str:
    """A stand-in title from the first clause of the body, for an article printed without one."""
    first = re.split(r"[，。！？；：]", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[:limit] + "……"
