"""Quantities in the story's text, normalised, and the numeric discrepancies between sources.

A quantity is a number (digits, "1,000", "1.2 million", "a thousand",
"thirteen"), with its hedge ("at least", "over", "about", "up to"), as a
range ("between 150,000 and 200,000", "10-15"), and its unit or counted noun
("50 kilometers (30 miles)", "180 mph (290 kph)", "$5 million", "13
bodyguards"). Values become intervals in a base unit per dimension (km, km²,
km/h, days, per cent, a currency, a count of one noun), widened by their
rounding ("50" is 45-55). A conversion in brackets is part of the value it
converts.

Each quantity has a scope read from the parse (`scope.py`: the counted noun
or the noun a measure belongs to, its modifiers, what happened to counted
people, the places it is about, whose figure it is: the subject that scored,
offered or served it, a possessor, a pronoun read as the name before it; a
rate "per game", the whole of a partitive "28 of his 68", a part of the event
"in the first half") and a period: the date its sentence gives it, else its
article's publication day. A change amount ("a drop of five points", "rose by
5 percent") is no level and is not compared; victims are a toll only when
their verb makes them one ("claimed 175,000 victims", not "worked with the
three victims"). Figures are compared when their
scopes are compatible (outside tolls: the same modifiers, action and holder) and, for distances and areas and counts not of deaths,
they share an anchor (a proper name within a dozen words, "the valley"
resolved to the named valley before it) and, for the latter, a governing
word or similar sentences. Then:

- `conflict`: two figures of different articles, each the same thing as the
  other (not only through the group), give values that cannot both hold at
  overlapping times (distances and areas at any time; a death toll that is
  lower in a later report, of a day near that report's own, without saying it
  was revised); a figure nothing dates is taken to hold near the story's day;
- `update`: a figure whose latest report differs from its earliest, told by
  reports of different days (direction, from and to); "lowered the toll from
  7,000 to about 6,100" is an update within one report, and its old figure is
  not compared with the other reports;
- `likely_error`: two values that differ only by their scale word ("$1.2
  million" against "$1.2 billion"), or one sentence that two articles give
  word for word but for its figure ("sentenced to 2 years" / "to 2 1/2
  years": one copy of a shared text is wrong; not for tolls, which a wire's
  later copy updates).

A flag needs one measure of one scope: a figure told over a counted span ("13
homers in 54 games") is of that span; a report the article says came first
("originally reported that two died") is not compared; an article that itself
gives the other article's value speaks of two things (outside tolls).

Reports without any date that give a count that only grows (the dead, the
injured) two values are an `update` upwards without days, lowest first. A
conflict or an update the rules find is kept only when the learned pair model
(`number_pairs.py`, weights in `newsweave/data/number_pairs.json`) scores two
of its figures as one thing told two ways (`learned_discrepancies`). The same
model decides which dates of one event articles give differently
(`date_figures.py`: `Discrepancy(kind="date")`, a conflict; `dated_discrepancies`).

Limits: spelled-out compound numbers beyond "twenty-five" are read in part;
a number whose noun the parser misses is skipped; synonyms of a counted noun
("fighters" / "militants") are not compared; counts of several like events
(climbs of one race) are not told apart unless a place or modifier says so.
A measure of one thing ("an 8.8 magnitude", a singular noun) is never an
update, and a group of them in which one article gives two values is taken
for several things; a figure under a modal ("could rise to 100,000") is a
projection and is not compared; "7/7" and "24/7" are no quantities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Discrepancy, DiscrepancyValue, Entity
from newsweave.claims.scope import (CHANGE_VERBS, REVISING_VERBS, Scope, change_amount, compatible, lemma_of, overlap,
                                    period_of, scope_of, shock_scope)
from newsweave.claims.number_pairs import PairModel, candidate_pairs, feature_matrix
from newsweave.claims.date_figures import (candidate_date_pairs, date_discrepancies, date_feature_matrix,
                                           rule_date_pairs, story_date_figures)
from newsweave.nlp import Models, ParsedArticle, earlier_tokens_with_word
from newsweave.timeline.publication import parse_day, story_reference

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
_WORDS = "|".join(sorted((k for k in _SMALL if k not in ("a", "an")), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: , \d{3})+(?!\d)|\d+(?:\.\d+)?"  # "2 , 117": tokenised text
_SCALES = "hundred|thousand|million|billion|trillion"
_FRACTION = r"\d{1,3}(?:\s|\s?-\s?)[13]\s?/\s?[24](?![\d/])"  # "2 1/2 years", "2-1/2", "3 3 / 4": a whole and a part
_VALUE = (rf"(?:{_FRACTION}|(?:{_DIGITS})(?:\s+(?:{_SCALES}))?"
          rf"|(?:(?:a|an|{_WORDS})\s+)?(?:{_SCALES})"
          rf"|(?:{_WORDS})(?:[\s-](?:{_WORDS}))?)")
_HEDGES = {
    "at least": "min", "more than": "min", "over": "min", "upwards of": "min", "in excess of": "min",
    "up to": "max", "less than": "max", "fewer than": "max", "under": "max", "as many as": "max",
    "at most": "max", "about": "approx", "around": "approx", "nearly": "approx", "almost": "approx",
    "approximately": "approx", "roughly": "approx", "some": "approx", "an estimated": "approx",
    "estimated": "approx",
}
_TIME_AFTER = re.compile(r"\s?(?:UTC|GMT|[ap]\.?m\.?(?![\w])|[ap] \.(?: m\b)?)", re.IGNORECASE)  # "3 p . m .": tokenised
_HEDGE_RE = "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True))
_QTY = re.compile(
    rf"(?<![\w.])(?:(?P<hedge>{_HEDGE_RE})[\s,]+)?(?:(?P<between>between)\s+)?"
    rf"(?P<cur>US\$|\$|€|£)?\s?(?P<v1>{_VALUE})"
    rf"(?:\s?(?:-|–|to|and)\s?(?P<cur2>US\$|\$|€|£)?(?P<v2>{_VALUE}))?(?![\w])",
    re.IGNORECASE,
)
# unit word -> (dimension, factor to the base unit)
_UNITS = {
    "km": ("length", 1.0), "kms": ("length", 1.0), "kilometers": ("length", 1.0), "kilometres": ("length", 1.0),
    "kilometer": ("length", 1.0), "kilometre": ("length", 1.0), "miles": ("length", 1.609344),
    "mile": ("length", 1.609344), "meters": ("length", 0.001), "metres": ("length", 0.001),
    "meter": ("length", 0.001), "metre": ("length", 0.001), "feet": ("length", 0.0003048),
    "foot": ("length", 0.0003048), "ft": ("length", 0.0003048),
    "square kilometers": ("area", 1.0), "square kilometres": ("area", 1.0), "sq km": ("area", 1.0),
    "km2": ("area", 1.0), "square miles": ("area", 2.589988), "sq miles": ("area", 2.589988),
    "hectares": ("area", 0.01), "acres": ("area", 0.00404686),
    "%": ("percent", 1.0), "percent": ("percent", 1.0), "per cent": ("percent", 1.0),
    "years": ("duration", 365.0), "year": ("duration", 365.0), "months": ("duration", 30.0),
    "month": ("duration", 30.0), "weeks": ("duration", 7.0), "week": ("duration", 7.0),
    "days": ("duration", 1.0), "day": ("duration", 1.0), "hours": ("duration", 1 / 24),
    "hour": ("duration", 1 / 24), "minutes": ("duration", 1 / 1440),
    "mph": ("speed", 1.609344), "miles per hour": ("speed", 1.609344), "kph": ("speed", 1.0),
    "km/h": ("speed", 1.0), "kmh": ("speed", 1.0), "kmph": ("speed", 1.0), "kilometers per hour": ("speed", 1.0),
    "kilometres per hour": ("speed", 1.0), "knots": ("speed", 1.852),
    "dollars": ("money:USD", 1.0), "euros": ("money:EUR", 1.0), "pounds": ("money:GBP", 1.0),
}
_CURRENCY = {"$": "money:USD", "us$": "money:USD", "€": "money:EUR", "£": "money:GBP"}
_UNIT_RE = re.compile(
    r"\s*-?(?P<unit>%|per cent|percent|miles per hour|kilomet(?:er|re)s per hour|mph|kph|km/h|kmh|kmph|knots|"
    r"square (?:kilometers|kilometres|miles)|sq (?:km|miles)|km2|"
    r"kilometers|kilometres|kilometer|kilometre|kms|km|miles|mile|meters|metres|meter|metre|feet|foot|ft|"
    r"hectares|acres|years|year|months|month|weeks|week|days|day|hours|hour|minutes|dollars|euros|pounds)(?:(?<=%)|\b)",
    re.IGNORECASE,
)

_LIGHT_VERBS = frozenset({"be", "is", "was", "were", "are", "been", "being", "has", "have", "had", "take", "takes",
                          "took", "taken", "make", "made", "get", "got"})  # say nothing of what is counted
_DEATH_WORDS = frozenset({"dead", "killed", "deaths", "fatalities"})  # a word after a bare number that it counts
_STATIC = frozenset({"length", "area"})  # measures of fixed things (a distance between places): no updates
_ANCHOR_WINDOW = 12  # words around a quantity in which its anchors are looked for
_SIMILAR_SENTENCES = 0.6  # sentence cosine at which two counts are taken to describe one thing
_IN_CLAUSE = frozenset({"nummod", "quantmod", "compound", "pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr",
                        "npadvmod", "advmod", "acomp", "oprd"})  # a number's way up to the verb of its clause
_ORDER = 10.0  # two values further apart than this factor are not one figure told two ways
_BOUND_MOVE = 0.05  # a bound moved by more than this share of itself is another figure
_REPORT_DAYS = 7  # a figure dated at most this many days before its article's day is that report's figure
_COPY_WORDS = 6  # a sentence of at least this many words besides the figure, alike in two articles, is one copy
_ROUNDING_CAP = 0.1  # a round number stands for at most +-10 % of itself
_SCALE_WORD = re.compile(rf"\b({_SCALES})\b", re.IGNORECASE)
# A short code in capitals right before a number names a thing with it ("AK 47", "AK-47", "F-16", "G 20")
_CODE_BEFORE = re.compile(r"(?<![\w.])(?!(?:AT|IN|ON|OF|TO|BY|UP|AN|AS|OR|US)\b)(?:[A-Z]{2,3}\s?-?\s?|[A-Z]\s?-\s?)$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity found in an article, as an interval in its dimension's base unit.

    `scope` says what it counts, `period` the days it holds for (None when
    nothing dates it), `scale` its scale word ("million") and `mantissa` the
    number before it; `revised_to` is the start of the figure that replaces
    it in the same sentence ("lowered the toll from 7,000 to about 6,100").
    """

    article: str
    sentence: int
    start: int
    end: int
    text: str
    value: float | str
    unit: str | None
    dimension: str
    predicate: str
    low: float
    high: float
    governor: str
    anchors: frozenset[str]
    scope: Scope = Scope("", frozenset(), "", frozenset())
    period: tuple[date, date] | None = None
    scale: str = ""
    mantissa: float = 0.0
    revised_to: int | None = None
    reported: date | None = None  # the article's publication day
    projected: bool = False  # a figure someone says could or may come: "the toll could rise to 100,000"
    superseded: bool = False  # a report the article says came first: "news originally reported that two died"
    context: str = ""  # its sentence with the figure cut out: two articles' copies of one sentence read alike


