"""A list's pages: every item once, full numbered pages that never change when newer items come."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.paging import list_pages

counts = st.integers(min_value=0, max_value=500)
sizes = st.integers(min_value=1, max_value=40)


def _oldest_first(count: int, page) -> list[int]:
    """The page's items as positions counted from the oldest item (which new items do not move)."""
    return sorted(count - 1 - index for index in range(page.start, page.stop))


@given(counts, sizes)
def test_the_pages_hold_every_item_once_in_order(count, size):
    pages = list_pages(count, size)
    assert pages[0].number is None and pages[0].start == 0
    assert [p.stop for p in pages[:-1]] == [p.start for p in pages[1:]]
    assert pages[-1].stop == count
    assert [p.number for p in pages[1:]] == list(range(len(pages) - 1, 0, -1))


@given(counts, sizes)
def test_numbered_pages_are_full_and_the_front_holds_the_rest(count, size):
    front, *numbered = list_pages(count, size)
    assert all(p.stop - p.start == size for p in numbered)
    held = front.stop - front.start
    assert held == count if count < 2 * size else size <= held < 2 * size


@given(counts, sizes, st.integers(min_value=0, max_value=200))
def test_newer_items_leave_every_numbered_page_as_it_was(count, size, added):
    before = {p.number: _oldest_first(count, p) for p in list_pages(count, size)[1:]}
    after = {p.number: _oldest_first(count + added, p) for p in list_pages(count + added, size)[1:]}
    assert all(after[number] == items for number, items in before.items())


@given(counts, sizes)
def test_older_and_newer_links_walk_the_pages(count, size):
    pages = list_pages(count, size)
    by_number = {p.number: p for p in pages}
    walked, page = [], pages[0]
    while page is not None:
        walked.append(page.number)
        page = by_number.get(page.older) if page.older is not None else None
    assert walked == [p.number for p in pages]
    for page in pages[1:]:
        assert page.newer is None or by_number[page.newer].older == page.number
        assert page.newer is not None or pages[0].older == page.number
