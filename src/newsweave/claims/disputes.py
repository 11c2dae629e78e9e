"""Disputes read by the stance model: one source's statement that refutes another's.

Rules (`facts.conflicts`, explicit denials) catch contradictions they were
written for; the rest ("rejected the report as bunk", "disagreed with the
arrest") is left to the stance component (`claims.stance`), the one used for every "does B support or
refute A?" decision. Each claim's content is taken as claim A, and the
statement of another source close to it in meaning (claim B: its words with
speaker and cue, so "X denied ..." reads as X's) as the text whose stance on A
is asked. B refutes A when B is an act of refuting (a denial as attribution
reads it, or more refuting words than A: "rejected", "false", "disputed",
`stance.REFUTING`, or a verb of disagreeing, `OPPOSING`), and the model gives "refutes" a probability of
at least `REFUTES`. A plain negation in B is not enough: the model, trained on
headlines against bodies, reads "it was not the first time that ..." as
refuting whatever it is set against, and with negations counted as refuting
acts the held-out sets of benchmarks/claims.py lost a fifth of their status
accuracy (0.82 to 0.66; docs/BENCHMARKS.md, Claims).

Only pairs worth asking are judged: claims of two different sources (and
speakers) whose contents are within `CANDIDATE` of each other (MiniLM cosine
of the contents as propositions embed them, the story's ubiquitous names
masked: two statements about one thing, not merely about one story), at most
`NEIGHBOURS` per claim, so the cost grows with the story's claims, not with
their pairs. The model itself reads the claims' sentence vectors.

Limits: the model was trained on headlines and article bodies (FNC-1,
Emergent), not on two quotes of one story; a contradiction with no cue of
refutation in B (two different places, two different numbers) is not seen
here (the rules and `numbers` cover some of it), nor a refutation by plain
negation ("has not been offered such a compromise").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from newsweave.claims.stance import REFUTING, cues_of, model_row, predict_probabilities
from newsweave.model import Claim

# Probability of "refutes" at which B is taken to refute A; chosen on the dev sets of
# benchmarks/claims.py (M002, M003, the samples), the held-out sets reported apart.
REFUTES = 0.7
CANDIDATE = 0.55  # content cosine from which a pair is judged (as propositions.CONTRADICTION)
NEIGHBOURS = 4  # closest other-source claims judged per claim
# Verbs of disagreeing that `stance.REFUTING` (the model's own cue list) lacks.
OPPOSING = frozenset({"disagree", "disagreed", "disagrees", "disagreeing", "oppose", "opposed", "opposes",
                      "opposing", "objected", "objects", "contested", "contests", "challenged", "challenges"})


@dataclass(frozen=True, slots=True)
class Refutation:
    """Claim `by` refutes claim `claim` (indices into the claims given), with the model's probability."""

    claim: int
    by: int
    probability: float


def refutations(claims: Sequence[Claim], docs: Mapping, sources: Mapping[str, str], models,
                vectors: Mapping[tuple[str, int], np.ndarray] | None = None,
                contents: np.ndarray | None = None) -> list[Refutation]:
    """The pairs of claims of different sources in which one refutes the other, by the stance model.

    `docs` maps article ids to their `ParsedArticle`, `vectors` the story's
    sentence vectors (`pipeline.story_vectors`); sentences without one are
    encoded here. `contents` holds unit vectors of the claims' contents (one
    row per claim) that choose the pairs judged; without it the sentence
    vectors choose them.
    """
    model = getattr(models, "stance", None)
    if model is None or len(claims) < 2:
        return []
    keys = [_sentence_key(c, docs) for c in claims]
    usable = [i for i, k in enumerate(keys) if k is not None]
    if len({sources.get(claims[i].article, claims[i].article) for i in usable}) < 2:
        return []
    vecs = _sentence_vectors([keys[i] for i in usable], docs, models, vectors)
    pairs = _candidate_pairs([claims[i] for i in usable], vecs if contents is None else contents[usable], sources)
    cues: dict[str, object] = {}

    def cue(text: str):
        if text not in cues:
            cues[text] = cues_of(text)
        return cues[text]

    # A denial whose target attribution has resolved ("refuted this claim") refutes that target, no other.
    pairs = [(a, b) for a, b in pairs if claims[usable[b]].denies is None
             and _says_against(cue(claims[usable[a]].content), cue(_own_words(claims[usable[b]])),
                               claims[usable[b]].polarity == "deny")
             and (claims[usable[b]].polarity == "deny" or _refutes_its_statement(claims[usable[b]], docs))]
    if not pairs:
        return []
    rows = []
    for a, b in pairs:
        ca, cb = claims[usable[a]], claims[usable[b]]
        row, _ = model_row(model, cue(ca.content), vecs[a], [cue(cb.text)], [cb.text], vecs[b][None, :])
        rows.append(row)
    probs = predict_probabilities(model, np.stack(rows))[:, model.labels.index("refutes")]
    return [Refutation(usable[a], usable[b], round(float(p), 4)) for (a, b), p in zip(pairs, probs) if p >= REFUTES]