def parse_value(text: str) -> float | None:
    """The number a value expression states: "1,000" -> 1000, "a thousand" -> 1000, "1.2 million"."""
    plain = re.sub(r"(\d)\s?/\s?(\d)", r"\1/\2", re.sub(r"(\d) , (?=\d{3})", r"\1,", text.strip().lower()))
    words = re.split(r"[\s-]+", plain)
    total, current = 0.0, 0.0
    seen = False
    for w in words:
        if re.fullmatch(r"[13]/[24]", w) and seen:
            current += int(w[0]) / int(w[2])  # "2 1/2": the part after its whole
        elif re.fullmatch(_DIGITS, w):
            current += float(w.replace(",", ""))
            seen = True
        elif w in _SMALL:
            current += _SMALL[w]
            seen = True
        elif w in _SCALE:
            current = (current or 1) * _SCALE[w]
            if _SCALE[w] >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def figures_in(text: str):
    """Each number the text states, as (its digits or words as written, value, dimension, factor to
    the dimension's base unit), read with this stage's patterns and unit table: "12 mph" is
    ("12", 12.0, "speed", 1.609344), "$5 million" ("5 million", 5e6, "money:USD", 1.0). No scope,
    no parse: for comparing what two sentences state (the summary's support check)."""
    for m in _QTY.finditer(text):
        value = parse_value(m["v1"])
        if value is None:
            continue
        dimension, factor = "", 1.0
        if m["cur"]:
            dimension = _CURRENCY.get(m["cur"].lower(), "money")
        unit = _UNIT_RE.match(text, m.end())
        if unit and not dimension:
            dimension, factor = _UNITS.get(unit["unit"].lower(), ("", 1.0))
        yield m["v1"], value, dimension, factor


