"""Claims as structured facts: who says what about whom, where, when, how sure, and how much.

`fact_of` reads a claim's content in its article's parse: the content's main
predicate (a verb lemma, or "be" over an adjective or noun) with its
negation; its subject and objects (story entity ids when the phrase names
one, else the phrase as written); the place it names; the time it holds
(a date expression in the content read against the article's date, else the
article's date when the predicate is in the present tense); whether it is
hedged (a modal, "reportedly", a withheld confirmation) or conditional ("if
settlement activity continues, ..."); and the first quantity with the noun it
counts. Propositions can then group claims that state one predicate of one
subject, and a dispute can require an opposite stance on that fact.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from newsweave.claims.clauses import phrase
from newsweave.claims.lexicon import HEDGE_ADVERBS
from newsweave.claims.numbers import parse_value
from newsweave.claims.speakers import ArticleEntities, entity_at
from newsweave.model import Claim, Entity, Fact, FactQuantity
from newsweave.nlp import ParsedArticle, entities_within, token_heads
from newsweave.timeline.expressions import format_date, normalise

_MODALS = frozenset({"may", "might", "could", "would", "should", "must"})
_CONDITIONS = frozenset({"if", "unless"})
# Subjects that are, mostly, the speaker: in reported speech, and in a quote.
_SELF = {False: frozenset({"he", "she"}), True: frozenset({"i", "we"})}
_PLACE_PREPS = frozenset({"in", "at", "near", "from", "across", "outside", "inside", "into", "to"})
_PRESENT = frozenset({"VBZ", "VBP"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
# Stem endings after which -ed/-ing dropped a silent e, and the look-alikes that had none.
_SILENT_E = ("c", "v", "u", "z", "dg", "ag", "ng", "at", "ot", "ut", "id", "ir", "ur", "ar", "os", "us",
             "as", "is", "ok", "in", "rs", "ps", "ns", "ib", "od", "im", "om")
_NO_SILENT_E = ("eat", "oat", "ear", "oid", "ain", "oin", "ong", "eer", "oor", "air")
# Irregular English verbs whose forms a suffix rule cannot undo (the parser runs without a lemmatizer).
_IRREGULAR = {
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be", "'s": "be",
    "’s": "be", "has": "have", "had": "have", "did": "do", "does": "do", "done": "do", "said": "say",
    "says": "say", "told": "tell", "went": "go", "gone": "go", "took": "take", "taken": "take", "made": "make",
    "gave": "give", "given": "give", "got": "get", "won": "win", "lost": "lose", "left": "leave",
    "held": "hold", "found": "find", "came": "come", "saw": "see", "seen": "see", "began": "begin",
    "begun": "begin", "brought": "bring", "thought": "think", "knew": "know", "known": "know", "ran": "run",
    "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "struck": "strike", "fled": "flee",
    "sent": "send", "spent": "spend", "built": "build", "kept": "keep", "met": "meet", "paid": "pay",
    "led": "lead", "fought": "fight", "sought": "seek", "caught": "catch", "bought": "buy", "shot": "shoot",
    "hit": "hit", "put": "put", "set": "set", "cut": "cut", "let": "let", "wrote": "write",
    "written": "write", "spoke": "speak", "spoken": "speak", "chose": "choose", "chosen": "choose",
    "drove": "drive", "driven": "drive", "broke": "break", "broken": "break", "stole": "steal",
    "stolen": "steal", "threw": "throw", "thrown": "throw", "grew": "grow", "grown": "grow", "drew": "draw",
    "drawn": "draw", "flew": "fly", "flown": "fly", "hid": "hide", "hidden": "hide", "sold": "sell",
    "stood": "stand", "understood": "understand", "withdrew": "withdraw", "withdrawn": "withdraw",
    "felt": "feel", "heard": "hear", "meant": "mean", "became": "become", "killed": "kill",
}


def fact_of(claim: Claim, parsed: ParsedArticle | None, index: ArticleEntities | None,
            entities: Sequence[Entity] = ()) -> Fact | None:
    """The structured fact of a claim's content, or None when its content has no predicate in the parse."""
    if parsed is None or claim.content_start is None:
        return None
    doc = parsed.doc
    span = doc.char_span(claim.content_start, claim.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = content_root(span)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    objects = [c for c in root.children if c.dep_ in _OBJECT_DEPS]
    objects += [g for c in root.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]
    objects = [o for o in objects if span.start <= o.i < span.end]
    if subj is not None and span.start <= subj.i < span.end and subj.lower_ in _SELF[claim.kind == "direct"]:
        subject = claim.speaker or claim.speaker_text  # "Castro said he disagreed", "“I disagree,” Castro said"
    elif subj is not None and span.start <= subj.i < span.end:
        subject = _entity_or_text(subj, index)
    elif subj is None and any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children):
        subject = claim.speaker or claim.speaker_text  # "X plans to cut ...": X is the one who would cut
    else:
        subject = None
    return Fact(
        speaker=claim.speaker or claim.speaker_text, predicate=_predicate(root), negated=_negated(root),
        subject=subject,
        objects=tuple(_entity_or_text(o, index) for o in objects),
        place=_place(span, index), time=_time(span, root, parsed.article.published),
        hedge=claim.hedge or _hedged(span, root), conditional=_conditional(root), quantity=_quantity(span),
    )


