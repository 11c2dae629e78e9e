"""Paragraphs of a summary: its sentences grouped by sub-event, the groups in time order.

A summary of 250 words is ten sentences or more; read as one block it jumps
between the developments of the story. The sentences come here in reading
order (earliest report first, then position in the report) as *blocks*: a
sentence with those that lean on it (`summary.reading_order`), which always
stay together. The two groups most alike (mean MiniLM cosine at least
`PARAGRAPH_SIMILARITY`) merge, as long as a paragraph holds at most
`PARAGRAPH_SENTENCES` sentences reported within `PARAGRAPH_DAYS` days.
Paragraphs are then in the order of their first sentence, so the story
reads in time order and each sub-event (the quake and its toll, the
aftershock a week later, the aid effort) is told in one place.

Limits: similarity stands in for "the same sub-event" (no event coreference);
undated reports are grouped by similarity alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import numpy as np

# all-MiniLM-L6-v2 cosines between the sentences of one summary: about one
# development (two death tolls, a lawsuit and its filing) 0.3-0.7, other
# facts of the same story mostly under 0.3 (summary.SUPPORT_SIMILARITY, 0.6,
# is "reports related content"); read off summaries of the MultiLing and
# Multi-News dev stories, as no set annotates paragraphs.
PARAGRAPH_SIMILARITY = 0.3
# One paragraph spans at most this many days of reports: a week later is news of its own.
PARAGRAPH_DAYS = 7
# At most this many sentences a paragraph (a long paragraph is hard to scan).
PARAGRAPH_SENTENCES = 5


@dataclass(frozen=True, slots=True)
class Block:
    """Sentences that stay together in a paragraph: their vector, first report day, and count."""

    vector: np.ndarray
    day: date | None
    size: int


def group_paragraphs(blocks: Sequence[Block]) -> list[list[int]]:
    """The blocks' indices grouped into paragraphs, in order of each paragraph's first block.

    Average-link agglomeration: the two paragraphs whose blocks are most alike
    (mean cosine, at least `PARAGRAPH_SIMILARITY`) merge, while the merged one
    keeps within `PARAGRAPH_SENTENCES` sentences and `PARAGRAPH_DAYS` days.
    `blocks` come in reading order; within a paragraph they keep it.
    """
    paragraphs: list[list[int]] = [[i] for i in range(len(blocks))]
    if not blocks:
        return paragraphs
    sims = np.stack([b.vector for b in blocks]) @ np.stack([b.vector for b in blocks]).T
    while True:
        best, best_similarity = None, PARAGRAPH_SIMILARITY
        for a in range(len(paragraphs)):
            for b in range(a + 1, len(paragraphs)):
                merged = paragraphs[a] + paragraphs[b]
                if sum(blocks[i].size for i in merged) > PARAGRAPH_SENTENCES or not _within_days(blocks, merged):
                    continue
                similarity = float(sims[np.ix_(paragraphs[a], paragraphs[b])].mean())
                if similarity >= best_similarity:
                    best, best_similarity = (a, b), similarity
        if best is None:
            return sorted((sorted(p) for p in paragraphs), key=lambda p: p[0])
        a, b = best
        paragraphs[a] = paragraphs[a] + paragraphs.pop(b)


def _within_days(blocks: Sequence[Block], members: Sequence[int]) -> bool:
    """Whether the members' report days span at most `PARAGRAPH_DAYS` (undated ones are near any)."""
    days = [blocks[i].day for i in members if blocks[i].day is not None]
    return not days or (max(days) - min(days)).days <= PARAGRAPH_DAYS