def _rounding(value: float, text: str) -> float:
    """Half the step a stated number is rounded to ("50" -> 5, "1,000" -> 100, "5.9" -> 0.05, "four" ->
    0.5), at most 10 %, and 2 % more from a hundred up (reports of one large count round it apart).
    Below a hundred two exact counts never overlap ("four" dead against "five")."""
    if "/" in text:
        return 0.125  # "2 1/2": told to a quarter
    digits = re.sub(r"\D", "", text.split(".")[0]) if re.search(r"\d", text) else ""
    decimals = re.search(r"\d\.(\d+)", text)
    scale = _SCALE_WORD.search(text)
    if decimals:
        step = 0.5 * 10 ** -len(decimals.group(1)) * (_SCALE[scale.group(1).lower()] if scale else 1)
    elif digits:
        zeros = len(digits) - len(digits.rstrip("0"))
        step = 0.5 * 10 ** zeros if zeros else 0.5
    else:
        step = 0.5 if value < 20 else 0.1 * value  # a spelled-out number: exact when small, else a round one
    return min(step, _ROUNDING_CAP * abs(value)) + (0.02 * abs(value) if abs(value) >= 100 else 0.0)


_NOMINAL_DAY = date(2000, 7, 1)  # reads "last year" against "this year" in a story without any date


def extract_quantities(parsed: ParsedArticle, anchor_names, reference: date | None = None) -> list[Quantity]:
    """Every quantity with a unit or counted noun in one article, with its anchors, scope and period.

    `reference` is the day to read dates against when the article has none
    (the story's median date). A conversion in brackets joins the value it
    converts; in "from 7,000 to 6,100" after a verb of change the first
    figure is marked as revised to the second.
    """
    text = parsed.article.text
    published = parse_day(parsed.article.published)
    out: list[Quantity] = []
    for sent in parsed.sentences:
        chunk = text[sent.start:sent.end]
        span = parsed.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        verbs = {lemma_of(t) for t in span if t.pos_ == "VERB"} if span is not None else set()
        changes = bool(verbs & CHANGE_VERBS)
        found = []
        for m in _split_revisions(_QTY.finditer(chunk), chunk, changes):
            q = _quantity(m, sent, parsed, anchor_names)
            if q is not None:
                period = (period_of(span, (q.start, q.end), published, reference or _NOMINAL_DAY)
                          if span is not None else None)
                found.append(replace(q, period=period, reported=published,
                                     context=_context(chunk, q.start - sent.start, q.end - sent.start)))
        merged = _merge_conversions(found, text)
        out.extend(_link_revisions(merged, text, bool(verbs & REVISING_VERBS)) if changes else merged)
    return out


def _context(chunk: str, start: int, end: int) -> str:
    """A sentence with one figure cut out, its words lower-cased and spaced alike: two articles' copies
    of one sentence that differ only by that figure have the same context."""
    return " ".join(re.findall(r"\w+", f"{chunk[:start]} # {chunk[end:]}".lower()))


def current_figures(quantities: Sequence[Quantity]) -> list[Quantity]:
    """The figures that stand for what their article reports now: not the old figure of a revision in one
    sentence, not a projection, not a report the article itself says came first."""
    return [q for q in quantities if q.revised_to is None and not q.projected and not q.superseded]


def _split_revisions(matches, chunk: str, changes: bool):
    """The value matches of a sentence, "from 7,000 to 6,100" after a verb of change cut into two values."""
    for m in matches:
        if changes and m.group("v2") and re.search(r"\bfrom\s+$", chunk[:m.start()], re.IGNORECASE) \
                and re.fullmatch(r"\s?to\s?", chunk[m.end("v1"):m.start("v2") - len(m.group("cur2") or "")]):
            first = _QTY.match(chunk, m.start(), m.end("v1"))
            second = _QTY.match(chunk, m.start("v2") - len(m.group("cur2") or ""))
            yield from (x for x in (first, second) if x is not None)
        else:
            yield m


def _link_revisions(found: list[Quantity], text: str, revising: bool) -> list[Quantity]:
    """Mark the old figure of a one-sentence revision: "from X to Y", "to Y from X", "Y, up from X".

    A revision is of a reported figure: someone revises it ("lowered the toll
    from 7,000 to 6,100"), or a cumulative count changes ("the toll rose
    from 3,000 to 4,299"); "the number of cars will increase from 2.7 million
    to 3 million" tells of the world, and no report is revised.
    """
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.sentence != b.sentence or a.dimension != b.dimension or not (revising or _cumulative(a)):
            continue
        between = text[a.end:b.start]
        before = text[max(0, a.start - 8):a.start]
        if re.search(r"\bfrom\s+$", before, re.IGNORECASE) and re.fullmatch(r"\s+to\s+", between, re.IGNORECASE):
            out[i] = replace(a, revised_to=b.start)
        elif re.search(r"\bto\s+$", before, re.IGNORECASE) and re.fullmatch(r",?\s+from\s+", between, re.IGNORECASE):
            out[i + 1] = replace(b, revised_to=a.start)
        elif re.fullmatch(r",?\s+(?:up|down)\s+from\s+", between, re.IGNORECASE):
            out[i + 1] = replace(b, revised_to=a.start)
    return out


