"""Train the toponym finder and the geocoding candidate ranker on the GeoWebNews train half.

Writes `src/newsweave/data/toponym_finder.json` (is this capitalised,
gazetteer-known run of words a place? `newsweave.entities.toponyms`) and then
`src/newsweave/data/geo_ranker.json` (which entry does a place name mean?).
With `--finder-only` only the finder is trained and the shipped ranker kept
(that is how the shipped pair was made: retraining the ranker with the finder
on changed GeoWebNews dev accuracy by -0.002); with `--ranker-only` only the
ranker, with the shipped finder.

Data: `../shared/bench/geo/geowebnews.jsonl.gz` (Gritta et al. 2019), the
articles whose stable hash (`newsweave.entities.places.split_of`) puts them in
the train half; the dev half, TR-News and GeoVirus are never read here.

Each article is parsed and resolved exactly as the pipeline does, with the
gazetteer's ranker replaced by a recorder: every time a name's candidates are
ranked, their feature rows are kept. A name whose mentions overlap a gold
toponym is labelled: a candidate within 161 km of the gold point is right.
Two rounds: the first records while a plain rule chooses (so the second
pass's neighbour features come from plausible choices), the second records
while the first round's model chooses, as at run time.

A logistic regression (scikit-learn, `pip install -e .[train]`) is fitted on
the rows; its regularisation and the probability a choice needs are chosen
by 5-fold cross-validation over articles of the train half. Only the weights
are exported (JSON; inference is numpy). Seed 0.

The finder: every toponym candidate of the train articles is recorded (the
finder replaced by a recorder that accepts none) and labelled a place when it
overlaps a gold toponym with coordinates; an L2 logistic regression is fitted,
its C and threshold chosen by 5-fold cross-validation over train articles
(the threshold: the lowest whose precision reaches `FINDER_PRECISION`).

With `--finder-threshold` the shipped finder's weights are kept and only its
threshold is chosen again, end to end: the whole pipeline is run on the train
articles at each of `END_TO_END_THRESHOLDS`, and the threshold with most gold
toponyms placed within 161 km is written (the shipped 0.4, branch geo5; the
precision rule above gave 0.6 before the fall-back of `entities/backoff.py`);
a name spaCy labels a person keeps the precision rule's threshold
(`person_threshold`), so that surnames do not become towns.

Run: ``PYTHONPATH=src .venv/bin/python train/train_geo.py [--finder-only | --ranker-only | --finder-threshold]`` (a few minutes; parses cached
under /tmp/geo/).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from geo import aligned, article_of, parsed_set, place_mentions, read_set  # noqa: E402  (benchmarks/geo.py)
from newsweave.entities import resolve_entities  # noqa: E402
from newsweave.entities.geo import distance_km  # noqa: E402
from newsweave.entities.places import FEATURES, RANKER_PATH, Ranker, pick, split_of  # noqa: E402
from newsweave.entities.toponyms import FEATURES as TOPONYM_FEATURES  # noqa: E402
from newsweave.entities.toponyms import FINDER_PATH, Candidate, Finder  # noqa: E402
from newsweave.nlp import load_models  # noqa: E402

KM = 161.0
SEED = 0
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
TIE_RATIOS = (0.7, 0.8, 0.9, 1.01)  # 1.01: no tie rule
FINDER_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
FINDER_PRECISION = 0.65  # the cross-validated precision the toponym finder must keep
END_TO_END_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass
class Group:
    """One ranking of one name's candidates, labelled by the gold toponym its mentions overlap."""

    article: str
    rows: np.ndarray
    right: np.ndarray  # bool per candidate: within 161 km of the gold point
    located: np.ndarray  # bool per candidate: has coordinates
    places: tuple = ()  # the candidates (for the tie rule)


