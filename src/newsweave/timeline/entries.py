"""Timeline entries: one per merged event, with its date, text, articles and citations."""

from __future__ import annotations

from typing import Sequence

from newsweave.model import TimelineEntry
from newsweave.nlp import ParsedArticle
from newsweave.timeline.dated import RANK, Dated


def entry(group: list[Dated], parsed: Sequence[ParsedArticle]) -> TimelineEntry:
    """One timeline entry for a group of mentions of one event."""
    order = {p.article.id: n for n, p in enumerate(parsed)}
    first = group[0].value
    text = representative(group).mention.event.text
    articles = sorted({d.mention.article for d in group}, key=lambda a: order.get(a, 0))
    citations = []
    for d in sorted(group, key=lambda d: (order.get(d.sentence.article, 0), d.sentence.start)):
        if d.sentence not in citations:
            citations.append(d.sentence)
    return TimelineEntry(first.iso, first.precision, text, tuple(articles), tuple(citations))


def representative(group: list[Dated]) -> Dated:
    """The mention whose event text says the most, among those sharing the most words with the rest."""
    def score(d: Dated) -> tuple[int, int]:
        shared = sum(len(d.mention.event.words & o.mention.event.words) for o in group if o is not d)
        return shared, len(d.mention.event.words)
    return max(group, key=score)


def entry_order(entry: TimelineEntry) -> tuple[str, int, str]:
    """The sort key of an entry: its date, coarser precisions first on a tie, then its text."""
    return entry.date, RANK[entry.precision], entry.text
