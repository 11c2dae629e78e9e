"""Stance between texts: does a body of sentences support, refute, merely discuss, or ignore a claim?

One learned component for every "does B support or contradict A?" decision.
A pair (claim, body sentences) becomes a short vector of features:

- alignment: MiniLM cosines of the claim against each body sentence (best,
  second best, mean of the best three, mean of all), the claim against the
  body as a whole, and where the best sentence sits;
- overlap: hashed TF-IDF cosine and content-word overlap with the body and its
  best-aligned sentences, bigram hits, numbers and capitalised names of the
  claim found in the body;
- cues, counted on the best-aligned sentences and on the whole body: negation,
  refuting words (deny, false, hoax, fake, debunk ...), hedges (reportedly,
  allegedly, may ...), confirming words, reporting verbs, question marks, and
  antonyms of claim words (alive / dead, rise / fall ...);
- the evidence's own framing, learned: the best-aligned sentence's words and
  bigrams, the words it adds to the claim, its first word, a question mark, a
  colon or quotes, hashed, each with a smoothed log-likelihood per stance
  (supports / refutes / discusses) counted on the training sentences (a naive
  Bayes table, `StanceModel.cues`); their means are three features. This is
  how "Apple in talks to buy Path, report says" or "X reportedly ..." reads as
  discussing rather than supporting, without a hand list of hedges.

A small network (one hidden layer, trained by `train/train_stance.py` with
scikit-learn on FNC-1 and Emergent train parts) maps them to four stances.

When the evidence is one sentence (a headline, another source's quote: the
claim against a single statement, as in Emergent and in `disputes`), a second
reader joins it: a logistic head over the same hashed framing items
(`StanceModel.head`, trained on the Emergent claim/headline pairs alone). The
related stances are then the normalised geometric mean of the network's
(given that the pair is related) and the head's, each weighted `HEAD_SHARE`;
P(unrelated) stays the network's. The head reads how a single sentence frames
what it says ("X claims ...", "... report says", "?"); over a whole article
body (FNC-1) the network reads alone, since the head never saw a body.

Its weights ship as `newsweave/data/stance-v3.npz` with a JSON card beside
them; inference here is numpy only. Load the weights once with
`load_stance_model()` (done by `nlp.load_models()`, field `Models.stance`) and
call `stance_of(claim, sentences, models)`.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

STANCES = ("supports", "refutes", "discusses", "unrelated")
VERSION = "stance-v3"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
WEIGHTS_PATH = DATA_DIR / f"{VERSION}.npz"
CARD_PATH = DATA_DIR / f"{VERSION}.json"
# Buckets of the hashed vocabulary behind the TF-IDF features.
HASH_BUCKETS = 1 << 15
# Body sentences taken as the claim's alignment (best cosines first).
TOP_K = 3
# Evidence: the best-aligned sentences within this cosine of the best one.
EVIDENCE_MARGIN = 0.08
EVIDENCE_MAX = 3

# Buckets of the hashed evidence items behind the learned framing features.
CUE_BUCKETS = 1 << 16
CUE_CLASSES = ("supports", "refutes", "discusses")
# Weight of the single-sentence head in the geometric mean with the network (fixed at an even
# share before the Emergent folds were scored; docs/BENCHMARKS.md, Stance).
HEAD_SHARE = 0.5

_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?\b")

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those he she they them his her their we our you your i me my mr mrs ms has have had do does did will would can
could should may might must shall not no so than then there here who whom whose which what when where why how all
any some such into over under about after before also just more most other only own same too very up down out off
again further once s t said says say
""".split())
NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
                       "n't", "cannot", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
                       "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "hasn't",
                       "haven't", "hadn't"})
