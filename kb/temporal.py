"""Normalise time expressions relative to the article's publication date (the DCT).

A news article says "March 2" or "the ceasefire of November" and means a date that only the
publication date fixes. ``normalise`` turns such words into a ``TimeSpan``: a TimeML value
("2020-11"), a precision ("month") and bounds as dates (2020-11-01 .. 2020-11-30). Bounds the
words leave open ("decades ago" has no earliest date) stay ``None``: a timeline that pretends
to know is worse than one that says it does not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Literal

from dateutil.relativedelta import relativedelta

__all__ = [
    "Direction", "Precision", "TemporalError", "TimeSpan",
    "normalise", "from_iso", "parse_duration", "shift_by_duration",
]

Direction = Literal["past", "future"]


class TemporalError(ValueError):
    """Words that do not say a date this module can read."""


class Precision(str, Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True)
class TimeSpan:
    """Where in time something lies, as far as the text tells.

    ``earliest_begin``/``latest_end`` bound the whole span; ``latest_begin`` and
    ``earliest_end`` are known only when the text says more (a 44-day war ending in
    November). ``None`` means the text leaves that bound open.
    """

    text: str
    value: str
    precision: Precision | None
    earliest_begin: date | None = None
    latest_end: date | None = None
    latest_begin: date | None = None
    earliest_end: date | None = None

    @property
    def begin(self) -> date | None:
        return self.earliest_begin

    @property
    def end(self) -> date | None:
        return self.latest_end


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3,
}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2}|21\d{2})"
_NUMBER = r"(?P<count>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade|centur(?:y|ie))s?"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(text: str, year: int, month: int, day: int) -> TimeSpan:
    try:
        when = date(year, month, day)
    except ValueError as error:
        raise TemporalError(f"{text!r} is not a calendar date ({error})") from error
    return TimeSpan(text, when.isoformat(), Precision.DAY, when, when)


def _month(text: str, year: int, month: int) -> TimeSpan:
    return TimeSpan(text, f"{year:04d}-{month:02d}", Precision.MONTH, date(year, month, 1), _month_end(year, month))


def _year(text: str, year: int) -> TimeSpan:
    return TimeSpan(text, f"{year:04d}", Precision.YEAR, date(year, 1, 1), date(year, 12, 31))


def _decade(text: str, decade_start: int) -> TimeSpan:
    return TimeSpan(text, f"{decade_start // 10:03d}X", Precision.DECADE, date(decade_start, 1, 1), date(decade_start + 9, 12, 31))


def _century(text: str, first_year: int) -> TimeSpan:
    """The century whose years start with first_year // 100 (TimeML: "19" is 1900-1999)."""
    start = first_year - first_year % 100
    return TimeSpan(text, f"{start // 100:02d}", Precision.CENTURY, date(max(start, 1), 1, 1), date(start + 99, 12, 31))


def _season(text: str, year: int, season: str) -> TimeSpan:
    code, first_month = SEASONS[season]
    begin = date(year, first_month, 1)
    end_month = begin + relativedelta(months=3) - timedelta(days=1)
    return TimeSpan(text, f"{year:04d}-{code}", Precision.SEASON, begin, end_month)


def _quarter(text: str, year: int, quarter: int) -> TimeSpan:
    begin = date(year, 3 * quarter - 2, 1)
    return TimeSpan(text, f"{year:04d}-Q{quarter}", Precision.QUARTER, begin, _month_end(year, 3 * quarter))


def _week(text: str, day: date) -> TimeSpan:
    iso = day.isocalendar()
    monday = day - timedelta(days=iso.weekday - 1)
    return TimeSpan(text, f"{iso.year:04d}-W{iso.week:02d}", Precision.WEEK, monday, monday + timedelta(days=6))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _pick_year(month: int, day: int | None, dct: date, direction: Direction, anchor: str | None) -> int:
    """The year of a month (and day) the text gives without one.

    "this" keeps the DCT's year; "last" and "next" and otherwise the direction choose the
    nearest such date before (past) or after (future) the DCT.
    """
    if anchor == "this":
        return dct.year
    before = anchor == "last" or (anchor is None and direction == "past")
    key = (month, day or 1)
    if before:
        if anchor == "last":
            return dct.year if key < (dct.month, dct.day) and month != dct.month else dct.year - 1
        return dct.year if key <= (dct.month, dct.day) or (day is None and month == dct.month) else dct.year - 1
    return dct.year if key > (dct.month, dct.day) else dct.year + 1


