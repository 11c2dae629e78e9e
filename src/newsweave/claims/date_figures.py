"""Dates that articles give one event, read on the calendar, and the date discrepancies between them.

Each date of an article ("on Thursday", "November 19", "in May 2005",
"2006") is read by the timeline's date reader (`timeline.dates.doc_timexes`,
the story's `dates`) against the article's own publication date (the story's
median known date when it has none), with the clause it dates
(`timeline.events`: its verb and words). What can be compared of it:

- its days on the calendar, when the article (or the story) has a date or the
  expression names its year ("May 30, 2005", "in 2006", "Friday" in an
  article of Saturday 2008-12-13);
- else the month and day it names ("July 18" in a story without any date);
- else the weekday it names ("on Saturday").

A candidate pair is two dates of different articles whose readings cannot be
one day (calendar periods that do not meet, compared at the coarser of the two:
"2006" against "May 2005"; two month-days or two weekdays that differ) but lie
one unit apart (the next day, month or year: how outlets misdate one event)
in a unit both dates' own words name (a weekday alone names no day: it is
told from its report's day, and outlets in other time zones set one event a
day apart), told by clauses of one happening (most of their words, or one verb
with another word in common), neither article giving the other's value itself
(an article that gives both speaks of two events). This is the one place that
decides whether two articles date one happening apart (the timeline gives
only publication dates that conflict). Whether the two date one event is the
learned pair model's decision (`number_pairs`, one regression over pairs of
figures and of dates, with weights apart for each kind: the sentences'
likeness, whether each date is the other article's closest and by what
margin, the clauses' words), and kept pairs that share a date become one
`Discrepancy(kind="date", relation="conflict")` citing every date of them.

Limits: times of day, durations ("a week since") and ordinals ("the eighth
day") are not compared; a relative date ("yesterday", "last year") of an
article without any date in the story is not read; one event dated by a
year in one article and a weekday in another is not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Discrepancy, DiscrepancyValue
from newsweave.nlp import ParsedArticle
from newsweave.timeline.dates import doc_timexes
from newsweave.timeline.events import REPORTING_VERBS, event_of, governing_verb, stem
from newsweave.timeline.expressions import MONTHS, WEEKDAYS, period_end
from newsweave.timeline.publication import parse_day, story_reference

_NOMINAL_DAY = date(2000, 7, 1)  # reads a story without any date; only what the text itself names is kept
_DECADE = re.compile(r"\b\d{3}0\s?'?\s?s\b|\b\d0\s?'?\s?s\b")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b|'\d\d\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?\s+(\d{1,2})\b"
                        r"|\b(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b",
                        re.IGNORECASE)
_SAYS_NOTHING = REPORTING_VERBS | frozenset({"", "wrot", "is", "was", "wer", "are", "be", "been", "has", "hav", "had",
                                            "did", "doe", "do"})  # stems of verbs that tell no happening
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class DateFigure:
    """A date an article gives, with what can be compared of it and the clause it dates.

    `first`/`last` are its days on the calendar (None when neither the
    article's date nor the text places it); `month_day` the (month, day) it
    names; `weekday` the weekday it names or falls on (0 Monday). `verb` is
    the stem of the verb of its clause, `words` the stems of its event.
    """

    article: str
    sentence: int
    start: int
    end: int
    text: str
    value: str
    precision: str
    first: date | None
    last: date | None
    month_day: tuple[int, int] | None
    weekday: int | None
    verb: str
    words: frozenset[str]
    event: str


def extract_dates(parsed: ParsedArticle, fallback: date | None) -> list[DateFigure]:
    """Every calendar date of one article (day, month or year), read against its publication date (else
    `fallback`, the story's median known date), with the event it dates."""
    text = parsed.article.text
    reference = parse_day(parsed.article.published) or fallback
    starts = [s.start for s in parsed.sentences]
    out = []
    for start, end, timex in doc_timexes(parsed.doc, text, reference or _NOMINAL_DAY):
        if timex.kind != "date" or timex.precision not in ("day", "month", "year"):
            continue
        figure = _figure(parsed, starts, start, end, timex, reference is not None)
        if figure is not None:
            out.append(figure)
    return out


def _figure(parsed: ParsedArticle, starts: list[int], start: int, end: int, timex, placed: bool) -> DateFigure | None:
    """One date as a `DateFigure`, or None when nothing of it can be compared."""
    text = parsed.article.text
    words = text[start:end]
    if _DECADE.search(text[start:end + 3]):
        return None  # "the 1930's": a decade, not the year its digits spell
    if re.match(r"\W*(?:of\s+)?(?:each|every)\b", text[end:end + 20], re.IGNORECASE):
        return None  # "the second Tuesday of each month": a recurring day, no one day
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    if span is not None and any(c.dep_ == "compound" and c.is_title and c.i < span.start for t in span
                                for c in t.children):
        return None  # "Patch Tuesday", "Super Tuesday": a weekday inside a name
    named_year = bool(_YEAR.search(words))
    weekday_m = _WEEKDAY.search(words)
    md = _MONTH_DAY.search(words)
    month_day = None
    if md:
        month = MONTHS[(md.group(1) or md.group(4)).lower().rstrip(".")]
        day = int(md.group(2) or md.group(3))
        month_day = (month, day) if 1 <= day <= 31 else None
    first = last = None
    value = timex.value
    if placed or named_year:
        try:
            first = date.fromisoformat(timex.value if timex.precision == "day" else
                                       f"{timex.value}-01" if timex.precision == "month" else f"{timex.value}-01-01")
        except ValueError:
            return None
        last = period_end(first, timex.precision)
    elif month_day is not None and timex.precision == "day":
        value = f"XXXX-{month_day[0]:02d}-{month_day[1]:02d}"
    elif weekday_m is not None and timex.precision == "day":
        value = f"XXXX-WXX-{WEEKDAYS[weekday_m.group(1).lower()] + 1}"
    else:
        return None  # a relative date of a story without any date: nothing places it
    weekday = WEEKDAYS[weekday_m.group(1).lower()] if weekday_m else (
        first.weekday() if first is not None and timex.precision == "day" else None)
    if month_day is None and first is not None and timex.precision == "day":
        month_day = (first.month, first.day)
    verb_tok = governing_verb(span) if span is not None and len(span) else None
    event = event_of(span, verb_tok) if span is not None and len(span) else None
    index = max(0, _sentence_at(starts, start))
    return DateFigure(parsed.article.id, parsed.sentences[index].index if parsed.sentences else 0, start, end, words,
                      value, timex.precision, first, last, month_day, weekday,
                      stem(verb_tok.text) if verb_tok is not None else "", event.words if event else frozenset(),
                      event.text if event else "")


def _sentence_at(starts: list[int], offset: int) -> int:
    import bisect
    return bisect.bisect_right(starts, offset) - 1


def story_date_figures(parsed: Sequence[ParsedArticle]) -> list[DateFigure]:
    """The dates of all the story's articles (`extract_dates`), in article order."""
    fallback = story_reference(parsed)
    return [f for p in parsed for f in extract_dates(p, fallback)]


def apart(a: DateFigure, b: DateFigure) -> bool:
    """True when two dates cannot be one day: calendar periods that do not meet, else two month-days or two
    weekdays that differ. False when nothing of the two can be compared."""
    if a.first is not None and b.first is not None:
        return a.last < b.first or b.last < a.first
    if a.month_day is not None and b.month_day is not None:
        return a.month_day != b.month_day
    if a.weekday is not None and b.weekday is not None:
        return a.weekday != b.weekday
    return False


def comparable(a: DateFigure, b: DateFigure) -> bool:
    """True when something of the two dates can be set side by side (see `apart`)."""
    return ((a.first is not None and b.first is not None) or (a.month_day is not None and b.month_day is not None)
            or (a.weekday is not None and b.weekday is not None))


def days_apart(a: DateFigure, b: DateFigure) -> float:
    """How many days at least lie between two dates (weekdays: the shorter way round the week; 0 when
    they meet)."""
    if a.first is not None and b.first is not None:
        return float(max(0, (b.first - a.last).days, (a.first - b.last).days))
    if a.month_day is not None and b.month_day is not None:
        x, y = date(2001, *a.month_day), date(2001, *b.month_day)
        gap = abs((x - y).days)
        return float(min(gap, 365 - gap))
    if a.weekday is not None and b.weekday is not None:
        gap = abs(a.weekday - b.weekday)
        return float(min(gap, 7 - gap))
    return 0.0


def units_apart(a: DateFigure, b: DateFigure) -> float:
    """How many units of the coarser of two dates lie between them: days for two days (weekdays the
    shorter way round the week), months when one is a month, years when one is a year."""
    coarse = "year" if "year" in (a.precision, b.precision) else "month" if "month" in (a.precision, b.precision) \
        else "day"
    if coarse == "day" or a.first is None or b.first is None:
        return days_apart(a, b)
    if coarse == "year":
        return float(max(0, b.first.year - a.last.year, a.first.year - b.last.year))
    months = lambda d: d.year * 12 + d.month  # noqa: E731
    return float(max(0, months(b.first) - months(a.last), months(a.first) - months(b.last)))


def same_event(a: DateFigure, b: DateFigure) -> bool:
    """True when the two dates' clauses tell one happening: verbs that tell what happened (not of saying
    or of being: two statements, or two states, are no one event), and most of their words, or the same
    verb with some other word in common (one verb alone tells two happenings: "Nixon left office" and
    "Felt left the FBI")."""
    if a.verb in _SAYS_NOTHING or b.verb in _SAYS_NOTHING:
        return False
    small = min(len(a.words), len(b.words))
    if small > 0 and len(a.words & b.words) / small >= 0.6:
        return True
    return a.verb == b.verb and bool((a.words & b.words) - {a.verb})


def _named_units(f: DateFigure) -> frozenset[str]:
    """The parts of the calendar a date's own words name: its year, its month, its day (a weekday too)."""
    named = set()
    if _YEAR.search(f.text):
        named.add("year")
    if re.search(r"\b(" + "|".join(MONTHS) + r")\b", f.text, re.IGNORECASE):
        named.add("month")
    if _MONTH_DAY.search(f.text):
        named.add("day")  # a weekday alone names no day: it is told from its report's day, and outlets in
        # other time zones, or a clause read apart from its date, set one event a day apart
    return frozenset(named)


def _coarser(a: DateFigure, b: DateFigure) -> str:
    """The coarser precision of two dates: the unit they are compared in."""
    return "year" if "year" in (a.precision, b.precision) else "month" if "month" in (a.precision, b.precision) \
        else "day"


def candidate_date_pairs(figures: Sequence[DateFigure]) -> list[tuple[int, int]]:
    """Index pairs of dates worth deciding: dates of different articles whose readings cannot be one day
    but lie one unit apart (the next day, month or year: how outlets misdate one event; dates further
    apart are other events far more often than slips), in a unit both name (a month-day, not a weekday
    alone), told by clauses of one happening
    (`same_event`), neither article giving the other's value itself (then it tells of two events)."""
    out = []
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if a.article == b.article or not apart(a, b) or units_apart(a, b) > 1 or not same_event(a, b):
                continue
            if _coarser(a, b) not in _named_units(a) & _named_units(b):
                continue  # "the same day", "last month", a year read from the article's date: the text names none
            if _gives_value(figures, a.article, b) or _gives_value(figures, b.article, a):
                continue
            out.append((i, j))
    return out


def _gives_value(figures: Sequence[DateFigure], article: str, other: DateFigure) -> bool:
    """True when `article` itself gives a date that is `other`'s day (of the same precision)."""
    return any(f.article == article and f.precision == other.precision and comparable(f, other)
               and not apart(f, other) for f in figures)


def date_pair_features(a: DateFigure, b: DateFigure, figures: Sequence[DateFigure], vectors: Mapping) -> dict:
    """The date-pair part of the pair model's features (keys of `number_pairs.FEATURES`), symmetric in a, b:
    the sentences' cosine, whether each date is the other article's closest (and by what margin), whether
    the clauses share their verb and how many of their words, how far apart the days are, how many dates
    the story and the two articles give, how many articles agree with each value."""
    def cosine(x: DateFigure, y: DateFigure) -> float:
        vx, vy = vectors.get((x.article, x.sentence)), vectors.get((y.article, y.sentence))
        return float(vx @ vy) if vx is not None and vy is not None else 0.0

    def best(x: DateFigure, article: str) -> tuple[int, float]:
        """The start of the date of `article` most like `x` by sentence, and its lead over the next."""
        options = sorted(((cosine(x, o), -o.start, o) for o in figures if o.article == article and comparable(x, o)),
                         key=lambda t: (t[0], t[1]), reverse=True)
        if not options:
            return -1, 0.0
        lead = options[0][0] - options[1][0] if len(options) > 1 else 0.0
        return options[0][2].start, lead

    (ba, _), (bb, _) = best(a, b.article), best(b, a.article)
    mutual = float(ba == b.start and bb == a.start)
    margin = (cosine(a, b) - max((cosine(a, o) for o in figures if o.article == b.article and o.sentence != b.sentence
                                   and comparable(a, o)), default=cosine(a, b))
              + cosine(a, b) - max((cosine(b, o) for o in figures if o.article == a.article
                                    and o.sentence != a.sentence and comparable(b, o)), default=cosine(a, b))) / 2
    small = min(len(a.words), len(b.words))
    overlap = len(a.words & b.words) / small if small else 0.0
    own = float(_gives_value(figures, a.article, b)) + float(_gives_value(figures, b.article, a))
    support = min(len({o.article for o in figures if o.article != x.article and comparable(o, x) and not apart(o, x)})
                  for x in (a, b))
    return {
        "date": 1.0, "date_cosine": cosine(a, b), "date_mutual_best": mutual, "date_margin": margin,
        "date_rule_same": float(same_event(a, b)), "date_event_overlap": overlap,
        "date_gap": float(np.log1p(days_apart(a, b))), "date_crowd": float(np.log1p(len(figures))),
        "date_own_others": own, "date_support": float(np.log1p(support)),
        "date_same_precision": float(a.precision == b.precision),
    }


def date_feature_matrix(figures: Sequence[DateFigure], pairs: Sequence[tuple[int, int]],
                        vectors: Mapping) -> np.ndarray:
    """The pair model's feature rows of candidate date pairs, shape (pairs, len(FEATURES))."""
    from newsweave.claims.number_pairs import FEATURES, row_of
    rows = [row_of(date_pair_features(figures[i], figures[j], figures, vectors)) for i, j in pairs]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))


