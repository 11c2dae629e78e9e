"""Benchmark of newsweave's stance classifier (claims/stance.py) on FNC-1 and Emergent, beside the FNC-1 baseline.

Reads its data from ../shared/bench/stance (outside the repository; see its README).

    PYTHONPATH=src .venv/bin/python benchmarks/stance.py [--no-write]

- FNC-1: train on `ukp_split == "train_train"`, score on `train_test` (the
  UKP re-analysis split of the FNC-1 train file): the official relative score
  (+0.25 related/unrelated right, +0.75 more for the exact related stance,
  over the best possible) and 4-class macro-F1. The FNC-1 official baseline
  (word overlap, refuting words, polarity, hand n-gram features; gradient
  boosting, 200 trees, its seed) is trained and scored by this script (its
  figures kept under /tmp/stance/ while its code and data do not change).
  newsweave's row scores the shipped weights (`src/newsweave/data/stance-v3.npz`,
  trained by `train/train_stance.py` on FNC-1 train_train + all of Emergent train).
- Emergent: 5 folds grouped by claim on the train part; each fold trains on
  FNC-1 train_train + the other folds, predicts among supports / refutes /
  discusses (for / against / observing); accuracy and macro-F1. Beside it: the
  majority class, and the FNC baseline features with gradient boosting on the
  same folds. Each fold also fits the single-sentence head on its four
  training folds alone; the network without it is shown beside (stance-v2).

Writes its table to docs/BENCHMARKS.md (section "Stance") unless --no-write.
Caches MiniLM vectors and features under /tmp/stance/.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))
sys.path.insert(0, str(ROOT / "src"))

import train_stance as ts  # noqa: E402
from newsweave.claims import stance as st  # noqa: E402

DOCS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Stance"
FOLDS = 5
THREE = ("supports", "refutes", "discusses")
OURS = f"newsweave {st.VERSION}"
BASELINE = "FNC-1 baseline (GBDT, 44 features)"
SEEN = f"newsweave {st.VERSION}, framing table as shipped (has seen the dev bodies)"
NETWORK = f"newsweave {st.VERSION}, network alone (no single-sentence head; = stance-v2)"

# --- The FNC-1 official baseline (FakeNewsChallenge/fnc-baseline, feature_engineering.py) ---
# Faithful to its features; tokens are lower-cased words (the original also
# lemmatises with WordNet, which is not installed here).
_REFUTING_WORDS = ("fake", "fraud", "hoax", "false", "deny", "denies", "not", "despite", "nope", "doubt",
                   "doubts", "bogus", "debunk", "pranks", "retract")


def _clean(text: str) -> str:
    return " ".join(re.findall(r"\w+", text, flags=re.UNICODE)).lower()


def _stops() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _chargram_hits(headline: str, body: str, size: int, stops) -> list[int]:
    text = " ".join(w for w in headline.split() if w not in stops)
    # As in the original: each character gram's characters joined by spaces.
    grams = [" ".join(text[i:i + size]) for i in range(len(text) - size + 1)]
    return [sum(g in body for g in grams), sum(g in body[:255] for g in grams), sum(g in body[:100] for g in grams)]


def _ngram_hits(headline: str, body: str, size: int) -> list[int]:
    words = headline.split(" ")
    grams = [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
    return [sum(g in body for g in grams), sum(g in body[:255] for g in grams)]


def baseline_features(claim: str, body: str, stops) -> list[float]:
    """The 44 features of the FNC-1 baseline for one headline/body pair."""
    h, b = _clean(claim), _clean(body)
    h_tokens, b_tokens = h.split(), b.split()
    feats: list[float] = []
    # hand features: binary co-occurrence, with and without stop words, then gram counts
    feats += [sum(t in b for t in h.split(" ")), sum(t in b[:255] for t in h.split(" "))]
    no_stops = [t for t in h.split(" ") if t not in stops]
    feats += [sum(t in b for t in no_stops), sum(t in b[:255] for t in no_stops)]
    for size in (2, 8, 4, 16):
        feats += _chargram_hits(h, b, size, stops)
    for size in (2, 3, 4, 5, 6):
        feats += _ngram_hits(h, b, size)
    # polarity: parity of refuting words in headline and body
    feats += [sum(t in _REFUTING_WORDS for t in h_tokens) % 2, sum(t in _REFUTING_WORDS for t in b_tokens) % 2]
    # refuting: which refuting words the headline holds
    feats += [float(w in h_tokens) for w in _REFUTING_WORDS]
    # word overlap: Jaccard of the token sets
    hs, bs = set(h_tokens), set(b_tokens)
    feats.append(len(hs & bs) / float(len(hs | bs) or 1))
    return feats


def baseline_rows(pairs: list[ts.Pair]) -> np.ndarray:
    """Baseline feature rows of pairs (bodies rejoined from their sentences)."""
    stops = _stops()
    return np.array([baseline_features(p.claim, " ".join(p.body), stops) for p in pairs], dtype=np.float64)


def baseline_fit(x: np.ndarray, labels: list[str]):
    """The baseline's classifier: scikit-learn gradient boosting, 200 trees, the baseline's seed."""
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(n_estimators=200, random_state=14128).fit(x, labels)


# --- scoring ---

def accuracy(gold: list[str], pred: list[str]) -> float:
    """Share of exact labels."""
    return sum(g == p for g, p in zip(gold, pred)) / len(gold)


def per_class_f1(gold: list[str], pred: list[str], labels) -> dict[str, float]:
    """F1 of each label."""
    return {lab: ts.macro_f1(gold, pred, (lab,)) for lab in labels}


def restricted(model: st.StanceModel, x: np.ndarray, labels=THREE, items=None) -> list[str]:
    """The most probable stance among `labels` (Emergent has no "unrelated"); with `items` (each row's
    framing items, one-sentence evidence) the single-sentence head joins the network."""
    probs = st.predict_probabilities(model, x)
    if items is not None:
        probs = st.with_head(model, probs, items)
    cols = [model.labels.index(lab) for lab in labels]
    return [labels[i] for i in probs[:, cols].argmax(axis=1)]


def as_read(model: st.StanceModel, x: np.ndarray, pairs: list[ts.Pair], items: list[tuple[int, ...]]) -> list[str]:
    """The most probable of the four stances as `stance.stance_of` reads them: a body of one sentence
    (168 of the FNC-1 dev pairs) with the single-sentence head joined in, longer bodies by the network alone."""
    probs = st.predict_probabilities(model, x)
    one = [k for k, p in enumerate(pairs) if len(p.body) == 1]
    if one:
        probs[one] = st.with_head(model, probs[one], [items[k] for k in one])
    return [model.labels[i] for i in probs.argmax(axis=1)]


def claim_folds(pairs: list[ts.Pair], k: int = FOLDS, seed: int = ts.SEED) -> list[int]:
    """A fold number per pair, claims (groups) shuffled and dealt round-robin."""
    groups = sorted({p.group for p in pairs})
    rng = np.random.default_rng(seed)
    rng.shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [fold_of[p.group] for p in pairs]


def _baseline_key(train, dev) -> str:
    """What the FNC-1 baseline's figures depend on: its code and the pairs it trains and scores on."""
    code = "".join(inspect.getsource(f) for f in (_clean, _chargram_hits, _ngram_hits, baseline_features,
                                                  baseline_rows, baseline_fit))
    pairs = json.dumps([len(train), len(dev), train[0].claim, dev[-1].claim])
    return hashlib.sha1((code + pairs).encode()).hexdigest()[:12]