REFUTING = frozenset({
    "deny", "denies", "denied", "denying", "denial", "false", "falsely", "hoax", "hoaxes", "fake", "faked",
    "fraud", "fraudulent", "debunk", "debunked", "debunks", "refute", "refuted", "refutes", "reject",
    "rejected", "rejects", "dismiss", "dismissed", "dismisses", "untrue", "bogus", "myth", "rumour",
    "rumor", "rumours", "rumors", "satire", "satirical", "fabricated", "fabrication", "fiction",
    "fictional", "prank", "joke", "misleading", "baseless", "unfounded", "nonsense", "wrong", "incorrect",
    "doubt", "doubts", "doubtful", "skeptical", "sceptical", "contradict", "contradicts", "contradicted",
    "dispute", "disputed", "disputes", "retract", "retracted", "retraction", "apologize", "apologized",
    "apologise", "apologised", "pranked", "photoshopped", "doctored", "scam", "conspiracy",
})
HEDGES = frozenset({
    "reportedly", "allegedly", "purportedly", "apparently", "supposedly", "rumoured", "rumored",
    "may", "might", "could", "possibly", "perhaps", "likely", "unconfirmed", "unverified", "claims",
    "claimed", "claim", "alleged", "alleges", "suggests", "suggested", "speculation", "speculated",
    "believed", "thought", "appears", "appeared", "seems", "seemed", "if", "whether", "report",
    "reports", "reported", "according",
})
CONFIRMING = frozenset({
    "confirm", "confirms", "confirmed", "confirmation", "announced", "announces", "revealed", "reveals",
    "officially", "verified", "verify", "true", "indeed", "proved", "proves", "proven", "actually",
    "admitted", "admits", "acknowledged", "acknowledges",
})
REPORTING = frozenset({"said", "says", "told", "tells", "stated", "according", "added", "wrote", "tweeted",
                       "explained", "noted", "insisted", "argued"})
_ANTONYM_PAIRS = (
    ("alive", "dead"), ("alive", "died"), ("alive", "killed"), ("true", "false"), ("real", "fake"),
    ("win", "lose"), ("won", "lost"), ("increase", "decrease"), ("rise", "fall"), ("rose", "fell"),
    ("up", "down"), ("more", "less"), ("higher", "lower"), ("open", "closed"), ("guilty", "innocent"),
    ("accept", "reject"), ("accepted", "rejected"), ("confirm", "deny"), ("confirmed", "denied"),
    ("agree", "disagree"), ("found", "missing"), ("safe", "dangerous"), ("legal", "illegal"),
    ("start", "end"), ("begin", "end"), ("arrested", "released"), ("approve", "reject"),
    ("approved", "rejected"), ("support", "oppose"), ("supports", "opposes"), ("male", "female"),
    ("before", "after"), ("first", "last"), ("success", "failure"), ("survived", "died"),
    ("present", "absent"), ("allowed", "banned"), ("resign", "stay"), ("married", "divorced"),
)
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

FEATURES = (
    "cos_max", "cos_second", "cos_top3", "cos_mean", "cos_body", "best_position", "log_sentences",
    "tfidf_body", "tfidf_best", "tfidf_max", "words_in_body", "words_in_top", "jaccard_best", "bigrams_in_body",
    "claim_has_numbers", "numbers_in_body", "numbers_missing", "claim_has_names", "names_in_body",
    "claim_negation", "top_negation", "best_negation", "negation_mismatch", "body_negation",
    "claim_refuting", "top_refuting", "best_refuting", "body_refuting", "lead_refuting",
    "claim_hedge", "top_hedge", "best_hedge", "body_hedge",
    "top_confirming", "body_confirming", "top_reporting", "antonym_top", "antonym_body",
    "claim_question", "top_question", "log_claim_words",
)
# The learned framing of the best-aligned sentence (see `cue_items`), after `FEATURES`.
CUE_FEATURES = ("frame_supports", "frame_refutes", "frame_discusses")
MODEL_FEATURES = FEATURES + CUE_FEATURES


