"""Train the learned attribution cues (newsweave.claims.cues) on the train part of PolNeAR.

    PYTHONPATH=src .venv/bin/python train/attribution_cues.py [--articles 840] [--select 100] [--select-only]

Needs the `train` extra (scikit-learn). Data: `../shared/bench/attribution/
polnear-train.jsonl.gz`, its first `--articles` articles in file order (all
840 by default): the first `--select` of them choose the thresholds (full
attribution pipeline, scored as `benchmarks/attribution.py` scores: one
threshold for statements, one for stance acts), the rest fit the three
logistic models. PolNeAR dev is never read here. Writes
`src/newsweave/data/attribution_cues.json` (feature weights, thresholds, and
the data, split, seed and figures that made them). `--select-only` keeps the
weights in that file and chooses the thresholds again (after a rule changed).
The thresholds chosen here are those of the cues alone; with the second stage
(`train/attribution_claims.py`, run after this script) the stage's cue floor
replaces them.

Labels, from the gold spans read against our own parse:
- cue: a candidate token (cues.is_candidate) is the head of a gold cue span
  (`cue_head`: the span's top candidate token, a verb first);
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
CUE_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)
CONTENT_THRESHOLD = 0.4
MIN_PRECISION = 0.91  # the floor is 0.90 on dev; a point of margin, chosen on the selection articles


def examples(records: list[dict], parsed: list, features: bool = True) -> tuple[list, list, list]:
    """(features, label) lists for the cue, content and source models (empty features: labels only, to count)."""
    cue_x, content_x, source_x = [], [], []
    for r, p in zip(records, parsed):
        doc = p.doc
        heads: dict[int, dict] = {}
        for g in r["attributions"]:
            if not g.get("cue") or not g.get("content"):
                continue
            h = cue_head(doc, (g["cue"][0], g["cue"][1]))
            if h is not None:
                heads.setdefault(h, g)
        for tok in doc:
            if cues.is_candidate(tok):
                cue_x.append((cues.cue_features(tok) if features else [], int(tok.i in heads)))
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
                feats = cues.child_features(cue, c) if features else []
                content_x.append((feats, int(inside)))
                source_x.append((feats, int(src_head is not None and c.left_edge.i <= src_head <= c.right_edge.i)))
    return cue_x, content_x, source_x


_POS_RANK = {"VERB": 0, "AUX": 1, "NOUN": 2, "PROPN": 3, "ADJ": 4, "ADP": 5}


def cue_head(doc, span: tuple[int, int]) -> int | None:
    """The token of a gold cue span that heads its frame: a candidate whose head lies outside the span, a verb first.

    "is calling for" -> "calling" (not "for", the mark of the clause it takes); "said:" -> "said".
    """
    toks = [t for t in doc if t.idx >= span[0] and t.idx + len(t.text) <= span[1] and cues.is_candidate(t)]
    if not toks:
        return bench._head_token(doc, span)
    ids = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in ids or t.head.i == t.i] or toks
    return min(tops, key=lambda t: (_POS_RANK.get(t.pos_, 9), t.i)).i


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
    """Thresholds chosen on the selection articles: most content found at precision >= MIN_PRECISION.

    One run of the attribution at the lowest thresholds keeps every claim
    with its cue probability; each pair (statement threshold, act threshold)
    keeps the claims over it, scored as `benchmarks/attribution.py` scores.
    The chosen pair is run once more in full to confirm its figures.
    """
    from newsweave.claims.attribution import extract_claims

    low = min(CUE_THRESHOLDS)
    _write(path, parts, {"cue": low, "act": low, "content": CONTENT_THRESHOLD, "source": 0.5}, {})
    model = cues.load_cue_model(str(path), claims_path="")  # the cue thresholds alone, no second stage
    found = []
    for p in parsed:
        for f in extract_claims(p, None, [], True, model):
            if f.kind != "reported":
                found.append((bench.Predicted(f.article, (f.content_start, f.content_end), f.speaker_span, f.cue_span),
                              f.kind == "act", f.score))
    table = _overlaps(records, parsed, [c for c, _, _ in found])
    tried = []
    for cue_t in CUE_THRESHOLDS:
        for act_t in CUE_THRESHOLDS:
            kept = {k for k, (_, act, sc) in enumerate(found) if sc >= (act_t if act else cue_t)}
            tried.append({"cue": cue_t, "act": act_t, **_figures(_score_kept(table, kept))})
    ok = [t for t in tried if t["precision"] >= MIN_PRECISION] or tried
    best = max(ok, key=lambda t: (t["found"], t["precision"]))
    chosen = {"cue": best["cue"], "act": best["act"], "content": CONTENT_THRESHOLD, "source": 0.5}
    _write(path, parts, chosen, {})
    alone = cues.load_cue_model(str(path), claims_path="")
    confirmed = _figures(bench.score(records, parsed, bench.newsweave_claims(parsed, alone)))
    print({"chosen": chosen, "confirmed": confirmed}, file=sys.stderr)
    return chosen, [*tried, {"chosen_run_in_full": {**chosen, **confirmed}}]


def _overlaps(records, parsed, predicted: list) -> list:
    """Per gold content: (its size, whether it has a source, [(claim index, shared chars, speaker head right)]),
    and per claim its size and the gold contents it overlaps: what `bench.score` reads, computed once."""
    docs = {p.article.id: p.doc for p in parsed}
    by_doc: dict[str, list[int]] = {}
    for k, c in enumerate(predicted):
        by_doc.setdefault(c.article, []).append(k)
    golds, claims = [], {}
    for r in records:
        doc, text = docs[r["id"]], r["text"]
        ks = by_doc.get(r["id"], [])
        chars = {k: set(range(*predicted[k].content)) for k in ks}
        for g in r["attributions"]:
            if not g.get("content"):
                continue
            gc = bench._chars(g)
            has_source = bool(g.get("has_source") and g.get("source"))
            gh = bench._head_token(doc, bench._trimmed(text, g["source"][0], g["source"][1])) if has_source else None
            row = []
            for k in ks:
                shared = len(gc & chars[k])
                if not shared:
                    continue
                spk = predicted[k].speaker
                ps = bench._trimmed(text, *spk) if spk else None
                head = ps is not None and gh is not None and ps[0] <= doc[gh].idx < ps[1]
                row.append((k, shared, head))
                claims.setdefault(k, []).append((shared, len(gc)))
            golds.append((len(gc), has_source, row))
    sizes = {k: len(set(range(*c.content))) for k, c in enumerate(predicted)}
    return [golds, claims, sizes]


def _score_kept(table: list, kept: set[int]) -> dict:
    """`bench.score`'s counts for the claims in `kept`, from the overlap table."""
    golds, claims, sizes = table
    found = with_source = head = 0
    for n, has_source, row in golds:
        best = max(((shared, k, ok) for k, shared, ok in row if k in kept), default=None)
        if best is None or best[0] < 0.5 * n:
            continue
        found += 1
        if has_source:
            with_source += 1
            head += best[2]
    right = sum(1 for k in kept if any(shared >= 0.5 * min(n, sizes[k]) for shared, n in claims.get(k, [])))
    return {"gold": len(golds), "found": found, "with_source": with_source, "head": head,
            "predicted": len(kept), "right": right}