def run_fnc(fnc, emergent, idf) -> dict:
    """FNC-1 train_test figures for the shipped model and the baseline.

    The shipped weights (trained by train/train_stance.py on train_train and
    Emergent train) are scored as they are. The baseline (gradient boosting,
    about 10 CPU minutes) is trained and scored here; its figures are kept under
    /tmp/stance/ keyed by its code and data, and reused while neither changes.
    """
    train = [p for p in fnc if p.split == "train_train"]
    dev = [p for p in fnc if p.split == "train_test"]
    gold = [p.label for p in dev]
    t0 = time.time()
    model = st.load_stance_model()
    items = ts.cached_items(dev)
    pred = as_read(model, ts.dev_rows_body_unseen(dev, idf, fnc, emergent), dev, items)
    out = {OURS: _scores(gold, pred, time.time() - t0)}
    t0 = time.time()
    pred = as_read(model, ts.dev_rows(dev, idf, model.cues), dev, items)
    out[SEEN] = _scores(gold, pred, time.time() - t0)
    saved = ts.CACHE / f"baseline-fnc-{_baseline_key(train, dev)}.json"
    if saved.exists():
        out[BASELINE] = json.loads(saved.read_text())
    else:
        t0 = time.time()
        base = baseline_fit(baseline_rows(train), [p.label for p in train])
        out[BASELINE] = _scores(gold, list(base.predict(baseline_rows(dev))), time.time() - t0)
        saved.write_text(json.dumps(out[BASELINE]))
    out["_n"] = len(dev)
    out["_labels"] = dict(Counter(gold))
    return out


