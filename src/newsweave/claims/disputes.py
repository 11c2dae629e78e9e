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

A plain negation is judged by the parse instead (`negations`): B refutes A
when both state the same fact with opposite polarity: the same main verb
(its lemma: "offered" / "offer", "found" / "find"), the same subject (one
entity, or one head word: "the suspect" / "the suspect"), objects that align
(an object of the verb on both sides or on neither, the head words of one's
among the other's: "such a compromise" / "a compromise that would ..."), one
negated ("not", "never", "no" before an object) and the other not, two
sources and speakers, contents within `NEGATION_FLOOR`. A negated copula
("it was not the first time that ...") states no event and is never read
so, nor a hedged or conditional statement ("may not", "if").

Limits: the model was trained on headlines and article bodies (FNC-1,
Emergent), not on two quotes of one story; a contradiction with no cue of
refutation in B (two different places, two different numbers) is not seen
here (the rules and `numbers` cover some of it); a negation of a synonym
("did not receive an offer" against "was offered") is not aligned.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from newsweave.claims.facts import ClaimFacts, distinct
from newsweave.claims.lexicon import CLAIM_NOUNS, reportedly
from newsweave.claims.sides import directive, withheld
from newsweave.claims.structured import content_root, lemma
from newsweave.claims.stance import REFUTING, cues_of, model_row, predict_probabilities
from newsweave.model import Claim

# Probability of "refutes" at which B is taken to refute A; chosen on the dev sets of
# benchmarks/claims.py (M002, M003, the samples), the held-out sets reported apart.
REFUTES = 0.7
CANDIDATE = 0.55  # content cosine from which a pair is judged (as propositions.CONTRADICTION)
NEIGHBOURS = 4  # closest other-source claims judged per claim
# Content cosine from which two claims of one verb and subject, one negated, are read as one fact
# (`negations`: the parse aligns them, so below `CANDIDATE`: "X was offered a compromise that would
# give him a post" against "X has not been offered such a compromise" scores 0.46).
NEGATION_FLOOR = 0.4
# Verbs of disagreeing that `stance.REFUTING` (the model's own cue list) lacks.
OPPOSING = frozenset({"disagree", "disagreed", "disagrees", "disagreeing", "oppose", "opposed", "opposes",
                      "opposing", "objected", "objects", "contested", "contests", "challenged", "challenges"})


@dataclass(frozen=True, slots=True)
class Refutation:
    """Claim `by` refutes claim `claim` (indices into the claims given), with the model's probability."""

    claim: int
    by: int
    probability: float
    how: str = "stance"  # "stance": the model's P(refutes); "negation": the parse (`negations`), probability 1


@dataclass(frozen=True, slots=True)
class Statement:
    """What a claim's content states at its main verb, as read from the parse: for aligning two claims."""

    predicate: str  # the verb's lemma (`structured.lemma`: "offer" for offered / offers, "find" for found)
    negated: bool
    subjects: frozenset[str]  # the subject's keys: its entity (facts) and its head word
    core: frozenset[str]  # head words of its direct, indirect and predicative objects (pronouns too)
    objects: frozenset[str]  # head words of its prepositions' objects (no pronouns, days or times)


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
    # A statement or denial withheld ("would not say", "while not denying") refutes nothing, nor is refuted.
    usable = [i for i, k in enumerate(keys) if k is not None and not withheld(claims[i], docs)]
    if len({sources.get(claims[i].article, claims[i].article) for i in usable}) < 2:
        return []
    vecs = _sentence_vectors([keys[i] for i in usable], docs, models, vectors)
    chooser = vecs if contents is None else contents[usable].copy()
    # A denial whose content is only "the claim" ("rejected the claim that ...") is about its sentence.
    bare = [k for k, i in enumerate(usable) if claims[i].polarity == "deny" and _bare_claim_noun(claims[i].content)]
    chooser[bare] = vecs[bare]
    pairs = _candidate_pairs([claims[i] for i in usable], chooser, sources)
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
    # The network's P(refutes) alone: `REFUTES` was chosen on it, and with the single-sentence head joined in
    # (`stance.with_head`) dev status accuracy of benchmarks/claims.py fell 0.958 -> 0.875 (19 -> 14 disputed).
    probs = predict_probabilities(model, np.stack(rows))[:, model.labels.index("refutes")]
    return [Refutation(usable[a], usable[b], round(float(p), 4)) for (a, b), p in zip(pairs, probs) if p >= REFUTES]


def negations(claims: Sequence[Claim], facts: Sequence[ClaimFacts], docs: Mapping, sources: Mapping[str, str],
              models) -> list[Refutation]:
    """Pairs of claims of different sources that state the same fact with opposite polarity, read from the parse.

    `facts` are the claims' `facts.claim_facts` (one per claim, their subject
    entity); `models` the process's models (its embedder encodes the contents
    of the pairs the parse aligns, which must be within `NEGATION_FLOOR`).
    Pairs are blocked by verb lemma and subject key, so the cost grows with the
    claims that share both; two claims naming different ones of a kind
    (`facts.distinct`: "stage 13", "stage 15") are never one fact. The
    negated claim is the refuting one (`by`).
    """
    if len(claims) < 2:
        return []
    statements = [statement_of(c, f, docs) if c.polarity == "assert" and not reportedly(c) and c.denies is None
                  and not withheld(c, docs) and not directive(c, docs) else None for c, f in zip(claims, facts)]
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(statements):
        for key in s.subjects if s is not None else ():
            by_key.setdefault((s.predicate, key), []).append(i)
    src = [sources.get(c.article, c.article) for c in claims]
    pairs = set()
    for members in by_key.values():
        for b in (m for m in members if statements[m].negated):
            pairs |= {(a, b) for a in members if not statements[a].negated and src[a] != src[b]
                      and not (claims[a].speaker and claims[a].speaker == claims[b].speaker)}
    pairs = sorted((a, b) for a, b in pairs if same_fact(statements[a], statements[b])
                   and not distinct(facts[a], facts[b]))
    if not pairs:
        return []
    # The parse has aligned them: their contents as written (MiniLM) need only be about one thing.
    wanted = sorted({i for pair in pairs for i in pair})
    vecs = dict(zip(wanted, models.embedder.encode([claims[i].content for i in wanted])))
    return [Refutation(a, b, 1.0, "negation") for a, b in pairs if float(vecs[a] @ vecs[b]) >= NEGATION_FLOOR]


def same_fact(a: Statement, b: Statement) -> bool:
    """Whether two statements say the same thing of the same subject, polarity aside: one verb lemma, a shared
    subject key, objects of the verb on both sides or on neither, one's all among the other's ("did not find
    anything" states nothing of "found the body"), and the prepositions' objects of one among the other's
    (a denial may leave out where or when: "was not arrested" / "was arrested at the airport")."""
    return a.predicate == b.predicate and bool(a.subjects & b.subjects) \
        and bool(a.core) == bool(b.core) and (a.core <= b.core or b.core <= a.core) \
        and (a.objects <= b.objects or b.objects <= a.objects)


def statement_of(c: Claim, fact: ClaimFacts, docs: Mapping) -> Statement | None:
    """The statement at the main verb of a claim's content; None when it states no event of a known subject
    (a copula, a question, a hedged or conditional verb, a pronoun subject no entity resolves)."""
    p = docs.get(c.article)
    if p is None or c.content_start is None or (c.fact is not None and (c.fact.hedge or c.fact.conditional)):
        return None
    span = p.doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
    root = content_root(span) if span is not None and len(span) else None
    if root is None or root.pos_ != "VERB" or not root.tag_.startswith("VB") or span.text.rstrip().endswith("?"):
        return None
    kids = list(root.children)
    if any(k.dep_ == "mark" and k.lower_ in _CONDITIONAL or k.dep_ == "aux" and k.lower_ in _HEDGING for k in kids):
        return None
    subject = next((k for k in kids if k.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    keys = set()
    if fact.subject and fact.predicate == root.text.lower():  # the facts' subject is this verb's
        keys.add(fact.subject)
    if subject.pos_ in ("NOUN", "PROPN"):
        keys.add(subject.lower_)
    if not keys:
        return None
    core = [k for k in kids if k.dep_ in ("dobj", "dative", "attr", "oprd")]
    objects = _prepositional_objects(root)
    # "not" / "never" on the verb, "no" before an object, or a subject that says none ("no gun", "nobody").
    negated = any(k.dep_ == "neg" or k.lower_ == "never" for k in kids) or any(
        d.dep_ == "det" and d.lower_ == "no" for o in core + objects + [subject] for d in o.children) \
        or subject.lower_ in _NONE
    return Statement(lemma(root), negated, frozenset(keys), frozenset(o.lower_ for o in core),
                     frozenset(o.lower_ for o in objects))


_CONDITIONAL = frozenset({"if", "whether", "unless"})
_NONE = frozenset({"nobody", "none", "nothing", "noone"})
_HEDGING = frozenset({"may", "might", "could"})


def _prepositional_objects(root) -> list:
    """The objects of the verb's prepositions, as head tokens (no pronouns, days or times)."""
    out = [g for k in root.children if k.dep_ == "prep" for g in k.children if g.dep_ == "pobj"]
    return [o for o in out if o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in ("DATE", "TIME")]


def _bare_claim_noun(content: str) -> bool:
    """Whether a content is no more than a noun of saying ("the claim", "these reports"): its words are
    in its sentence, not in it."""
    words = content.lower().strip(" .,;:'\"").split()
    return 0 < len(words) <= 3 and words[-1] in CLAIM_NOUNS


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
    return not words or any(refuting_act(t, span) for t in words)


def refuting_act(tok, span) -> bool:
    """Whether a refuting word is an act of refuting in its sentence, not a word of what it is about.

    A verb of refuting is one ("rejected the report", "disagreed with"), and so is an adverb on a verb
    ("falsely claimed"), a word predicated of something ("the claims are false", "dismissed it as a hoax",
    "said the story was fake news") or a noun that names the act ("issued a denial"). A word that names a
    thing is not: "cleared of more serious fraud charges" (a noun modifier of the charges), "the only 'fake
    news' day" (of the day), nor one in a clause that describes a noun ("a threat, which turned out to be
    false")."""
    if _in_describing_clause(tok, span):
        return False
    if tok.pos_ in ("VERB", "AUX") or tok.lower_ in _ACT_NOUNS:
        return True
    node = _conjunct_head(tok)
    if node.dep_ == "advmod" and node.head.pos_ in ("VERB", "AUX"):
        return True
    if node.dep_ == "amod" and node.head.pos_ in ("NOUN", "PROPN"):
        node = _conjunct_head(node.head)
    return node.dep_ in ("attr", "oprd", "acomp", "ROOT") or node.dep_ == "pobj" and node.head.lower_ == "as"


_ACT_NOUNS = frozenset({"denial", "denials", "retraction", "doubt", "doubts"})


def _conjunct_head(tok):
    """The first of a run of conjuncts ("false and misleading" -> "false"): it holds the run's relation."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


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