@dataclass(frozen=True, slots=True)
class StanceModel:
    """A trained stance classifier: feature scaling, dense layers (ReLU between), hashed IDF, framing table."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    idf: np.ndarray
    labels: tuple[str, ...]
    features: tuple[str, ...]
    version: str
    # (CUE_BUCKETS, 3): per hashed evidence item, its centred log-likelihood under CUE_CLASSES.
    cues: np.ndarray | None = None
    # (CUE_BUCKETS, 3) weights and (3,) bias of the single-sentence head over CUE_CLASSES.
    head: np.ndarray | None = None
    head_bias: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class Stance:
    """A body's stance on a claim: the label, its probability, all four, and the evidence sentences."""

    label: str
    score: float
    probabilities: tuple[tuple[str, float], ...]
    evidence: tuple[int, ...]  # indices into the sentences given, best first


@dataclass(frozen=True, slots=True)
class TextCues:
    """What the features need from one text: its tokens, content words, numbers, names and cue counts."""

    tokens: tuple[str, ...]
    words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    names: frozenset[str]
    negation: int
    refuting: int
    hedge: int
    confirming: int
    reporting: int
    question: bool


def tokens_of(text: str) -> list[str]:
    """Lower-cased word and number tokens ("n't" split off as its own token, as negation)."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        t = m.group().lower()
        if t.endswith("n't"):
            out.extend((t[:-3], "n't"))
        else:
            out.append(t)
    return out


def names_of(text: str) -> frozenset[str]:
    """Capitalised words that do not open the text or a sentence: a cheap stand-in for names."""
    out = set()
    for m in _CAPITALISED.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in ".!?\"“:":
            out.add(m.group().lower())
    return frozenset(out)


def cues_of(text: str) -> TextCues:
    """The tokens, content words and cue counts of a text (a sentence or a claim)."""
    tokens = tokens_of(text)
    content = [t for t in tokens if t not in STOPWORDS and len(t) > 1]
    return TextCues(
        tokens=tuple(tokens),
        words=frozenset(content),
        bigrams=frozenset(zip(content, content[1:])),
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(text)),
        names=names_of(text),
        negation=sum(t in NEGATIONS for t in tokens),
        refuting=sum(t in REFUTING for t in tokens),
        hedge=sum(t in HEDGES for t in tokens),
        confirming=sum(t in CONFIRMING for t in tokens),
        reporting=sum(t in REPORTING for t in tokens),
        question="?" in text,
    )


def bucket_of(word: str) -> int:
    """The hashed-vocabulary bucket of a word (stable across processes: CRC-32)."""
    return zlib.crc32(word.encode("utf-8")) % HASH_BUCKETS


def tfidf_vector(words: Sequence[str], idf: np.ndarray) -> dict[int, float]:
    """A sparse unit TF-IDF vector over hashed buckets, as {bucket: weight}."""
    counts: dict[int, float] = {}
    for w in words:
        b = bucket_of(w)
        counts[b] = counts.get(b, 0.0) + 1.0
    vec = {b: (1.0 + math.log(c)) * float(idf[b]) for b, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {b: v / norm for b, v in vec.items()}


def sparse_cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine of two unit sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _content(cues: TextCues) -> list[str]:
    return [t for t in cues.tokens if t not in STOPWORDS and len(t) > 1]


def pair_features(claim: TextCues, claim_vec: np.ndarray, sentences: Sequence[TextCues],
                  sentence_vecs: np.ndarray, idf: np.ndarray,
                  tfidf_cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The feature row of (claim, body) in `FEATURES` order, and the body's sentence indices, best aligned first.

    `claim_vec` and `sentence_vecs` are unit MiniLM vectors; `sentences` the
    cues of each body sentence (`cues_of`), in body order. `tfidf_cache`, when
    given, keeps each sentence's TF-IDF vector (keyed by the cues' id) for bodies
    seen again (training, where a body comes with many claims).
    """
    n = len(sentences)
    if n == 0:
        return np.zeros(len(FEATURES), dtype=np.float32), np.zeros(0, dtype=np.int64)
    sims = sentence_vecs @ claim_vec
    order = np.argsort(-sims, kind="stable")
    top = order[:TOP_K]
    body_vec = sentence_vecs.mean(axis=0)
    body_vec = body_vec / (np.linalg.norm(body_vec) or 1.0)
    best = sentences[int(order[0])]
    top_cues = [sentences[int(i)] for i in top]

    claim_words = claim.words or frozenset(claim.tokens)
    body_words = frozenset().union(*(s.words for s in sentences))
    top_words = frozenset().union(*(s.words for s in top_cues))
    body_bigrams = frozenset().union(*(s.bigrams for s in sentences))
    body_numbers = frozenset().union(*(s.numbers for s in sentences))
    body_names = frozenset().union(*(s.names for s in sentences)) | body_words

    claim_tfidf = tfidf_vector(_content(claim), idf)
    if tfidf_cache is None:
        sentence_tfidf = [tfidf_vector(_content(s), idf) for s in sentences]
    else:
        sentence_tfidf = []
        for s in sentences:
            if id(s) not in tfidf_cache:
                tfidf_cache[id(s)] = tfidf_vector(_content(s), idf)
            sentence_tfidf.append(tfidf_cache[id(s)])
    body_tfidf = tfidf_vector([w for s in sentences for w in s.tokens if w not in STOPWORDS and len(w) > 1], idf)
    tfidf_all = [sparse_cosine(claim_tfidf, v) for v in sentence_tfidf]

    def share(part: frozenset, whole: frozenset) -> float:
        return len(part & whole) / len(part) if part else 0.0

    def mean_of(values) -> float:
        values = list(values)
        return float(np.mean(values)) if values else 0.0

    def antonym_hits(cues_list) -> float:
        words = frozenset().union(*(c.words for c in cues_list))
        return float(sum(bool(ANTONYMS.get(w, frozenset()) & words) for w in claim.words))

    lead = sentences[: max(1, min(5, n))]
    best_neg = float(best.negation > 0)
    values = {
        "cos_max": float(sims[order[0]]),
        "cos_second": float(sims[order[1]]) if n > 1 else float(sims[order[0]]),
        "cos_top3": float(sims[top].mean()),
        "cos_mean": float(sims.mean()),
        "cos_body": float(body_vec @ claim_vec),
        "best_position": float(order[0]) / max(1, n - 1) if n > 1 else 0.0,
        "log_sentences": math.log1p(n),
        "tfidf_body": sparse_cosine(claim_tfidf, body_tfidf),
        "tfidf_best": tfidf_all[int(order[0])],
        "tfidf_max": max(tfidf_all),
        "words_in_body": share(claim_words, body_words),
        "words_in_top": share(claim_words, top_words),
        "jaccard_best": len(claim_words & best.words) / (len(claim_words | best.words) or 1),
        "bigrams_in_body": share(claim.bigrams, body_bigrams),
        "claim_has_numbers": float(bool(claim.numbers)),
        "numbers_in_body": share(claim.numbers, body_numbers),
        "numbers_missing": float(bool(claim.numbers - body_numbers) and bool(body_numbers)),
        "claim_has_names": float(bool(claim.names)),
        "names_in_body": share(claim.names, body_names),
        "claim_negation": float(claim.negation > 0),
        "top_negation": mean_of(c.negation > 0 for c in top_cues),
        "best_negation": best_neg,
        "negation_mismatch": float((claim.negation > 0) != (best_neg > 0)),
        "body_negation": mean_of(s.negation > 0 for s in sentences),
        "claim_refuting": float(claim.refuting > 0),
        "top_refuting": mean_of(c.refuting > 0 for c in top_cues),
        "best_refuting": float(best.refuting > 0),
        "body_refuting": mean_of(s.refuting > 0 for s in sentences),
        "lead_refuting": mean_of(s.refuting > 0 for s in lead),
        "claim_hedge": float(claim.hedge > 0),
        "top_hedge": mean_of(c.hedge > 0 for c in top_cues),
        "best_hedge": float(best.hedge > 0),
        "body_hedge": mean_of(s.hedge > 0 for s in sentences),
        "top_confirming": mean_of(c.confirming > 0 for c in top_cues),
        "body_confirming": mean_of(s.confirming > 0 for s in sentences),
        "top_reporting": mean_of(c.reporting > 0 for c in top_cues),
        "antonym_top": antonym_hits(top_cues),
        "antonym_body": antonym_hits(sentences),
        "claim_question": float(claim.question),
        "top_question": mean_of(c.question for c in top_cues),
        "log_claim_words": math.log1p(len(claim.tokens)),
    }
    return np.array([values[f] for f in FEATURES], dtype=np.float32), order


