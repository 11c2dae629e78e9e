"""Train the second stage of the learned attribution (newsweave.claims.cues.CueModel.claims) on PolNeAR train.

    PYTHONPATH=src .venv/bin/python train/attribution_claims.py [--articles 840] [--select 100] [--stage-c 0.25]

Needs the `train` extra (scikit-learn). Data: `../shared/bench/attribution/
polnear-train.jsonl.gz`, its first `--articles` articles in file order. PolNeAR
dev is never read here. Writes `src/newsweave/data/attribution_claims.json`
(feature weights, the cue floor and the claim threshold, and the data, split,
seed and figures that made them).

The stage scores each whole frame the learned cues make (`cues.claim_features`:
the cue's probability, the frame's kind, its content's length, finite verb and
quotes, the speaker's kind and place), so the cue thresholds can fall while
the claims kept stay right. Its examples must carry cue probabilities as the
shipped model gives them on unseen text, so they are made by cross-fitting:
the fit articles [select, articles) are cut in two halves; the cue models
(`train/attribution_cues.py`'s `examples` and `fit`, same C) are fitted on one
half and run over the other at a low cue floor; each learned frame that
becomes a claim is an example, positive when its content overlaps a gold
content by at least half of the shorter of the two (`benchmarks/attribution.py`'s
precision test). The stage is one L2 logistic regression over both halves'
examples (C 0.25, chosen on [0, select) over 0.5 and 1.0). Articles
[0, select) choose the cue floor and the claim threshold with the shipped cue
model (fitted on all of [select, articles)): the most content found at
precision >= 0.91, as the cue thresholds were chosen, and at a speaker head
figure no lower than the previous stage's there (MIN_SPEAKER_HEAD).
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
import attribution_cues as cue_training  # noqa: E402  (the cue models' examples, fit and scoring helpers)

from newsweave.claims import cues, frames  # noqa: E402

SEED = 0
EXAMPLE_FLOOR = 0.05  # the cue floor of the cross-fitted runs that make the examples
FLOORS = (0.05, 0.075, 0.1, 0.15, 0.2, 0.3)
CLAIM_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.625, 0.65, 0.675, 0.7, 0.75, 0.8)
MIN_PRECISION = cue_training.MIN_PRECISION
# The speaker head figure of the stage before this one (commit 098d47d) on the selection articles: a setting
# that finds more by guessing speakers wrong is not chosen (low cue floors bring frames with poor speakers).
MIN_SPEAKER_HEAD = 0.888
CACHE = Path("/tmp/attribution_claims")


def fold_model(records, parsed, c: float, min_weight: float, name: str) -> cues.CueModel:
    """Cue, content and source models fitted on these articles (cached under /tmp/attribution_claims/ by `name`
    and by the source of the feature functions they read: a change there fits them again)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    code = hashlib.sha1("".join(inspect.getsource(f) for f in (
        cues.is_candidate, cues.stem, cues.cue_features, cues._context_features, cues.child_features)).encode()
    ).hexdigest()[:10]
    path = CACHE / f"fold-{name}-C{c}-{code}.json"
    if not path.exists():
        cue_x, content_x, source_x = cue_training.examples(records, parsed)
        parts = {k: cue_training.fit(x, c, min_weight) for k, x in (("cue", cue_x), ("content", content_x),
                                                                  ("source", source_x))}
        path.write_text(json.dumps(parts), encoding="utf-8")
    parts = json.loads(path.read_text(encoding="utf-8"))
    shipped = cues.load_cue_model(claims_path="")
    return cues.CueModel(cues.Logistic(parts["cue"]["bias"], parts["cue"]["weights"], EXAMPLE_FLOOR, EXAMPLE_FLOOR),
                         cues.Logistic(parts["content"]["bias"], parts["content"]["weights"],
                                       shipped.content.threshold),
                         cues.Logistic(parts["source"]["bias"], parts["source"]["weights"], shipped.source.threshold))


def learned_claims(parsed, model: cues.CueModel, stage: cues.Logistic | None = None) -> list[tuple]:
    """(Predicted, features, stage probability, cue probability, is an act) of every attributed claim; all kept.

    A rule's claim (and a quote's, a line's) has no features: the stage never sees it.
    The stage's gate (`frames._claim_kept`) is replaced by one that records
    each frame's features and keeps it, so one run serves every threshold.
    """
    from newsweave.claims.attribution import extract_claims

    seen: dict[tuple[int, int], list[str]] = {}
    real = frames._claim_kept

    def record(frame, model_, quotes):
        if frame.content is not None:
            seen[(id(frame.cue.doc), frame.cue.idx)] = frames.frame_features(frame, quotes)
        return True

    frames._claim_kept = record
    out = []
    try:
        for p in parsed:
            seen.clear()
            for f in extract_claims(p, None, [], True, model):
                if f.kind == "reported":
                    continue
                feats = seen.get((id(p.doc), f.cue_start)) if f.score < 1.0 else None
                prob = stage.probability(feats) if stage is not None and feats is not None else None
                out.append((bench.Predicted(f.article, (f.content_start, f.content_end), f.speaker_span, f.cue_span),
                            feats, prob, f.score, f.kind == "act"))
    finally:
        frames._claim_kept = real
    return out


