"""Pictures made at build time as static SVG: readable without JavaScript, text already converted.

- issue_calendar: a year of issue dates as a heat map, darker for more articles;
- monthly_bars: how many articles a topic had each month;
- topic_bars: the relative size of each topic.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

CELL, GAP = 11, 2
STEP = CELL + GAP
SHADES = ((0, "#ebe7e0"), (1, "#f2c4b8"), (5, "#de7b66"), (9, "#b3261e"))


def _shade(count: int) -> str:
    return [colour for least, colour in SHADES if count >= least][-1]


def issue_calendar(year: int, counts: dict[dt.date, int], ui: dict[str, str]) -> Markup:
    """Columns are weeks (Monday first), rows are weekdays; a cell's tooltip says the day's count."""
    first = dt.date(year, 1, 1)
    offset = first.weekday()
    days = (dt.date(year + 1, 1, 1) - first).days
    weeks = (days + offset + 6) // 7
    width, height = 24 + weeks * STEP, 16 + 7 * STEP
    title = f"{year}{ui['year_suffix']} {ui['calendar_title']}"
    parts = [f'<svg class="chart calendar" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for month in range(1, 13):
        start = (dt.date(year, month, 1) - first).days + offset
        parts.append(f'<text x="{24 + (start // 7) * STEP}" y="10" font-size="9">{month}{escape(ui["month_suffix"])}</text>')
    for number in range(days):
        day = first + dt.timedelta(days=number)
        position = number + offset
        count = counts.get(day, 0)
        label = ui["calendar_cell"].format(date=f"{day.year}{ui['year_suffix']}{day.month}{ui['month_suffix']}{day.day}",
                                           count=count)
        parts.append(f'<rect x="{24 + (position // 7) * STEP}" y="{16 + (position % 7) * STEP}" width="{CELL}" '
                     f'height="{CELL}" rx="2" fill="{_shade(count)}"><title>{escape(label)}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_bars(months: list[tuple[int, int]], counts: dict[tuple[int, int], int], ui: dict[str, str]) -> Markup:
    """One bar a month over the whole archive; the months at both ends and the peak are labelled."""
    if not months:
        return Markup("")
    bar = 12
    width, height = max(200, len(months) * bar + 40), 80
    peak = max(counts.values(), default=0) or 1
    title = ui["coverage_title"]
    parts = [f'<svg class="chart coverage" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        tall = round(50 * count / peak)
        label = f"{year}{ui['year_suffix']}{month}{ui['month_suffix']}：{count}{ui['articles_unit']}"
        parts.append(f'<rect x="{20 + index * bar}" y="{60 - tall}" width="{bar - 2}" height="{max(tall, 1)}" '
                     f'fill="{_shade(count and 9)}"><title>{escape(label)}</title></rect>')
    for index in {0, len(months) - 1}:
        year, month = months[index]
        parts.append(f'<text x="{20 + index * bar}" y="74" font-size="9">{year}.{month:02d}</text>')
    parts.append(f'<text x="0" y="18" font-size="9">{peak}</text></svg>')
    return Markup("".join(parts))


def topic_bars(rows: list[tuple[str, int]], ui: dict[str, str]) -> Markup:
    """A horizontal bar a topic, its length the topic's share of the largest."""
    peak = max((count for _, count in rows), default=0) or 1
    line = 18
    width, height = 360, line * len(rows) + 4
    title = ui["topic_sizes"]
    parts = [f'<svg class="chart topic-sizes" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, (name, count) in enumerate(rows):
        y = 2 + index * line
        length = round(150 * count / peak)
        parts.append(f'<text x="0" y="{y + 12}" font-size="11">{escape(name)}</text>'
                     f'<rect x="180" y="{y + 3}" width="{max(length, 1)}" height="11" fill="{_shade(count and 9)}"/>'
                     f'<text x="{184 + length}" y="{y + 12}" font-size="10">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