def _scores(gold: list[str], pred: list[str], seconds: float) -> dict:
    """FNC-1 figures of one system's predictions."""
    return {"score": ts.fnc_score(gold, pred), "macro_f1": ts.macro_f1(gold, pred), "accuracy": accuracy(gold, pred),
            "f1": per_class_f1(gold, pred, st.STANCES), "seconds": seconds}


def run_emergent(fnc, emergent, idf, baselines: bool = True) -> dict:
    """Emergent 5-fold (by claim) figures for newsweave's model, the baseline and the majority class.

    In each fold the framing table is counted on the fold's training rows only
    (FNC-1 train_train and the other four folds), each training row's own
    features without its group, as `train/train_stance.py` does for the shipped model.
    """
    folds = claim_folds(emergent)
    x_fnc, y_fnc, w_fnc, g_fnc, i_fnc = ts.training_rows(fnc, [], idf)
    x_em = ts.feature_rows(emergent, idf, "emergent")
    i_em = ts.cached_items(emergent)
    b_em = baseline_rows(emergent) if baselines else None
    gold_all, ours, network, base, major = [], [], [], [], []
    for k in range(FOLDS):
        tr = [i for i, f in enumerate(folds) if f != k]
        te = [i for i, f in enumerate(folds) if f == k]
        x = np.vstack([x_fnc, x_em[tr]])
        y = y_fnc + [emergent[i].label for i in tr]
        w = np.concatenate([w_fnc, np.full(len(tr), ts.EMERGENT_WEIGHT)])
        x, table = ts.with_framing(x, y, w, g_fnc + [emergent[i].group for i in tr], i_fnc + [i_em[i] for i in tr])
        head = ts.fit_head([i_em[i] for i in tr], [emergent[i].label for i in tr])
        model = ts.as_model(*ts.fit(x, y, w), idf, table, head)
        rows = np.hstack([x_em[te], ts.framing_of([i_em[i] for i in te], table)])
        ours += restricted(model, rows, items=[i_em[i] for i in te])
        network += restricted(model, rows)
        if baselines:
            gb = baseline_fit(b_em[tr], [emergent[i].label for i in tr])
            base += list(gb.predict(b_em[te]))
        majority = Counter(emergent[i].label for i in tr).most_common(1)[0][0]
        major += [majority] * len(te)
        gold_all += [emergent[i].label for i in te]
        print(f"  emergent fold {k}: {accuracy(gold_all[-len(te):], ours[-len(te):]):.3f}", file=sys.stderr)
    out = {}
    for name, p in ((OURS, ours), (NETWORK, network), ("FNC-1 baseline features (GBDT, Emergent folds only)", base),
                    ("majority class", major)):
        if p:
            out[name] = {"accuracy": accuracy(gold_all, p), "macro_f1": ts.macro_f1(gold_all, p, THREE),
                         "f1": per_class_f1(gold_all, p, THREE)}
    out["_n"] = len(gold_all)
    out["_labels"] = dict(Counter(gold_all))
    out["_confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(Counter(zip(gold_all, ours)).items())}
    return out


def table(fnc_res: dict, em_res: dict, commit: str) -> str:
    """The Markdown section for docs/BENCHMARKS.md."""
    lines = [SECTION, "",
             f"Measured at commit `{commit}` by `benchmarks/stance.py`. Data: `shared/bench/stance/` (FNC-1 train, "
             f"Emergent train). The model is `src/newsweave/data/{st.VERSION}.npz` as trained by "
             f"`train/train_stance.py` (seed {ts.SEED}; FNC-1 train_train + Emergent train, Emergent rows weighted "
             f"{ts.EMERGENT_WEIGHT:g}): the {len(st.FEATURES)} alignment, overlap and cue features of stance-v1 and "
             "three learned framing features of the best-aligned sentence (a naive Bayes table over its hashed words, "
             "bigrams, the words it adds to the claim, its first word, question mark, colon and quotes; each training "
             "row's own framing counted without its FNC body or Emergent claim). stance-v1 (without the framing "
             "features), measured at d91adbf: FNC-1 relative score 0.863, macro-F1 0.660; Emergent accuracy 0.706, "
             "macro-F1 0.693. stance-v3 adds the single-sentence head: a logistic regression (L2, C = 1) over the "
             "same hashed framing items, fitted on Emergent claim/headline pairs alone; for one-sentence evidence "
             "the related stances are the normalised geometric mean (even shares) of the network's, given related, "
             "and the head's. An FNC-1 body of several sentences is read by the network alone, as before (the FNC-1 rows below read "
             "the 168 one-sentence dev bodies with the head, as `stance_of` does; the network alone on all of them: "
             "0.890 / 0.732).",
             "",
             f"FNC-1, dev split: trained on `ukp_split == train_train` (44,974 pairs), scored on `train_test` "
             f"({fnc_res['_n']} pairs: {fnc_res['_labels']}). Note that this split is random over pairs: its "
             "headlines and bodies also occur in train_train, so it is easier than the FNC-1 test set. The first row "
             "reads each dev pair's framing from the table counted without its body's training rows (as for a new "
             "article); the second from the table as shipped, which has counted each dev body's best sentence under "
             "other headlines' labels (optimistic: shown for what it is, not as the figure). The baseline's "
             "figures are kept under /tmp/stance/ by its code and data"
             + (f" (these: measured at `{fnc_res[BASELINE]['measured_at']}`, the same baseline code and data)"
                if fnc_res.get(BASELINE, {}).get("measured_at") else "") + ".", "",
             "| system | FNC relative score | macro-F1 | accuracy | F1 supports | F1 refutes | F1 discusses | F1 unrelated | s (ours: score; baseline: train+score) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in fnc_res.items():
        if name.startswith("_"):
            continue
        f = r["f1"]
        lines.append(f"| {name} | {r['score']:.3f} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {f['supports']:.3f} | "
                     f"{f['refutes']:.3f} | {f['discusses']:.3f} | {f['unrelated']:.3f} | {r['seconds']:.0f} |")
    lines += ["", f"Emergent, 5-fold cross-validation grouped by claim on the train part ({em_res['_n']} claim/headline "
              f"pairs: {em_res['_labels']}; for = supports, against = refutes, observing = discusses). newsweave's "
              "model trains on FNC-1 train_train plus the other four folds (the framing table and the head too are "
              "counted and fitted on those alone) and chooses among the three stances. Confusion (gold->predicted): "
              f"{em_res.get('_confusion', {})}.", "",
              "| system | accuracy | macro-F1 | F1 supports | F1 refutes | F1 discusses |", "| --- | --- | --- | --- | --- | --- |"]
    for name, r in em_res.items():
        if name.startswith("_"):
            continue
        f = r["f1"]
        lines.append(f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {f['supports']:.3f} | "
                     f"{f['refutes']:.3f} | {f['discusses']:.3f} |")
    ours_f, ours_e = fnc_res[OURS], em_res[OURS]
    lines += ["", "Targets (dev splits): FNC relative score >= 0.83 "
              f"({'met' if ours_f['score'] >= 0.83 else 'not met'}), macro-F1 >= 0.65 "
              f"({'met' if ours_f['macro_f1'] >= 0.65 else 'not met'}), Emergent accuracy >= 0.75 "
              f"({'met' if ours_e['accuracy'] >= 0.75 else 'not met'}). No held-out figures: the FNC-1 test set and "
              "Emergent test are not in shared/bench; both figures are on parts not trained on (FNC-1 train_test, "
              "Emergent folds by claim; the Emergent part ran at `7b3f75d`, whose Emergent code is this commit's). "
              "The network's settings were fixed before the Emergent folds were scored (Emergent "
              "weight 3 as in stance-v1, framing items and smoothing 1 chosen a priori; measured on the same folds and not adopted: Emergent weight 6 or framing counts of Emergent rows weighted 10 (no better on the folds run), framing means over the added words alone (0.740 on the two folds run against 0.745), the table without zeroing never-counted items (0.744))."
              " The head's settings (C = 1, scikit-learn's default; an even share in the geometric mean; the "
              "framing items as they are; Emergent rows only) were fixed before any fold was scored. A grid of C "
              "0.3 / 1 / 3 and shares 0.3 / 0.5 / 0.7 was then looked at on the reported folds (0.750-0.761, flat; "
              "the defaults kept, not chosen from it), and the head's variants were compared on a separate "
              "assignment of the claims to 5 folds (seed 7, not the reported seed-13 folds): there the network alone "
              "scored 0.746 and with the head 0.754; not adopted there: the head's items "
              "with the claim's words the headline lacks (0.750), the head fitted also on FNC-1 related pairs' best "
              "sentences (weight 0.3: 0.741; 1: 0.728). On FNC-1 dev an Emergent-fitted head applied to every body "
              "lowered macro-F1 (0.732 to 0.652 at even shares), hence one-sentence evidence only."
              " The remaining Emergent errors are mostly observing and for confused "
              "with each other (a hedge the table has not seen, or a plain headline about a rumour); the FNC-1 "
              "refutes class (84 dev pairs) is the weakest.", ""]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace (or append) the Stance section of docs/BENCHMARKS.md, leaving the others as they are."""
    doc = DOCS.read_text(encoding="utf-8")
    start = doc.find(SECTION + "\n")
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + text
    else:
        nxt = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + (doc[nxt + 1:] if nxt >= 0 else "")
    DOCS.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks, print the table, write it to docs/BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--only", choices=("fnc", "emergent"),
                        help="run one part and keep its figures under /tmp/stance/ (two processes can share the "
                             "work; a later run without --only reads them for the same commit)")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    fnc, emergent = ts.fnc_pairs(), ts.emergent_pairs()
    idf = ts.idf_of([p for p in fnc if p.split == "train_train"] + emergent)
    results = {}
    for part, run in (("fnc", run_fnc), ("emergent", run_emergent)):
        saved = ts.CACHE / f"result-{part}-{commit}.json"
        if args.only and args.only != part:
            continue
        if saved.exists() and not args.only:
            results[part] = json.loads(saved.read_text())
            continue
        results[part] = run(fnc, emergent, idf)
        saved.write_text(json.dumps(results[part]))
        for name, r in results[part].items():
            if not name.startswith("_"):
                print(f"{part} {name}: {json.dumps(r)}", file=sys.stderr)
    if args.only:
        return 0
    fnc_res, em_res = results["fnc"], results["emergent"]
    text = table(fnc_res, em_res, commit)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
