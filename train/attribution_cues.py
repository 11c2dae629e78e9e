"""Train the learned attribution cues (newsweave.claims.cues) on the train part of PolNeAR.

    PYTHONPATH=src .venv/bin/python train/attribution_cues.py [--articles 400] [--select 100]

Needs the `train` extra (scikit-learn). Data: `../shared/bench/attribution/
polnear-train.jsonl.gz`, its first `--articles` articles in file order: the
first `--select` of them choose the thresholds (full attribution pipeline,
scored as `benchmarks/attribution.py` scores), the rest fit the three
logistic models. PolNeAR dev is never read here. Writes
`src/newsweave/data/attribution_cues.json` (feature weights, thresholds, and
the data, split, seed and figures that made them).

Labels, from the gold spans read against our own parse:
- cue: a candidate token (cues.is_candidate) is the head of a gold cue span;
- content: a dependent of a gold cue head whose subtree lies at least half in
  the gold content;
- source: a dependent of a gold cue head whose subtree holds the gold source's
  head token.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import attribution as bench  # noqa: E402  (benchmarks/attribution.py: loading, parsing, scoring)

from newsweave.claims import cues  # noqa: E402

SEED = 0


def examples(records: list[dict], parsed: list) -> tuple[list, list, list]:
    """(features, label) lists for the cue, content and source models."""
    cue_x, content_x, source_x = [], [], []
    for r, p in zip(records, parsed):
        doc = p.doc
        heads: dict[int, dict] = {}
        for g in r["attributions"]:
            if not g.get("cue") or not g.get("content"):
                continue
            h = bench._head_token(doc, (g["cue"][0], g["cue"][1]))
            if h is not None:
                heads.setdefault(h, g)
        for tok in doc:
            if cues.is_candidate(tok):
                cue_x.append((cues.cue_features(tok), int(tok.i in heads)))
        for h, g in heads.items():
            cue = doc[h]
            gold = bench._chars(g)
            src_head = None
            if g.get("has_source") and g.get("source"):
                src_head = bench._head_token(doc, bench._trimmed(r["text"], g["source"][0], g["source"][1]))
            for c in cue.children:
                if c.is_punct:
                    continue
                chars = {i for t in c.subtree for i in range(t.idx, t.idx + len(t.text))}
                inside = len(chars & gold) >= 0.5 * len(chars) if chars else False
                feats = cues.child_features(cue, c)
                content_x.append((feats, int(inside)))
                source_x.append((feats, int(src_head is not None and c.left_edge.i <= src_head <= c.right_edge.i)))
    return cue_x, content_x, source_x


def fit(rows: list, c: float, min_weight: float) -> dict:
    """A logistic regression over binary features, exported as {bias, weights} (weights under `min_weight` dropped)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats, _ in rows])
    x = x.tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear takes 32-bit indices
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=SEED).fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= min_weight}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": weights}


def select(records, parsed, parts: dict, path: Path) -> tuple[dict, list]:
    """Thresholds chosen on the selection articles: most content found at precision >= 0.92."""
    tried = []
    for cue_t in (0.3, 0.4, 0.5, 0.6, 0.7):
        for content_t in (0.4, 0.5):
            _write(path, parts, {"cue": cue_t, "content": content_t, "source": 0.5}, {})
            s = bench.score(records, parsed, bench.newsweave_claims(parsed, cues.load_cue_model(str(path)), acts=True))
            found, prec = s["found"] / s["gold"], s["right"] / max(1, s["predicted"])
            head = s["head"] / max(1, s["with_source"])
            tried.append({"cue": cue_t, "content": content_t, "found": round(found, 3),
                          "precision": round(prec, 3), "speaker_head": round(head, 3)})
            print(tried[-1], file=sys.stderr)
    ok = [t for t in tried if t["precision"] >= 0.92] or tried
    best = max(ok, key=lambda t: (t["found"], t["precision"]))
    return {"cue": best["cue"], "content": best["content"], "source": 0.5}, tried


def _write(path: Path, parts: dict, thresholds: dict, meta: dict) -> None:
    out = {"version": 1, **{k: {**v, "threshold": thresholds[k]} for k, v in parts.items()}, "meta": meta}
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Fit on PolNeAR train articles [select, articles), choose thresholds on [0, select), write the weights."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--select", type=int, default=100)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the three models")
    ap.add_argument("--min-weight", type=float, default=0.03, help="smaller weights are not shipped (file size)")
    args = ap.parse_args(argv)
    from newsweave.nlp import load_models

    t0 = time.time()
    records = bench.load_records("train", args.articles)
    models = load_models()
    parsed = bench.parse_records(records, models, "train")
    fit_r, fit_p = records[args.select:], parsed[args.select:]
    sel_r, sel_p = records[:args.select], parsed[:args.select]
    cue_x, content_x, source_x = examples(fit_r, fit_p)
    parts = {k: fit(x, args.c, args.min_weight) for k, x in (("cue", cue_x), ("content", content_x), ("source", source_x))}
    thresholds, tried = select(sel_r, sel_p, parts, cues.WEIGHTS)
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR via ../shared/bench/attribution/polnear-train.jsonl.gz)",
        "fit_articles": f"{args.select}..{args.articles} in file order ({len(fit_r)} articles)",
        "select_articles": f"0..{args.select} in file order", "seed": SEED, "C": args.c, "min_weight": args.min_weight,
        "examples": {"cue": len(cue_x), "content": len(content_x), "source": len(source_x)},
        "positives": {"cue": sum(y for _, y in cue_x), "content": sum(y for _, y in content_x),
                      "source": sum(y for _, y in source_x)},
        "thresholds_tried_on_select": tried, "seconds": round(time.time() - t0),
    }
    _write(cues.WEIGHTS, parts, thresholds, meta)
    print(json.dumps({"thresholds": thresholds, **{k: v for k, v in meta.items() if k != "thresholds_tried_on_select"}},
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
