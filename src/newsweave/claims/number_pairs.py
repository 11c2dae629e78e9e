"""A learned decision over candidate pairs of figures and of dates: do two articles' values of one thing disagree?

The rules of `numbers.py` read each figure's scope from the parse (what is
counted, its modifiers and action, whose figure, which places, when it holds).
Whether two figures with different values are one thing told two ways is
decided here by a logistic regression over what those readings say of the
pair (`FEATURES`: scope agreement, named holders, sentence similarity and
whether each figure is the other article's closest counterpart, time, how
crowded the measure is, how many other values each article gives of it, how
many articles agree with each value, small counts), trained on the
candidate pairs of four blind-annotated golds (`train/number_pairs.py`, which
records the data, folds and figures beside the weights in
`newsweave/data/number_pairs.json`). Inference is numpy only.

A candidate pair is two figures of different articles with the same measure
(dimension and predicate), values that cannot both hold (or a lower bound the
later figure passes), within a factor of ten of each other. The rules propose
the discrepancies and say how their values relate (conflict, update, likely
error); the model confirms one when some two of its figures score at or above
the shipped threshold (`numbers.learned_discrepancies`), so every flag is still
explained by the values it cites. The model alone, grouping the pairs it keeps,
was measured too and found less precise (docs/BENCHMARKS.md, branch numbers4).

Pairs of dates (`date_figures.candidate_date_pairs`: one event's dates one
unit apart in two articles) are rows of the same regression, with features of
their own (the "date_" ones: the figures' are 0 for them, theirs 0 for
figures), and are kept at the card's `date_threshold` alone: no rule proposes
a date discrepancy before them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from newsweave.cards import check_features, read_card

DATA = Path(__file__).resolve().parents[1] / "data" / "number_pairs.json"

FEATURES = (
    "compatible", "holders_differ", "cosine", "at_once", "rule_same", "crowd", "own_others", "mutual_best",
    "best_margin", "support", "small_counts",
    "date", "date_cosine", "date_mutual_best", "date_margin", "date_rule_same", "date_event_overlap", "date_gap",
    "date_crowd", "date_own_others", "date_support", "date_same_precision",
)  # those from "date" on are a pair of dates' (`date_figures.date_pair_features`), 0 for figures, whose own are
# 0 for dates: one regression, its weights apart for the two kinds of pair
_FIGURE_FEATURES = FEATURES.index("date")  # a pair of figures' own features, the first of `FEATURES`


@dataclass(frozen=True, slots=True)
class PairModel:
    """A logistic regression over `FEATURES`: standardising means and scales, weights, bias, threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    date_threshold: float | None = None  # where a date pair is kept (the model decides dates alone); None: threshold

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row's two figures disagree about one thing."""
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.weights) + self.bias)))


def load_pair_model(path: Path = DATA) -> PairModel | None:
    """The shipped pair model, or None when its file is missing (the rules alone then decide)."""
    card = read_card(path, "numbers pair model")
    if card is None:
        return None
    check_features(card, FEATURES, path, "train/number_pairs.py")
    return PairModel(tuple(card["mean"]), tuple(card["scale"]), tuple(card["weights"]), float(card["bias"]),
                     float(card["threshold"]), card.get("date_threshold"))


def candidate_pairs(quantities: Sequence, changed: Callable, same_order: Callable,
                    within: Sequence[set[int]] | None = None) -> list[tuple[int, int]]:
    """Index pairs of figures worth deciding: different articles, one measure, values that are another
    figure one of the other (`changed`: apart, a bound moved, a bound passed), within a factor of ten
    unless reports of different days give them (a toll may grow tenfold). `within` (sets of indices)
    limits the pairs to those inside one set (the figures one discrepancy cites), so that a large story
    scores only what it flags."""
    if within is None:
        by_measure: dict[tuple[str, str], list[int]] = {}
        for i, q in enumerate(quantities):
            by_measure.setdefault((q.dimension, q.predicate), []).append(i)
        within = [set(v) for v in by_measure.values()]
    out = set()
    for members in within:
        ordered = sorted(members)
        for x, i in enumerate(ordered):
            for j in ordered[x + 1:]:
                a, b = quantities[i], quantities[j]
                if a.article == b.article or (a.dimension, a.predicate) != (b.dimension, b.predicate):
                    continue
                if not same_order(a, b) and (a.reported is None or b.reported is None or a.reported == b.reported):
                    continue
                if changed(a, b) or changed(b, a):
                    out.add((i, j))
    return sorted(out)


