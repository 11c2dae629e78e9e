"""Train the pair model of numeric and date discrepancies (`newsweave.claims.number_pairs`).

    PYTHONPATH=src python train/number_pairs.py [--card src/newsweave/data/number_pairs.json] [--cache DIR]

Reads ../shared/bench (MultiLing 2011, Multi-News validation, ECB+) through
benchmarks/claims.py. Data: the four blind numbers golds,
`benchmarks/data/numbers_gold.json` (18 stories, 7 discrepancies),
`numbers_gold2.json` (29 stories, 41 discrepancies), `numbers_gold3.json`
(24 stories, 23 discrepancies) and `numbers_gold4.json` (24 stories, 10
discrepancies), annotated by helpers who read only the articles. A candidate pair (two figures of different articles, one measure,
values apart: `number_pairs.candidate_pairs`; or two dates of one event one
unit apart: `date_figures.candidate_date_pairs`) is positive when both overlap
values of one gold discrepancy.

Model: logistic regression (numpy, L2, standardised features), weighted so
that positives and negatives weigh alike. Its use: the hand-written rules
(`numbers.rule_discrepancies`) propose the discrepancies, and one is kept when
the best-scored candidate pair among its figures reaches the threshold
(`numbers.learned_discrepancies`). Figures: leave-one-story-out
cross-validation over all 95 stories (the model of each fold trained on the
other 94 stories' pairs), each held-out story's rule discrepancies kept or not
by its fold's scores and its date pairs kept at the date threshold, and scored with the blind-gold scorer of
benchmarks/claims.py, per gold, beside the rules alone and the same-unit
baseline on the same stories. The penalty (`L2S`) and the threshold (`GRID`)
are those that find the most gold discrepancies at a cross-validated
precision of at least 0.7 (`merit`; where none reaches it, the best F0.5:
precision weighed twice recall, a fact-checker would rather see few right
flags than many wrong ones), over all golds, the stronger penalty and the
middle threshold among equals; a nested figure (the thresholds chosen inside
each fold on the other stories' cross-validated scores) is reported beside it. The shipped weights are trained on all stories.

Parses are cached under --cache (one pickle a story).
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import claims as bench  # noqa: E402
from newsweave.claims import numbers  # noqa: E402
from newsweave.claims import number_pairs as npairs  # noqa: E402
from newsweave.claims import date_figures as dfig  # noqa: E402
from newsweave.timeline.publication import story_reference  # noqa: E402

GOLDS = ("numbers_gold.json", "numbers_gold2.json", "numbers_gold3.json", "numbers_gold4.json")
CARD = ROOT / "src" / "newsweave" / "data" / "number_pairs.json"
L2 = 0.1  # the penalty on the weights (the sample weights sum to one); set from L2S by main
L2S = (0.01, 0.1, 1.0)
GRID = [round(0.05 * k, 2) for k in range(2, 20)]
DATE_GRID = [round(0.05 * k, 2) for k in range(6, 20)]  # the dates' threshold: from 0.3 up
ITERATIONS = 400


def stories(cache: Path) -> list[dict]:
    """Each gold story with its figures, candidate pairs, features, pair labels and gold discrepancies."""
    from newsweave.nlp import load_models
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import numbers_review

    models = None
    out = []
    for name in GOLDS:
        gold = json.loads((ROOT / "benchmarks" / "data" / name).read_text(encoding="utf-8"))
        for (key, docs), story in zip(bench.heldout_stories(gold), gold["stories"]):
            path = cache / f"g-{key}.pkl"
            if not path.exists() and models is None:
                models = load_models()
            parsed, vectors = numbers_review.parsed_story(f"g-{key}", docs, models, cache)
            out.append(story_row(name, key, parsed, vectors, story["discrepancies"]))
            print(f"{name} {key}: {len(out[-1]['pairs'])} pairs, {int(out[-1]['y'].sum())} positive", file=sys.stderr)
    return out


def story_row(gold_name: str, key: str, parsed, vectors, gold_ds: list[dict]) -> dict:
    """One story's figures, pairs, features and labels."""
    reference = story_reference(parsed)
    quantities = [q for p in parsed for q in numbers.extract_quantities(p, numbers._named_before, reference)]
    texts = {p.article.id: p.article.text for p in parsed}
    spans = {}
    for g in gold_ds:
        for v in g["values"]:
            spans[(v["doc"], v["text"])] = bench.gold_span(texts.get(v["doc"], ""), v)
    baseline = [{**b, "relation": "conflict"} for b in bench.baseline_numbers(texts, list(texts))]
    row = {"gold": gold_name, "key": key, "vectors": dict(vectors), "reference": reference,
           "quantities": quantities, "dates": dfig.story_date_figures(parsed), "gold_ds": gold_ds, "spans": spans,
           "baseline": baseline}
    return decided(row)