def _quantity(m, sent, parsed: ParsedArticle, anchor_names) -> Quantity | None:
    text = parsed.article.text
    doc = parsed.doc
    first = min(m.start(g) for g in ("hedge", "between", "cur", "v1") if m.group(g))
    start, end = sent.start + first, sent.start + m.end()
    if _clock_time(text, sent.start + m.start("v1"), end):
        return None
    if re.search(r"/\s?$", text[max(0, start - 2):start]) \
            or re.match(r"\s?/\s?\d", text[sent.start + m.end("v1"):sent.start + m.end("v1") + 4]):
        return None  # "7/7", "24/7", "9/11", "4 1 / 2": a name, a date or a fraction, not a quantity
    if _CODE_BEFORE.search(text[max(0, start - 6):start]) and not m.group("cur"):
        return None  # "AK 47 guns", "F-16 jets", "G 20": a number after a short code in capitals is part of a name
    v1 = parse_value(m.group("v1"))
    v2 = parse_value(m.group("v2")) if m.group("v2") else None
    if v1 is None or (m.group("v2") and v2 is None):
        return None
    cur = (m.group("cur") or m.group("cur2") or "").lower()
    unit_m = _UNIT_RE.match(text, end)
    unit = None
    unit_tok = None
    magnitude = None if cur or m.group("v2") else _magnitude_end(text, start, end)
    if cur:
        dimension, factor = _CURRENCY[cur], 1.0
        unit = m.group("cur")
    elif magnitude is not None:
        dimension, factor, unit, end = "magnitude", 1.0, "magnitude", max(end, magnitude)
    elif unit_m:
        unit = unit_m.group("unit").lower()
        dimension, factor = _UNITS[unit]
        end = unit_m.end()
        if re.match(r"[\s-]+old\b", text[end:end + 6]):
            return None  # "a 54-year-old grandfather": an age
        unit_tok = _last_token(doc, unit_m.start("unit") + 1)
    else:
        dimension, factor = "", 1.0
    tok = _last_token(doc, sent.start + m.end("v1") if not m.group("v2") else sent.start + m.end("v2"))
    if tok is None:
        return None
    if tok.ent_type_ in ("DATE", "TIME", "ORDINAL") and not dimension.startswith(("duration", "money")):
        return None
    if dimension == "magnitude":
        scope = shock_scope(tok)
        if scope is None:
            return None
        return Quantity(parsed.article.id, sent.index, start, end, text[start:end], _plain(v1), unit, dimension,
                        scope.thing, *_interval(m, v1, None, 1.0), _governor(tok),
                        _anchors(parsed, tok, anchor_names), scope, mantissa=v1, projected=_projected(tok),
                        superseded=_superseded(tok))
    if not dimension:
        if re.fullmatch(r"(1[89]|20)\d\d", m.group("v1")):
            return None
        if tok.dep_ in ("conj", "cc") and tok.head.dep_ in ("nummod", "quantmod"):
            tok = tok.head  # "between 150,000 and 200,000 people": the range's first number holds the noun
        dimension = "count"
        scope = scope_of(tok, None, "count")
        if scope.thing in ("count", ""):
            return None
        if _conjoined_part(tok):
            scope = replace(scope, modifiers=scope.modifiers | {"part"})
        noun = tok.head if tok.dep_ in ("nummod", "quantmod") and tok.head.i > tok.i else None
        if noun is not None and re.fullmatch(r"\s?-\s?", text[tok.idx + len(tok.text):noun.idx]):
            return None  # "ten-person vehicles": a number that describes, it counts nothing
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        unit = noun.text.lower() if noun is not None else None
        if noun is not None and noun.i - tok.i <= 3:
            end = max(end, noun.idx + len(noun.text))
        elif noun is None and after is not None and after.text.lower() in _DEATH_WORDS:
            end = after.idx + len(after.text)  # "222,570 dead"
    else:
        scope = scope_of(tok, unit_tok, dimension)
    if change_amount(tok, unit_tok):
        return None
    predicate = dimension if dimension in _STATIC else scope.thing
    low, high = _interval(m, v1, v2, factor)
    value: float | str = _plain(v1) if v2 is None else f"{_plain(v1)}-{_plain(v2)}"
    scale = _SCALE_WORD.search(m.group("v1"))
    mantissa = parse_value(m.group("v1")[:scale.start()].strip()) if scale else None
    return Quantity(parsed.article.id, sent.index, start, end, text[start:end], value, unit, dimension, predicate,
                    low, high, _governor(tok), _anchors(parsed, tok, anchor_names), scope,
                    scale=scale.group(1).lower() if scale else "", mantissa=mantissa if mantissa is not None else v1,
                    projected=_projected(tok), superseded=_superseded(tok))


def _conjoined_part(tok) -> bool:
    """True for a count that shares its noun with another count ("the 12 Somali and 11 Yemeni pirates"):
    each is a part, and a whole another article gives ("23 pirates") is not the same figure. Counts of
    two nouns ("12 points and four assists") are no parts of each other."""
    head = tok.head if tok.dep_ in ("nummod", "quantmod") else None
    return head is not None and sum(1 for c in head.children if c.dep_ == "nummod" and c.like_num) > 1


_MAGNITUDE_AFTER = re.compile(r"\s?-?\s?magnitude\b|\s+on the richter scale\b", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"\b(?:magnitude|measured|measuring)(?:\s?-\s?|\s+of\s+|\s+)$", re.IGNORECASE)


def _magnitude_end(text: str, start: int, end: int) -> int | None:
    """Where a magnitude figure ends ("6.1-magnitude", "5.9 on the Richter scale", "magnitude 5.9",
    "a magnitude of 5.5", "measured 4.9"), or None for a figure that is no magnitude."""
    after = _MAGNITUDE_AFTER.match(text, end)
    if after:
        return after.end()
    if _MAGNITUDE_BEFORE.search(text[max(0, start - 24):start]):
        return end
    return None


def _projected(tok) -> bool:
    """True when the figure hangs on a verb under a modal ("could rise to 100,000", "may have as many
    as 80,000"): a projection, which no report of the figure contradicts or updates ("can hold 80,000",
    "can serve 98 %" state what is so now, and are figures). Only the verb of
    the figure's own clause counts (the path up from the number through its noun and prepositions)."""
    head = tok
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") and head.dep_ != "aux":
            return any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("will", "'ll", "shall", "can")
                       for c in head.children)
        if head.head.i == head.i or head.dep_ not in _IN_CLAUSE:
            return False
        head = head.head
    return False


_EARLIER = frozenset({"originally", "initially", "first", "earlier", "previously", "wrongly", "erroneously",
                      "mistakenly"})