def cue_items(claim_tokens: frozenset[str], text: str) -> tuple[int, ...]:
    """The hashed framing items of an evidence sentence read against a claim (sorted, distinct).

    Items: each word, each bigram, each word the claim does not have (what
    the sentence adds: "report", "says", "hoax"), the first word, and marks
    for a question mark, a colon and quotes.
    """
    toks = tokens_of(text)
    items = {"u:" + t for t in toks} | {"x:" + t for t in toks if t not in claim_tokens}
    items |= {f"b:{a}_{b}" for a, b in zip(toks, toks[1:])}
    if toks:
        items.add("f:" + toks[0])
    for mark, name in (("?", "question"), (":", "colon"), ('"', "quote"), ("“", "quote"), ("'", "quote")):
        if mark in text:
            items.add("m:" + name)
    return tuple(sorted({zlib.crc32(i.encode("utf-8")) % CUE_BUCKETS for i in items}))


def cue_values(items: Sequence[int], table: np.ndarray | None) -> np.ndarray:
    """The framing features: the mean of the table's rows of the items it has counted (zeros without any).

    An item the training sentences never had has an all-zero row and is left
    out of the mean, so a sentence is read by what is known of its words.
    """
    if table is None or not items:
        return np.zeros(len(CUE_FEATURES), dtype=np.float32)
    rows = table[list(items)]
    known = rows[np.any(rows != 0.0, axis=1)]
    return known.mean(axis=0).astype(np.float32) if len(known) else np.zeros(len(CUE_FEATURES), dtype=np.float32)


