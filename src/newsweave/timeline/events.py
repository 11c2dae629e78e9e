"""Date mentions in a parsed article, and the event each one dates.

`find_mentions(parsed)` takes spaCy's DATE (and day-naming TIME) entities,
trims them to their exact characters in `article.text`, and ties each to the
clause it modifies. The event is a short "who did what" text built from the
dependency parse: the clause's subject (reduced to its noun phrase), its
auxiliaries and negation, the verb, its object, and for a reporting verb
("said", "stated") the reported clause. A date that modifies a noun ("the
earthquake of December 26, 2004") dates that noun phrase instead.

Limits: the parse of en_core_web_sm is often wrong on long sentences, so the
event text is a compact reading aid, not a faithful paraphrase; pronoun
subjects stay pronouns (no coreference model works offline).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from newsweave.nlp import ParsedArticle

# The pipeline runs spaCy without its lemmatizer, so verbs are matched on crude stems.
REPORTING_VERBS = frozenset({
    "say", "said", "tell", "told", "announc", "claim", "report", "stat", "deni", "deny", "confirm",
    "add", "not", "insist", "warn", "accus", "reveal", "admit", "declar", "writ", "wrote", "tweet",
    "post", "publish", "assert", "argu", "acknowledg", "explain", "suggest", "promis", "vow", "recall",
    "conced", "predict", "complain",
})
FUTURE_CUES = frozenset({"will", "shall", "'ll", "’ll"})
# Stems of words that put the clause below them in the future ("is expected to", "scheduled for").
PLAN_WORDS = frozenset({"schedul", "due", "expect", "plan", "slat", "intend", "aim", "prepar"})
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NP_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case", "neg"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_MAX_TOKENS = 18
_BARE_UNITS = frozenset({"week", "weekend", "month", "year", "years"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})


@dataclass(frozen=True, slots=True)
class Event:
    """What a dated clause says happened: a short text and the words that identify it."""

    text: str
    verb: str  # the governing verb's lemma ("" for a noun-phrase event)
    words: frozenset[str]  # lower-cased lemmas of its content words, for matching across articles


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in an article, with its sentence, tense and event.

    `start`/`end` are exact offsets into the article's text; `sentence` is the
    index of the `Sentence` that holds it.
    """

    article: str
    start: int
    end: int
    text: str
    sentence: int
    future: bool
    event: Event | None
    past: bool = False  # the clause is in the past tense (`tense.tense_of`): a bare month lies behind


def find_mentions(parsed: ParsedArticle) -> list[DateMention]:
    """Every date expression of the article with the event of its clause.

    Expressions outside any sentence, and those of a line without a verb
    (datelines, bylines, captions), are left out: they date no event.
    """
    from newsweave.timeline.dates import _in_a_name, _is_a_march  # both build on this module's parse helpers
    from newsweave.timeline.tense import tense_of

    text = parsed.article.text
    starts = [s.start for s in parsed.sentences]
    out: list[DateMention] = []
    for ent in parsed.doc.ents:
        if ent.label_ not in ("DATE", "TIME") or _is_a_march(ent) or _in_a_name(ent[0]) or _after_a_name(ent):
            continue  # "the March on Washington", "Super Tuesday", "Fox News Sunday": names, not days
        start, end = _trim(text, _extended_start(ent), ent.end_char)
        if end <= start:
            continue
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or start >= parsed.sentences[index].end or is_dateline(ent, text) or names_a_kind(ent):
            continue
        verb = governing_verb(ent)
        event = event_of(ent, verb)
        tense = tense_of(ent)
        out.append(DateMention(parsed.article.id, start, end, text[start:end], parsed.sentences[index].index,
                               tense == "future", event, tense == "past"))
    return out


_DATELINE_END = re.compile(r"^[\s,]*\)?\s*(?:\([^()]{1,20}\)\s*)?[–—-]")