def pair_features(a, b, context: "PairContext") -> list[float]:
    """The features of one candidate pair, in the order of `FEATURES` (symmetric in a and b): whether the
    rules' scopes agree and say one thing, whether named holders differ, how alike the two sentences are
    and whether each figure is the other article's closest counterpart, whether they may hold at once,
    how crowded the measure is and how many other values each article gives of it, how many articles
    agree with each, and whether both are small counts (which stories give of many things)."""
    from newsweave.claims import numbers
    from newsweave.claims.scope import compatible

    sa, sb = a.scope, b.scope
    ma, mb = abs(numbers._middle([a])), abs(numbers._middle([b]))
    return [
        float(compatible(sa, sb)),
        float(bool(sa.holder) and bool(sb.holder) and sa.holder != sb.holder),
        context.cosine(a, b),
        float(numbers._at_once(a, b, context.day)),
        float(numbers._same_thing(a, b, context.vectors)),
        math.log1p(context.crowd.get((a.dimension, a.predicate), 0)),
        math.log1p(context.own_others(a) + context.own_others(b)),
        float(context.best_match(a, b.article) == b.start and context.best_match(b, a.article) == a.start),
        (context.margin(a, b) + context.margin(b, a)) / 2,
        math.log1p(min(context.support(a), context.support(b))),
        float(max(ma, mb) < 20),
        *([0.0] * (len(FEATURES) - _FIGURE_FEATURES)),
    ]


@dataclass(frozen=True)
class PairContext:
    """What the features of a pair read from the whole story: sentence vectors, the story's day, and the
    figures of each measure (how crowded it is, what else each article says of it)."""

    vectors: Mapping
    day: date | None
    crowd: Mapping[tuple[str, str], int]
    by_measure: Mapping[tuple[str, str], tuple]

    def own_others(self, q) -> int:
        """How many other values of the measure, apart from `q`'s, its own article gives."""
        from newsweave.claims.numbers import _apart
        return sum(1 for o in self.by_measure.get((q.dimension, q.predicate), ())
                   if o.article == q.article and o.start != q.start and _apart(o, q))

    def cosine(self, a, b) -> float:
        """The cosine of the two figures' sentences (0 when one has no vector)."""
        va, vb = self.vectors.get((a.article, a.sentence)), self.vectors.get((b.article, b.sentence))
        return float(va @ vb) if va is not None and vb is not None else 0.0

    def _counterparts(self, q, article: str) -> list:
        return [o for o in self.by_measure.get((q.dimension, q.predicate), ()) if o.article == article]

    def best_match(self, q, article: str) -> int:
        """The start of the figure of the same measure in `article` whose sentence is most like `q`'s: the
        figure that article most likely gives for what `q` states."""
        options = self._counterparts(q, article)
        return max(options, key=lambda o: (self.cosine(q, o), -o.start)).start if options else -1

    def margin(self, a, b) -> float:
        """How much more `b`'s sentence is like `a`'s than the best other sentence of `b`'s article with a
        figure of the measure (0 when there is none)."""
        others = [self.cosine(a, o) for o in self._counterparts(a, b.article) if o.sentence != b.sentence]
        return self.cosine(a, b) - max(others) if others else 0.0

    def support(self, q) -> int:
        """How many other articles give a value of the measure that agrees with `q`'s."""
        from newsweave.claims.numbers import _apart
        return len({o.article for o in self.by_measure.get((q.dimension, q.predicate), ())
                    if o.article != q.article and not _apart(o, q)})


def story_context(quantities: Sequence, vectors: Mapping, day: date | None) -> PairContext:
    """The story-wide part of the pair features."""
    by_measure: dict[tuple[str, str], list] = {}
    for q in quantities:
        by_measure.setdefault((q.dimension, q.predicate), []).append(q)
    return PairContext(vectors, day, {k: len(v) for k, v in by_measure.items()},
                       {k: tuple(v) for k, v in by_measure.items()})


def row_of(named: Mapping[str, float]) -> list[float]:
    """A feature row in the order of `FEATURES` from named values (0 for a feature not named)."""
    return [float(named.get(f, 0.0)) for f in FEATURES]


def feature_matrix(quantities: Sequence, pairs: Sequence[tuple[int, int]], vectors: Mapping,
                   day: date | None) -> np.ndarray:
    """The feature rows of the candidate pairs, shape (pairs, len(FEATURES))."""
    context = story_context(quantities, vectors, day)
    rows = [pair_features(quantities[i], quantities[j], context) for i, j in pairs]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))
