"""Mentions of one event merged across articles: similarity of two mentions and the clustering.

Mentions of one calendar value are clustered by average link on `similarity`
(sentence vectors raised by shared event words); month- and year-dated groups
are then folded into the day-dated event they belong to.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from newsweave.timeline.dated import RANK, Dated, compatible

# `similarity` above which two mentions of one date are one event, and the weight
# of shared event words in it; chosen on the dev topics of benchmarks/timeline.py
# (pairwise F1 is flat between 0.45 and 0.5; the higher bar keeps events apart).
SAME_EVENT = 0.5
OVERLAP_WEIGHT = 0.3
# `similarity` above which a month- or year-dated group is folded under a finer-dated event
# of its period; chosen on the same dev topics (see benchmarks/timeline.py and docs/BENCHMARKS.md).
FOLD_COARSER = 0.4


def similarity(a: Dated, b: Dated, vectors: Mapping[tuple[str, int], np.ndarray]) -> float:
    """How alike two mentions' events are, from 0 to 1.

    The cosine of the two sentences' MiniLM vectors, raised by the overlap of
    the events' words (sentences of one story share its topic, so the events'
    own words help tell its happenings apart); mentions in one sentence score 1.
    """
    if a.mention.article == b.mention.article and a.mention.sentence == b.mention.sentence:
        return 1.0
    va = vectors.get((a.mention.article, a.mention.sentence))
    vb = vectors.get((b.mention.article, b.mention.sentence))
    cosine = max(0.0, float(np.dot(va, vb))) if va is not None and vb is not None else 0.0
    return min(1.0, cosine + OVERLAP_WEIGHT * word_overlap(a.mention.event.words, b.mention.event.words))


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the smaller set's size (0 when either has fewer than two words)."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def merge_events(dated: Sequence[Dated], vectors: Mapping[tuple[str, int], np.ndarray],
                 threshold: float = SAME_EVENT) -> list[list[Dated]]:
    """Mentions grouped into events: same calendar value, and alike by `similarity`.

    Average-link agglomerative clustering within each calendar value. Two
    sentences of one article are kept apart (an article that dates two
    sentences alike usually tells two events of that day).
    """
    by_date: dict[tuple[str, str], list[Dated]] = {}
    for d in dated:
        by_date.setdefault((d.value.iso, d.value.precision), []).append(d)
    groups: list[list[Dated]] = []
    for key in sorted(by_date):
        groups.extend(_cluster(by_date[key], vectors, threshold))
    return _fold_coarser(groups, vectors, threshold)


def _fold_coarser(groups: list[list[Dated]], vectors: Mapping[tuple[str, int], np.ndarray],
                  threshold: float) -> list[list[Dated]]:
    """Month- and year-dated groups folded under the finer-dated event of their period they tell.

    "In June" joins "June 1", "in 2021" joins "August 15, 2021" or "in August":
    each coarse group, months before years, goes to the most alike group of a
    finer precision inside its period, when `similarity` reaches `FOLD_COARSER`
    (`threshold` when that is lower, as the clustering's own bar).
    """
    bar = min(threshold, FOLD_COARSER)
    out = [g for g in groups if g[0].value.precision == "day"]
    for precision in ("month", "year"):
        for g in (g for g in groups if g[0].value.precision == precision):
            inside = [f for f in out if RANK[f[0].value.precision] > RANK[precision]
                      and compatible(g[0].value, f[0].value)]
            scored = [(float(np.mean([similarity(a, b, vectors) for a in g for b in f])), f) for f in inside]
            best = max(scored, key=lambda x: x[0], default=None)
            if best is not None and best[0] >= bar:
                best[1].extend(g)
            else:
                out.append(g)
    return out


def _cluster(items: list[Dated], vectors: Mapping[tuple[str, int], np.ndarray], threshold: float) -> list[list[Dated]]:
    """Average-link clusters of one date's mentions, never joining two sentences of one article.

    The cluster similarities are updated in place on each merge (Lance-Williams),
    so a date with hundreds of mentions costs O(n^2) per merge in numpy.
    """
    n = len(items)
    if n < 2:
        return [list(items)]
    sim = np.array([[similarity(a, b, vectors) for b in items] for a in items], dtype=np.float64)
    sentence = [(d.mention.article, d.mention.sentence) for d in items]
    # Two mentions may not share a cluster when they are different sentences of one article.
    apart = np.array([[x[0] == y[0] and x[1] != y[1] for y in sentence] for x in sentence])
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]
    while True:
        masked = np.where(apart | ~alive[:, None] | ~alive[None, :], -1.0, sim)
        np.fill_diagonal(masked, -1.0)
        x, y = np.unravel_index(int(np.argmax(masked)), masked.shape)
        if masked[x, y] < threshold:
            break
        sim[x, :] = sim[:, x] = (size[x] * sim[x, :] + size[y] * sim[y, :]) / (size[x] + size[y])
        apart[x, :] = apart[:, x] = apart[x, :] | apart[y, :]
        size[x] += size[y]
        alive[y] = False
        members[x].extend(members[y])
    return [[items[i] for i in sorted(members[k])] for k in range(n) if alive[k]]
