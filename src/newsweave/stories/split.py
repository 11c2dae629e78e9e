"""A second pass over a story: split it when its articles fall into two groups by their marks.

Two events of one kind (two earthquakes, two Oscars hosts, two police
shootings) share their words, so a clusterer that reads words and lead
embeddings can put them in one story. Their articles then fall into two
groups by what tells the events apart: the names, numbers and years each
group repeats and the other does not (`Features.marks`). One story told over
weeks keeps naming its place, its people and its figures in every article.

The test is a graph bipartition (spectral clustering, Shi and Malik, 2000):
the articles' marks weighted by rarity, the cosine between every two articles
less a penalty when both name years and none within a year of the other's
(a disagreement: reports of one event name its year, or the one before or
after, as an announcement of next year's ceremony does; `year_conflict`, set
on the ECB+ train topics),
the order of the second eigenvector of the normalised graph Laplacian, and of
every cut along that order with at least `min_side` articles a side, the one
whose mean similarity across the cut is the lowest share of the weaker
side's mean similarity within. A story splits when that share is below
`ratio`, and each side is tested again.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np

YEAR_GAP = 2  # years this far apart or more disagree (an event's reports name its year, or the next or last)

def mark_weights(marks: Sequence[str], mark_df: Counter, articles: int) -> dict[str, float]:
    """Rarity weight of each mark: log((articles + 1) / (articles holding it + 1)), 0 for one all hold."""
    return {m: math.log((articles + 1) / (mark_df.get(m, 0) + 1)) for m in marks}


def mark_similarities(marks: Sequence[Sequence[str]], mark_df: Counter, articles: int,
                      year_conflict: float = 0.0) -> np.ndarray:
    """Similarity of every two articles by their marks: cosine of the rarity-weighted mark vectors.

    0 for an article without marks; less `year_conflict` (not below 0) for two
    articles that both name years ("y:" marks) and none within `YEAR_GAP` - 1 of the other's.
    """
    vocab: dict[str, int] = {}
    rows = [mark_weights(m, mark_df, articles) for m in marks]
    for r in rows:
        for m in r:
            vocab.setdefault(m, len(vocab))
    matrix = np.zeros((len(rows), max(len(vocab), 1)))
    for i, r in enumerate(rows):
        for m, w in r.items():
            matrix[i, vocab[m]] = w
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9, None)
    similarity = matrix @ matrix.T
    if year_conflict:
        similarity = np.clip(similarity - year_conflict * year_conflicts(marks), 0.0, None)
    return similarity


def year_conflicts(marks: Sequence[Sequence[str]]) -> np.ndarray:
    """1 where two articles both name years and every two of their years are `YEAR_GAP` or more apart, else 0."""
    years = [np.array(sorted(int(m[2:]) for m in ms if m.startswith("y:"))) for ms in marks]
    return np.array([[float(len(a) > 0 and len(b) > 0 and np.abs(a[:, None] - b[None, :]).min() >= YEAR_GAP)
                      for b in years] for a in years]).reshape(len(years), -1)


def best_cut(similarity: np.ndarray, min_side: int) -> tuple[float, np.ndarray | None]:
    """(share, side) of the bipartition with the lowest across/within similarity share; (inf, None) if none.

    `side` is a boolean mask of one side. The share is the mean similarity
    across the cut over the lower of the two sides' mean similarities within
    (a cut with a side whose articles share no mark is not counted).
    """
    n = len(similarity)
    if n < 2 * min_side or n < 3:
        return math.inf, None
    w = similarity.copy()
    np.fill_diagonal(w, 0.0)
    degree = w.sum(axis=1) + 1e-9
    laplacian = np.eye(n) - w / np.sqrt(np.outer(degree, degree))
    _, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] / np.sqrt(degree), kind="stable")
    # Sums of every cut along the order at once: 2-D prefix sums of the reordered similarities.
    sums = np.zeros((n + 1, n + 1))
    sums[1:, 1:] = w[np.ix_(order, order)].cumsum(axis=0).cumsum(axis=1)
    k = np.arange(min_side, n - min_side + 1)
    first, second = sums[k, k], sums[n, n] - sums[k, n] - sums[n, k] + sums[k, k]
    across = (sums[k, n] - sums[k, k]) / (k * (n - k))
    within = np.minimum(first / np.maximum(k * (k - 1), 1), second / np.maximum((n - k) * (n - k - 1), 1))
    # A side whose articles share no mark is no group: that cut is never taken.
    shares = np.where(within > 1e-9, across / np.maximum(within, 1e-9), math.inf)
    if not np.isfinite(shares).any():
        return math.inf, None
    best = int(np.argmin(shares))
    side = np.zeros(n, dtype=bool)
    side[order[: k[best]]] = True
    return float(shares[best]), side


def split_groups(marks: Sequence[Sequence[str]], mark_df: Counter, articles: int,
                 ratio: float, min_side: int, year_conflict: float = 0.0) -> list[list[int]]:
    """Indices of the articles grouped into the parts the story splits into (one part: no split).

    `marks` are the story's articles' marks, `mark_df` how many of the
    `articles` placed so far hold each mark (the rarity weights). Parts come
    in the order of their first index, so the result is deterministic.
    """
    if ratio <= 0:
        return [list(range(len(marks)))]
    similarity = mark_similarities(marks, mark_df, articles, year_conflict)
    parts, pending = [], [list(range(len(marks)))]
    while pending:
        part = pending.pop()
        share, side = best_cut(similarity[np.ix_(part, part)], min_side)
        if side is None or share >= ratio:
            parts.append(part)
            continue
        pending.append([i for i, s in zip(part, side) if s])
        pending.append([i for i, s in zip(part, side) if not s])
    return sorted(parts, key=min)
