"""Train the content tagger of the learned attribution (newsweave.claims.attribution_tagger) on PolNeAR train.

    PYTHONPATH=src .venv/bin/python train/attribution_tagger.py [--articles 840] [--select 100] [--c 0.5]

Needs the `train` extra (scikit-learn). Data: `../shared/bench/attribution/
polnear-train.jsonl.gz`, its first `--articles` articles in file order.
PolNeAR dev is never read here. Writes `src/newsweave/data/attribution_tagger.json`
(feature weights, the token threshold, the words a run must hold, the cue a
run must take, and the data, split, seed and figures that made them).

Examples: every token of every sentence (`attribution._units`) of the fit
articles [select, articles), positive when its first character lies inside a
gold content (the union of an attribution's `content_fragments`, else its
`content`). Its features read the learned cue probabilities, which must be
those of unseen text: the fit articles are cut in two halves and each half's
cue probabilities come from the cue model fitted on the other half
(`train/attribution_claims.py`'s `fold_model`, the same cross-fitting as the
second stage's). One L2 logistic regression (liblinear, seed 0) over both.

Articles [0, select) choose the token threshold, the words and mean token
score a run must hold and the cue it must take, with the shipped cue model and the whole
attribution (frames, second stage, quotes, then the tagger's claims),
scored as `benchmarks/attribution.py` scores: the most content found at
precision >= MIN_PRECISION and speaker head >= MIN_SPEAKER_HEAD.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from array import array
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "train"))

import attribution as bench  # noqa: E402  (benchmarks/attribution.py: loading, parsing, scoring)
import attribution_claims as stage_training  # noqa: E402  (the cross-fitted cue models)
import attribution_cues as cue_training  # noqa: E402  (figures)

from newsweave.claims import attribution, attribution_tagger as tagging  # noqa: E402

SEED = 0
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
MIN_CUES = (0.02, 0.1, 0.3)
MIN_WORDS = (2, 3, 4, 6, 8)
MIN_SCORES = (0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
MIN_PRECISION = cue_training.MIN_PRECISION  # 0.91: the floor is 0.90 on dev, a point of margin
MIN_SPEAKER_HEAD = 0.85  # the floor is 0.80 of those found; margin, as for precision
CACHE = Path("/tmp/attr5")


def article_units(p) -> tuple[list, list]:
    """The sentences (`attribution._units`) of a parsed article as spaCy spans, and its quote spans."""
    spans = [p.doc.char_span(s.start, s.end, alignment_mode="expand") for s in attribution._units(p)]
    return spans, attribution.quote_spans(p.article.text)


def token_rows(records, parsed, model):
    """(features, label, article id, word, whether a name or number) of every token of these articles' sentences,
    cue probabilities from `model`."""
    for r, p in zip(records, parsed):
        gold = set()
        for g in r["attributions"]:
            if g.get("content"):
                gold |= bench._chars(g)
        spans, quotes = article_units(p)
        for span, (feats, _) in zip(spans, tagging.article_features(spans, model, quotes)):
            for tok, f in zip(span or [], feats):
                yield f, int(tok.idx in gold), p.article.id, tok.lower_, tagging.is_name_or_number(tok)


def fit(rows, c: float, min_weight: float, min_articles: int) -> dict:
    """A logistic regression over binary features, built as a sparse matrix as the rows come; {bias, weights}.

    A word feature (`w=`) seen in fewer than `min_articles` articles is left
    out before fitting: a word of one or two stories is no general evidence
    (and it keeps the file small); so is a word that is a proper noun or a
    number in at least half of its occurrences (a name the parser sometimes
    tags as a common noun, "Trump" as NOUN), so that no name is weighed.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocab: dict[str, int] = {}
    word_articles: dict[str, set] = {}
    indices, indptr, y = array("i"), array("i", [0]), array("b")
    uses: dict[str, list[int]] = {}  # word -> [occurrences, as a name or number]
    for feats, label, article, word, named in rows:
        u = uses.setdefault(word, [0, 0])
        u[0] += 1
        u[1] += named
        for f in set(feats):
            indices.append(vocab.setdefault(f, len(vocab)))
            if f.startswith("w="):
                word_articles.setdefault(f, set()).add(article)
        indptr.append(len(indices))
        y.append(label)
    x = csr_matrix((np.ones(len(indices), dtype=np.float64), np.frombuffer(indices, dtype=np.int32),
                    np.frombuffer(indptr, dtype=np.int32)), shape=(len(y), len(vocab)))
    rare = {vocab[f] for f, seen in word_articles.items()
            if len(seen) < min_articles or 2 * uses[f[2:]][1] >= uses[f[2:]][0]}
    keep = np.array([k for k in range(len(vocab)) if k not in rare], dtype=np.int64)
    names = [n for n in sorted(vocab, key=vocab.get) if vocab[n] not in rare]
    x = x[:, keep]
    print(f"word features: {len(word_articles)}, kept (>= {min_articles} articles, mostly no name):"
          f" {len(word_articles) - len(rare)}",
          file=sys.stderr, flush=True)
    labels = np.frombuffer(y, dtype=np.int8)
    print(f"fit: {x.shape[0]} tokens, {x.shape[1]} features, {int(labels.sum())} inside a content",
          file=sys.stderr, flush=True)
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=SEED).fit(x, labels)
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= min_weight}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": weights,
            "examples": int(x.shape[0]), "positives": int(labels.sum())}