def model_row(model: StanceModel, claim: TextCues, claim_vec: np.ndarray, sentences: Sequence[TextCues],
              texts: Sequence[str], sentence_vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The full feature row (`MODEL_FEATURES`) of (claim, body) and the body's order, best aligned first."""
    row, order = pair_features(claim, claim_vec, sentences, sentence_vecs, model.idf)
    if model.cues is None:  # a model trained without the framing table reads `FEATURES` only
        return row, order
    framing = cue_values(cue_items(frozenset(claim.tokens), texts[int(order[0])]), model.cues) if len(order) \
        else np.zeros(len(CUE_FEATURES), dtype=np.float32)
    return np.concatenate([row, framing]), order


def load_stance_model(path: Path | str = WEIGHTS_PATH) -> StanceModel:
    """The shipped stance classifier (numpy arrays from an .npz; no pickle, no download)."""
    with np.load(path, allow_pickle=False) as data:
        count = int(data["n_layers"])
        layers = tuple((data[f"W{i}"].astype(np.float32), data[f"b{i}"].astype(np.float32)) for i in range(count))
        return StanceModel(
            mean=data["mean"].astype(np.float32), scale=data["scale"].astype(np.float32), layers=layers,
            idf=data["idf"].astype(np.float32), labels=tuple(str(x) for x in data["labels"]),
            features=tuple(str(x) for x in data["features"]), version=str(data["version"]),
            cues=data["cues"].astype(np.float32) if "cues" in data.files else None,
            head=data["head"].astype(np.float32) if "head" in data.files else None,
            head_bias=data["head_bias"].astype(np.float32) if "head_bias" in data.files else None,
        )


def stance_card(path: Path | str = CARD_PATH) -> dict:
    """The shipped model's card: training data, split, seed, figures, features, version."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def predict_probabilities(model: StanceModel, rows: np.ndarray) -> np.ndarray:
    """Class probabilities (columns in `model.labels` order) for feature rows."""
    x = (np.atleast_2d(rows).astype(np.float32) - model.mean) / model.scale
    for i, (w, b) in enumerate(model.layers):
        x = x @ w + b
        if i < len(model.layers) - 1:
            x = np.maximum(x, 0.0)
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def head_probabilities(model: StanceModel, items: Sequence[Sequence[int]]) -> np.ndarray:
    """The single-sentence head's probabilities over `CUE_CLASSES`, one row per item list (`cue_items`)."""
    if model.head is None or model.head_bias is None:
        raise ValueError("this stance model has no single-sentence head")
    logits = np.stack([model.head[list(i)].sum(axis=0) if len(i) else np.zeros(len(CUE_CLASSES), np.float32)
                       for i in items]) + model.head_bias
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def with_head(model: StanceModel, probs: np.ndarray, items: Sequence[Sequence[int]],
              share: float = HEAD_SHARE) -> np.ndarray:
    """Network probabilities (rows in `model.labels` order) with the single-sentence head joined in.

    The related stances become the normalised geometric mean of the network's,
    given related, and the head's (weights 1 - `share` and `share`), scaled back
    to the network's related mass; P(unrelated) is kept. For rows whose
    evidence is one sentence; a model without a head returns `probs` as they are.
    """
    if model.head is None or not len(probs):
        return probs
    cols = [model.labels.index(c) for c in CUE_CLASSES]
    related = probs[:, cols]
    mass = related.sum(axis=1, keepdims=True)
    given = related / np.maximum(mass, 1e-12)
    head = head_probabilities(model, items)
    mixed = np.exp((1.0 - share) * np.log(given + 1e-9) + share * np.log(head + 1e-9))
    mixed = mixed / mixed.sum(axis=1, keepdims=True)
    out = probs.copy()
    out[:, cols] = mixed * mass
    return out


def stance_from_vectors(model: StanceModel, claim: str, claim_vec: np.ndarray, sentences: Sequence[str],
                        sentence_vecs: np.ndarray) -> Stance:
    """The stance of sentences on a claim whose MiniLM vectors are already computed."""
    if not sentences:
        return Stance("unrelated", 1.0, tuple((s, float(s == "unrelated")) for s in model.labels), ())
    row, order = model_row(model, cues_of(claim), claim_vec, [cues_of(s) for s in sentences], sentences,
                           sentence_vecs)
    probs = predict_probabilities(model, row)
    if len(sentences) == 1:
        probs = with_head(model, probs, [cue_items(frozenset(tokens_of(claim)), sentences[0])])
    probs = probs[0]
    k = int(np.argmax(probs))
    label = model.labels[k]
    evidence: tuple[int, ...] = ()
    if label != "unrelated":
        sims = sentence_vecs @ claim_vec
        best = float(sims[order[0]])
        evidence = tuple(int(i) for i in order[:EVIDENCE_MAX] if sims[i] >= best - EVIDENCE_MARGIN)
    return Stance(label, float(probs[k]), tuple((lab, float(p)) for lab, p in zip(model.labels, probs)), evidence)


def stance_of(claim: str, sentences: Sequence, models) -> Stance:
    """Whether `sentences` (strings, or objects with a `.text`, e.g. `model.Sentence`) support,
    refute, discuss or ignore `claim`.

    `models` is the process's `nlp.Models` (its `embedder` and `stance`).
    Evidence holds indices into `sentences` of the best-aligned ones.
    """
    if models.stance is None:
        raise ValueError("no stance model loaded (nlp.load_models() loads it)")
    texts = [s if isinstance(s, str) else s.text for s in sentences]
    vectors = models.embedder.encode([claim, *texts])
    return stance_from_vectors(models.stance, claim, vectors[0], texts, vectors[1:])