def _own_words(c: Claim) -> str:
    """A claim's cue and content: its own words (its span can hold another claim's cue, "refuted this claim
    saying ...", whose refutation is that claim's)."""
    return f"{c.cue} {c.content}"


def _says_against(claim, statement, denial: bool) -> bool:
    """Whether a statement is an act of refuting: a denial, a verb of disagreeing, or more refuting words
    than the claim it is read against."""
    return denial or bool(OPPOSING.intersection(statement.tokens)) or statement.refuting > claim.refuting


def _refutes_its_statement(c: Claim, docs: Mapping) -> bool:
    """Whether a refuting word of the claim belongs to what it states, not to a clause that describes one
    of its nouns: "X rejected the report" refutes; "a bomb threat, which later turned out to be false,
    was reported" reports a threat (the word sits in a relative clause). Read from the parse; a claim
    whose words the parse cannot align keeps the word-count reading."""
    p = docs.get(c.article)
    lo, hi = (c.content_start, c.content_end) if c.content_start is not None else (c.start, c.end)
    span = p.doc.char_span(min(c.start, lo), max(c.end, hi), alignment_mode="expand") if p is not None else None
    if span is None:
        return True
    words = [t for t in span if t.lower_ in REFUTING or t.lower_ in OPPOSING]
    return not words or any(not _in_describing_clause(t, span) for t in words)


def _in_describing_clause(tok, span) -> bool:
    """True when the token lies under a relative or adjectival clause of a noun inside the span."""
    node = tok
    while node.head.i != node.i and span.start <= node.head.i < span.end:
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        node = node.head
    return node.dep_ in ("relcl", "acl", "appos")


def _candidate_pairs(claims: Sequence[Claim], vecs: np.ndarray, sources: Mapping[str, str]) -> list[tuple[int, int]]:
    """Ordered pairs (a, b), b of another source and speaker, within `CANDIDATE`: each claim's closest few."""
    src = np.array([sources.get(c.article, c.article) for c in claims], dtype=object)
    out: set[tuple[int, int]] = set()
    block = 1024
    for lo in range(0, len(claims), block):
        sims = np.round(vecs[lo:lo + block] @ vecs.T, 4)
        sims[src[lo:lo + block, None] == src[None, :]] = -1.0
        for r in range(sims.shape[0]):
            a = lo + r
            for b in np.argsort(-sims[r], kind="stable")[:NEIGHBOURS]:
                b = int(b)
                if sims[r, b] < CANDIDATE:
                    break
                if claims[a].speaker and claims[a].speaker == claims[b].speaker:
                    continue
                out.add((a, b))
                out.add((b, a))
    return sorted(out)


def _sentence_vectors(keys: Sequence[tuple[str, int]], docs: Mapping, models,
                      vectors: Mapping[tuple[str, int], np.ndarray] | None) -> np.ndarray:
    """Unit vectors of the claims' sentences: the story's where it has them, else encoded now."""
    have = vectors or {}
    missing = sorted({k for k in keys if k not in have})
    encoded = dict(zip(missing, models.embedder.encode([docs[a].sentences[i].text for a, i in missing]))) \
        if missing else {}
    return np.stack([have[k] if k in have else encoded[k] for k in keys]).astype(np.float32)


def _sentence_key(c: Claim, docs: Mapping) -> tuple[str, int] | None:
    """(article, sentence index) of the sentence a claim starts in."""
    p = docs.get(c.article)
    if p is None or not p.sentences:
        return None
    starts = [s.start for s in p.sentences]
    k = bisect.bisect_right(starts, c.start) - 1
    return (c.article, p.sentences[k].index) if k >= 0 else None
