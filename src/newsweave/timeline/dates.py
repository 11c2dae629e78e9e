"""Every temporal expression of a story's articles, read as TimeML values (the story's `dates`).

`story_dates(parsed)` finds the temporal expressions of each article (spaCy's
DATE and TIME entities, trimmed to their characters, a day and its time of day
next to it joined ("Friday" + "evening"), cut into TimeML's expressions by
`extents` (the ends of a range apart, a period and its end day apart), the
holidays tagged as events, and the one-word vague references, rates and days
spaCy leaves out: "now", "recently", "daily", "Monday") and reads
each with `timex.read_timex` against the article's publication date (the
story's median known date when the article has none), in the tense of its
clause from the parse (`tense.tense_of`), after the reference times the
article named before it (`timex.Anchors`: the last date, day and reporting
period, for "a year earlier", "the quarter", "the previous Friday", "then").
Unlike the timeline, it keeps durations, sets, vague references and datelines:
a fact-checker sees how each expression was read.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Sequence

from newsweave.model import DateExpression
from newsweave.nlp import ParsedArticle
from newsweave.timeline.events import _extended_start, _trim
from newsweave.timeline.extents import Extent, extents, reads_as_date
from newsweave.timeline.publication import parse_day, story_reference
from newsweave.timeline.tense import tense_of
from newsweave.timeline.timex import Anchors, Timex, as_anchors, next_previous, read_timex

# One-word expressions spaCy's entity model does not tag as DATE or TIME.
_LONE_WORDS = frozenset({"now", "currently", "recently", "previously", "formerly", "soon", "nowadays",
                         "daily", "weekly", "monthly", "annually", "yearly", "hourly", "quarterly"})
# Days the entity model sometimes leaves untagged ("Late Monday, officials said", "``Today, I'm here").
_LONE_DAYS = frozenset({"today", "tomorrow", "yesterday", "tonight", "monday", "tuesday", "wednesday",
                        "thursday", "friday", "saturday", "sunday"})
_LONE_HOLIDAYS = frozenset({"thanksgiving", "christmas", "easter"})


def story_dates(parsed: Sequence[ParsedArticle]) -> tuple[DateExpression, ...]:
    """Every temporal expression of the story's articles with its kind, TimeML value and precision.

    Expressions that cannot be read (no reference date for a relative one,
    or words that are no time) are left out.
    """
    fallback = story_reference(parsed)
    out: list[DateExpression] = []
    for p in parsed:
        reference = parse_day(p.article.published) or fallback
        out.extend(article_dates(p, reference))
    return tuple(out)


def article_dates(parsed: ParsedArticle, reference: date | None) -> list[DateExpression]:
    """The temporal expressions of one article read against `reference`, in text order."""
    text = parsed.article.text
    return [DateExpression(parsed.article.id, start, end, text[start:end], found.kind, found.value, found.precision)
            for start, end, found in doc_timexes(parsed.doc, text, reference)]


def doc_timexes(doc, text: str, reference: date | None) -> list[tuple[int, int, Timex]]:
    """(start, end, Timex) of each temporal expression the doc's extractor finds, read in text order.

    Each is read after the reference times named before it (the chain of
    `next_previous`); expressions that cannot be read are left out and do not
    move the anchors.
    """
    out: list[tuple[int, int, Timex]] = []
    previous: Anchors | None = None
    for extent in expression_extents(doc, text):
        start, end = extent.start, extent.end
        span = doc.char_span(start, end, alignment_mode="expand")
        words = text[extent.read_start:extent.read_end]
        found = read_span(words, span, reference, previous)
        if found is None:
            continue
        previous = next_previous(previous, found, words)
        out.append((start, end, found))
    return out


def read_span(text: str, span, reference: date | None, previous: Anchors | Timex | None = None) -> Timex | None:
    """One expression read in the tense of its clause (`span` is its spaCy span, or None)."""
    tense = tense_of(span) if span is not None else None
    words = _with_direction_after(text, span)
    if as_anchors(previous).period is None:
        words = _with_end_day_after(words, span)
    told_in_past = tense is None and span is not None and any(t.tag_ == "VBD" for t in span.sent)
    return read_timex(words, reference, tense, previous, told_in_past)


def _with_end_day_after(text: str, span) -> str:
    """A bare quarter or half with the end day that follows it in the sentence ("the quarter" of "In the
    quarter ended July 31"): the quarter that day ends. Only when the expression names no end of its own
    and the words after "ended" / "ending" are a date (to the end of their entity); the caller asks it only
    when no quarter was named before, as a named fiscal quarter ("the fiscal first quarter ... the quarter
    ended Sept. 29") is the one meant."""
    if span is None or span.end + 1 >= len(span.doc) or \
            not re.fullmatch(r"(?:the|that|this|its)\s+(?:\w+\s+)?(?:quarter|half)", text.strip(), re.I):
        return text
    doc = span.doc
    if doc[span.end].lower_ not in ("ended", "ending") or doc[span.end + 1].ent_type_ != "DATE":
        return text
    last = span.end + 2
    while last < len(doc) and doc[last].ent_iob_ == "I" and doc[last].ent_type_ == "DATE":
        last += 1
    return f"{text} ended {doc[span.end + 1:last].text}"


def _with_direction_after(text: str, span) -> str:
    """The expression with the "ago" or "earlier" that follows it in the sentence when it is a bare length
    ("a year" of "$13.5 million a year earlier"): the length alone would read as a duration."""
    if span is None or span.end >= len(span.doc) or not re.match(r"^(?:an?|\w+)\s+\w+$", text.strip()):
        return text
    after = span.doc[span.end]
    if after.lower_ in ("ago", "earlier") and span.root.head == after:
        return f"{text} {after.text}"
    return text


def expression_spans(doc, text: str) -> set[tuple[int, int]]:
    """Character spans of the doc's temporal expressions: DATE/TIME entities and lone time words."""
    return {(e.start, e.end) for e in expression_extents(doc, text)}


def expression_extents(doc, text: str) -> list[Extent]:
    """The doc's temporal expressions in text order: the DATE/TIME entities cut into TimeML's
    expressions (`extents.extents`: the ends of a range apart, a period and its end day apart), the
    holidays and dated years inside entities tagged as events ("Thanksgiving Day"), and the
    lone time words, days and holidays the entity model leaves out."""
    found: list[Extent] = []
    covered: list[tuple[int, int]] = []
    dated = [e for e in doc.ents if e.label_ in ("DATE", "TIME") and not _is_a_march(e) and not _in_a_name(e[0])]
    for first, last in _day_and_time_joined(dated, text):
        start, end = _trim(text, _extended_start(first), last.end_char)
        if end > start:
            found.extend(extents(doc[first.start:last.end], text, start, end))
            covered.append((first.start, last.end))
    for ent in doc.ents:
        if ent.label_ == "EVENT":
            dated = _event_dates(ent, text)
            found.extend(dated)
            if dated:
                covered.append((ent.start, ent.end))
    covered.sort()
    for token in doc:
        k = bisect.bisect_right(covered, (token.i, len(doc))) - 1
        if k >= 0 and covered[k][0] <= token.i < covered[k][1]:
            continue
        lone = _lone_expression(token, text)
        if lone is not None:
            found.append(lone)
    return sorted(set(found), key=lambda e: (e.start, e.end))


def _in_a_name(token) -> bool:
    """True for a lone weekday that is part of a name, not a day: inside an entity of another kind
    ("''Sunday Night Baseball''", a work of art), or the head of a name before it ("Fox News Sunday": "News"
    its compound)."""
    if token.lower_ not in _LONE_DAYS or token.lower_ in ("today", "tomorrow", "yesterday", "tonight"):
        return False
    if token.ent_type_ not in ("", "DATE", "TIME"):
        return True
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ not in ("DATE", "TIME")
               for c in token.children)


def _is_a_march(ent) -> bool:
    """True for a "March" the entity model tags as the month that is a march: a noun with its own determiner
    ("the March on Washington", "a March for Life rally") or joined to a name that is no date ("the Coalition
    to Stop Trump and March on the RNC")."""
    if ent.text != "March":
        return False
    token = ent[0]
    if any(c.dep_ == "det" for c in token.children):
        return True
    after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    return token.dep_ == "conj" and token.head.ent_type_ not in ("DATE", "TIME") and after in ("on", "for", "against")


def _event_dates(ent, text: str) -> list[Extent]:
    """The dates an entity tagged as an event gives: the whole of it when its name is a holiday
    ("Thanksgiving Day"), else the dates inside it that carry their year ("the 2016 Olympics"). A day
    without one ("the September 11 attacks") often names an event of another year, and the article's date
    would give the wrong one: it is not read."""
    start, end = _trim(text, ent.start_char, ent.end_char)
    words = text[start:end]
    if not re.search(r"\d", words) and reads_as_date(words):
        return [Extent(start, end, start, end)]
    return [x for x in extents(ent, text, start, end)
            if re.search(r"\b\d{4}\b", text[x.read_start:x.read_end]) and reads_as_date(text[x.read_start:x.read_end])]


def _lone_expression(token, text: str) -> Extent | None:
    """The expression a token outside every entity starts or is: a lone time word ("now", "daily"), a
    capitalised day ("Late Monday"), or a holiday with its "last" and its "Day" ("last Thanksgiving")."""
    end = token.idx + len(token.text)
    if token.lower_ in _LONE_DAYS and token.text[0].isupper() and _in_a_name(token):
        return None
    if token.lower_ in _LONE_WORDS or (token.lower_ in _LONE_DAYS and token.text[0].isupper()):
        return Extent(token.idx, end, token.idx, end)
    if token.lower_ not in _LONE_HOLIDAYS or not token.text[0].isupper() or token.dep_ == "compound":
        return None  # "Christmas shopping": a kind of shopping, no date
    doc, start = token.doc, token.idx
    if token.i > 0 and doc[token.i - 1].lower_ in ("last", "this", "next"):
        start = doc[token.i - 1].idx
    if token.i + 1 < len(doc) and doc[token.i + 1].text == "Day":
        end = doc[token.i + 1].idx + 3
    for s, e in ((start, end), (token.idx, token.idx + len(token.text))):
        if reads_as_date(text[s:e]):
            return Extent(s, e, s, e)
    return None


def _day_and_time_joined(ents: list, text: str) -> list[tuple]:
    """The DATE/TIME entities as (first, last) pairs, a day and its time of day next to each other joined:
    spaCy tags "Friday evening" and "9 a.m. EST Tuesday" as two entities, TimeML reads one expression
    (a length of time, "more than four hours Friday", stays apart)."""
    out: list[tuple] = []
    for ent in ents:
        if out:
            first, last = out[-1]
            gap = text[last.end_char:ent.start_char]
            if (gap == " " and last is first and {first.label_, ent.label_} == {"DATE", "TIME"}
                    and not re.search(r"\b(?:hours?|minutes?|seconds?)\b", first.text + " " + ent.text, re.I)):
                out[-1] = (first, ent)
                continue
        out.append((ent, ent))
    return out
