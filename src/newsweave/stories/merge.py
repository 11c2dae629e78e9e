"""A learned recall pass: merge two stories that tell one story, by their sums.

Online placement leaves one story's reports in several stories when its
articles open on different sub-events (an earthquake, then its aftershocks
weeks later) or when a scraped page says little: the articles of a part are
then nearer to each other than to the rest. Two such parts agree on what a
story's reports repeat and a look-alike story does not: its rare names,
numbers and years. Two events of one kind share their words, not these, and
they disagree on their years.

The decision is a small logistic regression over story-pair features read
from the running sums alone (`StoryState`: lead-embedding and TF-IDF sums,
how many articles hold each mark, the date window, the size), so a store
takes it as a batch does. Each story is paired with its `MERGE_CANDIDATES`
nearest by centroid cosine; the most probable pair at or above
`ClusteringSettings.merge_probability` merges first, then the next, until none
is left. Only pairs whose TF-IDF centroids' cosine reaches
`ClusteringSettings.merge_lexical` are scored: the model alone, trained
without the scraped pages of Multi-News, merges such pages (several stories of
one topic, their embeddings near); pages of one story share their rare words,
and so do a long story's parts (docs/BENCHMARKS.md, "a learned recall pass"
and "a gated recall pass"). On by default (p >= 0.7, cosine >= 0.2). Weights:
`train/story_merges.py`, shipped as JSON in `newsweave/data/`; inference is numpy only.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from typing import Sequence

import numpy as np

from newsweave.stories.pairs import MARK_KINDS as STORY_MARK_KINDS, PairScorer
from newsweave.stories.split import YEAR_GAP

MERGE_FEATURES = ("centroid_cos", "lexical_cos", "name_cos", "figure_cos", "rarest_shared",
                  "year_conflict", "near_in_time", "log_smaller", "log_larger")
MERGE_CANDIDATES = 5
NEAR_DAYS = 14  # two dated stories this close are near in time (the clusterer's window)
WEIGHTS_FILE = "story_merges.json"


def load_merge_scorer() -> PairScorer | None:
    """The shipped merge scorer from `newsweave/data/story_merges.json`, or None when none ships."""
    path = resources.files("newsweave") / "data" / WEIGHTS_FILE
    if not path.is_file():
        return None
    return PairScorer.from_json(json.loads(path.read_text(encoding="utf-8")), MERGE_FEATURES)


def mark_vector(s, mark_df: Counter, articles: int, kinds: tuple[str, ...]) -> dict[str, float]:
    """The story's marks of `kinds` ("e:", "n:", "y:"), each weighted by its share of the story's articles times its rarity."""
    return {m: (c / max(s.size, 1)) * math.log((articles + 1) / (mark_df.get(m, 0) + 1))
            for m, c in s.mark_counts.items() if m[:2] in kinds and c > 0}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[m] for m, w in a.items() if m in b)
    na, nb = math.sqrt(sum(w * w for w in a.values())), math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na > 1e-12 and nb > 1e-12 else 0.0


def main_years(s) -> list[int]:
    """The years a story's articles name most: held by at least half as many articles as its most named year.

    A story's later reports recall other years (a quake report names the tsunami
    of years before); its main years are those most of its reports name.
    """
    counts = {int(m[2:]): c for m, c in s.mark_counts.items() if m.startswith("y:") and c > 0}
    top = max(counts.values(), default=0)
    return sorted(y for y, c in counts.items() if 2 * c >= top)


def years_conflict(a, b) -> bool:
    """True when both stories name years and every main year of one is `YEAR_GAP` or more from every one of the other."""
    ya, yb = main_years(a), main_years(b)
    return bool(ya and yb) and min(abs(x - y) for x in ya for y in yb) >= YEAR_GAP


def rarest_shared(a, b, mark_df: Counter, articles: int) -> float:
    """The rarity of the rarest mark both stories hold, over the rarity of a mark one article holds (0: none shared)."""
    shared = [mark_df.get(m, 0) for m, c in a.mark_counts.items()
              if c > 0 and m[:2] in STORY_MARK_KINDS and b.mark_counts.get(m, 0) > 0]
    if not shared or articles < 1:
        return 0.0
    top = math.log((articles + 1) / 2)
    return math.log((articles + 1) / (min(shared) + 1)) / top if top > 1e-9 else 0.0


def days_apart(a, b) -> tuple[int, bool]:
    """Days between the two stories' date windows (0 when they overlap), and whether both are dated."""
    if None in (a.first_day, a.last_day, b.first_day, b.last_day):
        return 0, False
    return max(0, a.first_day - b.last_day, b.first_day - a.last_day), True


def merge_features(a, b, centroid_cos: float, lexical_cos: float, mark_df: Counter, articles: int) -> np.ndarray:
    """Story-pair features (`MERGE_FEATURES`) of stories `a` and `b` (`StoryState`s) with their cosines given."""
    days, dated = days_apart(a, b)
    # Near in time is evidence; far is not read as counter-evidence, since collections without dates
    # (or with a scrape's dates) cannot teach what a distance means, and a story can run for months.
    near = float(dated and days <= NEAR_DAYS)
    names = _cosine(mark_vector(a, mark_df, articles, ("e:",)), mark_vector(b, mark_df, articles, ("e:",)))
    figures = _cosine(mark_vector(a, mark_df, articles, ("n:", "y:")), mark_vector(b, mark_df, articles, ("n:", "y:")))
    small, large = sorted((a.size, b.size))
    return np.array([centroid_cos, lexical_cos, names, figures, rarest_shared(a, b, mark_df, articles),
                     float(years_conflict(a, b)), near,
                     math.log1p(small), math.log1p(large)], dtype=np.float64)


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    return rows / np.clip(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9, None)


def candidate_pairs(stories: Sequence, among: set[int], k: int = MERGE_CANDIDATES,
                    lexical_weight: float = 0.2) -> list[tuple[int, int, float, float]]:
    """(i, j, lead cosine, TF-IDF cosine), i < j: each story of `among` (indices) with its `k` nearest by blended cosine.

    Only the rows of `among` are compared with every story, so a store's chunk
    costs its touched stories times the stored ones.
    """
    rows = sorted(among)
    if not rows or len(stories) < 2:
        return []
    vectors = _unit_rows(np.stack([s.vector_sum for s in stories]).astype(np.float64))
    terms = _unit_rows(np.stack([s.term_sum for s in stories]).astype(np.float64))
    cos, lex = vectors[rows] @ vectors.T, terms[rows] @ terms.T
    blend = (1 - lexical_weight) * cos + lexical_weight * lex
    pairs: dict[tuple[int, int], tuple[float, float]] = {}
    for n, i in enumerate(rows):
        blend[n, i] = -np.inf
        for j in np.argsort(-blend[n], kind="stable")[:k]:
            j = int(j)
            if np.isfinite(blend[n, j]) and stories[j].size > 0:
                pairs[(min(i, j), max(i, j))] = (float(cos[n, j]), float(lex[n, j]))
    return [(i, j, c, x) for (i, j), (c, x) in sorted(pairs.items())]
