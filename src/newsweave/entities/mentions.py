"""Mentions: spaCy's named entities cleaned into exact name spans, with context cues.

A mention keeps only the name: a leading "the", a title ("Gen", "Maulvi",
"President"), a possessive "'s" and trailing punctuation are cut off the span,
a span running over a line break is cut at it, and "Donetsk's Bakhmut" becomes
two mentions. Numbers, dates and quantities are not entities.

The words around a mention are cues to its type and, for places, to the kind
of place: a title or a role before a name (or in apposition after it) marks a
person; "X district", "the province of X", "the capital X" mark a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from newsweave.nlp import ParsedArticle

EntityClass = str  # "PERSON" | "ORG" | "PLACE" | "OTHER"

CLASS_OF_LABEL: dict[str, EntityClass] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
    "NORP": "OTHER", "EVENT": "OTHER", "PRODUCT": "OTHER", "WORK_OF_ART": "OTHER", "LAW": "OTHER",
}
# Titles and roles written before a person's name, or after it in apposition.
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain",
    "sgt", "sergeant", "adm", "admiral", "cmdr", "commander", "marshal", "brig",
    "president", "vice", "premier", "minister", "chancellor", "governor", "gov", "senator", "sen",
    "rep", "representative", "mayor", "ambassador", "secretary", "chairman", "chairwoman", "chair",
    "spokesman", "spokeswoman", "spokesperson", "leader", "chief", "head", "director", "judge",
    "justice", "king", "queen", "prince", "princess", "emir", "sheikh", "shaikh", "pope",
    "maulvi", "mawlawi", "maulana", "mullah", "mulla", "mufti", "imam", "ayatollah", "rev",
    "reverend", "father", "bishop", "cardinal", "rabbi", "journalist", "reporter", "correspondent",
    "analyst", "official", "officer", "deputy", "founder", "ceo", "member", "son", "daughter",
    "wife", "husband", "brother", "sister", "mother", "widow", "coach", "actor", "actress", "singer",
})
# Titles that are cut off the front of a person's span (not roles such as "leader").
STRIPPED_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "general", "lt", "col", "colonel", "maj", "capt",
    "captain", "sgt", "adm", "president", "premier", "minister", "governor", "gov", "senator",
    "sen", "rep", "mayor", "ambassador", "commander", "king", "queen", "prince", "princess",
    "emir", "sheikh", "maulvi", "mawlawi", "maulana", "mullah", "mufti", "imam", "ayatollah",
    "rev", "reverend", "bishop", "cardinal", "rabbi", "sir", "spokesman", "spokeswoman",
})
PLACE_WORDS_AFTER = frozenset({
    "district", "province", "valley", "region", "city", "town", "village", "county",
    "governorate", "river", "mountains", "airport",
})
# A name ending in one of these is a place even when labelled a person ("Russell Square").
FACILITY_WORDS = frozenset({
    "square", "street", "road", "avenue", "station", "bridge", "park", "airport", "port",
    "island", "islands", "lake", "mountain", "mount", "bay", "coast", "sea", "ocean",
})
PLACE_WORDS_BEFORE = frozenset({"capital", "district", "province", "city", "town", "village", "valley", "region"})
# Prepositions of place: "settlers in Ariel", "near Hebron" (a person is not "in" anyone).
LOCATIVE_BEFORE = frozenset({"in", "near", "outside", "across"})
# Nouns that take a place after "of": "the mayor of Ariel", "residents of Bethlehem".
PLACE_OF_BEFORE = frozenset({"mayor", "residents", "outskirts", "streets", "people", "suburbs", "centre", "center"})
# Verbs of saying, inflected (the pipeline runs without a lemmatizer): the
# subject of one is someone who speaks (a person or a body, never a place).
SAYING_VERBS = frozenset({
    "say", "says", "said", "tell", "tells", "told", "add", "adds", "added", "announce", "announced",
    "insist", "insisted", "deny", "denied", "confirm", "confirmed", "explain", "explained", "claim",
    "claimed", "warn", "warned", "reply", "replied", "ask", "asked", "urge", "urged", "declare",
    "declared", "testify", "testified", "recall", "recalled", "write", "wrote", "argue", "argued",
})
# The kind of place a designator implies, for geocoding.
HINT_OF_WORD = {
    "district": "district", "province": "province", "governorate": "province", "state": "province",
    "region": "province",
    "county": "district", "city": "city", "town": "city", "village": "city", "capital": "city",
}
_SPLITTERS = re.compile(r"\s*[()\[\]]\s*|\s+[-–—]\s+")
# spaCy tags time-zone abbreviations as organisations.
TIME_ZONES = frozenset({"UTC", "GMT", "BST", "CET", "CEST", "EST", "EDT", "CST", "CDT", "PST", "PDT", "IST", "JST"})
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_LIKE = re.compile(
    rf"(?i)^(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,4}}\b|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day$)"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s?|[\s.,;:!?\"“”()\[\]'’-])+$")
_LEADING = re.compile(r"^[\s.,;:!?\"“”()\[\]'’*•-]+")


@dataclass(frozen=True, slots=True)
class RawMention:
    """A cleaned name span with spaCy's label and the cues around it."""

    article: str
    start: int
    end: int
    text: str
    label: str
    person_cue: bool = False
    place_cue: bool = False
    hint: str | None = None  # "district" | "province" | "city" when the text says so
    speaker_cue: bool = False  # the subject of a verb of saying ("Sharon said")


