"""Every article's text in every variant, converted once per content.

Converting (OpenCC, and for a Traditional variant the review's second converter) is most of a
variant's rendering time. Converted articles are kept between builds in the article store
(store.py), keyed by the article file's key (its path and bytes) and stamped with everything
else a conversion depends on: digest's code, OpenCC's and zhconv's versions, the variant, the
phrase lists, the settings and the interface strings. What the store does not hold is converted
from the articles as read (inputs.ArticleSources), before they are grouped: the build runs it
beside the grouping. It runs in two forked processes when there is much of it, shared out by
length so that both finish together; each stores what it converted. Each variant's process then
loads its own variant's articles (converted_articles), and the review's findings only when its
review page is made again (findings_digests, review_findings).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Callable

from .content import Article, new_markdown, parse_article
from .inputs import ArticleSources, SiteInputs
from .parallel import balanced, fork_map
from .review import ConversionReview
from .store import SOURCE, findings_digest
from .texts import ArticleText, ConvertedArticle, StoredText, VariantTexts
from .variants import Variant

IN_PARALLEL_FROM = 200
"""Fewer articles to convert than this, and they are converted here (a fork costs more)."""
STORE_EVERY = 500
"""Converted articles a process keeps before it stores them (its memory stays bounded)."""
SOURCE_WEIGHT = 0.25
"""The source variant's work per character against a Traditional one's (no OpenCC, no review)."""


def variant_texts(inputs: ArticleSources, variant: Variant) -> VariantTexts:
    review = None if variant.is_source else ConversionReview(variant, inputs.phrases)
    return VariantTexts(inputs.config, inputs.theme, inputs.converters[variant.prefix], review)


def _split(work: list[tuple[str, Article]], inputs: ArticleSources) -> list[list[tuple[str, Article]]]:
    """Two parts of about equal work (characters, a source variant's counting less)."""
    sources = {v.prefix for v in inputs.variants if v.is_source}
    return balanced(work, lambda item: item[1].characters * (SOURCE_WEIGHT if item[0] in sources else 1.0) + 50)


def _from_file(article: Article) -> Article:
    path = Path(article.path)
    return parse_article(path.read_text(encoding="utf-8"), path, new_markdown())


def _by_article(inputs: ArticleSources, stored: dict[str, object], articles: list[Article],
                missing: Callable[[Article], object]) -> dict[str, object]:
    """Article key -> what stored holds for the article's file, or where it holds nothing (a row
    missing or damaged), missing(article)."""
    found = {}
    for article in articles:
        value = stored.get(inputs.file_keys[article.key])
        found[article.key] = value if value is not None else missing(article)
    return found


def source_bodies(inputs: ArticleSources, articles: list[Article]) -> dict[str, str]:
    """Article key -> the article's parsed body: stored (read together), or where its row is
    damaged, parsed again from its file."""
    stored = inputs.store.bodies(SOURCE, inputs.stamps.articles, [inputs.file_keys[a.key] for a in articles])
    return _by_article(inputs, stored, articles, lambda article: _from_file(article).body_html)


def convert_stored(texts: VariantTexts, article: Article, body: str) -> ConvertedArticle:
    """The article (without its body, as the store and grouping hold it) and its body converted by texts."""
    return texts.convert(dataclasses.replace(article, body_html=body))


def _convert_again(inputs: ArticleSources, variant: Variant) -> Callable[[Article], ConvertedArticle]:
    """Converts an article into variant again, where what the store holds of it is missing or
    damaged (the variant's texts are made on the first such article only)."""
    texts = functools.cache(lambda: variant_texts(inputs, variant))
    return lambda article: convert_stored(texts(), article, source_bodies(inputs, [article])[article.key])


def body_reader(inputs: ArticleSources, variant: Variant) -> Callable[[list[Article]], dict[str, str]]:
    """Reads articles' converted bodies in this variant, several in one query (for
    VariantTexts): article key -> body. A body missing from the store or damaged there is
    converted again (from the stored source, else the file)."""
    stamp = inputs.stamps.texts[variant.prefix]
    again = _convert_again(inputs, variant)

    def read(articles: list[Article]) -> dict[str, str]:
        stored = inputs.store.bodies(variant.prefix, stamp, [inputs.file_keys[a.key] for a in articles])
        return _by_article(inputs, stored, articles, lambda article: again(article).body_html)
    return read


def convert_articles(inputs: ArticleSources,
                     cut_words: Callable[[str, list[tuple[ArticleText, str]]], None] | None = None) -> None:
    """Bring the store up to date: every article converted into every variant. What is not
    stored yet is converted (in two processes when there is much of it), and stored by the
    process that converted it, a batch at a time: the converted texts and bodies never pass
    through this process, which stays small for the processes forked from it later.
    cut_words: for a build with search, given the source variant's prefix and its texts just
    stored, each with its body HTML, cuts and stores their search words there too
    (search.cut_ahead)."""
    stamps = inputs.stamps.texts
    stored = {v.prefix: inputs.store.files(v.prefix, stamps[v.prefix]) for v in inputs.variants}
    articles = inputs.articles
    work = [(v.prefix, a) for v in inputs.variants for a in articles
            if inputs.file_keys[a.key] not in stored[v.prefix]]
    # Made for a conversion only (interface strings converted, the review's second converter loaded).
    texts = {v.prefix: variant_texts(inputs, v) for v in inputs.variants} if work else {}
    source = next(v.prefix for v in inputs.variants if v.is_source)

    def convert_and_store(part: list[tuple[str, Article]], _progress) -> None:
        for start in range(0, len(part), STORE_EVERY):
            made: dict[str, dict[str, tuple[ArticleText, str, tuple, str]]] = {v.prefix: {} for v in inputs.variants}
            chunk = part[start:start + STORE_EVERY]
            bodies = source_bodies(inputs, [article for _, article in chunk])
            for prefix, article in chunk:
                result = convert_stored(texts[prefix], article, bodies[article.key])
                made[prefix][inputs.file_keys[article.key]] = (result.text, result.text.digest, result.findings,
                                                                    result.body_html)
            for prefix, rows in made.items():
                inputs.store.put(prefix, stamps[prefix], rows)
            if cut_words is not None and made[source]:
                cut_words(source, [(text, body) for text, _, _, body in made[source].values()])

    fork_map(convert_and_store, _split(work, inputs) if len(work) >= IN_PARALLEL_FROM else [work])
    files = {inputs.file_keys[a.key] for a in articles}
    for variant in inputs.variants:
        if stored[variant.prefix] - files:
            inputs.store.keep_only(variant.prefix, files)


def _stored_or_converted(inputs: SiteInputs, variant: Variant, stored: dict[str, object],
                         part: Callable[[ConvertedArticle], object],
                         articles: list[Article] | None = None) -> dict[str, object]:
    """Article key -> what the store holds for its file (convert_articles filled it), for the
    articles given or else all; where a row cannot be read, that part of the article converted
    again here."""
    again = _convert_again(inputs, variant)
    return _by_article(inputs, stored, inputs.digest.articles if articles is None else articles,
                       lambda article: part(again(article)))


def converted_articles(inputs: SiteInputs, variant: Variant) -> dict[str, ArticleText]:
    """Article key -> the article's text in variant (without its body)."""
    stored = inputs.store.heads(variant.prefix, inputs.stamps.texts[variant.prefix], ArticleText)
    return _stored_or_converted(inputs, variant, stored, lambda converted: converted.text)


def stored_texts(inputs: SiteInputs, variant: Variant) -> dict[str, StoredText | ArticleText]:
    """Article key -> the article's text in variant, read from the store only when something
    other than its key and digest is asked of it (a page or feed rendered again): a rebuild
    that keeps most pages reads only the digests. A text whose row is damaged is converted again."""
    prefix, stamp, file_keys = variant.prefix, inputs.stamps.texts[variant.prefix], inputs.file_keys
    digests = inputs.store.text_digests(prefix, stamp)
    again = _convert_again(inputs, variant)

    def load(article: Article, digest: str) -> ArticleText:
        text = inputs.store.head(prefix, file_keys[article.key], stamp, ArticleText)
        return text if text is not None and text.digest == digest else again(article).text

    found = {}
    for article in inputs.digest.articles:
        digest = digests.get(file_keys[article.key])
        found[article.key] = StoredText(article, digest, load) if digest is not None else again(article).text
    return found


def review_findings(inputs: SiteInputs, variant: Variant, articles: list[Article]) -> dict[str, tuple]:
    """Article key -> what the conversion review found in it, in variant, for those articles."""
    files = [inputs.file_keys[article.key] for article in articles]
    stored = inputs.store.findings(variant.prefix, inputs.stamps.texts[variant.prefix], files)
    return _stored_or_converted(inputs, variant, stored, lambda converted: converted.findings, articles)


def findings_digests(inputs: SiteInputs, variant: Variant) -> dict[str, str]:
    """Article key -> the digest of its findings in variant (stored with them; made again for
    rows missing). The review page is made from the articles' pages and these: an edit that
    finds nothing new leaves the page as it was."""
    stored = inputs.store.findings_digests(variant.prefix, inputs.stamps.texts[variant.prefix])
    digests = {a.key: stored.get(inputs.file_keys[a.key]) for a in inputs.digest.articles}
    missing = [article for article in inputs.digest.articles if digests[article.key] is None]
    if missing:
        made = review_findings(inputs, variant, missing)
        digests.update((key, findings_digest(findings)) for key, findings in made.items())
    return digests