def is_dateline(ent, text: str) -> bool:
    """True for the date of a dateline run into the first sentence ("Edmonton, Ky. (November 28, 2016) – Police
    received ..."): a date that a dash follows (after its closing bracket), a name before it and no verb in its
    sentence. It tells when the report was filed, not when anything happened."""
    if not _DATELINE_END.match(text[ent.end_char:ent.end_char + 30]):
        return False
    before = ent.doc[ent.sent.start:ent.start]
    # a place opens a dateline; a date that opens its line heads an item of a chronology ("1939 - Roosevelt moves")
    return any(t.pos_ == "PROPN" for t in before) and not any(t.pos_ in ("VERB", "AUX") for t in before)


def _after_a_name(ent) -> bool:
    """True for a lone weekday that a proper noun before it names with ("Super Tuesday election night", the
    parse hanging both on "night"): part of a name, not the weekday nearest the paper."""
    if len(ent) != 1 or ent.root.lower_ not in _WEEKDAY_NAMES or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return (before.pos_ == "PROPN" and before.dep_ == "compound" and before.ent_type_ not in ("DATE", "TIME")
            and before.head.i in (ent.root.i, ent.root.head.i))


_FEASTS = frozenset({"christmas", "easter", "thanksgiving", "halloween", "hanukkah", "ramadan", "passover"})


def names_a_kind(ent) -> bool:
    """True for a feast's name that only says what kind a thing is ("a Christmas market", "Easter eggs",
    "the Thanksgiving turkey"): a noun it modifies is no day ("on Christmas Eve" and "on Christmas" are)."""
    if len(ent) != 1 or ent.root.lower_ not in _FEASTS or ent.root.dep_ not in ("compound", "nmod", "amod"):
        return False
    return ent.root.head.pos_ == "NOUN" and ent.root.head.ent_type_ not in ("DATE", "TIME")


def _extended_start(ent) -> int:
    """Where a bare unit ("week" of "this week's") really starts: at its "this", "last" or "next"."""
    if ent.text.lower() in _BARE_UNITS and ent.start > 0:
        previous = ent.doc[ent.start - 1]
        if previous.lower_ in ("this", "last", "next", "previous"):
            return previous.idx
    return ent.start_char


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding white space and trailing punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def governing_verb(span):
    """The verb of the clause a date expression modifies, or None (a dateline, a caption)."""
    token = span.root
    seen = 0
    while token.head.i != token.i and seen < 12:
        token = token.head
        seen += 1
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "prep":  # not "Regarding ...", "following ..."
            return token
    return token if token.pos_ in ("VERB", "AUX") else None


def is_future(verb, span) -> bool:
    """True when the dated clause speaks of the future.

    Cues: "next"/"coming" in the expression; "will"/"shall" or "going to" on
    the verb or a verb above it; a verb of planning above it ("is expected to",
    "scheduled", "due", "is to arrive"); a present-simple verb with a weekday
    ("the conference begins on Monday").
    """
    if re.search(r"\b(next|coming|upcoming)\b", span.text.lower()):
        return True
    if verb is None:
        return False
    chain = [verb, *list(verb.ancestors)[:4]]
    for token in chain:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_CUES for c in token.children):
            return True
        if token.lower_ == "going" or stem(token.text) in PLAN_WORDS:
            return True
        if token.lemma_ == "be" or token.lower_ in ("is", "are", "was", "were"):
            if any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in token.children):
                return True
    if verb.tag_ in ("VBZ", "VBP") and stem(verb.text) not in REPORTING_VERBS and verb.lower_ not in (
            "is", "are", "has", "have", "'s", "'re", "’s", "’re"):
        return any(w in span.text.lower() for w in _WEEKDAY_NAMES)
    return False


def event_of(span, verb) -> Event | None:
    """The event a date expression dates, its text the clause that tells it.

    A "when" clause that follows the date ("came on Friday, when the counsel's
    office sent out an agenda") says what happened then, and is told after a
    clause in the simple past ("The breaking point came when the counsel's office
    sent out an agenda"), or alone after any other ("Since October, when her
    candidacy began rising, she has been ..." is "Her candidacy began rising").
    """
    event = _told_event(span, verb)
    when = _when_clause(span, verb)
    if event is None or when is None:
        return event
    skip = set(range(span.start, span.end))
    if verb is None or verb.tag_ != "VBD":
        # "Since October, when her candidacy began rising, she has been on a downward slide": the main
        # clause tells of the stretch since; what happened then is the "when" clause alone
        alone = _make_event(_clause(when, skip, depth=0), stem(when.text), limit=_MAX_TOKENS)
        return event if alone is None else Event(alone.text, event.verb, event.words)
    told = _make_event([_when_word(when), *_clause(when, skip, depth=1)], "", limit=_MAX_TOKENS)
    if told is None:
        return event
    return Event(f"{event.text} w{told.text[1:]}", event.verb, event.words)