class Recorder:
    """Stands in for the ranker: keeps every ranking's rows, lets `inner` (or a plain rule) choose."""

    def __init__(self, inner: Ranker | None) -> None:
        self.inner = inner
        self.calls: list[tuple[object, np.ndarray]] = []
        self.threshold = 0.0

    def choose(self, form, rows: np.ndarray) -> int | None:
        """Record, then choose like the model (or by country share and population)."""
        self.calls.append((form, rows))
        if self.inner is not None:
            return self.inner.choose(form, rows)
        located = [i for i, p in enumerate(form.places) if p.lat is not None]
        if not located:
            return None
        share, pop = FEATURES.index("country_share"), FEATURES.index("log_population")
        return max(located, key=lambda i: 2 * rows[i, share] + rows[i, pop])


def record(records, parsed, models, inner: Ranker | None) -> list[Group]:
    """Labelled rankings of every train article."""
    groups: list[Group] = []
    for record_, p in zip(records, parsed):
        recorder = Recorder(inner)
        models.gazetteer.ranker = recorder
        resolve_entities([p], models)
        gold = [g for g in record_["toponyms"] if g.get("lat") is not None]
        for form, rows in recorder.calls:
            point = _gold_point(form, gold)
            if point is None:
                continue
            right = np.array([p_.lat is not None and distance_km((p_.lat, p_.lon), point) <= KM for p_ in form.places])
            located = np.array([p_.lat is not None for p_ in form.places])
            groups.append(Group(record_["id"], rows, right, located, tuple(form.places)))
    return groups


def _gold_point(form, gold: list[dict]) -> tuple[float, float] | None:
    """The gold point most of the form's mentions overlap, or None."""
    votes: dict[tuple[float, float], int] = {}
    for m in form.mentions:
        for g in gold:
            if g["start"] < m.end and m.start < g["end"]:
                key = (g["lat"], g["lon"])
                votes[key] = votes.get(key, 0) + 1
    return max(votes, key=votes.get) if votes else None


def fit(groups: list[Group], c: float):
    """A logistic regression on the groups' located candidates."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([g.rows[g.located] for g in groups])
    y = np.concatenate([g.right[g.located] for g in groups])
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit(x, y)
    return Ranker(model.coef_[0].astype(float), float(model.intercept_[0]), 0.0)


def outcomes(ranker: Ranker, groups: list[Group], threshold: float, tie_ratio: float) -> tuple[int, int, int]:
    """(right, wrong, unplaced) over the groups at this threshold and tie ratio."""
    right = wrong = none = 0
    for g in groups:
        best = pick(g.places, ranker.probabilities(g.rows), threshold, tie_ratio)
        if best is None:
            none += 1
        elif g.right[best]:
            right += 1
        else:
            wrong += 1
    return right, wrong, none


def cross_validate(groups: list[Group]) -> tuple[float, float, float, dict]:
    """The C with most right choices over 5 folds of articles, then the strictest threshold and tie ratio keeping them.

    A setting that abstains more is kept while it loses at most 0.5% of the
    right choices: an unplaced name beats a wrong point, but not at the cost
    of right ones.
    """
    articles = sorted({g.article for g in groups})
    rng = np.random.default_rng(SEED)
    fold_of = {a: int(i) % 5 for a, i in zip(articles, rng.permutation(len(articles)))}
    table = {}
    for c in C_GRID:
        totals = {(t, r): [0, 0, 0] for t in THRESHOLDS for r in TIE_RATIOS}
        for k in range(5):
            train = [g for g in groups if fold_of[g.article] != k]
            test = [g for g in groups if fold_of[g.article] == k]
            ranker = fit(train, c)
            for (t, r), acc in totals.items():
                for i, v in enumerate(outcomes(ranker, test, t, r)):
                    acc[i] += v
        for (t, r), v in totals.items():
            table[(c, t, r)] = tuple(v)
    most = max(v[0] for v in table.values())
    kept = [k for k, v in table.items() if v[0] >= 0.995 * most]
    best = max(kept, key=lambda k: (table[k][2], table[k][0]))
    return best[0], best[1], best[2], {f"C={c} t={t} tie={r}": v for (c, t, r), v in table.items()}


class FinderRecorder:
    """Stands in for the toponym finder: keeps every article's candidates, accepts none."""

    def __init__(self) -> None:
        self.calls: list[list[Candidate]] = []

    def accepted(self, candidates: list[Candidate]) -> list[Candidate]:
        """Record the candidates; accept none (their features do not depend on what is accepted)."""
        self.calls.append(list(candidates))
        return []


