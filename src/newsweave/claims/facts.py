"""What a claim's content commits to, for telling agreement from contradiction by rule.

`claim_facts` reads the content's tokens in the spaCy parse: the entities and
proper names it mentions, its numbers, its main predicate with negation and
subject, its explicit dates, and who holds which place after a "take",
"retake", "lose" or "clear" event. `conflicts` says whether two claims cannot
both be true by those rules (see `propositions` for how they are used).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from newsweave.claims.lexicon import ANTONYM_OF, CLEARING, LOSING, PREDICATES, RETAKING, TAKING
from newsweave.claims.speakers import ArticleEntities, SpeakerMemory, entity_at, resolve_speaker
from newsweave.claims.structured import content_root
from newsweave.model import Claim, Entity
from newsweave.nlp import doc_entities, entities_within

# Words that name a kind of place, not which one ("the Kora district").
_PLACE_WORDS = frozenset({
    "district", "districts", "province", "provinces", "region", "regions", "valley", "city", "town",
    "village", "capital", "area", "areas", "state", "county", "country", "border", "base", "airport",
    "centre", "center", "square", "street", "road", "river", "mountain", "mountains", "port", "bay",
})
# spaCy labels of names that may end in a place's name without being the place.
_NOT_PLACES = frozenset({"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "PERSON", "NORP"})
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PLACE_MATCH = 80  # rapidfuzz ratio at which two place names are one place (Koraan / Korean)


@dataclass(frozen=True, slots=True)
class Control:
    """After the event, `holder` holds (`holds` True) or no longer holds (False) `place`."""

    place: str
    holder: str
    holds: bool


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """The anchors and commitments of one claim's content."""

    entities: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    numbers: frozenset[float] = frozenset()
    predicate: str | None = None
    negated: bool = False
    subject: str | None = None
    dates: frozenset[str] = frozenset()
    control: tuple[Control, ...] = ()
    # Numbers that name which one of a kind ("stage 13", "Flight 447"), as (noun, number).
    labels: frozenset[tuple[str, str]] = frozenset()

    def shares_anchor(self, other: ClaimFacts) -> bool:
        """True when both mention one entity, proper name or number."""
        return bool(self.entities & other.entities or self.names & other.names or self.numbers & other.numbers)

    def block_keys(self) -> set[str]:
        """Keys under which contradictions are looked for (places held, subjects)."""
        keys = {f"place:{_skeleton(c.place)}" for c in self.control}
        if self.subject and self.predicate:
            keys.add(f"subject:{self.subject}")
        return keys