def _figures(s: dict) -> dict:
    """Content found, precision and speaker head accuracy of one scoring, rounded."""
    return {"found": round(s["found"] / s["gold"], 3), "precision": round(s["right"] / max(1, s["predicted"]), 3),
            "speaker_head": round(s["head"] / max(1, s["with_source"]), 3)}


def _write(path: Path, parts: dict, thresholds: dict, meta: dict) -> None:
    out = {"version": 2, **{k: {**v, "threshold": thresholds[k]} for k, v in parts.items()}, "meta": meta}
    out["cue"]["act_threshold"] = thresholds["act"]
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Fit on PolNeAR train articles [select, articles), choose thresholds on [0, select), write the weights."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=840)
    ap.add_argument("--select", type=int, default=100)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the three models")
    ap.add_argument("--min-weight", type=float, default=0.03, help="smaller weights are not shipped (file size)")
    ap.add_argument("--select-only", action="store_true",
                    help="keep the weights already in the file, choose the thresholds again (after a rule changed)")
    args = ap.parse_args(argv)
    from newsweave.nlp import load_models

    t0 = time.time()
    records = bench.load_records("train", args.articles)
    models = load_models()
    parsed = bench.parse_records(records, models, "train")
    fit_r, fit_p = records[args.select:], parsed[args.select:]
    sel_r, sel_p = records[:args.select], parsed[:args.select]
    cue_x, content_x, source_x = examples(fit_r, fit_p, features=not args.select_only)
    if args.select_only:
        shipped = json.loads(cues.WEIGHTS.read_text(encoding="utf-8"))
        parts = {k: {"bias": shipped[k]["bias"], "weights": shipped[k]["weights"]} for k in ("cue", "content", "source")}
    else:
        parts = {k: fit(x, args.c, args.min_weight) for k, x in (("cue", cue_x), ("content", content_x),
                                                                 ("source", source_x))}
    thresholds, tried = select(sel_r, sel_p, parts, cues.WEIGHTS)
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR, the benchmark copy bench/attribution/polnear-train.jsonl.gz; read at training time only)",
        "fit_articles": f"{args.select}..{args.articles} in file order ({len(fit_r)} articles)",
        "select_articles": f"0..{args.select} in file order", "seed": SEED, "C": args.c, "min_weight": args.min_weight,
        "examples": {"cue": len(cue_x), "content": len(content_x), "source": len(source_x)},
        "positives": {"cue": sum(y for _, y in cue_x), "content": sum(y for _, y in content_x),
                      "source": sum(y for _, y in source_x)},
        "thresholds_tried_on_select": tried, "seconds": round(time.time() - t0),
        "select_only": args.select_only,  # True: the weights of an earlier run of this script, thresholds chosen again
    }
    _write(cues.WEIGHTS, parts, thresholds, meta)
    print(json.dumps({"thresholds": thresholds, **{k: v for k, v in meta.items() if k != "thresholds_tried_on_select"}},
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
