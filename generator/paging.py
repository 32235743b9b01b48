"""A newest-first list cut into pages that keep their contents when newer items arrive.

The list's front page shows its newest items. The older ones are on numbered pages counted from
the oldest: page 1 holds the oldest `size` items, page 2 the next `size`, and so on. Every
numbered page is full and stays as it is when items are added at the top; only the front page
changes, and once it would hold 2 × size items its oldest `size` become the next numbered page.
So the front holds between size and 2 × size - 1 items (fewer only when the list is that short).

Counting from the newest, as Hugo and Pelican do, moves every item of every page by one per new
item: a new issue day would render every page of every topic again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListPage:
    """One page of a newest-first list: the items [start, stop) of it."""

    number: int | None
    """None for the front page, else the page's number counted from the oldest (1, 2, ...)."""
    start: int
    stop: int
    older: int | None
    """The number of the page of older items (none after page 1)."""
    newer: int | None
    """The number of the page of newer items; None on the front page, and on the newest
    numbered page, whose newer items are on the front page."""


def numbered_pages(count: int, size: int) -> int:
    """How many numbered pages a list of count items has."""
    return max(0, count // size - 1)


def list_pages(count: int, size: int) -> list[ListPage]:
    """The front page, then the numbered pages from the newest to the oldest."""
    if size < 1:
        raise ValueError(f"a page holds at least one item, not {size}")
    last = numbered_pages(count, size)
    front = ListPage(None, 0, count - last * size, last or None, None)
    numbered = [ListPage(number, count - number * size, count - (number - 1) * size,
                         number - 1 or None, number + 1 if number < last else None)
                for number in range(last, 0, -1)]
    return [front, *numbered]