def decided(row: dict) -> dict:
    """The row with what the stage's code makes of its figures: candidate pairs, features, pair labels, the
    rules' discrepancies (run again with --reuse-rows, so that a change of that code needs no parse)."""
    quantities, vectors, reference = row["quantities"], row["vectors"], row["reference"]
    current = numbers.current_figures(quantities)
    revisions = [d for d in (numbers._revision(q, quantities) for q in quantities if q.revised_to is not None) if d]
    pairs, _ = numbers.pair_scores(current, vectors, reference, None)
    x = (npairs.feature_matrix(current, pairs, vectors, reference or numbers._NOMINAL_DAY) if pairs
         else np.zeros((0, len(npairs.FEATURES))))
    y = np.array([float(any(_in_gold(current[i], g, row["spans"]) and _in_gold(current[j], g, row["spans"])
                            for g in row["gold_ds"])) for i, j in pairs])
    rule_ds = numbers.rule_discrepancies(current, vectors, reference)
    dates = row["dates"]
    dpairs = dfig.candidate_date_pairs(dates)
    dx = (dfig.date_feature_matrix(dates, dpairs, vectors) if dpairs else np.zeros((0, len(npairs.FEATURES))))
    dy = np.array([float(any(_in_gold(dates[i], g, row["spans"]) and _in_gold(dates[j], g, row["spans"])
                             for g in row["gold_ds"])) for i, j in dpairs])
    date_rule = dfig.date_discrepancies(dates, dpairs, dfig.rule_date_pairs(dates, dpairs, vectors), 0.5) if dpairs else []
    return {**row, "current": current, "pairs": pairs, "x": x, "y": y, "revisions": revisions, "rule_ds": rule_ds,
            "dpairs": dpairs, "dx": dx, "dy": dy,
            "rules": [_flag(d) for d in revisions + rule_ds + date_rule],
            "rules_numbers": [_flag(d) for d in revisions + rule_ds]}


def _in_gold(q, g: dict, spans) -> bool:
    """True when the figure overlaps a value of the gold discrepancy in its own article."""
    for v in g["values"]:
        span = spans.get((v["doc"], v["text"]))
        if span is not None and v["doc"] == q.article and span[0] < q.end and q.start < span[1]:
            return True
    return False


def _flag(d) -> dict:
    return {"relation": d.relation, "values": [v.to_dict() for v in d.values]}


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardising means and scales, weights and bias of an L2 logistic regression, classes weighed alike."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    pos = max(y.sum(), 1.0)
    neg = max(len(y) - y.sum(), 1.0)
    sw = np.where(y > 0, 0.5 / pos, 0.5 / neg)
    w = np.zeros(z.shape[1])
    b = 0.0
    for _ in range(ITERATIONS):  # Newton steps: the problem is small and convex
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        g_w = z.T @ (sw * (p - y)) + L2 * w
        g_b = float(np.sum(sw * (p - y)))
        h = sw * p * (1 - p)
        hess = np.zeros((len(w) + 1, len(w) + 1))
        hess[:-1, :-1] = z.T @ (z * h[:, None]) + np.eye(len(w)) * L2
        hess[:-1, -1] = hess[-1, :-1] = z.T @ h
        hess[-1, -1] = h.sum() + 1e-9
        step = np.linalg.solve(hess, np.append(g_w, g_b))
        w, b = w - step[:-1], b - step[-1]
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w, float(b)


def model_of(params, threshold: float) -> npairs.PairModel:
    """The pair model of fitted parameters (means, scales, weights, bias) and a threshold."""
    mean, scale, w, b = params
    return npairs.PairModel(tuple(mean), tuple(scale), tuple(w), b, threshold)