def lemma(tok) -> str:
    """A verb's dictionary form from its written form ("fled" -> "flee", "denied" -> "deny", "stopped" -> "stop")."""
    w = tok.lower_
    if tok.lemma_ and tok.lemma_ != w and tok.lemma_.isalpha():
        return tok.lemma_.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if tok.tag_ in ("VBD", "VBN") and w.endswith("ied"):
        return w[:-3] + "y"
    if tok.tag_ == "VBZ" and w.endswith("ies"):
        return w[:-3] + "y"
    if tok.tag_ in ("VBD", "VBN") and w.endswith("ed"):
        return _undo_suffix(w[:-2])
    if tok.tag_ == "VBG" and w.endswith("ing") and len(w) > 5:
        return _undo_suffix(w[:-3])
    if tok.tag_ == "VBZ" and w.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return w[:-2]
    if tok.tag_ == "VBZ" and w.endswith("s"):
        return w[:-1]
    return w


def _undo_suffix(stem: str) -> str:
    """The verb behind a stem left by -ed/-ing: a doubled consonant undone, a silent e put back."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeioulsfz":
        return stem[:-1]  # "stopped" -> "stop"; "killed", "passed" keep theirs
    if stem.endswith("e"):
        return stem + "e"  # "agreed" -> "agree"
    if stem.endswith(_NO_SILENT_E):
        return stem
    if stem.endswith(_SILENT_E):
        return stem + "e"  # "forced" -> "force", "declared" -> "declare", "refused" -> "refuse"
    return stem


def content_root(span):
    """The content's main token: the one whose head lies outside the content."""
    heads = token_heads(span.doc)  # the heads' indices, read without making a Token for each
    for i in range(span.start, span.end):
        if heads[i] < span.start or heads[i] >= span.end or heads[i] == i:
            return span.doc[i]
    return None


def _predicate(root) -> str:
    """The predicate's lemma; a copula names its complement ("is dead" -> "be dead")."""
    lem = lemma(root)
    if lem == "be":
        comp = next((c for c in root.children if c.dep_ in ("acomp", "attr")), None)
        if comp is not None:
            return f"be {comp.lower_}"
    return lem


def _negated(root) -> bool:
    """True for "not"/"never"/"n't" on the predicate, or a "no" subject ("no one was hurt")."""
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in root.children):
        return True
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (subj.lower_ in ("nobody", "none", "nothing") or
                                 any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children))


def _entity_or_text(tok, index: ArticleEntities | None) -> str:
    """A story entity id when the phrase names one, else the phrase as written."""
    ph = phrase(tok)
    ent = entity_at(index, ph.start_char, ph.end_char, tok.idx)
    return ent.id if ent is not None else ph.text


def _place(span, index: ArticleEntities | None) -> str | None:
    """The place the content names: a story place entity's id, else a place name as written."""
    ent = entity_at(index, span.start_char, span.end_char, None, ("PLACE",))
    if ent is not None:
        return ent.id
    places = [e for e in entities_within(span) if e.label_ in ("GPE", "LOC", "FAC")]
    after_prep = [e for e in places if e.root.head.dep_ == "prep" and e.root.head.lower_ in _PLACE_PREPS]
    return (after_prep or places)[0].text if places else None


def _time(span, root, published: str | None) -> str | None:
    """When the fact holds: a date in the content on the calendar, else the article's date for the present tense."""
    reference = _day(published)
    future = any(c.lower_ in ("will", "shall") for c in root.children if c.dep_ == "aux")
    for ent in entities_within(span):
        if ent.label_ in ("DATE", "TIME"):
            found = normalise(ent.text, reference, future)
            if found is not None:
                return format_date(found.value, found.precision)
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    present = root.tag_ in _PRESENT or any(a.tag_ in _PRESENT for a in aux) and not future
    if present and not any(a.lower_ in ("has", "have") for a in aux) and reference is not None:
        return reference.isoformat()
    return None


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _hedged(span, root) -> bool:
    """A modal on the predicate or a hedging adverb in the content."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in root.children) or \
        any(t.lower_ in HEDGE_ADVERBS for t in span)


def _conditional(root) -> bool:
    """True when the predicate depends on an "if"/"unless" clause."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
               for c in root.children)


def _quantity(span) -> FactQuantity | None:
    """The content's first number with the noun it counts ("600,000 people" -> 600000, "people")."""
    for t in span:
        if t.like_num and t.ent_type_ not in ("DATE", "TIME", "ORDINAL"):
            words = [x for x in span if x.i >= t.i and (x.like_num or x.lower_ in ("million", "billion", "thousand"))
                     and x.i - t.i < 4]
            text = " ".join(x.text for x in words)
            value = parse_value(text)
            if value is None:
                continue
            noun = t.head if t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i else None
            return FactQuantity(value=value, text=text, unit=noun.lower_ if noun is not None else None)
    return None
