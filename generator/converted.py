"""Every article's text in every variant, converted once per content.

Converting (OpenCC, and for a Traditional variant the review's second converter) is most of a
variant's rendering time. Each variant keeps its converted articles between builds in a cache
beside the output (`.site.texts-PREFIX-cache`, the bodies apart in bodies.py), keyed by the
article file's key (its path and bytes) and stamped with everything else a conversion depends
on: digest's code, OpenCC's and zhconv's versions, the variant, the phrase lists, the settings
and the interface strings. What the cache does not hold is converted, in two forked processes
when there is much of it, shared out by length so that both finish together.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Callable

from .bodies import SOURCE
from .cache import articles_stamp, cache_path, read_cache, tools_stamp, write_cache
from .content import Article, new_markdown, parse_article
from .inputs import SiteInputs
from .parallel import fork_map
from .review import ConversionReview
from .texts import ConvertedArticle, VariantTexts
from .variants import Variant

IN_PARALLEL_FROM = 200
"""Fewer articles to convert than this, and they are converted here (a fork costs more)."""
SOURCE_WEIGHT = 0.25
"""The source variant's work per character against a Traditional one's (no OpenCC, no review)."""


def texts_stamp(inputs: SiteInputs, variant: Variant) -> str:
    settings = [variant, inputs.phrases, inputs.config.model_dump_json(), inputs.theme.strings]
    return tools_stamp("opencc", "zhconv-rs") + "|" + hashlib.sha256(repr(settings).encode()).hexdigest()


def variant_texts(inputs: SiteInputs, variant: Variant) -> VariantTexts:
    review = None if variant.is_source else ConversionReview(variant, inputs.phrases)
    return VariantTexts(inputs.config, inputs.theme, inputs.converters[variant.prefix], review)


def _split(work: list[tuple[str, Article]], inputs: SiteInputs) -> list[list[tuple[str, Article]]]:
    """Two parts of about equal work: each item goes to the part with less so far."""
    sources = {v.prefix for v in inputs.variants if v.is_source}
    parts: list[list[tuple[str, Article]]] = [[], []]
    loads = [0.0, 0.0]
    for item in work:
        lighter = loads.index(min(loads))
        parts[lighter].append(item)
        loads[lighter] += item[1].characters * (SOURCE_WEIGHT if item[0] in sources else 1.0) + 50
    return parts


def body_reader(inputs: SiteInputs, variant: Variant) -> Callable[[Article], str]:
    """Reads an article's converted body in this variant (for VariantTexts). A body missing from
    the store (its file removed during the build) is made again from the article's file."""
    stamp = texts_stamp(inputs, variant)

    def read(article: Article) -> str:
        body = inputs.bodies.get(variant.prefix, inputs.file_keys[article.key], stamp)
        if body is None:
            path = Path(article.path)
            parsed = parse_article(path.read_text(encoding="utf-8"), path, new_markdown())
            body = variant_texts(inputs, variant).convert(parsed).body_html
        return body
    return read


def convert_articles(inputs: SiteInputs, output: Path) -> dict[str, dict[str, ConvertedArticle]]:
    """Variant prefix -> article key -> the article converted (its body stored apart), for every
    variant and article; the caches beside output are brought up to date."""
    stamps = {v.prefix: texts_stamp(inputs, v) for v in inputs.variants}
    known = {}
    for v in inputs.variants:
        stored = inputs.bodies.has(v.prefix, stamps[v.prefix])
        cached = read_cache(cache_path(output, f"texts-{v.prefix}"), stamps[v.prefix], ConvertedArticle)
        known[v.prefix] = {file: converted for file, converted in cached.items() if file in stored}
    articles = inputs.digest.articles
    work = [(v.prefix, a) for v in inputs.variants for a in articles
            if inputs.file_keys[a.key] not in known[v.prefix]]
    texts = {v.prefix: variant_texts(inputs, v) for v in inputs.variants}
    source_stamp = articles_stamp()

    def convert(part: list[tuple[str, Article]]) -> list[ConvertedArticle]:
        results = []
        for prefix, article in part:
            body = inputs.bodies.get(SOURCE, inputs.file_keys[article.key], source_stamp)
            results.append(texts[prefix].convert(dataclasses.replace(article, body_html=body)))
        return results

    parts = _split(work, inputs) if len(work) >= IN_PARALLEL_FROM else [work]
    made: dict[str, dict[str, ConvertedArticle]] = {v.prefix: {} for v in inputs.variants}
    for part, results in zip(parts, fork_map(convert, parts)):
        for (prefix, article), result in zip(part, results):
            made[prefix][inputs.file_keys[article.key]] = result
    converted = {}
    for variant in inputs.variants:
        prefix = variant.prefix
        new = made[prefix]
        inputs.bodies.put(prefix, stamps[prefix], {file: c.body_html for file, c in new.items()})
        by_file = {}
        for article in articles:
            file = inputs.file_keys[article.key]
            by_file[file] = known[prefix].get(file) or dataclasses.replace(new[file], body_html="")
        if new or len(by_file) != len(known[prefix]):
            write_cache(cache_path(output, f"texts-{prefix}"), by_file, stamps[prefix])
            inputs.bodies.keep_only(prefix, set(by_file))
        converted[prefix] = {article.key: by_file[inputs.file_keys[article.key]] for article in articles}
    return converted