_TELLING = frozenset({"report", "say", "tell", "announce", "state", "estimate", "put", "give", "claim", "confirm",
                      "list", "count"})  # verbs by which someone reports a figure


def _superseded(tok) -> bool:
    """True when a figure is what someone reported first and the article says so: the verb of reporting it
    hangs on is modified by "originally", "initially", "earlier", "wrongly" ("news in Michigan originally
    reported that two of the three victims died"; not "a heart attack nine days earlier"). The article
    tells its later figure too; the early one is no report of its own to set against others."""
    head = tok
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") and lemma_of(head) in _TELLING \
                and any(c.dep_ == "advmod" and c.lower_ in _EARLIER for c in head.children):
            return True
        if head.head.i == head.i:
            return False
        head = head.head
    return False


def _plain(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _interval(m, v1: float, v2: float | None, factor: float) -> tuple[float, float]:
    """The interval a stated value allows, in the base unit."""
    hedge = _HEDGES.get((m.group("hedge") or "").lower())
    if v2 is not None:
        lo, hi = min(v1, v2), max(v1, v2)
        return lo * factor, hi * factor
    slack = _rounding(v1, m.group("v1"))
    if hedge == "min":
        return v1 * factor, math.inf
    if hedge == "max":
        return 0.0, (v1 + slack) * factor
    if hedge == "approx":
        slack = max(slack, 0.1 * v1)
    return (v1 - slack) * factor, (v1 + slack) * factor


def _last_token(doc, char_end: int):
    span = doc.char_span(max(0, char_end - 1), char_end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _governor(tok) -> str:
    """The word a quantity hangs on: the verb above its noun ("killed"), else the noun."""
    head = tok.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    return head.text.lower()


def _anchors(parsed: ParsedArticle, tok, anchor_names) -> frozenset[str]:
    """Proper names within a dozen words, and the named place a "the valley" stands for."""
    doc = tok.doc
    lo, hi = max(0, tok.i - _ANCHOR_WINDOW), min(len(doc), tok.i + _ANCHOR_WINDOW)
    sent = tok.sent
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    out = {t.text.lower() for t in doc[lo:hi] if t.pos_ == "PROPN" and t.is_alpha and len(t.text) > 2
           and t.ent_type_ not in ("DATE", "TIME")}
    if not out and parsed.sentences:  # "The death toll is 110,000.": the story named in the headline
        first = parsed.sentences[0]
        out = {t.text.lower() for t in doc.char_span(first.start, first.end, alignment_mode="expand") or []
               if t.pos_ == "PROPN" and t.is_alpha and len(t.text) > 2 and t.ent_type_ not in ("DATE", "TIME")}
    for t in doc[lo:hi]:
        if t.pos_ == "NOUN" and any(c.dep_ == "det" and c.text.lower() == "the" for c in t.children):
            name = anchor_names(doc, t)
            if name:
                out.add(name)
    return frozenset(out)


def _named_before(doc, tok) -> str | None:
    """'the valley' -> the proper name of the last 'X valley' before it in the article."""
    for i in earlier_tokens_with_word(doc, tok.text.lower(), tok.i):
        names = [c for c in doc[i].children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            return names[-1].text.lower()
    return None


def _merge_conversions(found: list[Quantity], text: str) -> list[Quantity]:
    """'50 kilometers (30 miles)', '180 mph (290 kph)': one quantity, the conversion in brackets joined to it."""
    out: list[Quantity] = []
    skip = set()
    for i, q in enumerate(found):
        if i in skip:
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and _same_measure(q, nxt) \
                and re.fullmatch(r"\s*\(\s*(?:or\s+)?", text[q.end:nxt.start], re.IGNORECASE) \
                and text[nxt.end:nxt.end + 2].lstrip().startswith(")"):
            close = text.index(")", nxt.end) + 1
            low, high = max(q.low, nxt.low), min(q.high, nxt.high)
            if low > high or not q.dimension == nxt.dimension:
                low, high = q.low, q.high
            q = replace(q, end=close, text=text[q.start:close], anchors=q.anchors | nxt.anchors, low=low, high=high)
            skip.add(i + 1)
        out.append(q)
    return out


def _same_measure(a: Quantity, b: Quantity) -> bool:
    """True for two measures of one dimension (any two currencies): a value and its conversion."""
    if a.dimension == "count" or b.dimension == "count":
        return False
    return a.dimension == b.dimension or (a.dimension.startswith("money") and b.dimension.startswith("money"))


def find_discrepancies(parsed: Sequence[ParsedArticle], entities: Sequence[Entity], models: Models,
                       vectors: Mapping[tuple[str, int], np.ndarray] | None = None,
                       pair_model: PairModel | None | bool = True) -> list[Discrepancy]:
    """Numeric discrepancies: conflicts, updates and likely errors between figures about one thing.

    The hand-written rules (`rule_discrepancies`) group figures by measure
    and scope and say how the values of a group relate; the learned pair model
    (`number_pairs`, weights in `newsweave/data/number_pairs.json`) then keeps
    a discrepancy only when two of its figures, as a candidate pair, score as
    one thing told two ways (`learned_discrepancies`). A revision within one
    sentence is an `update` of its own and is always kept. `pair_model=False`
    (or no shipped model) gives the rules alone.
    """
    reference = story_reference(parsed)
    quantities = [q for p in parsed for q in extract_quantities(p, _named_before, reference)]
    out: list[Discrepancy] = [_revision(q, quantities) for q in quantities if q.revised_to is not None]
    out = [d for d in out if d is not None]
    current = current_figures(quantities)
    model = models.number_pairs if pair_model is True else (pair_model or None)
    if model is None:
        out.extend(rule_discrepancies(current, vectors or {}, reference))
    else:
        out.extend(learned_discrepancies(current, vectors or {}, reference, model))
    out.extend(dated_discrepancies(parsed, vectors or {}, model))
    return [replace(d, id=f"d{i}") for i, d in enumerate(out, 1)]


def dated_discrepancies(parsed: Sequence[ParsedArticle], vectors, model: PairModel | None) -> list[Discrepancy]:
    """Dates that articles give one event differently (`date_figures`): the candidate date pairs that the
    pair model scores at or above its date threshold (without a model, those the hand-written rule keeps:
    one verb or most words, each the other's closest date), joined when they share a date."""
    figures = story_date_figures(parsed)
    pairs = candidate_date_pairs(figures)
    if not pairs:
        return []
    if model is None:
        return date_discrepancies(figures, pairs, rule_date_pairs(figures, pairs, vectors), 0.5)
    threshold = model.threshold if model.date_threshold is None else model.date_threshold
    return date_discrepancies(figures, pairs, model.scores(date_feature_matrix(figures, pairs, vectors)), threshold)



def learned_discrepancies(current: list[Quantity], vectors, reference: date | None,
                          model: PairModel) -> list[Discrepancy]:
    """The hand-written rules' discrepancies (`rule_discrepancies`) that the pair model confirms: a conflict
    or an update is kept when some two of the figures it cites, from different articles, score at or above
    the threshold as one thing told two ways (`_confirmed`); a likely error (two values alike but for
    their scale word, never a candidate pair: a factor of a thousand apart) is kept as the rules say."""
    found = rule_discrepancies(current, vectors, reference)
    if not found:
        return []
    pairs, scores = pair_scores(current, vectors, reference, model, [_cited(d, current) for d in found])
    return [d for d in found
            if d.relation == "likely_error" or _confirmed(d, current, pairs, scores, model.threshold)]


def _confirmed(d: Discrepancy, current: list[Quantity], pairs: list[tuple[int, int]], scores: np.ndarray,
               threshold: float) -> bool:
    """True when the best-scored candidate pair among the figures a discrepancy cites reaches the threshold."""
    cited = _cited(d, current)
    best = max((s for (i, j), s in zip(pairs, scores) if i in cited and j in cited), default=-1.0)
    return best >= threshold


def _cited(d: Discrepancy, current: list[Quantity]) -> set[int]:
    """The indices in `current` of the figures a discrepancy cites."""
    at = {(q.article, q.start): i for i, q in enumerate(current)}
    return {at[(v.article, v.start)] for v in d.values if (v.article, v.start) in at}


def pair_scores(current: list[Quantity], vectors, reference: date | None, model: PairModel | None,
                within: list[set[int]] | None = None) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The candidate pairs of the figures (only inside one set of `within` when given) and the model's
    score of each (all zeros without a model)."""
    pairs = candidate_pairs(current, _changed, _same_order, within)
    if not pairs:
        return [], np.zeros(0)
    x = feature_matrix(current, pairs, vectors, reference or _NOMINAL_DAY)
    return pairs, (model.scores(x) if model is not None else np.zeros(len(pairs)))


def rule_discrepancies(current: list[Quantity], vectors, reference: date | None) -> list[Discrepancy]:
    """The hand-written decision (numbers3): figures grouped by measure and scope (`scope.compatible`,
    plus shared anchors for distances and for counts not of deaths); in a group, values from different
    articles that cannot both hold at one moment are a `conflict`, a figure that changes from the
    earliest to the latest day it is reported an `update`, two that differ only by their scale word a
    `likely_error`."""
    out: list[Discrepancy] = []
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in current:
        groups.setdefault((q.dimension, q.predicate), []).append(q)
    for key, qs in groups.items():
        if len({q.article for q in qs}) < 2 or len(qs) > 200:
            continue
        for cluster in _clusters(qs, vectors):
            measures = any(q.scope.measure for q in cluster)
            if not _cumulative(cluster[0]) and _mixed(cluster):
                continue
            out.extend(_judge(cluster, key[0] in _STATIC, updates=not measures,
                              same=partial(_same_thing, vectors=vectors), day=reference or _NOMINAL_DAY,
                              measure=qs))
    return out


def _clock_time(text: str, start: int, end: int) -> bool:
    """True for a number that is part of a time of day ("15:24 UTC", "20:36:08", "18.00 GMT")."""
    if re.search(r":\s?$", text[max(0, start - 2):start]):
        return True
    if re.match(r"\s?:\s?\d", text[end:end + 4]):
        return True
    return bool(_TIME_AFTER.match(text, end))


def _mixed(qs: list[Quantity]) -> bool:
    """True when one article gives two values of the group that cannot both hold.

    Distances and areas are grouped by a shared anchor alone, so a story about
    several events near one city gathers them all; an article that states two
    different distances from it is speaking of two things, and the group says
    nothing about the sources. Other figures are judged so too (a player's
    points in two games), all but tolls of the dead and injured: one report
    often gives an earlier and a later toll.
    """
    by_article: dict[str, list[Quantity]] = {}
    for q in qs:
        by_article.setdefault(q.article, []).append(q)
    return any(_apart(a, b) for own in by_article.values() for i, a in enumerate(own) for b in own[i + 1:])


def _same_thing(a: Quantity, b: Quantity, vectors) -> bool:
    """True when two figures of different articles describe one thing (measure, scope, anchors)."""
    if a.article == b.article:
        return False
    if _one_context(a, b):
        return True  # one sentence, word for word but for the figure: the same thing, whatever it is
    if a.dimension in _STATIC:  # a distance's noun is rarely the thing measured ("struck 60 km from X")
        return bool(a.anchors & b.anchors)
    if not compatible(a.scope, b.scope):
        return False
    if not (_placed_alike(a, b) and _placed_alike(b, a)):
        return False
    if a.predicate.startswith("deaths") or a.dimension == "magnitude":
        return True  # a toll or a shock's magnitude: the story's event, unless a place or a date says otherwise
    if not (_held_alike(a, b) and _held_alike(b, a)):
        return False
    va, vb = vectors.get((a.article, a.sentence)), vectors.get((b.article, b.sentence))
    similar = va is not None and vb is not None and float(va @ vb) >= _SIMILAR_SENTENCES
    same_verb = a.governor == b.governor and a.governor not in _LIGHT_VERBS
    if not (a.anchors & b.anchors or (a.scope.places and b.scope.places)):
        # no name in common: only a figure whose own verb and what it did to the counted say it, in
        # sentences alike ("sixteen bodies have been recovered" and "at least two bodies recovered")
        return same_verb and bool(a.scope.action) and a.scope.thing != a.dimension and similar
    if same_verb:
        return True
    if a.scope.thing == a.dimension:  # a bare "10 days", "5 percent": nothing but its verb says what it measures
        return False
    return similar


def _held_alike(a: Quantity, b: Quantity) -> bool:
    """False when `a` names whose figure it is and `b` neither says whose nor names that holder near it
    ("McDermott scored 23 points" against "with his first five points" of a player the text does not name)."""
    if not a.scope.holder or b.scope.holder or not a.scope.named_holder:
        return True  # a holder told by a common noun ("the quake injured 45") names no one else's figure
    return a.scope.holder in b.anchors


def _placed_alike(a: Quantity, b: Quantity) -> bool:
    """False when `a` names a place for its figure that `b` neither names nor has near it
    ("7,000 dead in Honduras" against "the toll across Central America was 9,000")."""
    if not a.scope.places or b.scope.places:
        return True
    return any(w in b.anchors for place in a.scope.places for w in place.split())


def _clusters(qs: list[Quantity], vectors) -> list[list[Quantity]]:
    """Groups of figures about one thing: a figure joins the first group it describes the same thing as
    some member of, and whose every member's scope it is compatible with (no island joins a country
    through a figure that names neither). Distances and areas gather by their anchors alone (all that
    touch), so that `_mixed` can tell a group of several things."""
    clusters: list[list[Quantity]] = []
    static = qs[0].dimension in _STATIC
    for q in qs:
        hits = [c for c in clusters if any(_same_thing(q, m, vectors) for m in c)
                and (static or all(compatible(q.scope, m.scope) for m in c))]
        # a figure that another article gives the same value of is that figure: it joins that group first
        hits.sort(key=lambda c: not any(_same_thing(q, m, vectors) and not _apart(q, m) for m in c))
        if not hits:
            clusters.append([q])
        elif static:
            merged = [m for c in hits for m in c] + [q]
            clusters = [c for c in clusters if all(c is not h for h in hits)] + [merged]
        else:
            hits[0].append(q)
    return [c for c in clusters if len({q.article for q in c}) >= 2]


def _apart(a: Quantity, b: Quantity) -> bool:
    """True when two values cannot both hold."""
    return a.high < b.low or b.high < a.low


def _copy_slip(a: Quantity, b: Quantity) -> bool:
    """True when two articles give one sentence word for word but for the figure, with values that cannot
    both hold ("He was sentenced to 2 years" / "to 2 1/2 years"): one copy of a shared text is wrong. (A
    toll is not so read: a wire's later copy of one sentence updates it.)"""
    return _one_context(a, b) and _apart(a, b)


def _one_context(a: Quantity, b: Quantity) -> bool:
    """True when two figures stand in one sentence told word for word (six words or more) but for them."""
    return bool(a.context) and a.context == b.context and len(a.context.split()) >= _COPY_WORDS


def _scale_slip(a: Quantity, b: Quantity) -> bool:
    """True when two values differ only by their scale word ("$1.2 million" against "$1.2 billion")."""
    return bool(a.scale and b.scale and a.scale != b.scale and a.mantissa == b.mantissa and _apart(a, b))


def _judge(cluster: list[Quantity], static: bool, updates: bool = True, same=None,
           day: date | None = None, measure: Sequence[Quantity] = ()) -> list[Discrepancy]:
    """The discrepancies of one group of figures: likely errors, conflicts at one moment, and an update.

    Reports without any date that give a cumulative count (the dead, the
    injured) two values are taken for its earlier and later reports: an
    `update` upwards with no days ("at least three people" killed, then "10
    people"), since such a count only grows as a story goes on.
    `static` figures (distances) conflict at any time and never update; with
    `updates` False (measures of one thing, such as a magnitude, which differ
    from report to report mostly because the reports speak of other shocks)
    only conflicts at one moment are judged. `same` (two figures -> bool) says which two of the group
    describe one thing themselves: only those two are set against each other (a group gathers through
    its members, and its two ends may be of different things).
    """
    out: list[Discrepancy] = []
    errors = [(a, b) for i, a in enumerate(cluster) for b in cluster[i + 1:]
              if a.article != b.article and (_scale_slip(a, b) or (not _cumulative(a) and _copy_slip(a, b)))]
    for a, b in errors:
        d = _discrepancy([a, b], "likely_error")
        if not _scale_slip(a, b):
            d = replace(d, about=d.about.replace("the values differ only by their scale word",
                                                 "one sentence, word for word, with two values"))
        out.append(d)
    slips = {frozenset((id(a), id(b))) for a, b in errors}
    cumulative = _cumulative(cluster[0])
    edges = [(a, b) for i, a in enumerate(cluster) for b in cluster[i + 1:]
             if a.article != b.article and _apart(a, b) and frozenset((id(a), id(b))) not in slips
             and (static or _at_once(a, b, day) or (cumulative and _falls(a, b))) and _same_order(a, b)
             and (same is None or same(a, b))
             and (cumulative or not (_gives_value(measure, b.article, a) or _gives_value(measure, a.article, b)))]
    for members in _connected(edges):
        if cumulative and all(q.reported is None for q in members):
            members = sorted(members, key=lambda q: (_middle([q]), q.article, q.start))  # lowest first
            out.append(_discrepancy(members, "update", "up", ordered=False))
        else:
            out.append(_discrepancy(members, "conflict"))
    if not static and updates:
        update = _update(cluster, slips, cumulative)
        if update is not None:
            out.append(update)
    return out


def _gives_value(measure: Sequence[Quantity], article: str, other: Quantity) -> bool:
    """True when `article` itself gives a figure of the measure that agrees with `other`'s value: it speaks
    of that thing too, so its differing figure is of another ("two touchdowns" rushing and "four"
    receiving, in a report that gives both). Tolls are not so read: one report gives an early and a
    later toll."""
    return any(q.article == article and other.low <= _middle([q]) <= other.high for q in measure)


def _at_once(a: Quantity, b: Quantity, day: date | None) -> bool:
    """True when two figures may hold at one moment: their periods share a day; a figure nothing dates
    (an article without a date) is taken to hold near the story's day `day`, so that it is not set
    against one its sentence dates months away ("In February, a woman opened fire ..., killing three")."""
    if a.period is not None and b.period is not None or day is None:
        return overlap(a.period, b.period)
    dated = a.period or b.period
    if dated is None:
        return True
    return (dated[0] - day).days <= _REPORT_DAYS and (day - dated[1]).days <= _REPORT_DAYS


def _same_order(a: Quantity, b: Quantity) -> bool:
    """True when two values are within a factor of ten of each other: sources that disagree about one
    figure give the same order of it ("110,000" against "about 200,000"); "20 points" against
    "2,302 points" are a game and a career, an 8.8 and a 5.7 earthquake two shocks. A slip of the
    scale word is judged apart (likely_error)."""
    pa, pb = abs(_middle([a])), abs(_middle([b]))
    if a.dimension == "magnitude":  # a logarithm of ten already: one step of it is a factor of ten
        return abs(pa - pb) < 1.0
    return min(pa, pb) > 0 and max(pa, pb) / min(pa, pb) < _ORDER


def _cumulative(q: Quantity) -> bool:
    """True for a count that only grows as a story goes on (the dead, the injured): a later report
    that gives less, without saying it revises the figure, disagrees rather than updates."""
    return q.predicate.startswith("deaths") or q.scope.action in ("injure", "wound", "injured", "wounded")


def _falls(a: Quantity, b: Quantity) -> bool:
    """True when the later of two reports gives the smaller figure; a figure its sentence dates well
    before its report ("in February, a gunman killed three") may be of another event and is not so
    compared, nor is one of an article without a date."""
    if a.period is None or b.period is None or a.period[0] == b.period[0]:
        return False
    if any(q.reported is None or not 0 <= (q.reported - q.period[0]).days <= _REPORT_DAYS for q in (a, b)):
        return False
    early, late = (a, b) if a.period[0] < b.period[0] else (b, a)
    return late.high < early.low


def _connected(edges: list[tuple[Quantity, Quantity]]) -> list[list[Quantity]]:
    """The connected groups of figures joined by the edges, each in first-seen order."""
    groups: list[list[Quantity]] = []
    for a, b in edges:
        hit = [g for g in groups if any(q is a or q is b for q in g)]
        merged = [q for g in hit for q in g]
        for q in (a, b):
            if not any(x is q for x in merged):
                merged.append(q)
        groups = [g for g in groups if g not in hit] + [merged]
    return groups


def _update(cluster: list[Quantity], slips, cumulative: bool) -> Discrepancy | None:
    """A figure reported on several days whose latest value differs from its earliest: an update
    (of a cumulative count, only a rise)."""
    dated = sorted((q for q in cluster if q.period is not None), key=lambda q: (q.period[0], q.article, q.start))
    if len({q.period[0] for q in dated}) < 2:
        return None
    first, last = dated[0].period[0], dated[-1].period[0]
    early = [q for q in dated if q.period[0] == first]
    late = [q for q in dated if q.period[0] == last]
    if not any(a.reported and b.reported and a.reported < b.reported for a in early for b in late):
        return None  # two moments told by reports of one day: not a figure that later reports change
    if not any(_changed(a, b) and frozenset((id(a), id(b))) not in slips for a in early for b in late):
        return None
    direction = "up" if _middle(late) > _middle(early) else "down"
    if cumulative and direction == "down":
        return None
    return _discrepancy(dated, "update", direction, first.isoformat(), last.isoformat())


def _changed(a: Quantity, b: Quantity) -> bool:
    """True when the later figure `b` is another figure than the earlier `a`: the values cannot both
    hold, both are bounds of one side ("at least 100", then "at least 300") that moved by more than
    rounding, or `b` stands well above the lower bound `a` gave ("at least two", then "sixteen")."""
    if _apart(a, b):
        return True
    if math.isinf(a.high) and not math.isinf(b.high) and b.low > (1 + _BOUND_MOVE) * a.low:
        return True  # "at least two bodies", then "sixteen bodies": the count rose past its bound
    same_side = (math.isinf(a.high) and math.isinf(b.high)) or (a.low == 0.0 and b.low == 0.0)
    pa, pb = _middle([a]), _middle([b])
    return same_side and abs(pa - pb) > _BOUND_MOVE * max(abs(pa), abs(pb))


def _middle(qs: list[Quantity]) -> float:
    """The typical value of some figures (a bound when one side is open)."""
    points = [q.low if math.isinf(q.high) else q.high if q.low == 0.0 else (q.low + q.high) / 2 for q in qs]
    return sum(points) / len(points)


def _revision(old: Quantity, quantities: list[Quantity]) -> Discrepancy | None:
    """A figure revised within one sentence ("lowered the toll from 7,000 to about 6,100"): an update."""
    new = next((q for q in quantities if q.article == old.article and q.start == old.revised_to), None)
    if new is None or new.value == old.value:
        return None
    day = new.period[0].isoformat() if new.period is not None else None
    direction = "up" if _middle([new]) > _middle([old]) else "down"
    d = _discrepancy([old, new], "update", direction, None, day, ordered=False)
    return replace(d, about=d.about.split(":")[0] + f": revised {direction} in one report")


def _discrepancy(qs: list[Quantity], relation: str, direction: str | None = None, since: str | None = None,
                 until: str | None = None, ordered: bool = True) -> Discrepancy:
    """One discrepancy citing every figure, with what it is about and how the figures relate."""
    if ordered:
        qs = sorted(qs, key=lambda q: (q.period[0] if q.period else date.min, q.article, q.start))
    first = qs[0]
    thing = {"length": "distance", "area": "area", "percent": "share", "duration": "duration",
             "speed": "speed"}.get(first.dimension, "amount" if first.dimension.startswith("money") else
                                   f"number of {first.unit or first.predicate}")
    if first.predicate.startswith("deaths"):
        thing = "death toll" if first.predicate == "deaths" else first.predicate
    elif first.dimension not in _STATIC and " of " in first.predicate:
        thing = f"{thing} of {first.predicate.split(' of ', 1)[1]}"
    places = sorted(set().union(*(q.scope.places for q in qs)))
    anchors = places or sorted(set.intersection(*(set(q.anchors) for q in qs)) or first.anchors)
    about = f"{thing} ({', '.join(anchors[:3])})" if anchors else thing
    about += {"conflict": ": sources disagree", "likely_error": ": the values differ only by their scale word",
              "update": f": an update, the figure {'rises' if direction == 'up' else 'falls'} in later reports"
              if since or until or any(q.reported for q in qs) else
              ": an update, undated reports of a count that only grows (lowest first)",
              }[relation]
    values = tuple(DiscrepancyValue(q.text, q.value, q.unit, q.article, q.start, q.end) for q in qs)
    return Discrepancy("", "number", about, values, relation, direction, since, until)