def select(records, parsed, weights: dict) -> tuple[dict, list]:
    """The tagger's setting with the most found at the precision and speaker floors on these articles.

    One run of the whole attribution for each token threshold and cue floor,
    with every run kept (any words, any mean score); the frames of each
    sentence and the tagger's features are computed once (memoised). Each
    (words, mean score) pair then keeps the tagger's claims over it, scored as
    `benchmarks/attribution.py` scores (`attribution_cues._overlaps`); the
    chosen setting is run once more in full to confirm its figures.
    """
    from newsweave.claims.attribution import extract_claims
    from newsweave.claims.cues import load_cue_model

    shipped = load_cue_model(tagger_path="")
    frames_memo: dict = {}
    real_frames = attribution.sentence_frames

    def memo_frames(span, quotes, acts=True, model=None, seen=None):
        key = (id(span.doc), span.start, span.end)
        if key not in frames_memo:
            frames_memo[key] = real_frames(span, quotes, acts, model, seen)
        return frames_memo[key]

    feats_memo: dict = {}
    real_feats = tagging.article_features

    def memo_feats(spans, model, quotes, seen=None):
        key = next((id(s.doc) for s in spans if s is not None), None)
        if key not in feats_memo:
            feats_memo[key] = real_feats(spans, model, quotes, seen)
        return feats_memo[key]

    def claims_of(model) -> list[tuple]:
        out = []
        for p in parsed:
            for f in extract_claims(p, None, [], True, model):
                if f.kind != "reported":
                    out.append((f.article, f.content_start, f.content_end, f.speaker_span, f.cue_span, f.score))
        return out

    attribution.sentence_frames, tagging.article_features = memo_frames, memo_feats
    tried = []
    try:
        base = claims_of(shipped)
        untagged = set(base)
        tried.append({"tagger": None, **cue_training._figures(
            bench.score(records, parsed, [bench.Predicted(a, (cs, ce), sp, cu) for a, cs, ce, sp, cu, _ in base]))})
        print(tried[-1], file=sys.stderr, flush=True)
        docs = {p.article.id: p.doc for p in parsed}
        for t in THRESHOLDS:
            for mc in MIN_CUES:
                found = claims_of(replace(shipped, tagger=tagging.SpanTagger(weights["bias"], weights["weights"],
                                                                              t, 1, mc, 0.0)))
                predicted = [bench.Predicted(a, (cs, ce), sp, cu) for a, cs, ce, sp, cu, _ in found]
                table = cue_training._overlaps(records, parsed, predicted)
                runs = {}
                for k, c in enumerate(found):
                    if c not in untagged:
                        doc = docs[c[0]]
                        span = doc.char_span(c[1], c[2], alignment_mode="expand")
                        runs[k] = (sum(1 for tok in span if tok.is_alpha) if span is not None else 0, c[5])
                for w in MIN_WORDS:
                    for ms in MIN_SCORES:
                        kept = {k for k in range(len(found)) if k not in runs or (runs[k][0] >= w and runs[k][1] >= ms)}
                        tried.append({"threshold": t, "min_cue": mc, "min_words": w, "min_score": ms,
                                      **cue_training._figures(cue_training._score_kept(table, kept))})
                print(max((x for x in tried[1:] if x["threshold"] == t and x["min_cue"] == mc
                           and x["precision"] >= MIN_PRECISION), key=lambda x: x["found"], default=None),
                      file=sys.stderr, flush=True)
    finally:
        attribution.sentence_frames, tagging.article_features = real_frames, real_feats
    ok = [x for x in tried[1:] if x["precision"] >= MIN_PRECISION and x["speaker_head"] >= MIN_SPEAKER_HEAD]
    # None at the floors: the most precise setting (the tagger then adds least).
    best = max(ok, key=lambda x: (x["found"], x["precision"])) if ok else max(tried[1:], key=lambda x: x["precision"])
    chosen = {k: best[k] for k in ("threshold", "min_words", "min_cue", "min_score")}
    tagger = tagging.SpanTagger(weights["bias"], weights["weights"], **chosen)
    confirmed = cue_training._figures(bench.score(records, parsed, bench.newsweave_claims(
        parsed, replace(shipped, tagger=tagger))))
    tried.append({"chosen_run_in_full": {**chosen, **confirmed}})
    print(tried[-1], file=sys.stderr, flush=True)
    return chosen, tried


