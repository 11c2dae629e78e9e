"""TimeML extents of the temporal expressions spaCy finds: one entity can hold several, or more than one.

spaCy's DATE entities and TimeML's TIMEX3 extents differ in ways that lose
a reading: a range or a list is one entity ("from Aug. 26 to Oct. 20",
"between 1985 and 1987", "1994, 1995 and 1997") where each end is an
expression of its own, and no single value reads the whole; a period named
by its last day ("the quarter ended Sept. 30") holds two expressions, the
period (read with its end day) and the day; an entity can start with a word
that belongs to the noun after it ("an Aug. 10, 1988, stock purchase
agreement", "a fourth-quarter charge") or end in a possessive ("next
week's talks"). `extents(span)` gives the expressions of one entity as
`Extent`s: the characters that are the expression, and the characters it
is read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsweave.timeline.expressions import MONTHS
from newsweave.timeline.timex import read_timex

# A fixed day to test whether words read as a calendar date by themselves; the value read is not used.
_PROBE_DAY = date(2000, 6, 15)
_POSSESSIVE = re.compile(r"(?:'s|’s|(?<=s)'|(?<=s)’)$")
# Between the ends of a range or the members of a list.
_JOINS = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:to|through|thru|until|till|and|or)\s+", re.I)
_RANGE_OPENERS = re.compile(r"^(?:from|between|both|either)\s+", re.I)
_ENDED = re.compile(r"\s+(?:ended|ending|that ended|which ended)\s+", re.I)
_PERIOD_NOUNS = re.compile(r"\b(?:quarter|half|year|months?|weeks?|period|season)\b", re.I)
# Leading words that can belong to a noun after the expression rather than to the expression.
_DETACHABLE = frozenset({"DET", "NUM", "CCONJ"})


@dataclass(frozen=True, slots=True)
class Extent:
    """One temporal expression inside an entity: its characters, and the characters it is read from
    (the same, or for the period of "the quarter ended Sept. 30" the whole phrase)."""

    start: int
    end: int
    read_start: int
    read_end: int


def extents(span, text: str, start: int, end: int) -> list[Extent]:
    """The TimeML expressions of the characters [start, end) of a spaCy entity `span` of `text` (the doc's
    text, passed in: `Doc.text` is rebuilt on each call), in text order.

    An entity that is one expression comes back as it is (without a
    possessive ending or a leading word that belongs to a noun outside it); one that does not read at all
    is cut to the words of it that do.
    """
    start = _without_detached_start(span, text, start, end)
    end = _without_possessive(text, start, end)
    trailing = re.search(r"[\s,]+(?:and|or)$", text[start:end])
    if trailing:
        end = start + trailing.start()
    if end <= start:
        return []
    ended = _period_and_end(text, start, end)
    if ended:
        return ended
    parts = _range_parts(text, start, end)
    if parts:
        return [Extent(s, e, s, e) for s, e in parts]
    if _probe(text[start:end].strip()) is None:
        start, end = _readable_core(span, text, start, end)
    return [Extent(start, end, start, end)]


def _readable_core(span, text: str, start: int, end: int) -> tuple[int, int]:
    """The longest run of the entity's words that names a date (a number or a name: "the latest fiscal year"
    keeps its words) and reads as one, for an entity that does not read at all ("During the day Friday", "the
    night of Oct. 23", "a rifle found in April month", "the first nine months of 1997"); the entity as it is
    when no run reads."""
    tokens = [t for t in span if start <= t.idx < end]
    best = (start, end)
    longest = 0
    for i in range(len(tokens)):
        for j in range(len(tokens), i, -1):
            s, e = tokens[i].idx, min(end, tokens[j - 1].idx + len(tokens[j - 1].text))
            if e - s <= longest:
                break
            if (i, j) != (0, len(tokens)) and _names_a_date(text[s:e]) and reads_as_date(text[s:e]):
                best, longest = (s, e), e - s
                break
    return best


def _without_possessive(text: str, start: int, end: int) -> int:
    """The end of an expression without its possessive ending ("next week's talks" -> "next week",
    "the 1980s' boom" -> "the 1980s")."""
    m = _POSSESSIVE.search(text[start:end])
    return start + m.start() if m and m.start() > 0 else end


def _without_detached_start(span, text: str, start: int, end: int) -> int:
    """The start of an expression after leading words that belong to the noun after it: a determiner, number
    or conjunction whose head lies outside the entity ("a fourth-quarter charge", "both 1990 and 1991"), or
    one without which an unreadable entity reads ("an Aug. 10, 1988, stock purchase agreement"); kept when
    nothing readable would be left."""
    tokens = [t for t in span if start <= t.idx < end]
    if not tokens or tokens[0].pos_ not in _DETACHABLE:
        return start
    whole_reads = reads_as_date(text[start:end])
    k = 0
    while k < len(tokens) - 1:
        token = tokens[k]
        outside = not tokens[0].i <= token.head.i <= tokens[-1].i
        detached = outside or not whole_reads or token.lower_ in ("both", "either")
        if token.pos_ not in _DETACHABLE or not detached or _day_before_month(token, tokens[k + 1]):
            break
        k += 1
    if k == 0:
        return start
    rest = tokens[k].idx
    return rest if reads_as_date(text[rest:end]) else start


def _day_before_month(token, after) -> bool:
    """True for a day number written before its month ("the 7 July link", "the 26 December tsunami"): the
    parse hangs the number on the noun after the date, but the two are one day."""
    return token.text.isdigit() and 1 <= int(token.text) <= 31 and after.lower_.rstrip(".") in MONTHS


def _period_and_end(text: str, start: int, end: int) -> list[Extent]:
    """"the quarter ended Sept. 30" as two expressions: the period, read from the whole phrase, and its
    end day, read alone; [] when the phrase is not a period named by its end."""
    m = _ENDED.search(text[start:end])
    if not m or not _PERIOD_NOUNS.search(text[start:start + m.start()]):
        return []
    tail = start + m.end()
    if not reads_as_date(text[tail:end]):
        return []
    return [Extent(start, start + m.start(), start, end), Extent(tail, end, tail, end)]


def _range_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The ends of a range or the members of a list ("from Aug. 26 to Oct. 20", "1994, 1995 and 1997"),
    each a calendar date by itself; [] when the entity is not such a list."""
    chunk = text[start:end]
    cuts = list(_JOINS.finditer(chunk))
    if not cuts:
        return []
    # A comma can be part of one date ("May 26, 1980", "Friday, Oct. 13"): cut at it only when the whole
    # entity does not read.
    if reads_as_date(chunk):
        cuts = [m for m in cuts if not m.group().lstrip().startswith(",")]
    if not cuts:
        return []
    parts, at = [], 0
    for m in cuts:
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, len(chunk)))
    opener = _RANGE_OPENERS.match(chunk)
    if opener:
        parts[0] = (opener.end(), parts[0][1])
    parts = [(s, e) for s, e in parts if e > s]
    if len(parts) < 2 or not all(reads_as_date(chunk[s:e]) for s, e in parts):
        return []
    return [(start + s, start + e) for s, e in parts]


def reads_as_date(words: str) -> bool:
    """True when the words alone read as a calendar date or time (a value that starts with a digit)."""
    found = _probe(words.strip())
    return found is not None and found.kind in ("date", "time") and found.value[:1].isdigit()


@lru_cache(maxsize=4096)
def _probe(words: str):
    """The words read against the fixed probe day, without tense or anchors (what they are, not when)."""
    return read_timex(words, _PROBE_DAY)


def _names_a_date(words: str) -> bool:
    """True when the words hold a number or a capitalised name (a month, a weekday, a holiday), not only
    words of relative time ("fiscal year", "the day")."""
    return any(c.isdigit() for c in words) or any(w[:1].isupper() for w in words.split())
