"""Temporal expressions read into TimeML values, as TempEval-3 writes them.

`read_timex(text, reference, tense, previous)` gives a `Timex`: its kind
(date, time, duration or set), its value (`1998-01-08`, `1998-01`, `1998`,
`1998-W02`, `1998-Q3`, `1998-SU`, `199`, `P3D`, `PXY`, `PT5H`, `P1D` for
"daily", `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`, `1998-01-08TMO`,
`1998-01-08T14:00` ...) and its precision (day, month, year, week or None).

Calendar dates are read by `expressions.normalise` against the reference day
(the article's publication date) in the tense of their clause; this module
adds what the timeline does not need: weeks, quarters, halves, seasons,
decades and centuries, times of day, durations, sets and the vague
references. `previous` holds the reference times the article has named so far
(`Anchors`, a TimeML reference-time stack, kept by `next_previous`): "a year
earlier" after "the third quarter" is that quarter a year before, "the
quarter" is the last quarter named however many dates came between, "the
previous Friday" is the Friday before the last day named, "then" is the last
date named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from newsweave.timeline.expressions import (MONTHS, NUMBERS, WEEKDAYS, _resolve_year, clean_expression,
                                            normalise, resolve_weekday)

TimexKind = Literal["date", "time", "duration", "set"]
TimexPrecision = Literal["day", "month", "year", "week"]


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression read as TimeML: kind, value, and the precision of a calendar value."""

    kind: TimexKind
    value: str
    precision: TimexPrecision | None


@dataclass(frozen=True, slots=True)
class Anchors:
    """The reference times an article has named so far, what relative expressions count from.

    `last`: the last calendar date ("that year", "then", "the morning");
    `day`: the last day ("the previous Friday", "the next day"); `period`:
    the last reporting period, a quarter or half ("the quarter", "the
    year-ago quarter") or a stretch of months ("the nine months", after which
    "a year earlier" is the year before); `inside`: whether every date named
    since `period` lies within it (a later date outside it ends its hold on
    "a year earlier", not on "the quarter").
    """

    last: Timex | None = None
    day: Timex | None = None
    period: Timex | None = None
    inside: bool = True


_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
    "month": "M", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE", "quarter": "Q",
}
_CLOCK_UNITS = frozenset({"second", "minute", "hour"})  # written after "PT" in a duration
_WORD_NUMBERS = {
    **{k: v for k, v in NUMBERS.items() if " " not in k},
    "thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "thousand": 1000,
}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
                 "overnight": "NI", "mid-afternoon": "AF", "mid afternoon": "AF"}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}
_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "these days": "PRESENT_REF", "already": "PRESENT_REF", "nowadays": "PRESENT_REF", "presently": "PRESENT_REF",
    "the present": "PRESENT_REF", "at present": "PRESENT_REF", "then current": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "once": "PAST_REF", "earlier": "PAST_REF", "more recently": "PAST_REF",
    "lately": "PAST_REF", "in the past": "PAST_REF", "recent years": "PAST_REF", "past years": "PAST_REF",
    "recent days": "PAST_REF", "recent weeks": "PAST_REF", "recent months": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "the near future": "FUTURE_REF",
    "eventually": "FUTURE_REF", "later": "FUTURE_REF", "a later date": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "someday": "FUTURE_REF",
    "coming months": "FUTURE_REF", "coming years": "FUTURE_REF", "coming weeks": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}
_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M"}
_NUMBER = r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|[a-z]+(?:[\s-][a-z]+)?)"
_UNIT = r"(?P<unit>second|minute|hour|day|night|week|weekend|month|year|decade|centur(?:y|ie)|quarter)s?"
_DURATION = re.compile(
    rf"^(?:(?:for|about|nearly|almost|some|more than|less than|over|under|at least|up to|within|no more than|"
    rf"roughly|around|only|just|each of|the|a|an|last|past|next|first|latest|previous|additional|another|"
    rf"following|coming|more|few|several|many|recent|\s)+)?(?P<n>{_NUMBER})?[\s-]*(?:more\s+|additional\s+|"
    rf"full\s+|straight\s+|trading\s+|calendar\s+|consecutive\s+|business\s+|working\s+)?{_UNIT}"
    rf"(?:[\s-](?:long|old|period|term|running|or so|ahead))*$")
_AGO = re.compile(rf"^(?:about|nearly|almost|some|more than|over|just|only|roughly|around|\s)*(?P<n>{_NUMBER})?"
                  rf"[\s-]*{_UNIT}\s+(?:ago|earlier|before|later|after|hence|from now)$")
_CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>[ap])\.?\s*m\b\.?|(?P<h24>\d{1,2}):(?P<m24>\d{2})\b|"
                    r"\b(?P<word>noon|midday|midnight)\b|\b(?P<oc>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
                    r"ten|eleven|twelve)\s+o'clock\b", re.I)


def read_timex(text: str, reference: date | None, tense: str | None = None,
               previous: Timex | Anchors | None = None, told_in_past: bool = False) -> Timex | None:
    """The TimeML reading of one temporal expression, or None when it cannot be read.

    `reference` is the article's date (without it only expressions carrying
    their own year get a calendar value); `tense` is "past", "future" or None
    for the clause (see `tense.tense_of`); `previous` the reference times the
    article named before this expression (`Anchors`, from `next_previous`; a
    lone `Timex` is taken as the last date), for "a year earlier", "the
    quarter", "the previous Friday" and "then"; `told_in_past` whether its
    sentence has a verb in the past though the date hangs on none ("at a
    rally Thursday, leaders spoke"): a day of the coming week named before
    then sets no week for a bare weekday.
    """
    anchors = as_anchors(previous)
    text = text.replace("‘", "'").replace("’", "'")  # "the ‘90s", "next week’s"
    t = _without_hedges(clean_expression(_with_full_years(_with_day_numbers(text), reference)))
    low = re.sub(r"\s+", " ", text.replace("’", "'").strip(" ,.;:").lower())
    if not low:
        return None
    try:
        for reader in (_read_part_of, _read_ended, _read_set, _read_ref, _read_anchored, _read_time, _read_quarter,
                       _read_week,
                       _read_season, _read_decade, _read_ago, _read_named_month, _read_year_words,
                       _read_holiday, _read_easter, _read_week_of):
            found = reader(t, low, reference, tense, anchors)
            if found is not None:
                return found
        if re.search(r"\bMay\b", text):
            found = _read_capital_may(t, reference, tense)
            if found is not None:
                return found
        found = (None if told_in_past else _weekday_near_a_day_ahead(t, reference, tense, anchors)) or \
            _papers_own_weekday_ahead(t, reference, tense)
        if found is not None:
            return found
        found = _read_calendar(_without_weekday_before_date(t), reference, tense)
        if found is not None:
            return found
        return _read_duration(t)
    except (ValueError, OverflowError):  # "100000 days ago": off the calendar
        return None