def claim_facts(claim: Claim, parsed, index: ArticleEntities | None, entities: Sequence[Entity]) -> ClaimFacts:
    """The facts of a claim's content, read from its article's parse (empty without one)."""
    if parsed is None or claim.content_start is None:
        return ClaimFacts()
    doc = parsed.doc
    span = doc.char_span(claim.content_start, claim.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ClaimFacts()
    ents = frozenset(e.id for s, e_, e in _mentions(index, span))
    names = frozenset(t.text.lower() for t in span if t.pos_ == "PROPN" and len(t.text) > 2)
    numbers = frozenset(float(m.group().replace(",", "")) for m in _NUMBER.finditer(span.text)
                        if m.group().replace(",", "").replace(".", "").isdigit())
    root = content_root(span)
    predicate = _predicate(root) if root is not None else None
    negated = root is not None and any(c.dep_ == "neg" for c in root.children)
    subject = _subject_key(root, index, entities) if root is not None else None
    dates = frozenset(e.text.lower() for e in entities_within(span) if e.label_ == "DATE" and _is_day(e.text))
    control = tuple(_control(span, index, entities))
    return ClaimFacts(ents, names, numbers, predicate, negated, subject, dates, control, _labels(span))


def distinct(a: ClaimFacts, b: ClaimFacts) -> bool:
    """True when the two claims are about different things of one kind ("stage 13", "stage 15").

    Not a contradiction (both can be true), but never one statement, however
    alike the sentences read: MiniLM scores "X won stage 13" against "X won
    stage 15" as a paraphrase.
    """
    if not (a.labels and b.labels):
        return False
    mine, theirs = _numbers_by_noun(a.labels), _numbers_by_noun(b.labels)
    return any(not (mine[n] & theirs[n]) for n in mine.keys() & theirs.keys())


def _numbers_by_noun(labels: frozenset[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for noun, number in labels:
        out.setdefault(noun, set()).add(number)
    return out


def _labels(span) -> frozenset[tuple[str, str]]:
    """(noun, number) for each number written after the noun it names, outside dates and times.

    A number after its noun picks one of a kind ("stage 13", "Article 5");
    one before it counts ("13 stages"), which is `numbers.py`'s business.
    """
    out = set()
    for t in span:
        if not (t.like_num and t.text.isdigit()) or t.ent_type_ in ("DATE", "TIME") or t.i == 0:
            continue
        noun = t.doc[t.i - 1]
        if noun.pos_ in ("NOUN", "PROPN") and noun.is_alpha and noun.ent_type_ not in ("DATE", "TIME") \
                and t.head.i == noun.i:
            out.add(((noun.lemma_ or noun.text).lower(), t.text))
    return frozenset(out)


def conflicts(a: ClaimFacts, b: ClaimFacts, similarity: float | None = None, threshold: float = 0.0) -> bool:
    """True when the two claims cannot both be true by rule.

    Control of one place by different actors always conflicts; opposite
    negation or antonyms on one predicate with one subject, and the same event
    on different days, conflict when the claims are similar (`similarity` at
    least `threshold`, or unknown).
    """
    for x in a.control:
        for y in b.control:
            if fuzz.ratio(x.place, y.place) < _PLACE_MATCH:
                continue
            if x.holder == y.holder and x.holds != y.holds:
                return True
            if x.holder != y.holder and x.holds and y.holds:
                return True
    if similarity is not None and similarity < threshold:
        return False
    if not (a.subject and a.subject == b.subject and a.predicate and b.predicate):
        return False
    if a.predicate == b.predicate and a.negated != b.negated:
        return True
    if ANTONYM_OF.get(a.predicate) == b.predicate and a.negated == b.negated:
        return True
    return a.predicate == b.predicate and bool(a.dates) and bool(b.dates) and not (a.dates & b.dates) \
        and (similarity is None or similarity >= 0.8)


def _skeleton(name: str) -> str:
    """A spelling-tolerant blocking key: first letter and consonants ("Koraan", "Korean" -> "krn")."""
    return (name[:1] + re.sub(r"[aeiouy\W]", "", name[1:]))[:4]


def _mentions(index: ArticleEntities | None, span):
    return index.overlapping(span.start_char, span.end_char) if index is not None else []


def _predicate(tok) -> str | None:
    """The predicate's lemma when it is one the antonym table knows, else its lower-cased form."""
    low = tok.text.lower()
    return PREDICATES.get(low, low if tok.pos_ in ("VERB", "AUX") else None)


def _subject_key(root, index, entities) -> str | None:
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    return _actor_key(subj, index, entities)


def _actor_key(tok, index, entities) -> str | None:
    """An entity id for an actor phrase, or its proper-noun head; None when unknown."""
    phrase = tok.doc[tok.left_edge.i: tok.right_edge.i + 1] if tok.right_edge.i - tok.left_edge.i < 6 \
        else tok.doc[tok.i: tok.i + 1]
    low = tok.text.lower()
    if low in ("they", "it", "them"):
        res = resolve_speaker(tok.doc[tok.i: tok.i + 1], index, SpeakerMemory(), entities)
        return res.entity.id if res.entity else None
    ent = entity_at(index, phrase.start_char, phrase.end_char, tok.idx, ("PERSON", "ORG", "OTHER"))
    if ent is not None:
        return ent.id
    res = resolve_speaker(phrase, index, SpeakerMemory(), entities)
    if res.entity is not None and res.how in ("name", "modifier"):
        return res.entity.id
    return low if tok.pos_ == "PROPN" else None


def _is_day(text: str) -> bool:
    low = text.lower()
    return any(d in low for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) \
        or bool(re.search(r"\b\d{1,2}\b", low) and re.search(r"[a-z]{3}", low))


def _control(span, index, entities):
    """Who holds which place after each take/retake/lose/clear verb of the content."""
    for t in span:
        low = t.text.lower()
        if low in RETAKING or low in TAKING:  # "re-captured" is a taking too: who holds the place after it
            kind = "take"
        elif low in LOSING:
            kind = "lose"
        elif low in CLEARING:
            kind = "clear"
        else:
            continue
        if not t.tag_.startswith("VB"):
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
        obj = next((c for c in t.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
        place = _place_key(obj) if obj is not None else None
        if not place:
            continue
        if kind == "clear":
            prep = next((c for c in t.children if c.dep_ == "prep" and c.text.lower() == "of"), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            holder = _actor_key(pobj, index, entities) if pobj is not None else None
            if holder:
                yield Control(place, holder, False)
            continue
        actor = _agent_of(t) if passive else _subject_near(t)
        holder = _actor_key(actor, index, entities) if actor is not None else None
        if holder:
            yield Control(place, holder, kind == "take")


def _subject_near(tok):
    """The verb's subject, or one the parser hung on a neighbouring auxiliary ("had re-captured")."""
    own = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if own is not None:
        return own
    for t in reversed(tok.doc[max(0, tok.i - 6): tok.i]):
        if t.dep_ == "nsubj":
            return t
        if t.dep_ in ("punct",) and t.text in (",", ";"):
            break
    return None


def _agent_of(tok):
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _place_token(obj):
    """The token that names the place an object phrase names ("the Kora district" -> "Kora")."""
    if obj.text.lower() in ("control", "rest", "hold", "most", "part", "parts", "all", "much"):
        of = next((c for c in obj.children if c.dep_ == "prep" and c.text.lower() in ("of", "over")), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return _place_token(pobj) if pobj is not None else None
    words = [c for c in obj.children if c.dep_ in ("compound", "amod", "nmod") and c.i < obj.i]
    words.append(obj)
    names = [w for w in words if w.text[:1].isupper() and w.text.lower() not in _PLACE_WORDS and w.is_alpha]
    if names:
        return names[-1]  # the name nearest the head is the most specific ("the province's Kunar district")
    of = next((c for c in obj.children if c.dep_ == "prep" and c.text.lower() in ("of", "in")), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return _place_token(pobj) if pobj is not None else None


def _place_key(obj) -> str | None:
    """The lower-cased name of the place an object phrase names; None when it names no place.

    A place word at the end of a longer name is no place: "won stage 13 of the
    Tour de France" takes nothing from France, nor a "Bank of England" England.
    """
    tok = _place_token(obj)
    if tok is None:
        return None
    ent = next((e for e in doc_entities(tok.doc) if e.start <= tok.i < e.end), None)
    if ent is not None and ent.label_ in _NOT_PLACES and ent.start < tok.i:
        return None
    return tok.text.lower()
