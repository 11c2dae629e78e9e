"""Dates from input metadata, normalised to YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_to_datetime
from typing import Any

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_EARLIEST_YEAR = 1800  # older "publication dates" in news metadata are parsing accidents
# dateparser settings: a whole calendar date, no relative phrases ("yesterday" has no meaning
# in stored metadata), English month names (loading every language costs seconds).
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def normalize_date(value: Any) -> str | None:
    """`value` (ISO or RFC 2822 text, a written date, datetime, date or struct_time) as YYYY-MM-DD.

    The calendar date as written, without converting time zones. None when the
    value is not a whole date (a year or month alone), cannot be parsed, or
    lies implausibly far in the past or the future.
    """
    day = _as_date(value)
    if day is None or not _EARLIEST_YEAR <= day.year <= dt.date.today().year + 1:
        return None
    return day.isoformat()


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        return _safe_date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, str) and value.strip():
        return _parse_text(value.strip())
    return None


def _parse_text(text: str) -> dt.date | None:
    match = _ISO_DAY.match(text)
    if match:
        return _safe_date(*(int(g) for g in match.groups()))
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _dateparser(text)


def _dateparser(text: str) -> dt.date | None:
    import dateparser  # a few hundred ms to import: only for dates that are neither ISO nor RFC 2822

    try:
        parsed = dateparser.parse(text[:100], languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    return parsed.date() if parsed else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