def _when_word(clause):
    """The "when" that opens a clause."""
    return next(c for c in clause.children if c.lower_ == "when")


def _when_clause(span, verb):
    """The verb of a "when" clause right after the date, hung on the date or on its verb, or None."""
    doc = span.doc
    end = span.end
    if span.root.dep_ == "compound" and span.root.head.i >= end:
        end = span.root.head.i + 1  # "Thursday morning", the parse's entity being "Thursday" alone
    i = end + (1 if end < len(doc) and doc[end].text == "," else 0)
    if i >= len(doc) or doc[i].lower_ != "when" or doc[i].dep_ != "advmod":
        return None
    clause = doc[i].head
    if clause.pos_ not in ("VERB", "AUX") or clause.i <= i:
        return None
    on_date = span.start <= clause.head.i < end
    on_verb = verb is not None and clause.head.i == verb.i
    return clause if (on_date or on_verb) and _subject_of(clause) is not None else None


def _told_event(span, verb) -> Event | None:
    """The event of a date expression without what a "when" clause adds (see `event_of`).

    The words that identify the event (for matching across articles) are those
    of the noun phrase the date modifies ("the earthquake of December 26") or
    of its clause; the text a reader sees is always a clause with its subject
    and verb: a noun phrase, an infinitive or a participle is told by the
    clause it hangs on ("Blair said at a news conference on March 25 that ...").
    """
    event = _matching_event(span, verb)
    reported = _reported_clause(span, verb)
    if event is not None and reported is not None:
        return Event(reported.text, event.verb, event.words)
    if event is None or verb is None or ", " in event.text or (
            event.verb and _subject_of(verb) is not None and verb.tag_ in ("VBD", "VBN", "VBZ", "VBP", "MD")
            and not _describes(verb)):
        return event  # a clause already (or a participle joined to its main clause)
    top = clause_verb(verb)
    if not _is_clause(top):
        return event
    skip = set(range(span.start, span.end))
    nominal = _dated_noun(span)
    if not event.verb and nominal is not None:
        named = _named_event(nominal, top, skip)
        if named is not None:
            return Event(named.text, "", event.words)
    tokens = _clause(top, skip, depth=0)
    if not event.verb and nominal is not None:
        # "Two inquiries into the seizure of ... in March 2007 have found": the dated noun stays in.
        tokens.extend(_path_to(top, nominal, skip | {t.i for t in tokens}))
    elif event.verb and verb.i not in {t.i for t in tokens}:
        # "He expects the majority to be implemented in 2007": the lower clause says what.
        if _describes(verb):  # "have a chance during a debate hosted by CNN": the way down to the noun
            tokens.extend(_path_to(top, verb.head, skip | {t.i for t in tokens}))
        tokens.extend(_clause(verb, skip | {t.i for t in tokens}, depth=1))
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.i < verb.i:
            tokens.append(verb.head)  # "Since meeting the mayor on December 5, Hidalgo has helped"
    told = _make_event(tokens, event.verb, limit=_MAX_TOKENS + 8)
    return event if told is None else Event(told.text, event.verb, event.words)


_NAMING_PREPOSITIONS = frozenset({"from", "by", "into", "against", "on", "over", "with", "in", "at", "to", "for"})


