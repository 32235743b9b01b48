"""Pictures made at build time as static SVG: readable without JavaScript, text already converted.

- issue_calendar: a year of issue dates as a heat map on a fixed scale (SHADES, with a legend),
  each day with an issue a link to it;
- monthly_bars: how many articles a topic had each month, with a labelled axis.

Both are drawn at their natural size in pixels (text never scales with the window) and scroll
sideways in a narrow window (the .chart-box rule of the theme).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from markupsafe import Markup

CELL, GAP = 8, 2
STEP = CELL + GAP
LEFT, TOP = 8, 18
SHADES = ((0, "#ebe7e0"), (1, "#f2c4b8"), (5, "#de7b66"), (9, "#b3261e"))
"""The colour of a day by its number of articles: the same scale on every calendar of the site."""
FONT = 12


def _shade(count: int) -> str:
    return [colour for least, colour in SHADES if count >= least][-1]


def _day_label(day: dt.date, ui: dict[str, str]) -> str:
    return f"{day.year}{ui['year_suffix']}{day.month}{ui['month_suffix']}{day.day}{ui['day_suffix']}"


def issue_calendar(year: int, counts: dict[dt.date, int], ui: dict[str, str],
                   link: Callable[[dt.date], str]) -> Markup:
    """Columns are weeks (Monday first), rows are weekdays; a day with an issue links to it
    (link(date): its address) and says its count; a legend below gives the scale."""
    first = dt.date(year, 1, 1)
    offset = first.weekday()
    days = (dt.date(year + 1, 1, 1) - first).days
    weeks = (days + offset + 6) // 7
    width, height = LEFT + weeks * STEP, TOP + 7 * STEP + 30
    title = f"{year}{ui['year_suffix']}{ui['calendar_title']}"
    parts = [f'<svg class="chart calendar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="group" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for month in range(1, 13):
        start = (dt.date(year, month, 1) - first).days + offset
        parts.append(f'<text x="{LEFT + (start // 7) * STEP}" y="{TOP - 5}" font-size="{FONT}" aria-hidden="true">'
                     f'{month}{escape(ui["month_suffix"])}</text>')
    for number in range(days):
        day = first + dt.timedelta(days=number)
        position = number + offset
        count = counts.get(day, 0)
        cell = (f'<rect x="{LEFT + (position // 7) * STEP}" y="{TOP + (position % 7) * STEP}" width="{CELL}" '
                f'height="{CELL}" rx="2" fill="{_shade(count)}">')
        if count:
            label = escape(ui["calendar_cell"].format(date=_day_label(day, ui), count=count))
            parts.append(f'<a href="{escape(link(day))}" aria-label="{label}">{cell}<title>{label}</title></rect></a>')
        else:
            parts.append(cell + "</rect>")
    y = TOP + 7 * STEP + 10
    parts.append(f'<g class="legend" aria-hidden="true"><text x="{LEFT}" y="{y + 10}" font-size="{FONT}">'
                 f'{escape(ui["calendar_legend"])}</text>')
    x = LEFT + FONT * (len(ui["calendar_legend"]) + 1)
    for index, (least, colour) in enumerate(SHADES):
        following = SHADES[index + 1][0] - 1 if index + 1 < len(SHADES) else None
        text = str(least) if following in (None, least) else f"{least}–{following}"
        text += "+" if following is None else ""
        parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" fill="{colour}"/>'
                     f'<text x="{x + CELL + 4}" y="{y + 10}" font-size="{FONT}">{text}</text>')
        x += CELL + 12 + FONT * len(text)
    parts.append("</g></svg>")
    return Markup("".join(parts))


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_bars(months: list[tuple[int, int]], counts: dict[tuple[int, int], int], ui: dict[str, str]) -> Markup:
    """One bar a month over the whole archive, on an axis from 0 to the peak month; each January
    and both ends are labelled with their year and month."""
    if not months:
        return Markup("")
    bar, left, top, tall_max = 14, 36, 10, 80
    width, height = left + len(months) * bar + 40, top + tall_max + 24
    peak = max(counts.values(), default=0) or 1
    title = ui["coverage_title"]
    base = top + tall_max
    parts = [f'<svg class="chart coverage" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{left - 4}" y1="{top}" x2="{left - 4}" y2="{base}" stroke="currentColor" stroke-width="1"/>',
             f'<text x="{left - 8}" y="{top + 4}" font-size="{FONT}" text-anchor="end">{peak}</text>',
             f'<text x="{left - 8}" y="{base}" font-size="{FONT}" text-anchor="end">0</text>']
    for index, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        tall = round(tall_max * count / peak)
        label = f"{year}{ui['year_suffix']}{month}{ui['month_suffix']}：{count}{ui['articles_unit']}"
        parts.append(f'<rect x="{left + index * bar}" y="{base - tall}" width="{bar - 3}" height="{max(tall, 1)}" '
                     f'fill="{_shade(count and 9)}"><title>{escape(label)}</title></rect>')
    labelled = sorted({0, len(months) - 1} | {i for i, (_, month) in enumerate(months) if month == 1})
    shown = []
    for index in labelled:  # no two labels on top of each other: 7 characters of FONT apart
        if not shown or index - shown[-1] >= 6:
            shown.append(index)
    for index in shown:
        year, month = months[index]
        parts.append(f'<text x="{left + index * bar}" y="{base + 16}" font-size="{FONT}">{year}.{month:02d}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
