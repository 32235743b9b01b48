"""Each article is given its topics (主题) by the keyword weights in site.yaml: readable, changeable.

Score of a topic = sum over its keywords of weight × occurrences, headline occurrences counting
double. Topics scoring at least THRESHOLD are given, best first, at most MAX_TOPICS; an article
that reaches none gets the fallback topic.
"""

from __future__ import annotations

from ..config import TopicConfig

THRESHOLD = 3.0
MAX_TOPICS = 3


def topic_scores(headline: str, body: str, topics: list[TopicConfig]) -> dict[str, float]:
    scores = {}
    for topic in topics:
        score = sum(weight * (body.count(word) + 2 * headline.count(word)) for word, weight in topic.keywords.items())
        if score:
            scores[topic.id] = score
    return scores


def assign_topics(headline: str, body: str, topics: list[TopicConfig], fallback: str) -> list[str]:
    scores = topic_scores(headline, body, topics)
    ranked = sorted((s, -i, t.id) for i, t in enumerate(topics) if (s := scores.get(t.id, 0)) >= THRESHOLD)
    chosen = [topic_id for _, _, topic_id in reversed(ranked)][:MAX_TOPICS]
    return chosen or [fallback]