def _named_event(nominal, top, skip: set[int]) -> Event | None:
    """For a date on a noun under a clause that tells of now or later ("The email appears to contradict 2013
    comments from Leon Panetta", "is expected to declassify pages from a 2002 congressional probe"), the
    noun phrase that names the dated event ("Comments from Leon Panetta"): the clause is not what happened
    then. None when the clause is in the past (it may tell the event: "Two inquiries into the seizure in
    March 2007 have found") or the noun phrase says too little ("the issues")."""
    from newsweave.timeline.tense import is_past  # tense builds on this module

    if is_past(top) or any(is_past(a) for a in list(top.ancestors)[:2] if a.pos_ in ("VERB", "AUX")):
        return None
    tokens = _noun_phrase(nominal, skip, with_of=True)
    for child in nominal.children:
        if child.dep_ == "prep" and child.i > nominal.i and child.lower_ in _NAMING_PREPOSITIONS and child.i not in skip:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.i not in skip]
            if objects:
                tokens.extend([child, *_noun_phrase(objects[0], skip, with_of=True)])
            break
    named = _make_event(tokens, "")
    if named is None or sum(t.is_alpha and not t.is_stop for t in tokens) < 3:
        return None
    return named


def _describes(verb) -> bool:
    """True for a participle without an auxiliary that describes the noun before it ("a debate hosted by CNN
    on Thursday", "a news conference scheduled for Friday"): "A debate hosted" tells nothing; the clause
    the noun belongs to tells the event ("he was postponing a news conference scheduled for Friday")."""
    return (verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBG") and verb.head.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children))


def _reported_clause(span, verb) -> Event | None:
    """For a report named after what it reports ("A said B, the newspaper reported on Tuesday"), the report.

    The date dates the reporting verb, which has no complement of its own:
    what was reported is the clause before it, the one it hangs on. Its
    text, not "the newspaper reported", is what a reader needs on the timeline.
    """
    if verb is None or stem(verb.text) not in REPORTING_VERBS or verb.dep_ not in ("ccomp", "parataxis", "advcl"):
        return None
    head = verb.head  # the parser hangs a trailing "X reported" on the reported verb in any of these ways
    if head.i >= verb.i or head.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("ccomp", "mark") for c in verb.children):
        return None  # "... after he said on Monday": a subordinate report is its own event
    skip = set(range(span.start, span.end)) | {t.i for t in verb.subtree}
    return _make_event(_clause(head, skip, depth=0), stem(head.text), limit=_MAX_TOKENS + 8)


def _path_to(verb, token, skip: set[int]) -> list:
    """The noun phrases and prepositions between a noun and the verb above it ("into the seizure of ...")."""
    out, node, steps = [], token, 0
    while node.i != verb.i and node.head.i != node.i and steps < 8:
        if node.pos_ in ("NOUN", "PROPN") and node.i not in skip:
            out.extend(_noun_phrase(node, skip, with_of=True))
        elif node.dep_ == "prep" and node.i not in skip:
            out.append(node)
        node, steps = node.head, steps + 1
    return out


def _is_clause(verb) -> bool:
    """True for a finite verb with a subject of its own (or one borrowed from the verb it is joined to)."""
    finite = verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children)
    return finite and _subject_of(verb) is not None


def clause_verb(verb):
    """The nearest verb at or above `verb` that heads a finite clause with a subject (else `verb`)."""
    current = verb
    for _ in range(4):
        if _is_clause(current):
            return current
        head, steps = current.head, 0
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 6:
            head, steps = head.head, steps + 1
        if head.i == current.i or head.pos_ not in ("VERB", "AUX"):
            break
        current = head
    return current if _is_clause(current) else verb


def _matching_event(span, verb) -> Event | None:
    """The event as the matching sees it: a noun phrase the date modifies, or its clause."""
    nominal = _dated_noun(span)
    if nominal is not None:
        tokens = _noun_phrase(nominal, set(range(span.start, span.end)), with_of=True)
        # "the earthquake of December 26" names its event; "a statement on June 2" needs its clause.
        bound = span.root.head.lower_ == "of" or span.root.dep_ != "pobj"
        if sum(t.is_alpha and not t.is_stop for t in tokens) >= (1 if bound else 2) or verb is None:
            return _make_event(tokens, "")
    if verb is None:
        return None
    skip = set(range(span.start, span.end))
    tokens = _clause(verb, skip, depth=0)
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        # "took control of the country, taking power in Kabul on August 15": the participle
        # has no tense or subject of its own; its main clause says who did it, and when.
        main = _make_event(_clause(verb.head, skip | {t.i for t in verb.subtree}, depth=1), "")
        own = _make_event([t for t in tokens if t.i in {x.i for x in verb.subtree}], stem(verb.text))
        if main is not None and own is not None:
            return Event(f"{main.text}, {own.text[0].lower()}{own.text[1:]}", own.verb, main.words | own.words)
    return _make_event(tokens, stem(verb.text))