def rule_date_pairs(figures: Sequence[DateFigure], pairs: Sequence[tuple[int, int]], vectors: Mapping) -> np.ndarray:
    """The hand-written decision, without the model: 1 for a pair whose clauses share their verb or most
    words and whose dates are each the other article's closest, else 0 (scores for `date_discrepancies`)."""
    out = []
    for i, j in pairs:
        f = date_pair_features(figures[i], figures[j], figures, vectors)
        out.append(float(f["date_rule_same"] and f["date_mutual_best"]))
    return np.asarray(out)


def date_discrepancies(figures: Sequence[DateFigure], pairs: Sequence[tuple[int, int]], scores: np.ndarray,
                       threshold: float) -> list[Discrepancy]:
    """The date conflicts of the pairs scored at or above the threshold: kept pairs that share a date
    joined into one discrepancy citing every date of them."""
    groups: list[set[int]] = []
    for (i, j), s in zip(pairs, scores):
        if s < threshold:
            continue
        hit = [g for g in groups if i in g or j in g]
        merged = {i, j}.union(*hit)
        groups = [g for g in groups if all(g is not h for h in hit)] + [merged]
    return [_discrepancy([figures[k] for k in sorted(g)]) for g in groups]


def _discrepancy(members: list[DateFigure]) -> Discrepancy:
    """A date conflict citing each date with the value it was read as."""
    members = sorted(members, key=lambda f: (f.article, f.start))
    event = next((f.event for f in members if f.event), "")
    about = f"date of {event[:80]}" if event else "date of one event"
    values = tuple(DiscrepancyValue(f.text, _shown(f), None, f.article, f.start, f.end) for f in members)
    return Discrepancy("", "date", f"{about}: sources date it differently", values, "conflict")


def _shown(f: DateFigure) -> str:
    """The value a date is cited with: its calendar value, "XXXX-11-19" for a month-day without a year,
    the weekday's name for a weekday nothing places."""
    if f.first is not None or f.value.startswith("XXXX-") and "W" not in f.value:
        return f.value
    return _WEEKDAY_NAMES[f.weekday] if f.weekday is not None else f.value