def extract_mentions(parsed: ParsedArticle) -> list[RawMention]:
    """Every entity mention of one article, cleaned, with its type cues."""
    out: list[RawMention] = []
    text = parsed.article.text
    for ent in parsed.doc.ents:
        if ent.label_ not in CLASS_OF_LABEL:
            continue
        for start, end in _name_parts(text, ent.start_char, ent.end_char):
            mention = _clean_mention(parsed, start, end, ent.label_)
            if mention is not None:
                out.append(mention)
    return out


def mention_at(parsed: ParsedArticle, start: int, end: int, label: str) -> RawMention | None:
    """A mention found by a rule rather than by spaCy, cleaned and cued the same way."""
    return _clean_mention(parsed, start, end, label)


def _name_parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span cut at a line break, and split at brackets and spaced dashes.

    "World Health Organization (WHO" gives the name and the acronym;
    "Sri Lanka - approximately 28,500" gives "Sri Lanka" (the rest is junk).
    """
    line_break = text.find("\n", start, end)
    if line_break != -1:
        end = line_break if line_break > start else end
    pos = start
    for cut in _SPLITTERS.finditer(text, start, end):
        if cut.start() > pos:
            yield pos, cut.start()
        pos = cut.end()
    if end > pos:
        yield pos, end


def _clean_mention(parsed: ParsedArticle, start: int, end: int, label: str) -> RawMention | None:
    """The name alone (article, title, punctuation cut off) with its cues, or None for junk."""
    text = parsed.article.text
    start, end = _trim(text, start, end)
    person_cue = False
    while True:
        m = _LEADING_ARTICLE.match(text[start:end])
        if m:
            start += m.end()
            continue
        first = re.match(r"([A-Za-z]+)\.?\s+(?=[A-Z])", text[start:end])
        if first and first.group(1).lower() in STRIPPED_TITLES and label in ("PERSON", "ORG", "WORK_OF_ART", "NORP"):
            start += first.end()
            person_cue = True
            continue
        break
    start, end = _trim(text, start, end)
    surface = text[start:end]
    if not _is_name(surface):
        return None
    before = _words_before(text, start, 3)
    after = _words_after(text, end, 4)
    person_cue = person_cue or _person_context(before, after, text, end)
    place_cue, hint = _place_context(surface, before, after, text[end : end + 2])
    speaker, says_he_or_she = _subject_of_saying(parsed.doc, start, end)
    return RawMention(parsed.article.id, start, end, surface, label, person_cue or says_he_or_she, place_cue, hint,
                      speaker)


def _subject_of_saying(doc, start: int, end: int) -> tuple[bool, bool]:
    """Whether the name is the subject of a verb of saying ("Sharon told reporters"), and whether
    what it says has "he" or "she" for subject ("Paris said she would not attend": a person, whatever
    spaCy's label)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False, False
    token = span[-1]
    if token.dep_ != "nsubj" or token.head.lower_ not in SAYING_VERBS:
        return False, False
    verb = token.head
    gendered = any(t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") and t.i > verb.i
                   for t in verb.subtree)
    return True, gendered


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding punctuation, quotes, white space or a final possessive."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead:
        start += lead.end()
    piece = text[start:end]
    tail = _TRAILING.search(piece)
    if tail and tail.start() > 0:
        end = start + tail.start()
    # keep a final dot that belongs to an abbreviation ("U.S.", "D.C.")
    if end < len(text) and text[end] == "." and re.search(r"(?:^|[\s.])[A-Z]$", text[start:end]):
        end += 1
    return start, end


def _is_name(surface: str) -> bool:
    """False for spans that are not names: no letter, one character, a number, a date or a time zone."""
    if surface.upper() in TIME_ZONES:
        return False
    letters = sum(c.isalpha() for c in surface)
    if letters < 2:
        return False
    if any(c.isdigit() for c in surface) and not re.search(r"\b[A-Z]", surface):
        return False
    if re.fullmatch(r"[\d\s.,%$€£:/-]+\w{0,3}", surface):
        return False
    return not _DATE_LIKE.match(surface)


def _words_before(text: str, start: int, n: int) -> list[str]:
    """Up to n lower-cased words (and commas) right before `start`, nearest last."""
    window = text[max(0, start - 60) : start]
    if "\n" in window:
        window = window[window.rfind("\n") + 1 :]
    return re.findall(r"[a-z]+|,", window.lower())[-n:]


def _words_after(text: str, end: int, n: int) -> list[str]:
    """Up to n lower-cased words (and commas) right after `end`, nearest first."""
    window = text[end : end + 60].split("\n", 1)[0]
    return re.findall(r"[a-z]+|,", window.lower())[:n]


def _person_context(before: list[str], after: list[str], text: str, end: int) -> bool:
    """A title right before the name, or ", the spokesman ..." right after it."""
    if before and before[-1] in PERSON_TITLES:
        return True
    if len(before) >= 2 and before[-1] == "," and before[-2] in PERSON_TITLES:
        return True
    if after and after[0] == ",":
        rest = [w for w in after[1:] if w not in {"the", "a", "an", "its", "his", "her", "their", "first", "former", "late"}]
        return bool(rest) and rest[0] in PERSON_TITLES
    return False


def _place_context(surface: str, before: list[str], after: list[str], next_chars: str = "") -> tuple[bool, str | None]:
    """Whether the words around (or the span's own last word) mark a place, and its kind.

    A preposition of place counts for a one-word name not followed by a
    possessive ("in Ariel", not "in Sharon's cabinet").
    """
    own_last = surface.lower().split()[-1]
    if own_last in FACILITY_WORDS and len(surface.split()) > 1:
        return True, None
    if own_last in PLACE_WORDS_AFTER and len(surface.split()) > 1:
        return True, HINT_OF_WORD.get(own_last)
    if after and after[0] in PLACE_WORDS_AFTER:
        return True, HINT_OF_WORD.get(after[0])
    if before and before[-1] in PLACE_WORDS_BEFORE:
        return True, HINT_OF_WORD.get(before[-1])
    if len(before) >= 2 and before[-1] == "of" and before[-2] in PLACE_WORDS_BEFORE:
        return True, HINT_OF_WORD.get(before[-2])
    if len(before) >= 2 and before[-1] == "," and before[-2] == "capital":
        return True, "city"
    if len(after) >= 3 and after[0] == "," and after[1] in ("a", "the") and after[2] in PLACE_WORDS_AFTER:
        return True, HINT_OF_WORD.get(after[2])  # "Harrison, a town in New Jersey"
    if len(surface.split()) == 1 and next_chars[:1] not in ("'", "’"):
        if before and before[-1] in LOCATIVE_BEFORE:
            return True, None
        if len(before) >= 2 and before[-1] == "of" and before[-2] in PLACE_OF_BEFORE:
            return True, None
    return False, None