def _dated_noun(span):
    """The noun a date attaches to ("the earthquake of December 26", "the 2004 tsunami"), or None."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "on", "in"):
        head = head.head
    elif root.dep_ not in ("compound", "nummod", "poss", "npadvmod", "nmod", "amod"):
        return None
    if head.i == root.i or head.pos_ not in ("NOUN",) or head.ent_type_ in ("DATE", "TIME"):
        return None
    return head


def _noun_phrase(token, skip: set[int], with_of: bool = False) -> list:
    """A noun with its determiners, modifiers and compounds (no clauses or appositions)."""
    picked = [token]
    for child in token.children:
        if child.i in skip:
            continue
        if child.dep_ in _NP_DEPS and child.i < token.i:
            picked.extend(t for t in child.subtree if t.i not in skip)
        elif child.i == token.i + 1 and (child.dep_ == "amod" and child.pos_ == "ADJ" or child.dep_ == "nummod"):
            picked.append(child)  # "something amiss", "the officials responsible", "Post 15", "Flight 447"
        elif with_of and child.dep_ == "prep" and child.lower_ == "of" and child.i > token.i:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i not in skip:
                    picked.append(child)
                    picked.extend(_noun_phrase(pobj, skip))
    return picked


def _subject_of(verb):
    """The subject of a verb, borrowed from the clause it hangs on when it has none.

    A relative pronoun ("a jet that went missing") stands for the noun it follows.
    """
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.ent_type_ not in ("DATE", "TIME"):  # "on Tuesday, May 16, approved"
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
                return verb.head
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "conj" and verb.head.dep_ == "relcl":
                return verb.head.head  # "the state that she won and that made her husband": the state
            return _after_dateline(child, verb)
    if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        return verb.head
    return None


def _after_dateline(subject, verb):
    """The subject itself, or, when the parse took a dateline's place for it ("Edmonton, Ky. (Nov. 28) – KSP
    Post 15 received"), the subject or apposition after the dash: the place only says where the report was
    filed."""
    dash = next((c for c in subject.children if c.dep_ == "punct" and c.text in ("–", "—", "-", "--")), None)
    if dash is None or subject.ent_type_ not in ("GPE", "LOC", "FAC"):
        return subject  # "The leader of the forces ... — one of the last holdouts ..., said": an aside, no dateline
    after = [c for c in [*verb.children, *subject.children]
             if c.i > dash.i and (c.dep_ == "appos" and c.head.i == subject.i or c.dep_ in _SUBJECTS)]
    return min(after, key=lambda c: c.i) if after else subject


def _clause(verb, skip: set[int], depth: int) -> list:
    """Subject, auxiliaries, verb, particle, object and one prepositional phrase of a clause."""
    tokens = []
    subject = _subject_of(verb)
    if subject is not None and subject.i not in skip:
        tokens.extend(_noun_phrase(subject, skip, with_of=subject.i < verb.i))
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ in ("aux", "auxpass", "neg", "prt") or (child.dep_ == "mark" and depth > 0):
            tokens.append(child)
    tokens.append(verb)
    complement = None
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ == "dobj" and child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl" and child.i < verb.i:
            tokens.extend(_noun_phrase(verb.head, skip | {verb.i}, with_of=True))  # "the state that she won": the state
        elif child.dep_ in ("dobj", "attr", "oprd", "dative"):
            tokens.extend(_noun_phrase(child, skip, with_of=True))
        elif child.dep_ == "acomp":
            tokens.extend(t for t in child.children if t.dep_ in ("advmod", "neg") and t.i < child.i)
            tokens.append(child)
        elif child.dep_ == "ccomp" and depth <= 1 and (stem(verb.text) in REPORTING_VERBS or not any(
                c.dep_ in ("dobj", "attr", "acomp", "xcomp", "oprd") for c in verb.children)):
            complement = child  # what was said, or what "it appears" / "it seems" / "he hoped" holds
        elif child.dep_ == "xcomp" and depth <= 1 and not any(t.dep_ == "dobj" for t in verb.children):
            tokens.extend(c for c in child.children if c.dep_ in ("aux", "prt") and c.i not in skip)
            tokens.append(child)
            tokens.extend(t for c in child.children if c.dep_ in ("dobj", "attr")
                          for t in _noun_phrase(c, skip, with_of=True))
            for c in child.children:  # "are going to be very bad", "appeared to be far apart"
                if c.dep_ in ("acomp", "advmod") and c.i > child.i and c.i not in skip and c.ent_type_ not in ("DATE", "TIME"):
                    tokens.extend(t for t in c.subtree if t.i not in skip and t.i <= c.i)
    if complement is not None:
        tokens.extend(_clause(complement, skip | {t.i for t in tokens}, depth + 1))
    elif len(tokens) < _MAX_TOKENS - 3:
        tokens.extend(_first_prep_phrase(verb, skip, after=verb.i))
    return tokens


def _first_prep_phrase(verb, skip: set[int], after: int) -> list:
    """The first prepositional phrase after the verb that is not the date's own ("in Kabul")."""
    for child in verb.children:
        if child.dep_ != "prep" or child.i < after or child.i in skip:
            continue
        if child.lower_ in ("according", "despite", "amid") or any(t.i in skip for t in child.subtree):
            continue
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if objects:
            return [child, *_noun_phrase(objects[0], skip)]
    return []