def _weekday_near_a_day_ahead(t: str, reference: date | None, tense, anchors: Anchors) -> Timex | None:
    """A bare weekday without a past tense after the article has named a day ahead of its date: the one
    within three days of that day ("The celebration returns on Thursday and runs through Sunday ... Friday
    and Saturday dance tickets": the days of that coming week, not of the one past). None when the day named last is
    not ahead in this ISO week or the next, or the day near it would lie before the article's date."""
    if reference is None or tense == "past" or anchors.day is None or t not in WEEKDAYS:
        return None
    ahead = date.fromisoformat(anchors.day.value)
    weeks_ahead = (ahead - timedelta(days=ahead.weekday()) - (reference - timedelta(days=reference.weekday()))).days // 7
    if ahead <= reference or weeks_ahead > 1:
        return None  # a day of this week or the next only: a far one ("debentures due Oct. 15, 1999") sets no scene
    near = ahead + timedelta(days=(WEEKDAYS[t] - ahead.weekday() + 3) % 7 - 3)
    return _day(near) if near >= reference else None


def _papers_own_weekday_ahead(t: str, reference: date | None, tense) -> Timex | None:
    """A bare weekday that is the paper's own in a clause that looks ahead: that day ("She'll present her
    proposals in a speech Friday" in a Friday's paper is today; news names a day a week off by "next" or its
    date). The timeline's own reader (`expressions.resolve_weekday`) keeps the strict future, which its
    publication-date inference relies on."""
    if reference is None or tense != "future" or WEEKDAYS.get(t) != reference.weekday():
        return None
    return _day(reference)


def _without_hedges(t: str) -> str:
    """An expression without the words that blur it but do not move it ("around Nov. 1", "1994 or later")."""
    t = re.sub(r"^(?:around|about|approximately|roughly|sometime|some time|circa|as late as|as recently as|"
               r"as early as|post-|pre-)\s*", "", t)
    t = re.sub(r"^(?:just|only|even|less than|no more than|more than|nearly|almost)\s+(?=(?:this|last|next|"
               r"earlier|later|late|early|[a-z0-9-]+\s+(?:or\s+[a-z0-9-]+\s+)?\w+\s+ago$))", "", t)
    t = re.sub(r"\s+or\s+(?:later|earlier|so|before|after)$", "", t)
    return re.sub(r"^(early|late|mid)-(?=[a-z])", r"\1 ", t)


def _read_calendar(t: str, reference: date | None, tense: str | None) -> Timex | None:
    """A day, month or year from `expressions.normalise` (in the clause's tense)."""
    value = normalise(t, reference, future=tense == "future", past=tense == "past")
    if value is None:
        return None
    if value.kind == "week":
        return _week(value.value)
    return Timex("date", value.iso, value.precision)


def _week(day: date) -> Timex:
    """The ISO week a day falls in, as a TimeML date ("1998-W02")."""
    year, week, _ = day.isocalendar()
    return Timex("date", f"{year:04d}-W{week:02d}", "week")


def _read_set(t: str, low: str, reference, tense, previous) -> Timex | None:
    """Recurring times: "daily", "every month", "each Thursday", "twice a year"."""
    if t in _SET_ADVERBS:
        return Timex("set", _SET_ADVERBS[t], None)
    plural = re.fullmatch(r"(?:on\s+)?(?P<day>" + "|".join(WEEKDAYS) + r")(?:s|\s+(?P<part>morning|afternoon|evening|"
                          r"night)s)", t)
    if plural:  # "Sundays", "Tuesday nights": every such day
        part = "T" + _PARTS_OF_DAY[plural.group("part")] if plural.group("part") else ""
        return Timex("set", f"XXXX-WXX-{WEEKDAYS[plural.group('day')] + 1}{part}", None)
    m = re.match(r"^(?:every|each|per|(?:once|twice|\w+ times) an?)\s+(?:other\s+)?(?P<what>\w+?)s?$", t)
    if not m:
        return None  # "a year" alone is a length of time more often than a rate
    what = m.group("what")
    if what in WEEKDAYS:
        return Timex("set", f"XXXX-WXX-{WEEKDAYS[what] + 1}", None)
    if what in MONTHS:
        return Timex("set", f"XXXX-{MONTHS[what]:02d}", None)
    unit = _UNITS.get(what)
    if unit is None:
        return None
    if unit == "Q":
        return Timex("set", "P1Q", None)
    return Timex("set", f"PT1{unit}" if what in _CLOCK_UNITS else f"P1{unit}", None)


def _read_ref(t: str, low: str, reference, tense, previous) -> Timex | None:
    """"now", "recently", "the future": the vague references of TimeML."""
    for key in (low, t):
        if key in _REFS:
            return Timex("date", _REFS[key], None)
    if re.fullmatch(r"recent\s+(?:days|weeks|months|years)(?:\s+(?:and|or)\s+(?:days|weeks|months|years))+", t):
        return Timex("date", "PAST_REF", None)  # "recent weeks and months"
    if any(re.fullmatch(r"(?:(?:some|many|several|countless)\s+)?(?:days|weeks|months|years|decades|centuries)\s+"
                        r"ago|(?:some\s+time|a\s+while|long)\s+ago|the\s+other\s+day", key) for key in (t, low)):
        return Timex("date", "PAST_REF", None)  # "years ago": no count, so no calendar value
    m = re.fullmatch(r"(?P<side>earlier|later|early|late)\s+in\s+the\s+(?P<unit>day|week|month|year)", t)
    if m and reference is not None:  # "earlier in the week": this week
        return read_timex("today" if m.group("unit") == "day" else f"this {m.group('unit')}", reference, tense)
    return None