def main(argv: list[str] | None = None) -> int:
    """Cross-fit the token examples on train [select, articles), fit the tagger, choose its settings on [0, select)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=840)
    ap.add_argument("--select", type=int, default=100)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the tagger")
    ap.add_argument("--cue-c", type=float, default=0.5, help="inverse L2 strength of the cross-fitted cue models")
    ap.add_argument("--min-weight", type=float, default=0.01, help="smaller weights are not shipped (file size)")
    ap.add_argument("--min-articles", type=int, default=3,
                    help="a word feature must be seen in this many fit articles to be fitted and shipped")
    ap.add_argument("--out", default=str(tagging.WEIGHTS))
    args = ap.parse_args(argv)
    t0 = time.time()
    records, parsed, halves = stage_training.train_halves(args.select, args.articles)

    def rows():
        for k, (lo, hi) in enumerate(halves):
            olo, ohi = halves[1 - k]
            model = stage_training.fold_model(records[olo:ohi], parsed[olo:ohi], args.cue_c, 0.03, f"{olo}-{ohi}")
            yield from token_rows(records[lo:hi], parsed[lo:hi], model)

    CACHE.mkdir(parents=True, exist_ok=True)
    # a refit after a feature change: delete it
    cached = CACHE / f"fit-{args.select}-{args.articles}-C{args.c}-wa{args.min_articles}-names.json"
    if cached.exists():
        fitted = json.loads(cached.read_text(encoding="utf-8"))
    else:
        fitted = fit(rows(), args.c, args.min_weight, args.min_articles)
        cached.write_text(json.dumps(fitted), encoding="utf-8")
    print(f"fitted in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    chosen, tried = select(records[:args.select], parsed[:args.select], fitted)
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR, the benchmark copy bench/attribution/polnear-train.jsonl.gz; read at training time only)",
        "fit_articles": f"{args.select}..{args.articles} in file order, cue probabilities cross-fitted on halves {halves}",
        "examples": fitted["examples"], "positives": fitted["positives"],
        "select_articles": f"0..{args.select} in file order (shipped cue model and second stage)", "seed": SEED,
        "C": args.c, "cue_C": args.cue_c, "min_weight": args.min_weight, "min_articles": args.min_articles,
        "word_feature": "lowercased word of tokens not PROPN/NUM/like_num; fitted only if seen in min_articles"
                        " fit articles and a name or number in under half its occurrences",
        "min_precision": MIN_PRECISION,
        "min_speaker_head": MIN_SPEAKER_HEAD, "tried_on_select": tried, "seconds": round(time.time() - t0),
    }
    out = {"version": 1, "bias": fitted["bias"], "weights": fitted["weights"], **chosen, "meta": meta}
    Path(args.out).write_text(json.dumps(out, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(json.dumps({"chosen": chosen, "on_select": tried[-1], "without_tagger": tried[0]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
