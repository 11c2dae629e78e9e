"""Temporal expressions: find them in a parsed article and turn them into calendar dates.

`normalise(text, reference, future)` reads one date expression ("Aug. 15",
"Sunday", "three weeks ago", "the 1980s", "between 1996 and 2001") against a
reference day (the article's publication date) and returns a `Normalised`
value with its precision, or None for durations ("20 years", "for decades")
and anything that is not a point or period on the calendar.

The common English patterns are hand-written rather than left to dateparser
1.5.0, because dateparser sends a weekday equal to the reference weekday back
a week ("said Monday" on a Monday becomes the Monday before), gives the
current year to a month-day that lies in the reference's future, parses
durations ("20 years") and distances as dates, and knows no decades or
ranges. dateparser stays the fallback for the rarer absolute formats.

Limits: English only; "the day before" and other expressions anchored on
another event (not on the publication date) are not resolved; weeks are
reported with month precision because the contract has no week precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Kind = Literal["date", "weekday", "relative", "week", "month", "year", "decade", "range", "holiday"]
Precision = Literal["day", "month", "year"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2,
}
# Holidays on a fixed day of the Gregorian calendar (movable feasts need a table per year).
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[0-9]{3}|20[0-9]{2})"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|noon|midnight))?"
_TIME = re.compile(r"\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?|\s+\d{1,2}\s*[ap]\.?m\.?", re.I)
_NUMBER = r"(?P<n>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r"|a few|few|several)"

_MONTH_DAY = re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY}(?:(?:\s*,\s*|\s+){_YEAR})?{_PART_OF_DAY}$")
_DAY_MONTH = re.compile(rf"^{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?{_PART_OF_DAY}$")
_MONTH_YEAR = re.compile(rf"^(?:early|mid|late|mid-)?\s*{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?$")
_YEAR_ONLY = re.compile(rf"^(?:the\s+(?:\w+\s+)?year\s+(?:of\s+)?|early\s+|mid-?|late\s+)?{_YEAR}$")
_SEASON = re.compile(rf"^(?:the\s+)?(?:early\s+|late\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?:(?P<rel>this|last|next)\s+year|{_YEAR})$")
_EVE = re.compile(r"^(?:the\s+)?eve\s+of\s+(?P<rest>.+)$")
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})$")
_DECADE = re.compile(r"^(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<decade>1[0-9]{2}|20[0-9])0'?s$")
_RANGE = re.compile(r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till|through)\s+(?P<b>.+)$")
_DASH_RANGE = re.compile(r"^(?P<a>\d{4})\s*[-–—/]\s*(?P<b>\d{2,4})$|^(?P<a2>[a-z0-9. ]+?)\s+[-–—]\s+(?P<b2>[a-z0-9., ]+)$")
_AGO = re.compile(rf"^(?:about\s+|some\s+|nearly\s+|almost\s+|more than\s+|over\s+|just\s+)?{_NUMBER}\s+(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier|before)$")
_LAST_UNIT = re.compile(r"^(?:the\s+)?(?:early\s+|late\s+|earlier\s+|later\s+)?(?P<rel>last|past|previous|this past|this|next|coming)\s+(?P<unit>week|weekend|month|year)(?:'s|’s|s)?(?:\s+end)?$")
_WEEKDAY_ONLY = re.compile(rf"^(?P<rel>last|this|this past|next|this coming|coming|past)?\s*(?P<wd>{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})\.?{_PART_OF_DAY}$")
_DURATION = re.compile(rf"^(?:for\s+|after\s+|over\s+|about\s+|nearly\s+|almost\s+|some\s+|more than\s+|just\s+|the\s+)*(?:{_NUMBER}|the\s+last|the\s+past|recent|many|the\s+next)?[\s-]*(?:\w+\s+)?(?:day|week|month|year|decade|centur(?:y|ie)|hour|minute)s?(?:\s+(?:long|old|later|running))?$")

_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": 1, "last night": 1, "yesterday morning": 1, "yesterday afternoon": 1,
              "yesterday evening": 1, "the day before yesterday": 2, "tomorrow": -1}


@dataclass(frozen=True, slots=True)
class Normalised:
    """A date expression on the calendar: its first day, precision, and last day for periods.

    `approximate` marks values that are only roughly known ("three weeks ago").
    """

    value: date
    precision: Precision
    kind: Kind
    end: date | None = None
    approximate: bool = False

    @property
    def iso(self) -> str:
        """The value as the contract writes it: YYYY-MM-DD, YYYY-MM or YYYY."""
        return format_date(self.value, self.precision)


def format_date(value: date, precision: Precision) -> str:
    """A date cut to its precision (YYYY-MM-DD, YYYY-MM or YYYY)."""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


def period_end(value: date, precision: Precision) -> date:
    """The last day of the day, month or year that starts at `value`."""
    if precision == "day":
        return value
    if precision == "year":
        return date(value.year, 12, 31)
    return _shift_months(value, 1) - timedelta(days=1)


def clean_expression(text: str) -> str:
    """Lower-cased expression without a leading preposition, clock time or possessive."""
    t = text.replace("’", "'").replace("\u2013", "-").strip()
    t = _TIME.sub("", t)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:").lower()
    t = re.sub(r"^(?:on|in|at|by|since|during|of|until|till|from the|as of|as early as)\s+", "", t)
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^(?:earlier|later|early|late)\s+(?=today|tonight|yesterday|this|(?:mon|tues|wednes|thurs|fri|satur|sun)day)", "", t)
    t = re.sub(r"^(?:the\s+)?(?:end|beginning|start|middle|first half|second half|turn)\s+of\s+(?:the\s+)?", "", t)
    return t.strip()


def is_duration(text: str) -> bool:
    """True for a length of time ("20 years", "for decades", "two-day") rather than a date."""
    t = clean_expression(text)
    if re.search(r"\b(ago|earlier|before|last|this|next|previous)\b", t) and not t.startswith(("the last ", "the past ", "the next ")):
        return False
    if re.search(r"\b(past|last|next)\s+(week|month|year)$", t):
        return False
    return bool(_DURATION.match(t)) or bool(re.match(r"^(?:\w+-)+(?:day|week|month|year)$", t))


def normalise(text: str, reference: date | None, future: bool = False, past: bool = False) -> Normalised | None:
    """The calendar value of one date expression, read against the `reference` day.

    `reference` is the publication date (None when unknown: only expressions
    that carry their own year resolve). `future` says the clause is in the
    future tense, so a bare weekday or month-day is the next one, not the last;
    `past` says it is in the past tense, so a bare month or month-day is never
    placed after the reference ("In January, Arafat wrote" in November).
    Returns None for durations and for what cannot be placed on the calendar.
    """
    t = clean_expression(text)
    if not t or is_duration(t) or len(t) > 80:
        return None
    # Readers take the tense as a word: "future", "past" or None (not known).
    tense = "future" if future is True or future == "future" else ("past" if past or future == "past" else None)
    try:
        for reader in (_read_range, _read_decade, _read_iso, _read_full, _read_year, _read_season,
                       _read_eve, _read_holiday, _read_relative, _read_weekday):
            found = reader(t, reference, tense)
            if found is not None:
                return found
        return _read_with_dateparser(t, reference, tense == "future")
    except (ValueError, OverflowError):  # "5000 years ago": before the calendar's year 1
        return None


# A date without a year is placed in the past unless the future occurrence is this
# many times nearer: news mostly reports what happened, but also deadlines
# ("the search was extended to May 25").
FUTURE_DISCOUNT = 3
GRACE_DAYS = 7  # dates a few days ahead count as "this year's" even in a past-tense clause


def _resolve_year(month: int, day: int | None, reference: date | None, future: str | None) -> int | None:
    """The year of a month (and day) without one: its nearest occurrence, preferring the past.

    `future` is the clause's tense: "future" prefers the next
    occurrence, "past" allows none that starts after the reference (beyond a
    few days' grace), None or False keeps the nearest with the past preferred.
    """
    past = future == "past"
    future = future == "future"
    if reference is None:
        return None
    best, best_cost = None, None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        first = _safe_date(year, month, day or 1)
        if first is None:
            continue
        last = first if day else period_end(first, "month")
        if first <= reference + timedelta(days=GRACE_DAYS) and last >= reference - timedelta(days=GRACE_DAYS):
            gap, ahead = 0, False
        elif last < reference:
            gap, ahead = (reference - last).days, False
        else:
            gap, ahead = (first - reference).days, True
        if (past and ahead) or (future and not ahead and gap > 0):
            continue
        cost = gap * (FUTURE_DISCOUNT if ahead != future else 1)
        if best_cost is None or cost < best_cost:
            best, best_cost = year, cost
    return best


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_full(t: str, reference: date | None, future: str | None) -> Normalised | None:
    shifted = re.match(r"^(?P<rest>.+?),?\s+(?P<rel>last|this|next)\s+year$", t)
    if shifted and reference is not None:
        step = {"last": -1, "this": 0, "next": 1}[shifted.group("rel")]
        return _read_full(f"{shifted.group('rest')} {reference.year + step}", None, future)
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        m = pattern.match(t)
        if m:
            month, day = MONTHS[m.group("month")], int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else _resolve_year(month, day, reference, future)
            value = _safe_date(year, month, day) if year else None
            return Normalised(value, "day", "date") if value else None
    m = _MONTH_YEAR.match(t)
    if m:
        month = MONTHS[m.group("month")]
        if m.group("month") == "may" and not m.group("year"):
            return None  # the modal verb, more often than the month
        year = int(m.group("year")) if m.group("year") else _resolve_year(month, None, reference, future)
        return Normalised(date(year, month, 1), "month", "month") if year else None
    return None


def _read_iso(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = _ISO.match(t)
    if not m:
        return None
    value = _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    return Normalised(value, "day", "date") if value else None


def _read_year(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = _YEAR_ONLY.match(t)
    return Normalised(date(int(m.group("year")), 1, 1), "year", "year") if m else None


def _read_season(t: str, reference: date | None, future: str | None) -> Normalised | None:
    """A season of a year ("autumn this year", "spring 2004"): the year, since seasons differ by hemisphere."""
    m = _SEASON.match(t)
    if not m:
        return None
    if m.group("year"):
        return Normalised(date(int(m.group("year")), 1, 1), "year", "year")
    if reference is None:
        return None
    step = {"this": 0, "last": -1, "next": 1}[m.group("rel")]
    return Normalised(date(reference.year + step, 1, 1), "year", "relative")


def _read_eve(t: str, reference: date | None, future: str | None) -> Normalised | None:
    """The day before a dated day ("the eve of Saturday's vote")."""
    m = _EVE.match(t)
    if not m:
        return None
    day = normalise(m.group("rest"), reference, future=True)
    if day is None or day.precision != "day":
        return None
    return Normalised(day.value - timedelta(days=1), "day", "date")


def _read_decade(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = _DECADE.match(t)
    if not m:
        return None
    start = int(m.group("decade")) * 10
    return Normalised(date(start, 1, 1), "year", "decade", end=date(start + 9, 12, 31))


def _read_range(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = _RANGE.match(t) or _DASH_RANGE.match(t)
    if not m:
        return None
    a_text, b_text = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
    if m.re is _DASH_RANGE and m.group("a") and len(b_text) == 2:
        b_text = a_text[:2] + b_text
    b = normalise(b_text, reference, future)
    if b is None:
        return None
    a = normalise(a_text, reference, future)
    if a is None and b.precision == "day" and re.fullmatch(r"[0-3]?\d(?:st|nd|rd|th)?", a_text):
        a = Normalised(b.value.replace(day=int(re.sub(r"\D", "", a_text))), "day", "date")
    if a is None and b.kind in ("date", "month"):
        # "between Aug. 1 and 5, 2021": the first end borrows the second's year.
        a = normalise(f"{a_text} {b.value.year}", None, future)
    if a is None:
        return None
    last = b.end or period_end(b.value, b.precision)
    return Normalised(a.value, a.precision, "range", end=last, approximate=a.approximate)


def _read_holiday(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = re.match(rf"^(?P<name>{'|'.join(map(re.escape, HOLIDAYS))})(?:,?\s+(?:of\s+)?{_YEAR})?$", t)
    if not m:
        return None
    month, day = HOLIDAYS[m.group("name")]
    year = int(m.group("year")) if m.group("year") else _resolve_year(month, day, reference, future)
    return Normalised(date(year, month, day), "day", "holiday") if year else None


def _count(word: str) -> tuple[int, bool]:
    """A spelt or written number, and whether it is only approximate ("several")."""
    if word.isdigit():
        return int(word), False
    if word in NUMBERS:
        return NUMBERS[word], False
    return 3, True


def _read_relative(t: str, reference: date | None, future: str | None) -> Normalised | None:
    if reference is None:
        return None
    if t in ("weekend", "the weekend"):
        t = "next weekend" if future == "future" else "last weekend"
    if t in _DAY_WORDS:
        return Normalised(reference - timedelta(days=_DAY_WORDS[t]), "day", "relative")
    m = _AGO.match(t)
    if m:
        n, rough = _count(m.group("n"))
        unit = m.group("unit")
        if unit == "day":
            return Normalised(reference - timedelta(days=n), "day", "relative", approximate=rough)
        if unit == "week":
            return Normalised(reference - timedelta(weeks=n), "month", "relative", approximate=True)
        if unit == "month":
            return Normalised(_shift_months(reference, -n), "month", "relative", approximate=rough)
        years = n * (10 if unit == "decade" else 1)
        return Normalised(date(reference.year - years, 1, 1), "year", "relative", approximate=rough)
    m = _LAST_UNIT.match(t)
    if m and re.search(r"[a-z]s$", t) and not t.endswith(("'s", "’s")) and m.group("rel") != "this":
        return None  # "previous years" is a stretch of time; "this years" a typo for "this year's"
    if m:
        rel, unit = m.group("rel"), m.group("unit")
        step = -1 if rel in ("last", "past", "previous", "this past") else (
            1 if rel in ("next", "coming") else 0)
        if unit == "weekend":
            saturday = resolve_weekday(5, reference, "next" if step > 0 else None)
            return Normalised(saturday, "month", "week", approximate=True)
        if unit == "week":
            value = reference + timedelta(weeks=step)
            return Normalised(value, "month", "week", approximate=True)
        if unit == "month":
            return Normalised(_shift_months(reference, step).replace(day=1), "month", "relative")
        return Normalised(date(reference.year + step, 1, 1), "year", "relative")
    return None


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _read_weekday(t: str, reference: date | None, future: str | None) -> Normalised | None:
    m = _WEEKDAY_ONLY.match(t)
    if not m or reference is None:
        return None
    return Normalised(resolve_weekday(WEEKDAYS[m.group("wd")], reference, m.group("rel"), future == "future"),
                      "day", "weekday")


def resolve_weekday(weekday: int, reference: date, rel: str | None = None, future: bool = False) -> date:
    """The day a weekday names in an article of `reference`'s date.

    Past (the default): the most recent such day on or before the reference, so
    "said Monday" in a Monday's paper is that same Monday. "last Monday" on a
    Monday is the week before. Future ("next", or a future-tense clause): the
    next such day after the reference.
    """
    if rel in ("next", "this coming", "coming") or (future and rel not in ("last", "past", "this past")):
        ahead = (weekday - reference.weekday()) % 7 or 7
        return reference + timedelta(days=ahead)
    back = (reference.weekday() - weekday) % 7
    if back == 0 and rel in ("last", "past"):
        back = 7
    return reference - timedelta(days=back)


def _read_with_dateparser(t: str, reference: date | None, future: bool) -> Normalised | None:
    """dateparser for absolute formats the patterns above miss; only when a year is written."""
    if not re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", t):
        return None
    if not (re.search(r"\b(" + "|".join(MONTHS) + r")\b", t) or re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", t)):
        return None
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "future" if future else "past", "STRICT_PARSING": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    try:
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(t)
    except Exception:  # dateparser raises assorted errors on odd strings; treat them as no date
        return None
    if found is None or found.date_obj is None:
        return None
    period = {"day": "day", "week": "day", "month": "month", "year": "year"}.get(found.period or "day", "day")
    value = found.date_obj.date()
    if period == "month":
        value = value.replace(day=1)
    elif period == "year":
        value = value.replace(month=1, day=1)
    return Normalised(value, period, "date")
