"""Quantities in the story's text, normalised, and the numeric discrepancies between sources.

A quantity is a number (digits, "1,000", "1.2 million", "a thousand",
"thirteen"), with its hedge ("at least", "over", "about", "up to"), as a
range ("between 150,000 and 200,000", "10-15"), and its unit or counted noun
("50 kilometers (30 miles)", "$5 million", "13 bodyguards"). Values become
intervals in a base unit per dimension (km, km², days, per cent, a currency,
a count of one noun), widened by their rounding ("50" is 45-55). Two values
about the same thing disagree when their intervals do not meet.

"The same thing" is decided by rule, not by embeddings: the same dimension
and predicate (the counted noun; a distance or area), at least one shared
anchor (a story entity or proper name within a dozen words, "the valley"
resolved to the named valley before it), and for counts, money, shares and
durations also the same governing word or similar sentences. A group of
distances or areas in which one article gives two values that cannot both
hold is about several things and is dropped; times of day are not quantities.

Limits: spelled-out compound numbers beyond "twenty-five" are read in part;
a number whose noun the parser misses is skipped; synonyms of a counted noun
("fighters" / "militants") are not compared; in a story of several like events
(a series of aftershocks) their figures can still be compared as one thing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Discrepancy, DiscrepancyValue, Entity
from newsweave.nlp import Models, ParsedArticle

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
_WORDS = "|".join(sorted((k for k in _SMALL if k not in ("a", "an")), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALES = "hundred|thousand|million|billion|trillion"
_VALUE = (rf"(?:(?:{_DIGITS})(?:\s+(?:{_SCALES}))?"
          rf"|(?:(?:a|an|{_WORDS})\s+)?(?:{_SCALES})"
          rf"|(?:{_WORDS})(?:[\s-](?:{_WORDS}))?)")
_HEDGES = {
    "at least": "min", "more than": "min", "over": "min", "upwards of": "min", "in excess of": "min",
    "up to": "max", "less than": "max", "fewer than": "max", "under": "max", "as many as": "max",
    "at most": "max", "about": "approx", "around": "approx", "nearly": "approx", "almost": "approx",
    "approximately": "approx", "roughly": "approx", "some": "approx", "an estimated": "approx",
    "estimated": "approx",
}
_TIME_AFTER = re.compile(r"\s?(?:UTC|GMT|[ap]\.?m\.?)(?![\w])", re.IGNORECASE)
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
    "dollars": ("money:USD", 1.0), "euros": ("money:EUR", 1.0), "pounds": ("money:GBP", 1.0),
}
_CURRENCY = {"$": "money:USD", "us$": "money:USD", "€": "money:EUR", "£": "money:GBP"}
_UNIT_RE = re.compile(
    r"\s*(?P<unit>%|per cent|percent|square (?:kilometers|kilometres|miles)|sq (?:km|miles)|km2|"
    r"kilometers|kilometres|kilometer|kilometre|kms|km|miles|mile|meters|metres|meter|metre|feet|foot|ft|"
    r"hectares|acres|years|year|months|month|weeks|week|days|day|hours|hour|minutes|dollars|euros|pounds)\b",
    re.IGNORECASE,
)
_CASUALTY = frozenset({"killed", "dead", "died", "deaths", "death", "injured", "wounded", "casualties",
                       "victims", "missing", "toll", "people", "bodies", "fatalities", "hurt"})
_DEATHS = frozenset({"killed", "dead", "died", "deaths", "death", "fatalities", "toll", "perished"})
_PEOPLE = frozenset({"people", "persons", "killed", "dead", "deaths", "fatalities", "lives"})
_LIGHT_VERBS = frozenset({"be", "is", "was", "were", "are", "been", "being", "has", "have", "had", "take", "takes",
                          "took", "taken", "make", "made", "get", "got"})  # say nothing of what is counted
_ANCHOR_WINDOW = 12  # words around a quantity in which its anchors are looked for
_SIMILAR_SENTENCES = 0.6  # sentence cosine at which two counts are taken to describe one thing
_ROUNDING_CAP = 0.1  # a round number stands for at most +-10 % of itself


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity found in an article, as an interval in its dimension's base unit."""

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


