"""A Traditional variant's conversion review queue, made month by month and kept between builds.

The queue is made from every article's findings (review.py), but a new issue day or an edit
changes one month's articles only. So each month's part of the queue is made from its own
articles and kept beside the output (cache `review-PREFIX`) under the key of those articles'
pages and findings digests; a build makes again only the months whose key changed, and adds
the parts up newest first (ReviewQueue.extend), which gives the queue made in one piece. The
theme's interface strings are a part of their own, after the months: made again only when the
strings change (comparing them loads the second converter's segmenter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from . import urls
from .cache import cache_path, read_cache, update_cache
from .content import Article
from .converted import review_findings
from .inputs import SiteInputs
from .keep import key_of
from .review import INTERFACE, ReviewQueue
from .variants import Variant

MonthPart = tuple[str, tuple[tuple, ...]]
"""One month's part of the queue as kept: the key of what it was made from, and its rows
(ReviewQueue.rows)."""


def _sound(part: object) -> bool:
    """A kept part has the shape it was written in (else it is made again)."""
    return (isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], str) and isinstance(part[1], tuple)
            and all(isinstance(row, tuple) and len(row) == 8 and isinstance(row[7], tuple) for row in part[1]))


def findings_key(articles: list[Article], digests: dict[str, str]) -> str:
    """What review pages or a month's part of the queue are made from: the articles' pages and
    their findings' digests (converted.findings_digests)."""
    return key_of([(urls.article(a), digests[a.key]) for a in articles])


def _month_part(inputs: SiteInputs, variant: Variant, articles: list[Article]) -> ReviewQueue:
    findings = review_findings(inputs, variant, articles)
    queue = ReviewQueue()
    for article in articles:
        queue.add(urls.article(article), findings[article.key])
    return queue


INTERFACE_PART = "interface"
"""The name of the interface strings' part (no month's: those are YYYY-MM)."""


def review_queue(inputs: SiteInputs, variant: Variant, digests: dict[str, str], state: Path,
                 interface: Callable[[], Iterable[tuple]]) -> ReviewQueue:
    """The variant's review queue. digests: article key -> the digest of its findings
    (converted.findings_digests); interface: the findings of the theme's interface strings
    (review.ConversionReview.compare). Kept parts are read from the build state, made parts
    written to it."""
    cache = cache_path(state, f"review-{variant.prefix}")
    stamp = inputs.stamps.texts[variant.prefix]
    kept = read_cache(cache, stamp, tuple)
    parts: dict[str, MonthPart] = {}
    queue = ReviewQueue()
    for month in inputs.digest.months:  # newest first, as the articles are
        articles = [article for issue in month.issues for article in issue.articles]
        key = findings_key(articles, digests)
        name = f"{month.year}-{month.month:02}"
        part = kept.get(name)
        if _sound(part) and part[0] == key:
            made = ReviewQueue.from_rows(part[1])
        else:
            made = _month_part(inputs, variant, articles)
            part = (key, made.rows())
        parts[name] = part
        queue.extend(made)
    part = kept.get(INTERFACE_PART)
    key = key_of(sorted(inputs.theme.strings.items()))  # the stamp covers them too: the key says what the part is
    if _sound(part) and part[0] == key:
        made = ReviewQueue.from_rows(part[1])
    else:
        made = ReviewQueue()
        made.add(INTERFACE, interface())
        part = (key, made.rows())
    parts[INTERFACE_PART] = part
    queue.extend(made)
    update_cache(cache, parts, kept, stamp)
    return queue
