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

The event split (`event_similarities`) cuts each part again, the same way, on
a learned similarity: the probability that two articles report the same event
(`EVENT_FEATURES`: their names, numbers and years, the lead's main predicates
and their arguments from `stories.events`, a year disagreement, their TF-IDF
and lead cosines; a logistic regression trained on every two articles of an
ECB+ train topic by `train/story_splits.py`, weights in `data/story_splits.json`).
Two reports of one arrest name the one arrested and read alike in every
respect at once; two arrests of one team differ a little in each.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from typing import Sequence

import numpy as np

SPLIT_WEIGHTS_FILE = "story_splits.json"
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
    return split_parts(mark_similarities(marks, mark_df, articles, year_conflict), ratio, min_side)


def split_parts(similarity: np.ndarray, ratio: float, min_side: int) -> list[list[int]]:
    """Indices grouped into the parts a similarity matrix splits into: cut while the best cut's share is below `ratio`."""
    parts, pending = [], [list(range(len(similarity)))]
    while pending:
        part = pending.pop()
        share, side = best_cut(similarity[np.ix_(part, part)], min_side)
        if side is None or share >= ratio:
            parts.append(part)
            continue
        pending.append([i for i, s in zip(part, side) if s])
        pending.append([i for i, s in zip(part, side) if not s])
    return sorted(parts, key=min)


# The learned split (`event_similarities`): "same event?" for every two articles of a story.
EVENT_FEATURES = ("name_cos", "number_cos", "year_cos", "year_conflict", "predicate_cos", "argument_cos",
                  "lexical_cos", "lead_cos")
EVENT_KINDS = (("e:",), ("n:",), ("y:",), None, ("v:",), ("a:",))


def kind_similarities(marks: Sequence[Sequence[str]], mark_df: Counter, articles: int,
                      kinds: tuple[str, ...]) -> np.ndarray:
    """Cosine of every two articles' rarity-weighted marks of `kinds` (prefixes such as "e:"); 0 without any."""
    return mark_similarities([[m for m in ms if m[:2] in kinds] for ms in marks], mark_df, articles)


def event_pair_features(members: Sequence, mark_df: Counter, articles: int) -> np.ndarray:
    """The `EVENT_FEATURES` of every two of a story's articles (`Features`), shape (n, n, features).

    Names, numbers, years, the lead's main predicates ("v:") and their arguments
    ("a:", `stories.events`), each as the cosine of rarity-weighted marks; whether
    their years disagree; the cosines of their TF-IDF and lead vectors.
    """
    marks = [f.marks for f in members]
    layers = []
    for kinds in EVENT_KINDS:
        layers.append(year_conflicts(marks) if kinds is None else kind_similarities(marks, mark_df, articles, kinds))
    terms = np.stack([f.terms if f.terms is not None else np.zeros(1, dtype=np.float32) for f in members]) \
        if all(f.terms is not None for f in members) else np.zeros((len(members), 1), dtype=np.float32)
    vectors = np.stack([f.vector for f in members]).astype(np.float64)
    vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9, None)
    layers.append((terms @ terms.T).astype(np.float64))
    layers.append(vectors @ vectors.T)
    return np.stack(layers, axis=-1)


def event_similarities(members: Sequence, mark_df: Counter, articles: int, model) -> np.ndarray:
    """"Same event?" probability of every two of a story's articles by the learned model (a `pairs.PairScorer`)."""
    x = event_pair_features(members, mark_df, articles)
    n = len(members)
    return model.probabilities(x.reshape(n * n, -1)).reshape(n, n)


def load_split_scorer():
    """The shipped "same event?" model from `newsweave/data/story_splits.json` (a `pairs.PairScorer`), or None."""
    from newsweave.stories.pairs import PairScorer

    path = resources.files("newsweave") / "data" / SPLIT_WEIGHTS_FILE
    if not path.is_file():
        return None
    return PairScorer.from_json(json.loads(path.read_text(encoding="utf-8")), EVENT_FEATURES)