def _span_of_unit(text: str, unit: str, when: date) -> TimeSpan:
    if unit == "day":
        return TimeSpan(text, when.isoformat(), Precision.DAY, when, when)
    if unit == "week":
        return _week(text, when)
    if unit == "month":
        return _month(text, when.year, when.month)
    if unit == "year":
        return _year(text, when.year)
    if unit == "decade":
        return _decade(text, when.year - when.year % 10)
    return _century(text, when.year)


def _units(unit: str, count: int) -> relativedelta:
    return {
        "day": relativedelta(days=count), "week": relativedelta(weeks=count),
        "month": relativedelta(months=count), "year": relativedelta(years=count),
        "decade": relativedelta(years=10 * count), "century": relativedelta(years=100 * count),
    }[unit]


def _unit_name(raw: str) -> str:
    return "century" if raw.lower().startswith("centur") else raw.lower()


# Each rule: a compiled pattern and a function (match, text, dct, direction) -> TimeSpan.
def _iso_day(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return _day(text, int(m["y"]), int(m["m"]), int(m["d"]))


def _iso_month(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    month = int(m["m"])
    if not 1 <= month <= 12:
        raise TemporalError(f"{text!r}: there is no month {month}")
    return _month(text, int(m["y"]), month)


def _month_day_year(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return _day(text, int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))


def _month_year(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return _month(text, int(m["year"]), MONTHS[m["month"].lower()])


def _month_day(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    month, day = MONTHS[m["month"].lower()], int(m["day"])
    if not 1 <= day <= 31:
        raise TemporalError(f"{text!r}: there is no day {day}")
    anchor = (m["anchor"] or "").lower() or None
    return _day(text, _pick_year(month, day, dct, direction, anchor), month, day)


def _month_only(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    month = MONTHS[m["month"].lower()]
    anchor = (m["anchor"] or "").lower() or None
    return _month(text, _pick_year(month, None, dct, direction, anchor), month)


def _decade_rule(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    if m["full"]:
        return _decade(text, int(m["full"]))
    short = int(m["short"])
    century = dct.year - dct.year % 100
    start = century + short if century + short <= dct.year else century - 100 + short
    return _decade(text, start)


def _century_rule(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    number = int(m["n"])
    return _century(text, (number - 1) * 100)


def _year_rule(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return _year(text, int(m["year"]))


def _season_rule(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    season = m["season"].lower()
    if m["year"]:
        return _season(text, int(m["year"]), season)
    anchor = (m["anchor"] or "").lower() or None
    first_month = SEASONS[season][1]
    year = _pick_year(first_month, None, dct, direction, anchor)
    return _season(text, year, season)


def _quarter_rule(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    quarter = ORDINALS.get((m["ord"] or "").lower()) or int(m["q"])
    if m["year"]:
        return _quarter(text, int(m["year"]), quarter)
    current = (dct.month - 1) // 3 + 1
    year = dct.year if (quarter <= current) == (direction == "past") else dct.year + (1 if direction == "future" else -1)
    return _quarter(text, year, quarter)


def _deictic_day(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}[m["word"].lower()]
    when = dct + timedelta(days=offset)
    return TimeSpan(text, when.isoformat(), Precision.DAY, when, when)


def _deictic_unit(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m["anchor"].lower()]
    unit = m["unit"].lower()
    return _span_of_unit(text, unit, dct + _units(unit, step) if step >= 0 else dct - _units(unit, -step))


def _weekday(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    target = WEEKDAYS[m["weekday"].lower()]
    anchor = (m["anchor"] or "").lower()
    forward = anchor == "next" or (not anchor and direction == "future")
    if forward:
        delta = (target - dct.weekday()) % 7 or 7
        when = dct + timedelta(days=delta)
    else:
        delta = (dct.weekday() - target) % 7 or (7 if anchor == "last" else 0)
        when = dct - timedelta(days=delta)
    return TimeSpan(text, when.isoformat(), Precision.DAY, when, when)


def _ago(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    unit = _unit_name(m["unit"])
    return _span_of_unit(text, unit, dct - _units(unit, _count(m["count"])))


def _vague_ago(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    """"decades ago", "decades-old", "years ago": only a latest bound is known."""
    unit = _unit_name(m["unit"])
    latest = dct - _units(unit, 2)
    precision = Precision(unit)
    return TimeSpan(text, "PAST_REF", precision, None, latest)


def _past_ref(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return TimeSpan(text, "PAST_REF", None, None, dct)


def _future_ref(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return TimeSpan(text, "FUTURE_REF", None, dct, None)


def _present_ref(m: re.Match, text: str, dct: date, direction: Direction) -> TimeSpan:
    return TimeSpan(text, "PRESENT_REF", Precision.DAY, dct, dct)


_RULES = [
    (r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", _iso_day),
    (r"\b(?P<y>\d{4})-(?P<m>\d{2})\b(?!-)", _iso_month),
    (_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", _month_day_year),
    (r"\b" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", _month_day_year),
    (r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b", _month_year),
    (r"(?:\b(?P<anchor>this|last|next)\s+)?\b" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*(?:%|-|,?\s*\d{4}))", _month_day),
    (r"(?:\b(?P<anchor>this|last|next)\s+)?\b(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b", _month_day),
    (r"\b(?:early\s+|late\s+|mid-?\s*)?(?:the\s+)?(?:(?P<full>1\d{2}0|20\d0)|'(?P<short>\d0))s\b", _decade_rule),
    (r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", _century_rule),
    (r"(?:\b(?P<anchor>this|last|next)\s+)?\b(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?" + _YEAR + r")?\b", _season_rule),
    (r"\b(?:the\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|Q(?P<q>[1-4]))(?:\s+(?:of\s+)?" + _YEAR + r")?\b", _quarter_rule),
    (r"(?:\b(?P<anchor>this|last|next)\s+)?\b" + _MONTH + r"(?![\w-])", _month_only),
    (r"\b" + _YEAR + r"\b(?!\s*(?:%|-\w))", _year_rule),
    (r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", _deictic_day),
    (r"\b(?P<anchor>last|past|previous|this|current|next|coming)\s+(?P<unit>day|week|month|year|decade|century)\b", _deictic_unit),
    (r"(?:\b(?P<anchor>last|next)\s+)?\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", _weekday),
    (r"\b" + _NUMBER + r"[\s-]+" + _UNIT + r"\s+ago\b", _ago),
    (r"\b(?P<unit>year|decade|centur(?:y|ie))s(?:\s+ago|-old|\s+old|\s+earlier)\b", _vague_ago),
    (r"\b(?:recently|previously|in the past|formerly|long ago|once|long)\b", _past_ref),
    (r"\b(?:in the future|moving forward|going forward|soon|someday|eventually|from now on|in the coming (?:months|years|weeks))\b", _future_ref),
    (r"\b(?:now|currently|at present|nowadays|at the moment)\b", _present_ref),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE), rule) for pattern, rule in _RULES]


def normalise(expression: str, dct: date, direction: Direction = "past") -> TimeSpan:
    """Read the time in ``expression`` relative to ``dct``.

    ``direction`` says whether the sentence looks back ("past": the ceasefire of November is
    the last November before the DCT) or forward ("future": a meeting planned for November).
    The expression may carry other words ("the ceasefire of November"): the first time
    expression found, in the order of the rules above (most specific first), is read.
    """
    if not isinstance(dct, date):
        raise TemporalError(f"the publication date {dct!r} is not a date")
    text = expression.strip()
    if not text:
        raise TemporalError("an empty date expression")
    for pattern, rule in _COMPILED:
        match = pattern.search(text)
        if match:
            return rule(match, expression, dct, direction)
    raise TemporalError(f"cannot read a date in {expression!r}")


_ISO_VALUE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def from_iso(text: str, value: str, precision: str | None = None) -> TimeSpan:
    """An explicit ISO date (YYYY, YYYY-MM or YYYY-MM-DD), optionally widened to a coarser precision."""
    match = _ISO_VALUE.match(value.strip())
    if not match:
        raise TemporalError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match["y"]), match["m"], match["d"]
    if month and not 1 <= int(month) <= 12:
        raise TemporalError(f"{value!r}: there is no month {month}")
    if day:
        span = _day(text, year, int(month), int(day))
    elif month:
        span = _month(text, year, int(month))
    else:
        span = _year(text, year)
    if precision is None or precision == span.precision.value:
        return span
    try:
        wanted = Precision(precision)
    except ValueError as error:
        raise TemporalError(f"unknown precision {precision!r} (one of: {', '.join(p.value for p in Precision)})") from error
    anchor = span.earliest_begin
    if wanted is Precision.QUARTER:
        widened = _quarter(text, anchor.year, (anchor.month - 1) // 3 + 1)
    elif wanted is Precision.SEASON:
        raise TemporalError(f"give a season in words (\"summer 2020\"), not as precision of {value!r}")
    else:
        widened = _span_of_unit(text, wanted.value, anchor)
    if widened.earliest_begin > span.earliest_begin or widened.latest_end < span.latest_end:
        raise TemporalError(f"{value!r} is less precise than the precision {precision!r} claims")
    return widened


_DURATION = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?$")


def parse_duration(value: str) -> relativedelta:
    """An ISO 8601 duration of whole days, weeks, months or years (P44D, P2Y, P1Y6M)."""
    match = _DURATION.match(value.strip().upper())
    if not match or not any(match.groupdict().values()):
        raise TemporalError(f"{value!r} is not an ISO 8601 duration such as P44D, P3W, P6M or P2Y")
    parts = {name: int(number) for name, number in match.groupdict().items() if number}
    return relativedelta(**parts)


def shift_by_duration(text: str, value: str, anchor: TimeSpan, *, anchor_is: Literal["end", "begin"]) -> TimeSpan:
    """The span of something that lasted ``value`` and ended (or began) within ``anchor``.

    A 44-day war that ended with a ceasefire of November 2020 ended in 2020-11-01..30 and so
    began in 2020-09-18..2020-10-17 (44 days before its end, as "the 44-day war" of
    2020-09-27..2020-11-10 counts them); all four bounds are known, none invented.
    """
    length = parse_duration(value)
    if anchor_is == "end":
        earliest_end, latest_end = anchor.earliest_begin, anchor.latest_end
        earliest_begin = earliest_end - length if earliest_end else None
        latest_begin = latest_end - length if latest_end else None
    else:
        earliest_begin, latest_begin = anchor.earliest_begin, anchor.latest_end
        earliest_end = earliest_begin + length if earliest_begin else None
        latest_end = latest_begin + length if latest_begin else None
    return TimeSpan(text, value.strip().upper(), anchor.precision, earliest_begin, latest_end, latest_begin, earliest_end)


def bounded(span: TimeSpan, *, after: date | None = None, before: date | None = None) -> TimeSpan:
    """Narrow a span by bounds that another event or the DCT gives."""
    earliest = max(d for d in (span.earliest_begin, after) if d) if (span.earliest_begin or after) else None
    latest = min(d for d in (span.latest_end, before) if d) if (span.latest_end or before) else None
    if earliest and latest and earliest > latest:
        raise TemporalError(f"{span.text!r}: the bounds contradict each other ({earliest} is after {latest})")
    return replace(span, earliest_begin=earliest, latest_end=latest)