def parse_value(text: str) -> float | None:
    """The number a value expression states: "1,000" -> 1000, "a thousand" -> 1000, "1.2 million"."""
    words = re.split(r"[\s-]+", text.strip().lower())
    total, current = 0.0, 0.0
    seen = False
    for w in words:
        if re.fullmatch(_DIGITS, w):
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


def _rounding(value: float, text: str) -> float:
    """Half the step a stated number is rounded to ("50" -> 5, "1,000" -> 100), at most 10 %."""
    digits = re.sub(r"\D", "", text.split(".")[0]) if re.search(r"\d", text) else ""
    if digits:
        zeros = len(digits) - len(digits.rstrip("0"))
        step = 0.5 * 10 ** zeros if zeros else 0.5
    else:
        step = 0.1 * value  # a spelled-out number is a round one
    return min(step, _ROUNDING_CAP * abs(value)) + 0.02 * abs(value)


def extract_quantities(parsed: ParsedArticle, anchor_names) -> list[Quantity]:
    """Every quantity with a unit or counted noun in one article, with its anchors."""
    text = parsed.article.text
    doc = parsed.doc
    out: list[Quantity] = []
    for sent in parsed.sentences:
        chunk = text[sent.start:sent.end]
        for m in _QTY.finditer(chunk):
            q = _quantity(m, sent, parsed, anchor_names)
            if q is not None:
                out.append(q)
    return _merge_conversions(out, text)


def _quantity(m, sent, parsed: ParsedArticle, anchor_names) -> Quantity | None:
    text = parsed.article.text
    doc = parsed.doc
    first = min(m.start(g) for g in ("hedge", "between", "cur", "v1") if m.group(g))
    start, end = sent.start + first, sent.start + m.end()
    if _clock_time(text, sent.start + m.start("v1"), end):
        return None
    v1 = parse_value(m.group("v1"))
    v2 = parse_value(m.group("v2")) if m.group("v2") else None
    if v1 is None or (m.group("v2") and v2 is None):
        return None
    cur = (m.group("cur") or m.group("cur2") or "").lower()
    unit_m = _UNIT_RE.match(text, end)
    unit = None
    if cur:
        dimension, factor = _CURRENCY[cur], 1.0
        unit = m.group("cur")
    elif unit_m:
        unit = unit_m.group("unit").lower()
        dimension, factor = _UNITS[unit]
        end = unit_m.end()
    else:
        dimension, factor = "", 1.0
    tok = _last_token(doc, sent.start + m.end("v1") if not m.group("v2") else sent.start + m.end("v2"))
    if tok is None:
        return None
    if tok.ent_type_ in ("DATE", "TIME", "ORDINAL") and not dimension.startswith(("duration", "money")):
        return None
    deaths = False
    if not dimension:
        if re.fullmatch(r"(1[89]|20)\d\d", m.group("v1")):
            return None
        if tok.dep_ in ("conj", "cc") and tok.head.dep_ in ("nummod", "quantmod"):
            tok = tok.head  # "between 150,000 and 200,000 people": the range's first number holds the noun
        noun = tok.head if tok.dep_ in ("nummod", "quantmod") else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        context = {w.text.lower() for w in (noun, after, tok.head) if w is not None}
        deaths = bool(context & _DEATHS) or ("toll" in {t.text.lower() for t in tok.sent} and noun is None)
        if deaths:
            dimension = "count"
            unit = noun.text.lower() if noun is not None and noun.i > tok.i else None
            if after is not None and after.text.lower() in _DEATHS and noun is None:
                end = after.idx + len(after.text)  # "222,570 dead"
        elif noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.i < tok.i:
            return None
        else:
            dimension = "count"
            unit = noun.text.lower()
        if noun is not None and noun.i > tok.i and noun.i - tok.i <= 3:
            end = max(end, noun.idx + len(noun.text))
    predicate = _predicate(dimension, unit)
    if deaths or _dies(tok):  # "people killed", "dead", "the toll is 110,000": one death toll; "soldiers killed" another
        predicate = "deaths" if unit in _PEOPLE or unit is None else f"deaths of {predicate}"
    low, high = _interval(m, v1, v2, factor)
    span_text = text[start:end]
    governor = _governor(tok)
    anchors = _anchors(parsed, tok, anchor_names)
    value: float | str = _plain(v1) if v2 is None else f"{_plain(v1)}-{_plain(v2)}"
    return Quantity(parsed.article.id, sent.index, start, end, span_text, value, unit, dimension, predicate,
                    low, high, governor, anchors)