def stem(word: str) -> str:
    """A crude English stem ("killed", "kills", "killing" -> "kill") for matching words."""
    w = word.lower()
    for suffix in ("ing", "ied", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _articles_agree(text: str) -> str:
    """"a" and "an" made to fit the word after them once a date between was left out ("an April 15
    deadline" told as "a deadline")."""
    text = re.sub(r"\b([Aa])n (?=[b-df-hj-np-tv-z]\w)", r"\1 ", text)
    return re.sub(r"\b([Aa]) (?=[aeiou]\w)", r"\1n ", text)


def _make_event(tokens: list, verb: str, limit: int = _MAX_TOKENS) -> Event | None:
    """An `Event` from picked tokens, in text order, cut to a readable length (`limit` tokens)."""
    unique = {t.i: t for t in tokens}
    ordered = [unique[i] for i in sorted(unique)][:limit]
    if not ordered:
        return None
    parts = []
    for k, token in enumerate(ordered):
        parts.append(token.text)
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if nxt is not None and nxt.i == token.i + 1:
            parts.append(token.whitespace_)
        elif nxt is not None:  # a comma ends what was left out between them ("the attack, the army said"): keep it
            # or ends phrases left out with no verb or subject ("Since meeting the mayor [in Paris on December 5,]
            # Hidalgo"); not a whole aside or clause ("The breaking point [, Ash wrote,] came"), nor before a verb
            gap = token.doc[token.i + 1:nxt.i]
            if len(gap) > 1 and gap[-1].is_quote and gap[-2].text == ",":
                gap = gap[:-1]  # 'nothing to worry about," Schumer said': the comma before the quote
            gap_comma = gap[-1].text == "," and nxt.pos_ not in ("VERB", "AUX") and not any(
                t.pos_ in ("VERB", "AUX") or t.dep_ in _SUBJECTS or t.dep_ == "cc" or t.text == "," for t in gap[:-1])
            parts.append(", " if gap_comma else " ")
    text = re.sub(r"\s+", " ", "".join(parts)).strip(" ,;:-—–")
    text = _articles_agree(text)
    text = re.sub(r"\s+([,.;:!?’'])", r"\1", text) if not text.endswith("'") else text
    if not text:
        return None
    words = frozenset(stem(t.text) for t in ordered if t.is_alpha and not t.is_stop and len(t.text) > 1)
    return Event(text[0].upper() + text[1:], verb, words)