def flags_at(row: dict, scores, threshold: float, date_threshold: float | None = None) -> list[dict]:
    """The discrepancies `find_discrepancies` would give the story with these pair scores (`scores`: the
    figures' and the dates' pair scores): the revisions, the rules' discrepancies that the pair scores
    confirm, and the date pairs kept at `date_threshold` (None: no dates)."""
    number_scores, date_scores = scores
    kept = [d for d in row["rule_ds"] if d.relation == "likely_error"
            or numbers._confirmed(d, row["current"], row["pairs"], number_scores, threshold)]
    dated = (dfig.date_discrepancies(row["dates"], row["dpairs"], date_scores, date_threshold)
             if date_threshold is not None and row["dpairs"] else [])
    return [_flag(d) for d in list(row["revisions"]) + kept + dated]


def score(rows: list[dict], flagged: list[list[dict]]):
    """The blind-gold scores (with the relation, values only) of the rows' flags."""
    gold_ds = [g for r in rows for g in r["gold_ds"]]
    spans = {k: v for r in rows for k, v in r["spans"].items()}
    # a flag is matched only against its own story's gold: stories share no documents, so pooling is safe
    return bench.score_heldout_numbers(gold_ds, [f for fl in flagged for f in fl], spans)


def training_set(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows and labels of all the rows' figure pairs and date pairs."""
    xs = [r["x"] for r in rows if len(r["y"])] + [r["dx"] for r in rows if len(r["dy"])]
    ys = [r["y"] for r in rows if len(r["y"])] + [r["dy"] for r in rows if len(r["dy"])]
    return np.vstack(xs), np.concatenate(ys)


def cross_validated(rows: list[dict]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Leave-one-story-out scores of each story's figure pairs and date pairs."""
    out = []
    for k, row in enumerate(rows):
        model = model_of(fit(*training_set([r for i, r in enumerate(rows) if i != k])), 0.5)
        out.append((model.scores(row["x"]) if len(row["y"]) else np.zeros(0),
                    model.scores(row["dx"]) if len(row["dy"]) else np.zeros(0)))
    return out


def f_half(right: int, flagged: int, found: int, gold: int) -> float:
    """F0.5 of flags right and gold found: precision weighed twice recall."""
    p, r = right / flagged if flagged else 0.0, found / gold if gold else 0.0
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


PRECISION_AIM = 0.7  # the cross-validated precision a threshold must give before recall is weighed


def merit(right: int, flagged: int, found: int, gold: int) -> tuple:
    """How good a setting's counts are for a fact-checker: those at or above the precision aim first, by
    gold found (then fewer flags); below it, by F0.5 (precision weighed twice recall)."""
    if flagged and right / flagged >= PRECISION_AIM:
        return (1, found, -flagged)
    return (0, round(f_half(right, flagged, found, gold), 9), 0)


def choose_threshold(rows: list[dict], scores: list) -> tuple[float, float, tuple, list[tuple]]:
    """The grid thresholds (figures, dates) of the best `merit` over the rows, that merit, and the grid.
    The figures' threshold first, with no dates (the middle of the best among equals: away from either
    edge); then the dates' threshold with it (the higher among equals: fewer date flags)."""
    def table_at(t: float, td: float | None) -> tuple:
        sc = score(rows, [flags_at(r, s, t, td) for r, s in zip(rows, scores)])["with_relation"]
        return (t, td, sc.tp, sc.tp_predicted, sc.predicted, sc.gold)

    def m(row: tuple) -> tuple:
        return merit(row[3], row[4], row[2], row[5])

    table = [table_at(t, None) for t in GRID]
    top = max(m(row) for row in table)
    equals = [row for row in table if m(row) == top]
    threshold = equals[(len(equals) - 1) // 2][0]
    dated = [table_at(threshold, td) for td in DATE_GRID]
    best = max(dated, key=lambda row: (m(row), row[1]))
    return threshold, best[1], m(best), table + dated


def row_line(name: str, sc: dict) -> str:
    """One Markdown table row of a blind-gold score."""
    w, v = sc["with_relation"], sc["values_only"]
    return (f"| {name} | {w.p:.2f} | {w.r:.2f} | {w.f1:.2f} | {w.tp_predicted}/{w.predicted}, {w.tp}/{w.gold} |"
            f" {v.p:.2f} | {v.r:.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--card", type=Path, default=CARD)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/numbers6/parses"))
    ap.add_argument("--rows", type=Path, default=Path("/tmp/numbers6/rows.pkl"), help="cache of the stories' rows")
    ap.add_argument("--reuse-rows", action="store_true", help="read the rows from --rows (features unchanged)")
    args = ap.parse_args()
    if args.reuse_rows and args.rows.exists():
        rows = [decided(r) for r in pickle.loads(args.rows.read_bytes())]
    else:
        rows = stories(args.cache)
        args.rows.write_bytes(pickle.dumps(rows))
    global L2
    best = None
    for l2 in L2S:
        L2 = l2
        cv_l2 = cross_validated(rows)
        t, td, f, g = choose_threshold(rows, cv_l2)
        print(f"L2 {l2}: thresholds {t} (figures), {td} (dates), cross-validated merit {f}")
        if best is None or f >= best[0]:  # among equals the stronger penalty (L2S rises): the simpler model
            best = (f, l2, t, td, cv_l2, g)
    _, L2, threshold, date_threshold, cv, grid = best
    # nested: each story's thresholds chosen on the other stories' cross-validated scores
    nested = []
    for k, row in enumerate(rows):
        others = [r for i, r in enumerate(rows) if i != k]
        t, td, _, _ = choose_threshold(others, [s for i, s in enumerate(cv) if i != k])
        nested.append(flags_at(row, cv[k], t, td))
    header = ["| rule | precision | recall | F1 | right/flagged, found/gold | precision, values only |"
              " recall, values only |", "| --- | --- | --- | --- | --- | --- | --- |"]
    report = {}
    for gold_name in (*GOLDS, "all"):
        idx = [i for i, r in enumerate(rows) if gold_name in (r["gold"], "all")]
        part = [rows[i] for i in idx]
        lines = [f"{gold_name}:", *header,
                 row_line(f"pair model, cross-validated (L2 {L2}, thresholds {threshold} / dates {date_threshold})",
                          score(part, [flags_at(rows[i], cv[i], threshold, date_threshold) for i in idx])),
                 row_line("pair model, cross-validated, nested thresholds", score(part, [nested[i] for i in idx])),
                 row_line("pair model, cross-validated, figures only (no dates)",
                          score(part, [flags_at(rows[i], cv[i], threshold, None) for i in idx])),
                 row_line("rules alone (figures and dates)", score(part, [rows[i]["rules"] for i in idx])),
                 row_line("rules alone, figures only",
                          score(part, [rows[i]["rules_numbers"] for i in idx])),
                 row_line("same-unit baseline", score(part, [rows[i]["baseline"] for i in idx]))]
        report[gold_name] = lines
        print("\n".join(lines) + "\n")
    print(f"threshold grid (cross-validated, all golds, L2 {L2}): t, t dates, found, right, flagged, gold")
    for g in grid:
        print("  ", g)
    x, y = training_set(rows)
    mean, scale, w, b = fit(x, y)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    n_dates = int(sum(r["dy"].sum() for r in rows))
    card = {
        "model": "numeric and date discrepancy pair model (newsweave.claims.number_pairs), L2 logistic regression",
        "version": 2,
        "data": "benchmarks/data/numbers_gold.json (18 stories) + numbers_gold2.json (29) + numbers_gold3.json (24) "
                "+ numbers_gold4.json (24), "
                f"blind gold; {len(y)} candidate pairs, {int(y.sum())} positive (both values in one gold "
                f"discrepancy), of which {n_dates} pairs of dates",
        "split": f"leave-one-story-out cross-validation over the {len(rows)} stories; final weights on all pairs",
        "use": "the rules' numeric discrepancies kept when the best-scored candidate pair among their figures "
               "reaches the threshold (numbers.learned_discrepancies); date pairs kept at the date threshold and "
               "joined when they share a date (numbers.dated_discrepancies)",
        "selection": f"L2 of {list(L2S)} and thresholds of {GRID[0]}..{GRID[-1]} (figures, no dates) then "
                     f"{DATE_GRID[0]}..{DATE_GRID[-1]} (dates): the most gold found at a cross-validated precision of "
                     f"at least {PRECISION_AIM} over all golds (relation counted), else the best F0.5; the stronger "
                     "penalty, the middle figures' threshold and the higher date threshold among equals",
        "l2": L2, "seed": None, "code_commit": commit,
        "figures": report,
        "features": list(npairs.FEATURES),
        "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w], "bias": round(b, 6), "threshold": threshold,
        "date_threshold": date_threshold,
    }
    args.card.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print("weights:", ", ".join(f"{f} {v:+.2f}" for f, v in sorted(zip(npairs.FEATURES, w), key=lambda t: -abs(t[1]))))


if __name__ == "__main__":
    main()