def record_candidates(records, parsed, models) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(article ids, feature rows, labels) of every toponym candidate of the train articles.

    A candidate is a place when it overlaps a gold toponym that has coordinates.
    """
    ids, rows, labels = [], [], []
    shipped = models.gazetteer.finder
    for record_, p in zip(records, parsed):
        recorder = FinderRecorder()
        models.gazetteer.finder = recorder
        resolve_entities([p], models)
        gold = [(g["start"], g["end"]) for g in record_["toponyms"] if g.get("lat") is not None]
        for c in (c for call in recorder.calls for c in call):
            ids.append(record_["id"])
            rows.append(c.features)
            labels.append(any(s < c.end and c.start < e for s, e in gold))
    models.gazetteer.finder = shipped
    return ids, np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=bool)


def train_finder(records, parsed, models) -> tuple[Finder, dict]:
    """The toponym classifier: C and threshold by 5-fold CV over train articles.

    The threshold is the lowest whose cross-validated precision reaches
    `FINDER_PRECISION` (a wrong place costs the report more than a missed
    one), C the one that finds most toponyms at it.
    """
    from sklearn.linear_model import LogisticRegression

    ids, x, y = record_candidates(records, parsed, models)
    articles = sorted(set(ids))
    rng = np.random.default_rng(SEED)
    fold_of = {a: int(i) % 5 for a, i in zip(articles, rng.permutation(len(articles)))}
    folds = np.asarray([fold_of[a] for a in ids])
    table = {}
    for c in C_GRID:
        probs = np.zeros(len(y))
        for k in range(5):
            model = LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(x[folds != k], y[folds != k])
            probs[folds == k] = model.predict_proba(x[folds == k])[:, 1]
        for t in FINDER_THRESHOLDS:
            kept = probs >= t
            tp = int((kept & y).sum())
            table[(c, t)] = (tp, int((kept & ~y).sum()), int(y.sum()))
    ok = [k for k, (tp, fp, _) in table.items() if tp + fp and tp / (tp + fp) >= FINDER_PRECISION]
    c, t = max(ok, key=lambda k: (table[k][0], k[1])) if ok else (1.0, 0.9)
    model = LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(x, y)
    finder = Finder(model.coef_[0].astype(float), float(model.intercept_[0]), t)
    tp, fp, pos = table[(c, t)]
    card = {"candidates": int(len(y)), "places": int(y.sum()), "C": c, "threshold": t,
            "cv_found_places": tp, "cv_false_places": fp, "cv_precision": round(tp / max(1, tp + fp), 3),
            "cv_recall_of_candidates": round(tp / max(1, pos), 3),
            "cv_table_found_false_total": {f"C={k[0]} t={k[1]}": v for k, v in table.items()}}
    return finder, card


def write_finder(finder: Finder, card: dict, records) -> None:
    """The finder's weights and card, as `data/toponym_finder.json`."""
    out = {"features": list(TOPONYM_FEATURES), "weights": [round(float(w), 6) for w in finder.weights],
           "bias": round(finder.bias, 6), "threshold": finder.threshold,
           "provenance": {"script": "train/train_geo.py", "seed": SEED,
                          "data": "GeoWebNews (Gritta et al. 2019), the benchmark copy bench/geo/geowebnews.jsonl.gz; read at training time only",
                          "split": "train half by sha1(article id)[0] % 2 == 0 (newsweave.entities.places.split_of)",
                          "articles": len(records), "label": "overlaps a gold toponym with coordinates",
                          "model": "L2 logistic regression (scikit-learn), weights exported to JSON", **card}}
    FINDER_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


def placed_right(records, parsed, models) -> int:
    """How many gold toponyms of the articles the whole pipeline places within 161 km."""
    from newsweave.model import Settings

    right = 0
    for record_, p in zip(records, parsed):
        mentions = place_mentions(p, models, Settings())
        for g in record_["toponyms"]:
            if g.get("lat") is None:
                continue
            m = aligned(g, mentions)
            right += m is not None and m.point is not None and distance_km(m.point, (g["lat"], g["lon"])) <= KM
    return right


