"""Train the run stage of the content tagger (newsweave.claims.attribution_runs) on PolNeAR train.

    PYTHONPATH=src .venv/bin/python train/attribution_runs.py [--articles 840] [--select 100] [--c 0.5]

Needs the `train` extra (scikit-learn). Data: `../shared/bench/attribution/
polnear-train.jsonl.gz`, its first `--articles` articles in file order.
PolNeAR dev is never read here. Writes `--out` (default /tmp/attr6/attribution_runs.json:
the stage found no more than the tagger's own floors on articles [0, select),
docs/BENCHMARKS.md, so it is not shipped; copied to `src/newsweave/data/` it
turns on): feature weights, the stage's threshold, the tagger setting its
candidate runs are made at, and the data, split, seed and figures that made them.

Examples: every candidate run of the tagger (`attribution_tagger.tagged_contents`
at the candidate setting, after the frames, second stage and quotes of
`attribution.extract_claims`) on the fit articles [select, articles), positive
when the run's content overlaps a gold content by half of the shorter of the
two (`benchmarks/attribution.py`'s precision test). The token scores and the
cue probabilities a run carries must be those of unseen text, so everything is
cross-fitted on the two halves of the fit articles (`attribution_claims.train_halves`):
each half is read by the cue models fitted on the other half
(`attribution_claims.fold_model`) and by a token tagger fitted on the other half
(`attribution_tagger.token_rows` and `fit`, its own cue probabilities crossed in
the same way); the shipped second stage over frames is used as shipped. One L2
logistic regression (liblinear, seed 0) over both halves' runs.

Articles [0, select) choose the candidate setting (token threshold) and the
stage's threshold with the shipped cue model and tagger: the most content found
at precision >= MIN_PRECISION and speaker head >= MIN_SPEAKER_HEAD, as the
tagger's own setting was chosen; the chosen pair is run again in full.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "train"))

import attribution as bench  # noqa: E402  (benchmarks/attribution.py: loading, parsing, scoring)
import attribution_claims as stage_training  # noqa: E402  (the cross-fitted cue models, the halves)
import attribution_cues as cue_training  # noqa: E402  (fit, figures, the overlap table)
import attribution_tagger as tagger_training  # noqa: E402  (the tagger's token rows and fit)

from newsweave.claims import attribution, attribution_runs as runs, attribution_tagger as tagging  # noqa: E402
from newsweave.claims import cues  # noqa: E402

SEED = 0
CANDIDATE_THRESHOLDS = (0.2,)  # the tagger's token threshold for candidate runs (0.3 tried in the first fit: 0.744 against 0.745)
CANDIDATE = {"min_words": 2, "min_cue": 0.02, "min_score": 0.0}  # the floors under the stage: the lowest tried
STAGE_THRESHOLDS = tuple(round(0.3 + 0.025 * k, 3) for k in range(25))  # 0.3 .. 0.9
MIN_PRECISION = tagger_training.MIN_PRECISION
MIN_SPEAKER_HEAD = tagger_training.MIN_SPEAKER_HEAD
CACHE = Path("/tmp/attr6")


def half_tagger(records, parsed, cue_model, name: str, c: float, min_articles: int) -> dict:
    """A token tagger fitted on these articles with these cue probabilities (cached under /tmp/attr6/ by name)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"tagger-{name}-C{c}-wa{min_articles}.json"
    if not path.exists():
        fitted = tagger_training.fit(tagger_training.token_rows(records, parsed, cue_model), c, 0.01, min_articles)
        path.write_text(json.dumps(fitted), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


def candidate_runs(parsed, model: cues.CueModel) -> tuple[list, dict]:
    """The attributed claims of these articles with every candidate run kept, and each run's features by
    (article, content start, content end).

    The stage's gate (`attribution_runs.run_kept`) is replaced by one that
    records each run's features and keeps it, so one run serves every threshold.
    """
    from newsweave.claims.attribution import extract_claims

    features: dict[tuple, list[str]] = {}
    real_features, real_kept = runs.run_features, runs.run_kept
    last: list = []

    def record_features(run, span, *args):
        doc = span.doc
        cs, ce = attribution._strip_chars(doc.text, doc[run.start].idx, doc[run.end - 1].idx + len(doc[run.end - 1].text))
        f = real_features(run, span, *args)
        last[:] = [(cs, ce), f]
        return f

    def record_kept(stage, f):
        article = current[0]
        features[(article, *last[0])] = f
        return True

    runs.run_features, runs.run_kept = record_features, record_kept
    current = [None]
    out = []
    try:
        for p in parsed:
            current[0] = p.article.id
            for f in extract_claims(p, None, [], True, model):
                if f.kind != "reported":
                    out.append(f)
    finally:
        runs.run_features, runs.run_kept = real_features, real_kept
    return out, features


def with_candidates(model: cues.CueModel, weights: dict, threshold: float) -> cues.CueModel:
    """The cue model with a tagger of these weights at the candidate setting (a stage that keeps all)."""
    keep_all = runs.RunStage(0.0, {}, 0.0)
    return replace(model, tagger=tagging.SpanTagger(weights["bias"], weights["weights"], threshold,
                                                     CANDIDATE["min_words"], CANDIDATE["min_cue"],
                                                     CANDIDATE["min_score"], keep_all))


def examples(records, parsed, halves, args, threshold: float) -> tuple[list, dict]:
    """(features, label) of every candidate run of the fit articles, cross-fitted on the halves."""
    shipped = cues.load_cue_model(tagger_path="")
    rows, counts = [], {}
    for k, (lo, hi) in enumerate(halves):
        olo, ohi = halves[1 - k]
        cue_this = stage_training.fold_model(records[lo:hi], parsed[lo:hi], 0.5, 0.03, f"{lo}-{hi}")
        cue_other = stage_training.fold_model(records[olo:ohi], parsed[olo:ohi], 0.5, 0.03, f"{olo}-{ohi}")
        weights = half_tagger(records[olo:ohi], parsed[olo:ohi], cue_this, f"{olo}-{ohi}", args.tagger_c,
                              args.min_articles)
        model = replace(cue_other, claims=shipped.claims, cue=replace(
            cue_other.cue, threshold=shipped.cue.threshold, act_threshold=shipped.cue.act_threshold))
        claims, feats = candidate_runs(parsed[lo:hi], with_candidates(model, weights, threshold))
        keys = list(feats)
        labels = stage_training.labelled(records[lo:hi], [bench.Predicted(a, (cs, ce), None, None)
                                                          for a, cs, ce in keys])
        rows.extend((feats[key], y) for key, y in zip(keys, labels))
        counts[f"{lo}..{hi} (cues and tagger fitted on {olo}..{ohi})"] = {"runs": len(labels), "right": sum(labels)}
        print(counts, file=sys.stderr, flush=True)
    return rows, counts


def select(records, parsed, stage_by_threshold: dict) -> tuple[dict, list]:
    """The candidate threshold and stage threshold with the most found at the floors on these articles."""
    shipped = cues.load_cue_model(tagger_path="", runs_path="")
    tagger = tagging.load_span_tagger(runs_path="")
    weights = {"bias": tagger.bias, "weights": tagger.weights}
    tried = []
    for t, stage in stage_by_threshold.items():
        claims, feats = candidate_runs(parsed, with_candidates(shipped, weights, t))
        predicted = [bench.Predicted(f.article, (f.content_start, f.content_end), f.speaker_span, f.cue_span)
                     for f in claims]
        table = cue_training._overlaps(records, parsed, predicted)
        probs = {k: stage.probability(feats[(f.article, f.content_start, f.content_end)])
                 for k, f in enumerate(claims) if (f.article, f.content_start, f.content_end) in feats}
        for st in STAGE_THRESHOLDS:
            kept = {k for k in range(len(claims)) if k not in probs or probs[k] >= st}
            tried.append({"candidate_threshold": t, "stage_threshold": st,
                          **cue_training._figures(cue_training._score_kept(table, kept))})
        print(max((x for x in tried if x["candidate_threshold"] == t and x["precision"] >= MIN_PRECISION),
                  key=lambda x: x["found"], default=None), file=sys.stderr, flush=True)
    ok = [x for x in tried if x["precision"] >= MIN_PRECISION and x["speaker_head"] >= MIN_SPEAKER_HEAD]
    best = max(ok, key=lambda x: (x["found"], x["precision"])) if ok else max(tried, key=lambda x: x["precision"])
    return best, tried


def main(argv: list[str] | None = None) -> int:
    """Cross-fit the run examples on train [select, articles), fit the stage, choose its setting on [0, select)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=840)
    ap.add_argument("--select", type=int, default=100)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the run stage")
    ap.add_argument("--tagger-c", type=float, default=0.5, help="inverse L2 strength of the cross-fitted taggers")
    ap.add_argument("--min-articles", type=int, default=3, help="as train/attribution_tagger.py")
    ap.add_argument("--thresholds", default=",".join(map(str, CANDIDATE_THRESHOLDS)),
                    help="candidate token thresholds to try")
    ap.add_argument("--out", default=str(CACHE / "attribution_runs.json"),
                    help="where to write the stage (not shipped: copy it to src/newsweave/data/ to turn it on)")
    args = ap.parse_args(argv)
    t0 = time.time()
    records, parsed, halves = stage_training.train_halves(args.select, args.articles)
    stages, fitted, counts = {}, {}, {}
    for t in (float(x) for x in args.thresholds.split(",")):
        code = hashlib.sha1(inspect.getsource(runs).encode()).hexdigest()[:10]  # a feature change: examples again
        cached = CACHE / f"runs-{args.select}-{args.articles}-t{t}-C{args.c}-{code}.json"
        if cached.exists():
            fitted[t] = json.loads(cached.read_text(encoding="utf-8"))
        else:
            rows, counts_t = examples(records, parsed, halves, args, t)
            fitted[t] = {**cue_training.fit(rows, args.c, 0.0), "halves": counts_t}
            cached.write_text(json.dumps(fitted[t]), encoding="utf-8")
        counts[str(t)] = fitted[t]["halves"]
        stages[t] = runs.RunStage(fitted[t]["bias"], fitted[t]["weights"], 0.0)
        print(f"threshold {t}: fitted at {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    best, tried = select(records[:args.select], parsed[:args.select], stages)
    t, st = best["candidate_threshold"], best["stage_threshold"]
    candidates = {"threshold": t, **CANDIDATE}
    out = {"version": 1, "bias": fitted[t]["bias"], "weights": fitted[t]["weights"], "threshold": st,
           "candidates": candidates}
    shipped = replace(cues.load_cue_model(tagger_path="", runs_path=""),
                      tagger=replace(tagging.load_span_tagger(runs_path=""), **candidates,
                                     runs=runs.RunStage(out["bias"], out["weights"], st)))
    confirmed = cue_training._figures(bench.score(records[:args.select], parsed[:args.select],
                                                  bench.newsweave_claims(parsed[:args.select], shipped)))
    print({"chosen_run_in_full": confirmed}, file=sys.stderr, flush=True)
    out["meta"] = {
        "data": "PolNeAR train (networkdynamics/PolNeAR, the benchmark copy bench/attribution/polnear-train.jsonl.gz;"
                " read at training time only)",
        "fit_articles": f"{args.select}..{args.articles} in file order; cue models and token taggers cross-fitted"
                        f" on halves {halves}",
        "examples": counts, "select_articles": f"0..{args.select} in file order (shipped cue model, stage, tagger)",
        "seed": SEED, "C": args.c, "tagger_C": args.tagger_c, "min_articles": args.min_articles,
        "min_precision": MIN_PRECISION, "min_speaker_head": MIN_SPEAKER_HEAD,
        "features": "attribution_runs.run_features: no word of a proper noun or a number",
        "tried_on_select": tried, "chosen": best, "chosen_run_in_full": confirmed,
        "seconds": round(time.time() - t0),
    }
    Path(args.out).write_text(json.dumps(out, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(json.dumps({"chosen": best, "confirmed": confirmed}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