def _read_time(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """A time of day: "9 a.m. Tuesday", "noon", "this morning", "Friday night", "last night"."""
    clock = _CLOCK.search(low)
    part = next((code for word, code in sorted(_PARTS_OF_DAY.items(), key=lambda kv: -len(kv[0]))
                 if re.search(rf"\b{word}\b", low)), None)
    if clock is None and part is None:
        return None
    rest = low
    if clock is not None:
        rest = low[:clock.start()] + " " + low[clock.end():]
    rest = re.sub(r"\b(?:at|around|about|in the|the|early|late|later|earlier|mid|on|by|[a-z]{1,2}t|e[ds]t|gmt|utc)\b",
                  " ", rest)
    for word in _PARTS_OF_DAY:
        rest = re.sub(rf"\b{word}\b", " ", rest)
    rest = re.sub(r"[\s,.-]+", " ", rest).strip()
    if clock is None and low in ("night", "nights"):
        return None
    day = _day_of(rest, low, reference, tense)
    if day is None and rest and rest not in ("this", "that", "that same", "the same"):
        return None
    last = previous.last
    if day is None and not re.search(r"\b(?:this|today|tonight)\b", low) and last is not None and \
            last.precision == "day":
        day = date.fromisoformat(last.value)  # "the morning", "at 10 p.m.": of the day just named
    if day is None:
        day = reference
    if clock is not None:
        suffix = _clock_value(clock, part)
        if suffix is None:
            return None
    else:
        suffix = "T" + part
    base = day.isoformat() if day is not None else "XXXX-XX-XX"
    return Timex("time", base + suffix, None)


def _day_of(rest: str, low: str, reference: date | None, tense: str | None) -> date | None:
    """The day a time of day falls on ("Tuesday", "yesterday", "Nov. 9"); None when the words name none."""
    if not rest:
        return None
    if rest in ("last", "yesterday", "last night") or low.startswith("last night"):
        return reference - timedelta(days=1) if reference else None
    if rest in ("tomorrow",):
        return reference + timedelta(days=1) if reference else None
    if rest in ("today", "this", "tonight"):
        return reference
    if tense == "future" and reference is not None and WEEKDAYS.get(rest) == reference.weekday():
        return reference  # "at 8 p.m. Friday" in a Friday's paper, looking ahead: tonight
    value = normalise(rest, reference, future=tense == "future", past=tense == "past")
    if value is not None and value.precision == "day":
        return value.value
    return None


def _clock_value(clock: re.Match, part: str | None = None) -> str | None:
    """The TimeML time of a clock reading ("T14:00"), or None when it is no time (25:70); an "o'clock"
    takes its half of the day from the part of day named with it ("6 o'clock this afternoon" T18:00)."""
    if clock.group("oc"):
        word = clock.group("oc").lower()
        hour = int(word) if word.isdigit() else _WORD_NUMBERS.get(word)
        if hour is None or not 1 <= hour <= 12:
            return None
        if part == "NI" and hour == 12:
            return "T24:00"  # "twelve o'clock at night": midnight
        if hour < 12 and (part in ("AF", "EV") or (part == "NI" and hour >= 6)):
            hour += 12
        return f"T{hour:02d}:00"
    if clock.group("word"):
        return "T24:00" if clock.group("word") == "midnight" else "T12:00"
    if clock.group("h24") is not None:
        hour, minute = int(clock.group("h24")), int(clock.group("m24"))
        return f"T{hour:02d}:{minute:02d}" if hour <= 24 and minute < 60 else None
    hour, minute = int(clock.group("h")), int(clock.group("m") or 0)
    if not 1 <= hour <= 12 or minute >= 60:
        return None
    hour = hour % 12 + (12 if clock.group("ap").lower() == "p" else 0)
    return f"T{hour:02d}:{minute:02d}"


def _read_quarter(t: str, low: str, reference: date | None, tense, previous: Anchors) -> Timex | None:
    """Quarters and halves ("the third quarter", "third-quarter", "the first half of 1989") and the
    expressions counted from the article's last one ("a year earlier", "the year-ago quarter")."""
    named = previous.period if previous.period is not None and _is_quarter(previous.period.value) else None
    # "a year earlier" counts from the quarter while the dates since lie within it ("ended Sept. 30").
    last_period = named is not None and previous.inside
    m = re.match(r"^the\s+(?P<year>1[0-9]{3}|20[0-9]{2})\s+(?:period|quarter)$", t)
    if m and named is not None:  # "the 1988 period" after "the fiscal first quarter": that quarter in 1988
        return Timex("date", f"{m.group('year')}{named.value[4:]}", None)
    stretch = re.match(r"^(?:the\s+)?(?:year[- ](?:ago|earlier)|prior[- ]year)\s+(?P<rest>\w+[\s-]months?)$", t)
    if stretch:  # "the year-earlier nine months": a length of time, the nine months a year before
        return _read_duration(stretch.group("rest"))
    if re.match(r"^(?:the\s+)?(?:a\s+)?(?:comparable\s+|same\s+)?(?:year[- ](?:ago|earlier)|year-before|prior[- ]year|"
                r"same\s+(?:period|quarter)\s+(?:a|last|of the previous)\s+year|(?:quarter|period)\s+a\s+year\s+"
                r"(?:ago|earlier|before)$)", t) or t in (
            "a year ago", "a year earlier", "last year's", "the year before", "the previous year") and last_period:
        if last_period or (named is not None and re.search(r"\b(?:quarter|period)\b", t)):
            return Timex("date", f"{int(named.value[:4]) - 1:04d}{named.value[4:]}", None)
        if reference is None:
            return None
        if "quarter" in t:  # "the year-ago quarter" with no quarter named before: the last one ended
            index = (reference.month - 1) // 3 - 1
            return Timex("date", f"{reference.year - 1 - (index < 0):04d}-Q{index % 4 + 1}", None)
        return Timex("date", f"{reference.year - 1:04d}", "year")
    if reference is not None and re.match(r"^(?:the\s+|its\s+)?(?:latest|most recent|recent|just-ended|"
                                          r"just ended)\s+(?:fiscal\s+)?quarter$", t):
        index = (reference.month - 1) // 3 - 1  # the last quarter that has ended
        year = reference.year - 1 if index < 0 else reference.year
        return Timex("date", f"{year:04d}-Q{index % 4 + 1}", None)
    if reference is not None and re.match(r"^(?:the\s+|its\s+)?current\s+(?:fiscal\s+)?quarter$", t):
        return Timex("date", f"{reference.year:04d}-Q{(reference.month - 1) // 3 + 1}", None)
    m = re.match(r"^(?:the\s+|its\s+)?(?P<rel>this|last|next|previous|prior|preceding|following|coming)\s+"
                 r"(?:fiscal\s+)?quarter$", t)
    if m and (reference is not None or named is not None):
        return _quarter_from(m.group("rel"), reference, named)
    if t in ("the quarter", "quarter", "the period", "the latest period", "the same period", "that quarter",
             "the same quarter", "that period"):
        if named is not None:  # the last quarter named, whatever dates came between
            return Timex("date", named.value, None)
        if reference is None or "period" in t:
            return None
        return Timex("date", f"{reference.year:04d}-QX", None)
    m = re.match(r"^(?:the\s+|its\s+|their\s+)?(?:(?P<rel0>this|last|next|the)\s+year's\s+|(?:fiscal\s+)?"
                 r"(?P<year0>1[0-9]{3}|20[0-9]{2})(?:'s)?\s+)?(?:company's\s+|fiscal\s+|latest\s+|current\s+)*"
                 r"(?P<ord>first|second|third|fourth|"
                 r"final|1st|2nd|3rd|4th)[\s-](?:fiscal[\s-])?(?P<unit>quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?"
                 r"(?:(?P<year>1[0-9]{3}|20[0-9]{2})|(?P<rel>this|last|next|the)\s+(?:fiscal\s+)?year))?$", t)
    if not m:
        return None
    half = m.group("unit") == "half"
    n = _ORDINALS[m.group("ord")]
    if half and n > 2:
        n = 2
    code = "H" if half else "Q"
    if m.group("year") or m.group("year0"):
        return Timex("date", f"{m.group('year') or m.group('year0')}-{code}{n}", None)
    if reference is None:
        return None
    rel = m.group("rel") or m.group("rel0")
    if rel:
        year = reference.year + {"this": 0, "the": 0, "last": -1, "next": 1}[rel]
        return Timex("date", f"{year:04d}-{code}{n}", None)
    months = 6 if half else 3
    start = date(reference.year, (n - 1) * months + 1, 1)
    year = reference.year
    if tense != "future" and start > reference:
        year -= 1  # a quarter that has not begun yet is last year's, unless the clause looks ahead
    return Timex("date", f"{year:04d}-{code}{n}", None)


def _quarter_from(rel: str, reference: date | None, named: Timex | None) -> Timex:
    """The quarter before, at or after one: "the previous quarter" counts from the quarter last named,
    "last quarter" and "next quarter" from the article's date."""
    if named is not None and (rel in ("previous", "prior", "preceding", "following") or reference is None):
        year, index = int(named.value[:4]), int(named.value[6]) - 1
        if named.value[5] == "H":
            index = index * 2 + 1  # a half's last quarter
    else:
        year, index = reference.year, (reference.month - 1) // 3
    step = {"this": 0, "last": -1, "previous": -1, "prior": -1, "preceding": -1, "next": 1, "following": 1,
            "coming": 1}[rel]
    position = year * 4 + index + step
    return Timex("date", f"{position // 4:04d}-Q{position % 4 + 1}", None)


def _read_named_month(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """A month or a month's day named with "last", "this" or "next" ("last May", "this September", "next March",
    "shot to death last Oct. 23": the latest Oct. 23 before the article's date)."""
    m = re.match(r"^(?P<rel>last|this|next|this past|this coming|past|coming)\s+(?P<month>" + "|".join(MONTHS)
                 + r")\.?(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?$", t)
    if not m or reference is None:
        return None
    month, rel = MONTHS[m.group("month")], m.group("rel")
    day = int(m.group("day")) if m.group("day") else None
    here = (reference.month, reference.day) if day else reference.month
    named = (month, day) if day else month
    year = reference.year
    if rel in ("last", "this past", "past"):
        year -= named >= here
    elif rel in ("next", "this coming", "coming"):
        year += named <= here
    if day is None:
        return Timex("date", f"{year:04d}-{month:02d}", "month")
    return _day(date(year, month, day))


def _read_year_words(t: str, low: str, reference: date | None, tense, previous: Anchors) -> Timex | None:
    """Years named in words: "fiscal 1989", "the fiscal year", "year-end", "that year", "the following year",
    "the 1988 period", "nineteen ninety-one", "the year two thousand"."""
    m = re.match(r"^(?:the\s+|its\s+)?(?:fiscal|calendar|model|the)\s+(?P<year>1[0-9]{3}|20[0-9]{2})(?:\s+period)?$|"
                 r"^(?:the\s+)?(?P<year2>1[0-9]{3}|20[0-9]{2})\s+(?:period|fiscal year|season)$", t)
    if m:
        return Timex("date", m.group("year") or m.group("year2"), "year")
    if reference is not None and tense == "past" and re.match(r"^(?:the\s+|last\s+)?(?:year[- ]end|year's end)$", t) \
            and (reference.month, reference.day) != (12, 31):
        return Timex("date", f"{reference.year - 1:04d}", "year")  # "since year-end": the last one passed
    if reference is not None and re.match(r"^(?:the\s+|its\s+)?(?:current\s+)?(?:fiscal\s+year|year[- ]end|"
                                          r"year's end|end of the year)$|^(?:the\s+)?current\s+year$", t):
        return Timex("date", f"{reference.year:04d}", "year")
    if reference is not None and re.match(r"^(?:the\s+|its\s+)?(?:latest|most recent|just-ended|just ended|last full)\s+"
                                          r"(?:full\s+)?(?:fiscal\s+|calendar\s+)?year$", t):
        return Timex("date", f"{reference.year - 1:04d}", "year")  # the last year that has ended, as "the latest quarter"
    last = previous.last
    prior = last.value[:4] if last is not None and re.match(r"^\d{4}", last.value) else None
    if prior is not None:
        if t in ("that year", "the same year", "that same year", "later that year", "earlier that year"):
            return Timex("date", prior, "year")
        if t in ("the following year", "the next year", "a year later", "the year after"):
            return Timex("date", f"{int(prior) + 1:04d}", "year")
        if t in ("the previous year", "the year before", "the prior year", "the preceding year"):
            return Timex("date", f"{int(prior) - 1:04d}", "year")
        if last.precision == "month" and t in ("the following month", "the next month", "a month later"):
            index = int(prior) * 12 + int(last.value[5:7])
            return Timex("date", f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
        if last.precision == "month" and t in ("that month", "the same month"):
            return Timex("date", last.value, "month")
    elif reference is not None and t in ("the previous year", "the year before", "the prior year",
                                         "the preceding year"):
        return Timex("date", f"{reference.year - 1:04d}", "year")  # counted from the article's date
    m = re.match(r"^(?:the\s+year\s+)?(?P<words>(?:nineteen|twenty|two thousand)(?:[\s-]+[a-z]+)*)$", t)
    if m:
        words = m.group("words").replace("-", " ").split()
        if words[:2] == ["two", "thousand"]:
            rest = _number(" ".join(words[2:])) if len(words) > 2 else 0
            return Timex("date", f"{2000 + int(rest or 0):04d}", "year") if rest is not None else None
        century = _WORD_NUMBERS.get(words[0])
        rest = _number(" ".join(words[1:])) if len(words) > 1 else None
        if century and rest is not None and rest < 100:
            return Timex("date", f"{century * 100 + int(rest):04d}", "year")
    return None


def _read_holiday(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """US holidays on a weekday of their month: Thanksgiving, Labor Day, Memorial Day."""
    m = re.match(r"^(?P<rel>last|this|next)?\s*(?P<name>thanksgiving|labor day|memorial day)(?:\s+day)?"
                 r"(?:,?\s+(?P<year>1[0-9]{3}|20[0-9]{2}))?$", t)
    if not m or (reference is None and not m.group("year")):
        return None
    rule = {"thanksgiving": (11, 3, 4), "labor day": (9, 0, 1), "memorial day": (5, 0, -1)}[m.group("name")]

    def day_in(year: int) -> date:
        month, weekday, nth = rule
        if nth < 0:
            last = date(year, month + 1, 1) - timedelta(days=1)
            return last - timedelta(days=(last.weekday() - weekday) % 7)
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))

    if m.group("year"):
        return Timex("date", day_in(int(m.group("year"))).isoformat(), "day")
    this = day_in(reference.year)
    ahead = m.group("rel") == "next" or (m.group("rel") is None and tense == "future")
    if ahead and this < reference:
        this = day_in(reference.year + 1)
    elif not ahead and this > reference:
        this = day_in(reference.year - 1)
    return Timex("date", this.isoformat(), "day")


_ORDINAL_DAYS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}
_ORDINAL_DAY = re.compile(r"\b(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?P<dot>\.?)\s+"
                          r"(?:(?P<tens>twenty|thirty)[\s-])?(?P<unit>" + "|".join(_ORDINAL_DAYS) + r")\b", re.I)


def _with_day_numbers(text: str) -> str:
    """A month-day with its day spelt out as digits ("March eighth" -> "March 8", "May twenty-first" -> "May 21"),
    as broadcast transcripts write it."""
    def digits(m: re.Match) -> str:
        tens = {"twenty": 20, "thirty": 30}.get((m.group("tens") or "").lower(), 0)
        return f"{m.group('month')}{m.group('dot')} {tens + _ORDINAL_DAYS[m.group('unit').lower()]}"

    return _ORDINAL_DAY.sub(digits, text)


def _with_full_years(text: str, reference: date | None) -> str:
    """Years written short in full ("the summer of '88" -> 1988, "10/19/87" -> "Oct. 19, 1987"): the century
    is the one that puts the year nearest the article's (never more than ten years ahead of it)."""
    def year_of(two: str) -> int:
        now = reference.year if reference is not None else 1999
        year = now // 100 * 100 + int(two)
        return year - 100 if year > now + 10 else year

    m = re.fullmatch(r"\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})\s*", text)
    if m and 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31:  # US order, as English news writes it
        year = int(m.group("y")) if len(m.group("y")) == 4 else year_of(m.group("y"))
        return f"{year:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return re.sub(r"(?<![\w'])['’](?P<y>\d{2})\b(?!['’]?s)", lambda y: str(year_of(y.group("y"))), text)


def _without_weekday_before_date(t: str) -> str:
    """A written date without the weekday that names it again ("this coming sunday, march 8" -> "march 8"):
    the date decides, and the weekday's "this coming" would hide it from the calendar reader."""
    weekdays = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    return re.sub(rf"^(?:(?:this coming|this past|this|next|last|coming|past)\s+)?(?:{weekdays})\.?,?\s+"
                  rf"(?=(?:the\s+)?\d|(?:{'|'.join(MONTHS)})\b)", "", t)


_STEP_WORDS = {"previous": -1, "preceding": -1, "prior": -1, "before": -1, "next": 1, "following": 1, "after": 1}


def _read_anchored(t: str, low: str, reference: date | None, tense, previous: Anchors) -> Timex | None:
    """Expressions counted from a day the article named, not from its date: "the previous Friday" (the
    Friday before it), "the next morning", "the following day", "the day before last Tuesday", "then"
    (the last date named), and an elliptical "last" after a year ("this year as last")."""
    if t in ("then", "until then", "by then", "since then", "till then") and previous.last is not None:
        return previous.last
    if t == "last" and previous.last is not None and previous.last.precision == "year":
        return Timex("date", f"{int(previous.last.value) - 1:04d}", "year")
    m = re.match(r"^(?:the\s+)?day\s+(?P<side>before|after)\s+(?P<rest>.+)$", t)
    if m and not re.match(r"^(?:yesterday|tomorrow)$", m.group("rest")):
        inner = read_timex(m.group("rest"), reference, tense, previous)
        if inner is None or inner.precision != "day":
            return None
        return _day(date.fromisoformat(inner.value) + timedelta(days=_STEP_WORDS[m.group("side")]))
    if t in ("that day", "the same day", "that same day", "the very same day") and previous.day is not None:
        return previous.day
    if (re.fullmatch(r"(?:(?:later|earlier)\s+)?(?:that|the same|that same)\s+month", t) and previous.last is not None
            and previous.last.precision in ("day", "month")):  # "later that month": the month of the last date
        return Timex("date", previous.last.value[:7], "month")
    if re.fullmatch(r"(?:(?:later|earlier)\s+)?(?:that|the same|that same)\s+week", t) and previous.day is not None:
        return _week(date.fromisoformat(previous.day.value))
    if previous.day is None and reference is None:
        return None
    # A day counted from the last day named, else from the article's ("the next day" after none).
    day = date.fromisoformat(previous.day.value) if previous.day is not None else reference
    # "next Friday" is counted from the article's date; "the next Friday" from the day named
    m = re.match(r"^(?P<the>the\s+)?(?P<rel>previous|preceding|prior|next|following)\s+(?P<what>[a-z]+)$", t)
    if m and (m.group("the") or m.group("rel") != "next"):
        step = _STEP_WORDS[m.group("rel")]
        what = m.group("what")
        if what in WEEKDAYS:  # strictly before or after the day named
            gap = (day.weekday() - WEEKDAYS[what]) % 7 or 7 if step < 0 else (WEEKDAYS[what] - day.weekday()) % 7 or 7
            return _day(day + timedelta(days=step * gap))
        if what in ("day", "morning", "evening", "afternoon", "night"):
            return _day(day + timedelta(days=step))
        if what == "week" and m.group("rel") != "next":  # "the following week" (but "over the next week": a stretch)
            return _week(day + timedelta(weeks=step))
        return None
    if t in ("the day before", "a day earlier", "a day before", "the day earlier"):
        return _day(day - timedelta(days=1))
    if t in ("the day after", "a day later", "the day later"):
        return _day(day + timedelta(days=1))
    return None


def _day(day: date) -> Timex:
    """A day as a TimeML date."""
    return Timex("date", day.isoformat(), "day")


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return date(year, month, (h + l - 7 * m + 114) % 31 + 1)


def _read_easter(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """Easter and the days and week it moves: "Easter", "Easter Sunday", "Good Friday", "Easter week"."""
    m = re.match(r"^(?P<rel>last|this|next)?\s*(?P<name>easter(?: sunday| monday| week)?|good friday|palm sunday)"
                 r"(?:,?\s+(?P<year>1[0-9]{3}|20[0-9]{2}))?$", t)
    if not m or (reference is None and not m.group("year")):
        return None
    shift = {"easter": 0, "easter sunday": 0, "easter monday": 1, "easter week": 0, "good friday": -2,
             "palm sunday": -7}[m.group("name")]

    def day_in(year: int) -> date:
        return easter_sunday(year) + timedelta(days=shift)

    if m.group("year"):
        day = day_in(int(m.group("year")))
    else:
        day = day_in(reference.year)
        ahead = m.group("rel") == "next" or (m.group("rel") is None and tense == "future")
        if ahead and day < reference:
            day = day_in(reference.year + 1)
        elif (m.group("rel") == "last" or not ahead) and day > reference + timedelta(days=7):
            day = day_in(reference.year - 1)
    return _week(day) if m.group("name") == "easter week" else _day(day)


def _read_week_of(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """"the week of March 6": the ISO week of the day named."""
    m = re.match(r"^(?:the\s+)?week\s+of\s+(?P<rest>.+)$", t)
    if not m:
        return None
    value = normalise(m.group("rest"), reference, future=tense == "future", past=tense == "past")
    return _week(value.value) if value is not None and value.precision == "day" else None


def _read_capital_may(t: str, reference: date | None, tense) -> Timex | None:
    """"May" written with its capital in a date expression: the month (the calendar reader leaves a
    bare "may" out, the modal verb more often than the month)."""
    if reference is None or not re.fullmatch(r"(?:early |late |mid-?)?may", t):
        return None
    year = _resolve_year(5, None, reference, tense)
    return Timex("date", f"{year:04d}-05", "month") if year else None


_PART_OF = re.compile(r"^(?:(?:in|at|by|until|till|before|after|since|around|toward|towards|from|through)\s+)?"
                      r"(?:the\s+|this\s+)?(?:very\s+)?(?P<part>end|beginning|start|middle|close|turn|first half|"
                      r"second half|(?:early|earlier|latter|later|first|last)\s+part)\s+of\s+(?P<rest>.+)$")


def _read_part_of(t: str, low: str, reference: date | None, tense, previous: Anchors) -> Timex | None:
    """"the end of the year", "the beginning of October", "the first half of 1989": TimeML gives the part
    the value of the whole (a half its own, "1989-H1")."""
    m = _PART_OF.match(low)
    if not m:
        return None
    part, rest = m.group("part"), m.group("rest")
    if rest in ("the year", "this year", "the month", "this month", "the week", "this week", "the decade",
                "the quarter"):
        rest = rest.replace("the ", "this ") if rest != "the quarter" else rest
    if part.endswith("half"):
        whole = read_timex(rest, reference, tense, previous)
        if whole is None or not re.fullmatch(r"\d{4}", whole.value):
            return None
        return Timex("date", f"{whole.value}-H{1 if part.startswith('first') else 2}", None)
    whole = read_timex(rest, reference, tense, previous)
    return whole if whole is not None and whole.kind == "date" else None


_ENDED = re.compile(r"^(?:the\s+|its\s+)?(?P<what>.+?)\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?P<end>.+)$")


def _read_ended(t: str, low: str, reference: date | None, tense, previous: Anchors) -> Timex | None:
    """A period named by its last day: "the quarter ended Sept. 30" (the quarter most of its three months
    lie in), "the third quarter ended Sept. 30, 1988", "the fiscal year ended June 30" (that year), "the
    week ended Oct. 20", "the nine months ended Sept. 30" (a duration)."""
    m = _ENDED.match(t)
    if not m:
        return None
    end = normalise(m.group("end"), reference, past=True)
    if end is None or end.precision != "day":
        return None
    what, day = m.group("what"), end.value
    if re.fullmatch(r"(?:fiscal\s+)?(?:year|fiscal year|12 months|twelve months)", what) and "months" not in what:
        return Timex("date", f"{day.year:04d}", "year")
    if re.fullmatch(r"week", what):
        return _week(day)
    ordinal = re.fullmatch(r"(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-](?:fiscal[\s-])?"
                           r"quarter", what)
    if ordinal:  # a fiscal quarter keeps its own number; the year is the one it ends in
        return Timex("date", f"{day.year:04d}-Q{_ORDINALS[ordinal.group('ord')]}", None)
    if re.fullmatch(r"(?:fiscal\s+|latest\s+|most recent\s+)?(?:quarter|three months)", what):
        middle = _shift_month(day, -1)
        return Timex("date", f"{middle.year:04d}-Q{(middle.month - 1) // 3 + 1}", None)
    return _read_duration(what)


def _shift_month(day: date, months: int) -> date:
    """The first day of the month `months` from `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_previous(previous: Timex | Anchors | None, found: Timex | None, text: str) -> Anchors:
    """The article's reference times after reading `text` as `found`: what "a year earlier", "the
    quarter", "the previous Friday" and "then" that follow it count from. A date counted from
    them ("a year ago", "that quarter") changes none of them; a stretch of months ("the nine
    months") becomes the period."""
    anchors = as_anchors(previous)
    if found is None:
        return anchors
    if found.kind == "duration" and re.fullmatch(r"P(?:[12457-9]|1[0-2])M", found.value):
        return Anchors(anchors.last, anchors.day, found, True)
    if found.kind != "date" or not found.value[:1].isdigit():
        return anchors
    if re.search(r"\b(?:year[- ](?:ago|earlier)|a year (?:ago|earlier)|that|same|previous|following|then|"
                 r"(?:1[0-9]{3}|20[0-9]{2}) period)\b", text.lower()):
        return anchors
    if _is_quarter(found.value):
        return Anchors(found, anchors.day, found, True)
    day = found if found.precision == "day" else anchors.day
    period = anchors.period
    inside = anchors.inside and period is not None and _within(found.value, period.value)
    return Anchors(found, day, period, inside)


def as_anchors(previous: Timex | Anchors | None) -> Anchors:
    """`previous` as reference times: a lone Timex is the last date (and the period or day it names)."""
    if previous is None:
        return Anchors()
    if isinstance(previous, Anchors):
        return previous
    return Anchors(previous, previous if previous.precision == "day" else None,
                   previous if _is_quarter(previous.value) else None, True)


def _is_quarter(value: str) -> bool:
    """True for a TimeML quarter or half of a known year ("1989-Q3", "1989-H1")."""
    return re.fullmatch(r"\d{4}-[QH]\d", value) is not None


def _within(value: str, period: str) -> bool:
    """True when a calendar value ("1989-09-30", "1989-08") lies within a quarter or half ("1989-Q3")."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", value)
    q = re.fullmatch(r"(\d{4})-([QH])(\d)", period)
    if m is None or q is None or m.group(1) != q.group(1):
        return False
    months = 3 if q.group(2) == "Q" else 6
    return (int(q.group(3)) - 1) * months < int(m.group(2)) <= int(q.group(3)) * months


def _read_week(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """Weeks and weekends: "this week", "last week", "next week", "the weekend", "six weeks ago"."""
    if reference is None:
        return None
    m = re.match(r"^(?:early\s+|late\s+|earlier\s+|later\s+)?(?:the\s+)?(?P<rel>this|last|next|past|previous|coming|"
                 r"this past|this coming|following)?\s*(?P<unit>week|weekend)$", t)
    if not m or (m.group("rel") is None and m.group("unit") == "week"):
        return None
    rel = m.group("rel")
    step = {None: 0, "this": 0, "last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1,
            "coming": 1, "this coming": 1, "following": 1}[rel]
    if m.group("unit") == "weekend":
        if rel is None:
            step = 1 if tense == "future" else (-1 if reference.weekday() < 4 else 0)
        saturday = resolve_weekday(5, reference, "last" if step < 0 else ("next" if step > 0 else None))
        if rel == "this":  # the weekend of the article's ISO week, the coming one before it (the last in the past)
            saturday = reference + timedelta(days=5 - reference.weekday())
            if tense == "past" and saturday > reference:
                saturday -= timedelta(days=7)
        elif step == 0 and saturday > reference + timedelta(days=2):
            saturday -= timedelta(days=7)
        year, week, _ = saturday.isocalendar()
        return Timex("date", f"{year:04d}-W{week:02d}-WE", None)
    return _week(reference + timedelta(weeks=step))


def _read_season(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """Seasons: "this summer", "last fall", "the winter of 1994", "summer"."""
    m = re.match(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<rel>this|last|next|this past|past|coming)?\s*"
                 r"(?:early\s+|late\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:'s)?(?:\s+(?:of\s+)?"
                 r"(?P<year>1[0-9]{3}|20[0-9]{2}))?$", t)
    if not m:
        return None
    code = _SEASONS[m.group("season")]
    if m.group("year"):
        return Timex("date", f"{m.group('year')}-{code}", None)
    if reference is None:
        return None
    rel = m.group("rel")
    start = date(reference.year, _SEASON_START[code], 1)
    if rel in ("last", "this past", "past") or (rel is None and tense == "past"):
        year = reference.year if start + timedelta(days=90) <= reference else reference.year - 1
    elif rel in ("next", "coming") or (rel is None and tense == "future"):
        year = reference.year if start > reference else reference.year + 1
    else:
        year = reference.year
    return Timex("date", f"{year:04d}-{code}", None)


def _read_decade(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """Decades and centuries: "the 1980s", "the '90s", "the nineties", "the 20th century"."""
    m = re.match(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?|last half of the\s+|first half of the\s+)?"
                 r"(?:(?P<c>1[0-9]|20)(?P<d>[0-9])0|'(?P<short>[0-9])0)'?s$", t)
    if m:
        if m.group("short"):
            return Timex("date", f"19{m.group('short')}", None)
        return Timex("date", f"{m.group('c')}{m.group('d')}", None)
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}
    m = re.match(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<w>" + "|".join(words) + ")$", t)
    if m:
        return Timex("date", f"19{words[m.group('w')]}", None)
    m = re.match(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]century$", t)
    if m:
        return Timex("date", f"{int(m.group('n')) - 1:02d}", None)
    m = re.match(r"^(?:the\s+)?(?P<rel>last|next|coming|previous)\s+decade$", t)
    if m and reference is not None:  # "the last decade" is the decade before this one ("the past decade": ten years)
        return Timex("date", f"{reference.year // 10 + (1 if m.group('rel') in ('next', 'coming') else -1):03d}", None)
    if reference is not None and t in ("this century", "the century"):
        return Timex("date", f"{reference.year // 100:02d}", None)
    return None


def _read_ago(t: str, low: str, reference: date | None, tense, previous) -> Timex | None:
    """"three years ago", "six weeks ago", "a decade ago", "two days later": a date counted from the article's.
    Decades counted back give the year ("a decade ago" in 1999 is 1989, as the TempEval annotators read it,
    not the 1980s)."""
    m = _AGO.match(_in_years(t))
    if not m or reference is None:
        return None
    n = _number(m.group("n")) if m.group("n") else None
    unit = _UNITS.get(m.group("unit"))
    back = -1 if re.search(r"\b(later|after|hence|from now)$", t) else 1
    if unit is None or m.group("unit") in _CLOCK_UNITS:
        return None
    if unit == "Y" and re.search(r"\b(?:few|several)\b", m.group("n") or ""):
        return _years_back_vaguely(reference.year, 2 if "few" in m.group("n") else 3, back)
    if n is None:
        return None
    if unit == "D":
        return Timex("date", (reference - timedelta(days=back * round(n))).isoformat(), "day")
    if unit == "W":
        return _week(reference - timedelta(weeks=back * round(n)))
    if unit == "M":
        index = reference.year * 12 + reference.month - 1 - back * round(n)
        return Timex("date", f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
    if unit == "Y":
        year = reference.year - back * round(n)
        return Timex("date", f"{year:04d}", "year") if 0 < year < 10000 else None
    if unit == "DE":
        year = reference.year - back * 10 * round(n)
        return Timex("date", f"{year:04d}", "year") if 0 < year < 10000 else None
    return None


def _years_back_vaguely(year: int, fewest: int, back: int) -> Timex:
    """"a few years ago", "several years earlier": the decade when every year it can mean (`fewest` to
    `fewest` + 3 years away) lies in one ("199X" in 1998), else the vague past or future."""
    years = {year - back * k for k in range(fewest, fewest + 4)}
    decades = {y // 10 for y in years}
    if len(decades) == 1:
        return Timex("date", f"{decades.pop():03d}X", None)
    return Timex("date", "PAST_REF" if back > 0 else "FUTURE_REF", None)


def _in_years(t: str) -> str:
    """Fractions of a century or decade as years ("a quarter-century ago" -> "25 years ago", "half a century"
    -> "50 years", "half a decade" -> "5 years")."""
    t = re.sub(r"^(?:(?:a|an|the)\s+)?(?:quarter|half)[\s-]century\b", lambda m: "25 years" if "quarter" in m.group()
               else "50 years", t)
    return re.sub(r"^half\s+an?\s+(century|decade)\b", lambda m: "50 years" if m.group(1) == "century" else "5 years", t)


def _read_duration(t: str) -> Timex | None:
    """A length of time: "three years" P3Y, "the past two months" P2M, "five-hour" PT5H, "weeks" PXW."""
    t = re.sub(r"^(?:a|an|the)\s+(?=\w+[\s-](?:day|week|month|year|hour|minute|decade)s?\b)", "", t)
    # "two more weeks", "20 additional years": the count is the number's ("more" would read as part of it)
    t = re.sub(r"\b(?:more|additional|extra|further)\s+"
               r"(?=(?:second|minute|hour|day|week|month|year|decade|quarter)s?\b)", "", t)
    t = re.sub(r"\b(?:a\s+)?couple\s+of\b", "two", t)
    t = _in_years(t)  # "a quarter-century" P25Y, "half a decade" P5Y
    t = re.sub(r"^least\s+", "", t)  # "at least 20 years", its "at" taken as a preposition
    half = re.fullmatch(r"(?:about\s+|nearly\s+|almost\s+|more than\s+)?(?:an?|one)\s+(?P<unit>minute|hour|year)"
                        r"\s+and\s+a\s+half", t)
    if half:  # "a minute and a half" PT1M30S, "an hour and a half" PT1H30M, "a year and a half" P1Y6M
        return Timex("duration", {"minute": "PT1M30S", "hour": "PT1H30M", "year": "P1Y6M"}[half.group("unit")], None)
    between = re.fullmatch(rf"(?:the\s+)?(?:next|past|last|first|coming)?\s*{_NUMBER}\s+(?:to|or|-)\s+{_NUMBER}\s+"
                           rf"{_UNIT}", t)
    if between and _UNITS.get(between.group("unit")) and _UNITS[between.group("unit")] != "WE":
        unit = _UNITS[between.group("unit")]  # "the next 12 to 18 months": a count TimeML leaves open
        return Timex("duration", ("PT" if between.group("unit") in _CLOCK_UNITS else "P") + "X"
                     + {"DE": "DE", "CE": "CE"}.get(unit, unit), None)
    m = _DURATION.match(t)
    if not m:
        return None
    unit = _UNITS[m.group("unit")]
    if unit == "WE":
        return Timex("duration", "P2D", None)
    word = m.group("n")
    n = _number(word) if word else None
    if word and n is None and word not in ("few", "several", "many", "couple", "couple of"):
        return None
    plural = t[m.end("unit"):m.end("unit") + 1] == "s" and not t.endswith("'s")  # "the weeks ahead"
    vague = re.search(r"\b(?:few|several|many)\b", t[:m.start("unit")])
    if n is None and not word and not plural and not vague:
        n = 1  # "a day", "the year", "day-long" ("several-year" has no count)
    prefix = "PT" if m.group("unit") in _CLOCK_UNITS else "P"
    if n is None:  # "weeks", "several years", "decades": TimeML writes X for the count
        return Timex("duration", f"{prefix}X{unit}", None)
    letter, scale = {"DE": ("Y", 10), "CE": ("Y", 100)}.get(unit, (unit, 1))  # TimeML keeps quarters: P2Q
    amount = _amount(n * scale)
    if amount.endswith(".5") and letter in ("Y", "H"):  # "2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M
        amount, letter = f"{int(n * scale)}{letter}{6 if letter == 'Y' else 30}", "M"
    return Timex("duration", prefix + amount + letter, None)


def _amount(x: float) -> str:
    """A count as TimeML writes it: 3, not 3.0."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _number(word: str | None) -> float | None:
    """A written or spelt number ("12", "twenty four", "2 1/2", "a", "couple of"); None for vague ones."""
    if word is None:
        return None
    w = word.strip().lower().replace("-", " ")
    half = w.endswith(" 1/2")
    w = w[:-4] if half else w
    try:
        return float(w) + (0.5 if half else 0)
    except ValueError:
        pass
    total = 0
    for part in w.split():
        if part not in _WORD_NUMBERS:
            return None
        value = _WORD_NUMBERS[part]
        total = total * value if value in (100, 1000) and total else total + value
    return total + (0.5 if half else 0) if total else None