def _dies(tok) -> bool:
    """True for a count of people killed: '20 people were killed', 'killed about 200,000 people'."""
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    return noun.head.pos_ == "VERB" and noun.head.text.lower() in _DEATHS and noun.text.lower() in _PEOPLE


def _plain(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _predicate(dimension: str, unit: str | None) -> str:
    if dimension == "count":
        u = unit or ""
        return u[:-1] if u.endswith("s") and not u.endswith("ss") else u
    return dimension


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
        if head.pos_ in ("VERB", "AUX") or head.head is head:
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
    word = tok.text.lower()
    for t in reversed(doc[: tok.i]):
        if t.text.lower() == word:
            names = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if names:
                return names[-1].text.lower()
    return None


def _merge_conversions(found: list[Quantity], text: str) -> list[Quantity]:
    """'50 kilometers (30 miles)': one quantity, the conversion in brackets joined to it."""
    out: list[Quantity] = []
    skip = set()
    for i, q in enumerate(found):
        if i in skip:
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt.dimension == q.dimension and q.dimension != "count" \
                and re.fullmatch(r"\s*\(\s*", text[q.end:nxt.start]) and text[nxt.end:nxt.end + 2].lstrip().startswith(")"):
            close = text.index(")", nxt.end) + 1
            low, high = max(q.low, nxt.low), min(q.high, nxt.high)
            if low > high:
                low, high = q.low, q.high
            q = Quantity(q.article, q.sentence, q.start, close, text[q.start:close], q.value, q.unit, q.dimension,
                         q.predicate, low, high, q.governor, q.anchors | nxt.anchors)
            skip.add(i + 1)
        out.append(q)
    return out


def find_discrepancies(parsed: Sequence[ParsedArticle], entities: Sequence[Entity], models: Models,
                       vectors: Mapping[tuple[str, int], np.ndarray] | None = None) -> list[Discrepancy]:
    """Numeric discrepancies: values about the same thing in different articles that disagree.

    Each has every value about that thing with its exact span; `about` names
    the thing, and says "update" when a count rose from earlier to later
    reports (by publication date) rather than conflicting.
    """
    quantities = [q for p in parsed for q in extract_quantities(p, _named_before)]
    published = {p.article.id: p.article.published for p in parsed}
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in quantities:
        groups.setdefault((q.dimension, q.predicate), []).append(q)
    out: list[Discrepancy] = []
    for key, qs in groups.items():
        if len({q.article for q in qs}) < 2 or len(qs) > 200:
            continue
        for component in _components(qs, vectors or {}):
            if _disagree(component) and not (key[0] in ("length", "area") and _mixed(component)):
                out.append(_discrepancy(component, published))
    return [Discrepancy(f"d{i}", d.kind, d.about, d.values) for i, d in enumerate(out, 1)]


def _clock_time(text: str, start: int, end: int) -> bool:
    """True for a number that is part of a time of day ("15:24 UTC", "20:36:08", "18.00 GMT")."""
    if start > 0 and text[start - 1] == ":":
        return True
    if text[end:end + 1] == ":" and text[end + 1:end + 2].isdigit():
        return True
    return bool(_TIME_AFTER.match(text, end))


def _mixed(qs: list[Quantity]) -> bool:
    """True when one article gives two values of the group that cannot both hold.

    Distances and areas are grouped by a shared anchor alone, so a story about
    several events near one city gathers them all; an article that states two
    different distances from it is speaking of two things, and the group says
    nothing about the sources. (Counts are not judged so: one report often
    gives an earlier and a later toll.)
    """
    by_article: dict[str, list[Quantity]] = {}
    for q in qs:
        by_article.setdefault(q.article, []).append(q)
    return any(a.high < b.low or b.high < a.low
               for own in by_article.values() for i, a in enumerate(own) for b in own[i + 1:])


def _same_thing(a: Quantity, b: Quantity, vectors) -> bool:
    if a.article == b.article or not (a.anchors & b.anchors):
        return False
    if a.dimension in ("length", "area") or a.predicate.startswith("deaths"):
        return True
    if a.governor == b.governor and a.governor not in _LIGHT_VERBS:
        return True
    va, vb = vectors.get((a.article, a.sentence)), vectors.get((b.article, b.sentence))
    return va is not None and vb is not None and float(va @ vb) >= _SIMILAR_SENTENCES


def _components(qs: list[Quantity], vectors) -> list[list[Quantity]]:
    """Connected groups of quantities about the same thing (union-find over the pairs)."""
    parent = list(range(len(qs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(qs)):
        for j in range(i + 1, len(qs)):
            if _same_thing(qs[i], qs[j], vectors):
                parent[find(i)] = find(j)
    comps: dict[int, list[Quantity]] = {}
    for i, q in enumerate(qs):
        comps.setdefault(find(i), []).append(q)
    return [c for c in comps.values() if len({q.article for q in c}) >= 2]


def _disagree(qs: list[Quantity]) -> bool:
    """True when two values from different articles cannot both hold."""
    for i, a in enumerate(qs):
        for b in qs[i + 1:]:
            if a.article != b.article and (a.high < b.low or b.high < a.low):
                return True
    return False


def _discrepancy(qs: list[Quantity], published: Mapping[str, str | None]) -> Discrepancy:
    qs = sorted(qs, key=lambda q: (published.get(q.article) or "", q.article, q.start))
    first = qs[0]
    thing = {"length": "distance", "area": "area", "percent": "share", "duration": "duration"}.get(
        first.dimension, "amount" if first.dimension.startswith("money") else f"number of {first.unit}")
    if first.predicate.startswith("deaths"):
        thing = "death toll" if first.predicate == "deaths" else first.predicate
    anchors = sorted(set.intersection(*(set(q.anchors) for q in qs)) or first.anchors)
    about = f"{thing} ({', '.join(anchors[:3])})" if anchors else thing
    if _is_update(qs, published):
        about += ": an update, the figure rises from earlier to later reports"
    else:
        about += ": sources disagree"
    values = tuple(DiscrepancyValue(q.text, q.value, q.unit, q.article, q.start, q.end) for q in qs)
    return Discrepancy("", "number", about, values)


def _is_update(qs: list[Quantity], published: Mapping[str, str | None]) -> bool:
    """A casualty-like count that only rises with publication date."""
    if qs[0].dimension != "count" or not (qs[0].predicate in _CASUALTY or qs[0].predicate.startswith("deaths")
                                          or qs[0].governor in _CASUALTY):
        return False
    dated = [(published.get(q.article), q) for q in qs]
    if any(d is None for d, _ in dated) or len({d for d, _ in dated}) < 2:
        return False
    dated.sort(key=lambda x: x[0])
    return all(a[1].low <= b[1].high and a[1].low <= b[1].low for a, b in zip(dated, dated[1:]))