def choose_finder_threshold(records, parsed, models) -> None:
    """Re-choose the shipped finder's threshold end to end on the train articles and write it (`--finder-threshold`)."""
    from dataclasses import replace

    shipped = models.gazetteer.finder
    counts = {}
    for t in END_TO_END_THRESHOLDS:
        models.gazetteer.finder = replace(shipped, threshold=t)
        counts[str(t)] = placed_right(records, parsed, models)
    models.gazetteer.finder = shipped
    best = max(END_TO_END_THRESHOLDS, key=lambda t: (counts[str(t)], t))
    data = json.loads(FINDER_PATH.read_text(encoding="utf-8"))
    data["threshold"] = best
    # a name spaCy labels a person keeps the precision rule's threshold: surnames are not to become towns
    data["person_threshold"] = data["provenance"]["threshold"]
    data["provenance"]["threshold_end_to_end"] = {
        "by": "train/train_geo.py --finder-threshold: gold toponyms of the train half placed within 161 km by the "
              "whole pipeline at each threshold (weights as trained above); ties to the higher threshold",
        "right_by_threshold": counts, "toponyms": sum(g.get("lat") is not None for r in records for g in r["toponyms"]),
        "threshold": best}
    FINDER_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(data["provenance"]["threshold_end_to_end"], indent=1))


def main() -> int:
    """Train the toponym finder, then record and fit the ranker twice, and write both with their provenance."""
    models = load_models()
    records = [r for r in read_set("geowebnews") if split_of(r["id"]) == "train"]
    articles = [article_of(r) for r in records]
    parsed = parsed_set("geowebnews-train", articles, models)
    if "--finder-threshold" in sys.argv:
        choose_finder_threshold(records, parsed, models)
        return 0
    if "--ranker-only" not in sys.argv:  # else the shipped finder is kept
        finder, card = train_finder(records, parsed, models)
        write_finder(finder, card, records)
        print(json.dumps({k: v for k, v in card.items() if k != "cv_table_found_false_total"}, indent=1))
        print(dict(zip(TOPONYM_FEATURES, (round(float(w), 2) for w in finder.weights))))
        models.gazetteer.finder = finder
    if "--finder-only" in sys.argv:
        return 0
    shipped = models.gazetteer.ranker
    groups = record(records, parsed, models, None)
    c, threshold, tie, _ = cross_validate(groups)
    first = fit(groups, c)
    first = Ranker(first.weights, first.bias, threshold, tie)
    groups = record(records, parsed, models, first)
    c, threshold, tie, table = cross_validate(groups)
    final = fit(groups, c)
    right, wrong, none = outcomes(final, groups, threshold, tie)
    models.gazetteer.ranker = shipped
    out = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in final.weights],
        "bias": round(final.bias, 6),
        "threshold": threshold,
        "tie_ratio": tie,
        "provenance": {
            "script": "train/train_geo.py", "seed": SEED,
            "data": "GeoWebNews (Gritta et al. 2019), the benchmark copy bench/geo/geowebnews.jsonl.gz; read at training time only",
            "split": "train half by sha1(article id)[0] % 2 == 0 (newsweave.entities.places.split_of)",
            "articles": len(records), "rankings": len(groups),
            "rows": int(sum(int(g.located.sum()) for g in groups)),
            "chosen": {"C": c, "threshold": threshold, "tie_ratio": tie,
                       "by": "5-fold CV over train articles: most right, then the most abstaining setting "
                             "within 0.5% of it"},
            "cv_right_wrong_unplaced": table,
            "train_fit_right_wrong_unplaced": [right, wrong, none],
        },
    }
    RANKER_PATH.parent.mkdir(parents=True, exist_ok=True)
    RANKER_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out["provenance"].items() if k != "cv_right_wrong_unplaced"}, indent=1))
    print(dict(zip(FEATURES, out["weights"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