def labelled(records, predicted: list) -> list[int]:
    """1 for a claim whose content overlaps a gold content by half of the shorter (the benchmark's precision test)."""
    golds: dict[str, list[set[int]]] = {}
    for r in records:
        golds[r["id"]] = [bench._chars(g) for g in r["attributions"] if g.get("content")]
    out = []
    for c in predicted:
        cc = set(range(*c.content))
        out.append(int(any(cc & gc and len(cc & gc) >= 0.5 * min(len(gc), len(cc)) for gc in golds[c.article])))
    return out


def fit_stage(rows: list, c: float) -> dict:
    """The stage's logistic regression over (features, label) rows, every weight kept."""
    return cue_training.fit(rows, c, 0.0)


def select(records, parsed, stage: dict) -> tuple[dict, list]:
    """The cue floor and claim threshold with the most content found at precision >= MIN_PRECISION and speaker
    head >= MIN_SPEAKER_HEAD on these articles."""
    shipped = cues.load_cue_model(claims_path="")
    logistic = cues.Logistic(stage["bias"], stage["weights"], 0.0)
    found = learned_claims(parsed, replace(shipped, cue=replace(shipped.cue, threshold=min(FLOORS),
                                                                 act_threshold=min(FLOORS))), logistic)
    table = cue_training._overlaps(records, parsed, [c for c, *_ in found])
    tried = []
    for floor in FLOORS:
        for t in CLAIM_THRESHOLDS:
            for t_act in CLAIM_THRESHOLDS:
                kept = {k for k, (_, feats, prob, p, act) in enumerate(found)
                        if feats is None or (p >= floor and prob >= (t_act if act else t))}
                tried.append({"cue_floor": floor, "claim": t, "act": t_act,
                              **cue_training._figures(cue_training._score_kept(table, kept))})
    return chosen_setting(tried), tried


def chosen_setting(tried: list[dict]) -> dict:
    """The tried (cue floor, claim threshold, act threshold) with the most found that keeps precision and speaker."""
    ok = [t for t in tried if t["precision"] >= MIN_PRECISION and t["speaker_head"] >= MIN_SPEAKER_HEAD] or tried
    best = max(ok, key=lambda t: (t["found"], t["precision"]))
    return {"cue_floor": best["cue_floor"], "threshold": best["claim"], "act_threshold": best["act"]}


def train_halves(select: int, articles: int) -> tuple[list, list, list[tuple[int, int]]]:
    """PolNeAR train's first `articles` records, their parses, and the two halves of [select, articles)
    whose cue models are fitted on each other (the cross-fitting of this script and train/attribution_tagger.py)."""
    from newsweave.nlp import load_models

    records = bench.load_records("train", articles)
    parsed = bench.parse_records(records, load_models(), "train")
    mid = (select + articles) // 2
    return records, parsed, [(select, mid), (mid, articles)]


def main(argv: list[str] | None = None) -> int:
    """Cross-fit the examples on train [select, articles), fit the stage, choose its thresholds on [0, select)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=840)
    ap.add_argument("--select", type=int, default=100)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the cue models and of the stage")
    ap.add_argument("--stage-c", type=float, default=0.25,
                    help="inverse L2 strength of the stage (chosen on articles [0, select): 0.25 over 0.5 and 1.0)")
    ap.add_argument("--min-weight", type=float, default=0.03, help="as train/attribution_cues.py")
    args = ap.parse_args(argv)
    t0 = time.time()
    records, parsed, halves = train_halves(args.select, args.articles)
    rows = []
    counts = {}
    for k, (lo, hi) in enumerate(halves):
        olo, ohi = halves[1 - k]
        model = fold_model(records[olo:ohi], parsed[olo:ohi], args.c, args.min_weight, f"{olo}-{ohi}")
        found = [c for c in learned_claims(parsed[lo:hi], model) if c[1] is not None]
        labels = labelled(records[lo:hi], [c for c, *_ in found])
        rows.extend((c[1], y) for c, y in zip(found, labels))
        counts[f"{lo}..{hi} (cues fitted on {olo}..{ohi})"] = {"claims": len(labels), "right": sum(labels)}
        print(counts, file=sys.stderr, flush=True)
    stage_c = args.stage_c
    stage = fit_stage(rows, stage_c)
    chosen, tried = select(records[:args.select], parsed[:args.select], stage)
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR, the benchmark copy bench/attribution/polnear-train.jsonl.gz; read at training time only)",
        "examples": f"learned claims of train articles {args.select}..{args.articles} in file order, cue models cross-fitted on halves",
        "example_cue_floor": EXAMPLE_FLOOR, "halves": counts,
        "select_articles": f"0..{args.select} in file order (shipped cue model)", "seed": SEED, "C": args.c, "stage_C": stage_c,
        "min_precision": MIN_PRECISION, "min_speaker_head": MIN_SPEAKER_HEAD, "tried_on_select": tried, "seconds": round(time.time() - t0),
    }
    out = {"version": 1, **stage, **chosen, "meta": meta}
    cues.CLAIM_WEIGHTS.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    best = next(t for t in tried if (t["cue_floor"], t["claim"], t["act"]) ==
                (chosen["cue_floor"], chosen["threshold"], chosen["act_threshold"]))
    print(json.dumps({"chosen": chosen, "on_select": best, "halves": counts}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
