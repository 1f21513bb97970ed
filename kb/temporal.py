"""Normalise time expressions relative to the article's publication date (the DCT).

A news article says "March 2" or "the ceasefire of November" and means a date that only the
publication date fixes. ``normalise`` turns such words into a ``TimeSpan``: a TimeML value
("2020-11"), a precision ("month") and bounds as dates (2020-11-01 .. 2020-11-30). Bounds the
words leave open ("decades ago" has no earliest date) stay ``None``: a timeline that pretends
to know is worse than one that says it does not.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import MO, TH, TU, relativedelta

from kb.errors import KbError

__all__ = [
    "Direction", "Precision", "TemporalError", "TimeExpression", "TimeSpan",
    "find_times", "normalise", "from_iso", "parse_duration", "shift_by_duration", "bounded",
]

Direction = Literal["past", "future"]


class TemporalError(KbError, ValueError):
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
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}

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
    return dct.year if key > (dct.month, dct.day) or (day is None and month == dct.month) else dct.year + 1


def _bounds(span: TimeSpan) -> tuple[date, date]:
    """The first and last day of a calendar unit's span, which the builders above always set."""
    if span.earliest_begin is None or span.latest_end is None:
        raise AssertionError(f"the span of {span.value!r} lacks a bound, which a calendar unit always has")
    return span.earliest_begin, span.latest_end


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
        "month": relativedelta(months=count), "quarter": relativedelta(months=3 * count), "year": relativedelta(years=count),
        "decade": relativedelta(years=10 * count), "century": relativedelta(years=100 * count),
    }[unit]


# --- Finding time expressions -------------------------------------------------------------
# One table of rules serves both ``find_times`` (every expression in a text, TimeML style) and
# ``normalise`` (the date in a few words of the curated annotation). A rule is a pattern and a
# function from its match to a ``_Hit``; it raises TemporalError when the words look like a date
# that does not exist ("February 30"), so that nothing shorter is read into them instead.

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True)
class TimeExpression:
    """A time expression in a text: ``text[start:end]``, its TimeML type and value, and its span.

    ``span`` (bounds and precision) is there for DATE and TIME; ``mod``, ``quant`` and ``freq``
    are TimeML's attributes of the same names, when the words give them.
    """

    start: int
    end: int
    text: str
    type: TimeType
    value: str
    span: TimeSpan | None
    mod: str | None = None
    quant: str | None = None
    freq: str | None = None


@dataclass(frozen=True)
class _Hit:
    type: TimeType
    value: str
    span: TimeSpan | None = None  # DATE/TIME spans default to the bounds of the value
    quant: str | None = None
    freq: str | None = None


@dataclass
class _Context:
    """What a rule needs beyond its match: the DCT, the tense at a place, what came before."""

    dct: date
    direction_at: Callable[[int], Direction]
    reference: date  # the last day the text named: "the next day" counts from it
    quarter: str | None = None  # the last quarter the text named: "a year earlier" shifts it
    guessing: bool = True  # the direction is a guess from tense (find_times), not given (normalise)
    year: int | None = None  # the year of the last date the text named: "later that year" is in it


def _names(words: Iterable[str]) -> str:
    """Capitalised or upper-case forms only: "may" and "march" are verbs, "May" and "March" months."""
    forms = sorted({form for word in words for form in (word.capitalize(), word.upper())}, key=len, reverse=True)
    return "(?-i:" + "|".join(map(re.escape, forms)) + ")"


_FULL_MONTH = _names(calendar.month_name[1:])
_ABBR_MONTH = _names([*calendar.month_abbr[1:], "sept"]) + r"\."
_MONTH = rf"(?P<month>{_FULL_MONTH}|{_ABBR_MONTH}|{_names(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'])}\b)"
_WEEKDAY = rf"(?P<weekday>{_names(calendar.day_name)})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>1\d{3}|20\d{2}|21\d{2})(?![\d%])"
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VAGUE = r"several|a few|few|many|some|a couple of|couple of|a number of|dozens of|hundreds of|thousands of"
_WHOLE = (rf"\d+(?:\.\d+)?|(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_SMALL[1:10])}))?|{'|'.join(reversed(_SMALL))}"
          r"|a dozen|a hundred|one hundred|a thousand")
_HALF = r"(?:\s+1/2|\s*\u00bd|\s+and\s+a\s+half)"  # "2 1/2 years", "two and a half years"
# also "half an hour", "a half-hour", "a quarter century"
_NUMBER = rf"(?:{_WHOLE}){_HALF}?|half\s+an?|an?\s+half|half|an?\s+quarter(?=[\s-]+centur)|an?"
_UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_UNIT_CODE = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "quarter": "Q",
              "year": "Y", "decade": "DE", "century": "CE"}
_DAYPART = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4}
_DECADE_WORDS = {word: 10 * (number + 2) for number, word in enumerate(_TENS)}
_CENTURY_WORDS = {word: number for number, word in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
     "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
     "twenty-first"], start=1)}
_HOLIDAYS = {  # name: (month, day) or a function of the year
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1), "valentine's day": (2, 14),
    "independence day": (7, 4), "the fourth of july": (7, 4), "halloween": (10, 31), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "thanksgiving day": lambda year: date(year, 11, 1) + relativedelta(weekday=TH(4)),
    "thanksgiving": lambda year: date(year, 11, 1) + relativedelta(weekday=TH(4)),
    "labor day": lambda year: date(year, 9, 1) + relativedelta(weekday=MO(1)),
    "memorial day": lambda year: date(year, 5, 31) + relativedelta(weekday=MO(-1)),
    "easter sunday": easter, "easter": easter,
    "election day": lambda year: date(year, 11, 2) + relativedelta(weekday=TU),  # US: the Tuesday after November's first Monday
}


def _count(word: str) -> float | None:
    """The number a count says; None for a vague one ("several", "a few")."""
    word = re.sub(r"\s+", " ", word.lower())
    if re.fullmatch(_VAGUE, word) and not word.endswith("couple of"):
        return None
    if word in ("half", "half a", "half an", "a half", "an half"):
        return 0.5
    if word in ("a quarter", "an quarter"):
        return 0.25
    whole, half = re.subn(_HALF + "$", "", word)
    if half:
        return (_count(whole) or 0) + 0.5
    if word[0].isdigit():
        return float(word)
    if word in ("a", "an"):
        return 1
    if word.endswith("couple of"):
        return 2
    if word.endswith("dozen"):
        return 12
    if word.endswith("hundred") or word.endswith("thousand"):
        return 100 if word.endswith("hundred") else 1000
    if word in _SMALL:
        return _SMALL.index(word)
    tens, _, ones = word.replace("-", " ").partition(" ")
    return 10 * (_TENS.index(tens) + 2) + (_SMALL.index(ones) if ones else 0)


def _number_text(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


def _unit_name(raw: str) -> str:
    raw = raw.lower()
    return "century" if raw.startswith("centur") else raw.rstrip("s")


# The next smaller unit, and how many of it make one: "2 1/2 years" is P2Y6M, "an hour and a half" PT1H30M.
_SMALLER = {"year": ("month", 12), "quarter": ("month", 3), "day": ("hour", 24), "hour": ("minute", 60),
            "minute": ("second", 60)}


def _duration(count: float | None, unit: str) -> str:
    """A TimeML duration: P3Y, PT5H, PXD, P2Y6M; decades and centuries as years when counted (P20Y)."""
    if count is not None and unit in ("decade", "century"):
        count, unit = count * (10 if unit == "decade" else 100), "year"
    parts = [("X" if count is None else _number_text(count), _UNIT_CODE[unit])]
    if count is not None and count != int(count) and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        if (count - int(count)) * factor == int((count - int(count)) * factor):
            parts = [(str(int(count)), _UNIT_CODE[unit]), (str(int((count - int(count)) * factor)), _UNIT_CODE[smaller])]
            parts = [part for part in parts if part[0] != "0"]
    days = "".join(amount + code for amount, code in parts if not code.startswith("T"))
    clock = "".join(amount + code[1] for amount, code in parts if code.startswith("T"))
    return f"P{days}" + (f"T{clock}" if clock else "")


def _month_number(raw: str) -> int:
    return MONTHS[raw.lower().rstrip(".")]


def _anchor(m: re.Match) -> str | None:
    anchor = m.groupdict().get("anchor")
    return anchor.lower() if anchor else None


def _shift(when: date, unit: str, count: int) -> date:
    return when + _units(unit, count) if count >= 0 else when - _units(unit, -count)


def _unit_value(unit: str, when: date) -> str:
    """The TimeML value of the day/week/month/... that contains ``when``."""
    if unit == "quarter":
        return f"{when.year:04d}-Q{(when.month - 1) // 3 + 1}"
    return _span_of_unit("", unit, when).value


# Rule functions: (match, context) -> _Hit, or None when the words are not a time after all.
def _r_iso(m: re.Match, c: _Context) -> _Hit:
    if m["d"]:
        return _Hit("DATE", _day("", int(m["y"]), int(m["m"]), int(m["d"])).value)
    if not 1 <= int(m["m"]) <= 12:
        raise TemporalError(f"{m.group()!r}: there is no month {m['m']}")
    return _Hit("DATE", f"{m['y']}-{m['m']}")


def _r_numeric_date(m: re.Match, c: _Context) -> _Hit:
    """3/4/2021 is month first (US); 25/12/2020, where the first number cannot be a month, and the
    dotted 10.11.2020 of European papers are day first."""
    first, second = int(m["m"]), int(m["d"])
    day_first = m["sep"] == "." or first > 12
    month, day = (second, first) if day_first else (first, second)
    return _Hit("DATE", _day("", int(m["year"]), month, day).value)


def _r_month_day_year(m: re.Match, c: _Context) -> _Hit:
    return _Hit("DATE", _day(m.group(), int(m["year"]), _month_number(m["month"]), int(m["day"])).value)


def _r_month_year(m: re.Match, c: _Context) -> _Hit:
    return _Hit("DATE", f"{int(m['year']):04d}-{_month_number(m['month']):02d}")


_EFFECTIVE = re.compile(r"\beffective\s+(?:on\s+|in\s+|from\s+)?$", re.IGNORECASE)


def _date_direction(m: re.Match, c: _Context) -> Direction:
    """The tense around a month or a date; "effective Feb. 1" (a rule, a contract) looks forward whatever the tense."""
    if c.guessing and _EFFECTIVE.search(m.string, max(0, m.start() - 20), m.start()):
        return "future"
    return c.direction_at(m.start())


def _r_month_day(m: re.Match, c: _Context) -> _Hit:
    month, day = _month_number(m["month"]), int(m["day"])
    if not 1 <= day <= 31:
        raise TemporalError(f"{m.group()!r}: there is no day {day}")
    year = _pick_year(month, day, c.dct, _date_direction(m, c), _anchor(m))
    if c.guessing and not _anchor(m) and 0 < (date(c.dct.year, month, min(day, 28)) - c.dct).days <= _NEAR_FUTURE_DAYS:
        year = c.dct.year  # a date in the coming weeks: the tense of a report ("ruled he must be back by") misleads
    return _Hit("DATE", _day(m.group(), year, month, day).value)


def _r_month(m: re.Match, c: _Context) -> _Hit:
    month = _month_number(m["month"])
    year = _pick_year(month, None, c.dct, _date_direction(m, c), _anchor(m))
    if c.guessing and not _anchor(m) and 0 < (month - c.dct.month) % 12 <= _NEAR_FUTURE_MONTHS:
        year = c.dct.year + (month < c.dct.month)  # one of the next two months: the coming one, whatever the tense
    return _Hit("DATE", f"{year:04d}-{month:02d}")


def _r_month_of_year(m: re.Match, c: _Context) -> _Hit:
    """"June last year", "January this year"."""
    return _Hit("DATE", f"{c.dct.year + {'last': -1, 'this': 0, 'next': 1}[m['rel'].lower()]:04d}-{_month_number(m['month']):02d}")


def _r_year(m: re.Match, c: _Context) -> _Hit:
    if m.groupdict().get("short"):  # "1991-94", "1991-1994": the second year of a range
        return _Hit("DATE", m["short"] if len(m["short"]) == 4 else f"{m['year'][:2]}{m['short']}")
    return _Hit("DATE", m["year"])


def _r_decade(m: re.Match, c: _Context) -> _Hit:
    if m["full"]:
        start = int(m["full"])
    else:
        short = int(m["short"]) if m["short"] else _DECADE_WORDS[m["word"].lower()[:-3] + "y"]
        century = c.dct.year - c.dct.year % 100
        start = century + short if century + short <= c.dct.year else century - 100 + short
    return _Hit("DATE", _decade("", start).value)


def _r_century(m: re.Match, c: _Context) -> _Hit:
    number = int(m["n"]) if m["n"] else _CENTURY_WORDS[re.sub(r"\s+", "-", m["word"].lower())]
    return _Hit("DATE", _century("", (number - 1) * 100).value)


def _r_season(m: re.Match, c: _Context) -> _Hit:
    season = m["season"].lower()
    year = int(m["year"]) if m["year"] else _pick_year(SEASONS[season][1], None, c.dct, c.direction_at(m.start()), _anchor(m))
    return _Hit("DATE", f"{year:04d}-{SEASONS[season][0]}")


def _quarter_year(m: re.Match, c: _Context, quarter: int) -> int:
    if m["year"]:
        return int(m["year"])
    if m["rel"]:
        return c.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    current = (c.dct.month - 1) // 3 + 1
    if c.direction_at(m.start()) == "past":
        return c.dct.year if quarter <= current else c.dct.year - 1
    return c.dct.year if quarter >= current - 1 else c.dct.year + 1  # the quarter just ended is still to report


def _r_quarter(m: re.Match, c: _Context) -> _Hit:
    quarter = _QUARTER_WORDS.get((m["ord"] or "").lower()) or int(m["q"])
    c.quarter = f"{_quarter_year(m, c, quarter):04d}-Q{quarter}"
    return _Hit("DATE", c.quarter)


def _r_half(m: re.Match, c: _Context) -> _Hit:
    half = 1 if m["ord"].lower() == "first" else 2
    year = int(m["year"]) if m["year"] else c.dct.year if half == 1 or c.dct.month > 6 or c.direction_at(m.start()) == "future" else c.dct.year - 1
    return _Hit("DATE", f"{year:04d}-H{half}")


def _r_the_quarter(m: re.Match, c: _Context) -> _Hit:
    """"the quarter", "the latest period": the quarter last named, or the one just ended."""
    word = re.sub(r"\s+", " ", (m["which"] or "").lower())
    if c.quarter and word in ("", "same", "comparable", "year-earlier", "year-ago", "year-before"):
        year, quarter = int(c.quarter[:4]), int(c.quarter[-1])
    else:
        current = (c.dct.month - 1) // 3 + 1
        step = {"current": 0, "next": 1, "coming": 1, "latest": -1, "most recent": -1, "recent": -1, "previous": -1,
                "prior": -1}.get(word, 0 if c.direction_at(m.start()) == "future" else -1)
        index = c.dct.year * 4 + current - 1 + step
        year, quarter = divmod(index, 4)
        quarter += 1
    if word in ("year-earlier", "year-ago", "year-before"):
        return _Hit("DATE", f"{year - 1:04d}-Q{quarter}")
    c.quarter = f"{year:04d}-Q{quarter}"
    return _Hit("DATE", c.quarter)


def _r_quarter_of_year(m: re.Match, c: _Context) -> _Hit:
    """"the 1988 period" (the quarter last named, in 1988), "the same quarter last year", "last year's quarter"."""
    if m["ord"]:
        quarter = _QUARTER_WORDS[m["ord"].lower()]
    elif c.quarter:
        quarter = int(c.quarter[-1])
    else:
        quarter = ((c.dct.month - 1) // 3 - 1) % 4 + 1  # the quarter just ended
    if m["year"]:
        return _Hit("DATE", f"{m['year']}-Q{quarter}")
    year = int(c.quarter[:4]) if c.quarter else c.dct.year if c.dct.month > 3 else c.dct.year - 1
    return _Hit("DATE", f"{year - 1:04d}-Q{quarter}")


def _r_that_unit(m: re.Match, c: _Context) -> _Hit | None:
    """"that day", "later that year": the day (week, month) last named, the year of the last date named."""
    unit = m["unit"].lower()
    if unit == "year":
        return _Hit("DATE", f"{c.year:04d}") if c.year else None
    if c.reference == c.dct:
        return None  # no day named yet: "that day" points at something the text did not date
    return _Hit("DATE", _unit_value(unit, c.reference))


def _r_deictic_day(m: re.Match, c: _Context) -> _Hit:
    word = m["word"].lower()
    when = c.dct + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}[word])
    return _Hit("TIME", f"{when.isoformat()}TNI") if word == "tonight" else _Hit("DATE", when.isoformat())


def _r_deictic_unit(m: re.Match, c: _Context) -> _Hit:
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m["anchor"].lower()]
    unit = _unit_name(m["unit"])
    return _Hit("DATE", _unit_value(unit, _shift(c.dct, unit, step)))


def _weekday_date(weekday: str, anchor: str | None, c: _Context, at: int) -> date:
    target = WEEKDAYS[weekday.lower()]
    if anchor in ("next", "coming") or (anchor not in ("last", "past", "this") and c.direction_at(at) == "future"):
        return c.dct + timedelta(days=(target - c.dct.weekday()) % 7 or (7 if anchor else 0))
    if anchor == "this":
        return c.dct + timedelta(days=target - c.dct.weekday())
    return c.dct - timedelta(days=(c.dct.weekday() - target) % 7 or (7 if anchor in ("last", "past") else 0))


def _r_weekday(m: re.Match, c: _Context) -> _Hit:
    if _anchor(m) is None and c.guessing and m.string.startswith("'s", m.end()):
        # "Wednesday's ruling", "Friday's close": an event the report looks back on, this day or before
        return _Hit("DATE", (c.dct - timedelta(days=(c.dct.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7)).isoformat())
    day = _weekday_date(m["weekday"], _anchor(m), c, m.start()).isoformat()
    part = (m["part"] or "").lower()
    if part in ("morning", "afternoon", "evening"):
        return _Hit("TIME", f"{day}T{_DAYPART[part]}")  # "Friday morning": a part of the day, TimeML's TIME
    return _Hit("DATE", day)  # "Friday night" is the day in TimeBank's convention, not a TIME with TNI


def _r_weekend(m: re.Match, c: _Context) -> _Hit:
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}.get(_anchor(m) or "", None)
    if step is None:
        step = 0 if c.direction_at(m.start()) == "future" or c.dct.weekday() >= 5 else -1
    week = _week("", c.dct + timedelta(weeks=step))
    monday, sunday = _bounds(week)
    return _Hit("DATE", f"{week.value}-WE", TimeSpan(m.group(), f"{week.value}-WE", Precision.WEEK,
                                                    monday + timedelta(days=5), sunday))


def _r_daypart(m: re.Match, c: _Context) -> _Hit:
    offset = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[m["anchor"].lower()]
    when = c.dct + timedelta(days=offset)
    return _Hit("TIME", f"{when.isoformat()}T{_DAYPART[m['part'].lower()]}")


def _r_clock(m: re.Match, c: _Context) -> _Hit | None:
    if m["noon"]:
        hour, minute = (12, 0) if m["noon"].lower() in ("noon", "midday") else (24, 0)
    elif m["h24"]:
        hour, minute = int(m["h24"]), int(m["min24"])
    else:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if hour > 12 or minute > 59 or hour == 0:
            return None
        afternoon = m["ampm"].lower().startswith("p") if m["ampm"] else m["inpart"].lower() != "morning"
        if afternoon and hour < 12:
            hour += 12
        elif not afternoon and hour == 12:
            hour = 0
    when = c.reference
    if m["weekday"]:
        when = _weekday_date(m["weekday"], None, c, m.start())
    elif m["month"]:  # "5 p.m. EST, Nov. 6"
        when = date.fromisoformat(_r_month_day(m, c).value)
    elif m["word"]:
        when = c.dct + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()])
    return _Hit("TIME", f"{when.isoformat()}T{hour:02d}:{minute:02d}")


def _r_holiday(m: re.Match, c: _Context) -> _Hit:
    rule = _HOLIDAYS[re.sub(r"\s+", " ", m["holiday"].lower())]
    if m["year"]:
        year = int(m["year"])
    else:
        month, day = rule if isinstance(rule, tuple) else (rule(c.dct.year).month, rule(c.dct.year).day)
        year = _pick_year(month, day, c.dct, c.direction_at(m.start()), _anchor(m))
        if c.guessing and not _anchor(m) and 0 < (date(c.dct.year, month, day) - c.dct).days <= _NEAR_FUTURE_DAYS:
            year = c.dct.year  # a holiday in the coming weeks is the coming one, as a date is (_r_month_day)
    when = date(year, *rule) if isinstance(rule, tuple) else rule(year)
    return _Hit("DATE", when.isoformat())


def _r_ago(m: re.Match, c: _Context) -> _Hit:
    """"three years ago" is a year, "two weeks ago" a week; "years ago" only has a latest bound."""
    unit, count = _unit_name(m["unit"]), _count(m["count"]) if m["count"] else None
    if unit in ("second", "minute", "hour", "quarter") and count is not None and count == int(count):
        if unit == "quarter":
            return _Hit("DATE", _unit_value("quarter", _shift(c.dct, "month", -3 * int(count))))
        return _Hit("DATE", c.dct.isoformat())
    if count is None or count != int(count) or unit in ("second", "minute", "hour"):
        big = unit if unit in ("day", "week", "month", "year", "decade", "century") else "day"
        latest = _shift(c.dct, big, -2 if count is None else -1)
        return _Hit("DATE", "PAST_REF", TimeSpan(m.group(), "PAST_REF", Precision(big), None, latest))
    if unit == "year" and count == 1 and c.quarter:
        return _Hit("DATE", f"{int(c.quarter[:4]) - 1:04d}{c.quarter[4:]}")
    base = c.dct if m["ago"].lower() == "ago" else c.reference
    return _Hit("DATE", _unit_value(unit, _shift(base, unit, -int(count))))


def _r_later(m: re.Match, c: _Context) -> _Hit | None:
    unit, count = _unit_name(m["unit"]), _count(m["count"])
    if count is None or count != int(count) or unit not in ("day", "week", "month", "year"):
        return None
    return _Hit("DATE", _unit_value(unit, _shift(c.reference, unit, int(count))))


def _r_year_ago(m: re.Match, c: _Context) -> _Hit:
    """"year-earlier", "a year ago" in a report of quarterly results: the same quarter a year before."""
    if m.groupdict().get("ord"):  # "the year-ago third quarter"
        quarter = _QUARTER_WORDS[m["ord"].lower()]
        year = int(c.quarter[:4]) if c.quarter else c.dct.year
        return _Hit("DATE", f"{year - 1:04d}-Q{quarter}")
    if c.quarter:
        return _Hit("DATE", f"{int(c.quarter[:4]) - 1:04d}{c.quarter[4:]}")
    return _Hit("DATE", f"{c.dct.year - 1:04d}")


def _r_next_day(m: re.Match, c: _Context) -> _Hit:
    step = 1 if m["anchor"].lower() in ("next", "following") else -1
    unit = _unit_name(m["unit"])
    return _Hit("DATE", _unit_value(unit, _shift(c.reference, unit, step)))


def _r_duration(m: re.Match, c: _Context) -> _Hit | None:
    """"three years", "the past year"; a range ("two to three weeks") has its lower count, as TimeBank gives it."""
    unit = _unit_name(m["unit"])
    count = _count(m["count"]) if m["count"] else None if m["plural"] else 1  # "the past year" is one
    low, half = m.groupdict().get("low"), m.groupdict().get("half")
    if low and count is not None:
        count = _count(low)
    if half and count is not None:
        count += 0.5  # "a year and a half"
    if m["count"] and m["count"].lower() in ("a", "an") and m["lead"] is None and re.search(
            r"(?:\d|\b(?:times|once|twice)|[$€£%])\s*$", m.string[max(0, m.start() - 12):m.start()]):
        return _Hit("SET", _duration(1, unit))
    if unit == "second" and m["count"].lower() in ("a", "an"):
        return None  # "a second group"
    if unit == "quarter" and count is not None and count > 1:
        return _Hit("DURATION", _duration(3 * count, "month"))  # "the next three quarters": nine months (P9M)
    return _Hit("DURATION", _duration(count, unit))


def _r_the_unit(m: re.Match, c: _Context) -> _Hit:
    """"For the year, sales rose", "by the end of the month": the year (month, week) of the report, a date.

    "the year ended March 31" stays a duration (another rule); "the past year" is the year before.
    """
    if m["past"]:
        return _Hit("DATE", f"{c.dct.year - 1:04d}")
    return _Hit("DATE", _unit_value(m["unit"].lower(), c.dct))


def _r_fiscal_year(m: re.Match, c: _Context) -> _Hit:
    step = {"current": 0, "next": 1, "coming": 1}.get(m["which"].lower(), -1)
    return _Hit("DATE", f"{c.dct.year + step:04d}")


def _r_year_end(m: re.Match, c: _Context) -> _Hit:
    return _Hit("DATE", f"{c.dct.year:04d}")


def _r_spelled_year(m: re.Match, c: _Context) -> _Hit:
    """"nineteen ninety-six" (broadcast transcripts spell years out), "two thousand"."""
    century = {"nineteen": 1900, "twenty": 2000}.get(m["century"].lower(), 2000)
    tens = m["tens"].lower()
    year = century + (10 * (_TENS.index(tens) + 2) if tens in _TENS else _SMALL.index(tens) if tens else 0)
    year += _SMALL.index(m["ones"].lower()) if m["ones"] else 0
    if m["month"]:  # "January nineteen ninety-seven"
        return _Hit("DATE", f"{year:04d}-{_month_number(m['month']):02d}")
    if m["season"]:  # "the winter of nineteen ninety-four"
        return _Hit("DATE", f"{year:04d}-{SEASONS[m['season'].lower()][0]}")
    return _Hit("DATE", f"{year:04d}")


def _r_vague_past(m: re.Match, c: _Context) -> _Hit:
    unit = _unit_name(m["unit"])
    return _Hit("DATE", "PAST_REF", TimeSpan(m.group(), "PAST_REF", Precision(unit), None, _shift(c.dct, unit, -2)))


def _r_none(m: re.Match, c: _Context) -> None:
    """Words that look like a time but are none: they keep shorter rules from reading one into them."""
    return None


def _r_ref(value: str) -> Callable[[re.Match, _Context], _Hit]:
    return lambda m, c: _Hit("DATE", value)


def _r_every_month(m: re.Match, c: _Context) -> _Hit:
    return _Hit("SET", f"XXXX-{_month_number(m['month']):02d}", quant=m["every"].upper())


def _r_set(m: re.Match, c: _Context) -> _Hit:
    word = (m["every"] or "").lower() or None
    quant = word.upper() if word else None
    if m["weekday"]:
        return _Hit("SET", f"XXXX-WXX-{WEEKDAYS[m['weekday'].lower()] + 1}", quant=quant)
    if m["part"]:
        return _Hit("SET", f"XXXX-XX-XXT{_DAYPART[m['part'].lower()]}", quant=quant)
    if m["adverb"]:
        unit = {"daily": "day", "nightly": "day", "weekly": "week", "monthly": "month", "yearly": "year", "hourly": "hour",
                "biweekly": "week"}[m["adverb"].lower()]
        return _Hit("SET", _duration(2 if m["adverb"].lower() == "biweekly" else 1, unit), freq="1X")
    unit, count = _unit_name(m["unit"]), _count(m["count"]) if m["count"] else 1
    times = {"once": "1X", "twice": "2X"}.get((m["times"] or "").lower().split(" ")[0])
    if m["times"] and not times:
        number = _count(m["times"].split()[0])
        times = f"{_number_text(number)}X" if number is not None else "XX"
    return _Hit("SET", _duration(count, unit), quant=quant, freq=times)


_ANCHOR = r"(?:\b(?P<anchor>this|last|next|past|coming)\s+)?"
_ANY_WEEKDAY = _names(calendar.day_name)
_HOLIDAY = "(?P<holiday>" + "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_HOLIDAYS, key=len, reverse=True)) + ")"
_DAYPARTS = r"(?P<part>morning|afternoon|evening|night)"
_LEAD = r"the\s+(?:past|last|next|first|final|coming|previous|following|remaining|latest|initial)|past|last|next|first|coming"
_MODS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "late": "END", "later": "END", "the end of": "END", "mid": "MID", "the middle of": "MID",
    "more than": "MORE_THAN", "less than": "LESS_THAN", "at least": "EQUAL_OR_MORE", "no more than": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "nearly": "EQUAL_OR_LESS", "almost": "LESS_THAN", "about": "APPROX",
    "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
}
_POINT_MODS = {"START", "END", "MID"}
_PREFIX = re.compile(r"(?:\bthe\s+(?=(?:early|late|mid)[\s-]))?\b(?P<mod>" + "|".join(
    sorted(_MODS, key=len, reverse=True)).replace(" ", r"\s+") + r")(?:\s+|-)$", re.IGNORECASE | re.ASCII)

# (pattern, rule). A group named "t" marks the expression inside a longer match ("in (the past)").
_RULES: list[tuple[str, Callable[[re.Match, _Context], _Hit | None]]] = [
    # not times: a rate ("average daily volume"), "around the clock", events "minutes apart", a TV show,
    # generic days ("on days when"), the hours before dawn of a day named next
    (r"\baverage\s+(?:daily|weekly|monthly|hourly|yearly)\b|\b(?:24|twenty[\s-]four)\s+hours\s+a\s+day\b"
     r"|\b(?:seven|7)\s+days\s+a\s+week\b|\b(?:just\s+|only\s+)?(?:seconds|minutes|hours|days)\s+apart\b"
     r"|\b\d+\s+(?-i:Minutes)\b|\bon\s+days\s+when\b|\b(?:the\s+)?(?:early|small|wee)\s+hours\s+of\b", _r_none),
    (r"\b(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>\d{2}))?\b(?!-)", _r_iso),
    (r"(?<![\d.])\b(?P<m>\d{1,2})(?P<sep>[/.])(?P<d>\d{1,2})(?P=sep)(?P<year>\d{4})\b(?!\.\d)", _r_numeric_date),
    (rf"(?:{_ANY_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", _r_month_day_year),
    (rf"(?:{_ANY_WEEKDAY},?\s+)?\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}", _r_month_day_year),
    (rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}", _r_month_year),
    (rf"{_ANCHOR}(?:{_ANY_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}(?!\s*%)", _r_month_day),
    (rf"{_ANCHOR}\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}", _r_month_day),
    # a range of days is two dates: the second day of "April 24 and 25", "November 9-10"; the first of "10 to 12 November"
    (rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|\u2013|and|to|through)\s*(?P<t>{_DAY})(?!\s*(?:%|{_FULL_MONTH}|{_ABBR_MONTH}))",
     _r_month_day),
    (rf"\b(?P<t>{_DAY})\s*(?:-|\u2013|and|to|through)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}", _r_month_day),
    (rf"{_ANCHOR}\b(?P<month>{_FULL_MONTH})(?![\w-])", _r_month),
    (rf"\b(?P<month>{_FULL_MONTH})\s+(?P<rel>last|this|next)\s+year\b", _r_month_of_year),
    (rf"(?<![$#.,\d])(?<!\d-)\b(?:fiscal\s+(?:year\s+)?)?(?:the\s+year\s+)?{_YEAR}\b(?!\s*(?:%|percent|-\w|,\d|\.\d))", _r_year),
    (r"\b(?:in|since|from|until|by|of|before|after)\s+(?P<t>(?P<year>1[0-8]\d{2}))\b(?![%,.]\d)", _r_year),
    # a range of years, "1991-1994", "1991-94": two dates (the ISO month "2020-11" is one, another rule)
    (r"(?<![$#.,\d-])\b(?P<t>(?P<year>1\d{3}|20\d{2}))\s*[-\u2013]\s*(?:1\d{3}|20\d{2}|\d{2})\b(?![-/.,]?\d)", _r_year),
    (r"(?<![$#.,\d-])\b(?P<year>1\d{3}|20\d{2})\s*[-\u2013]\s*(?P<t>(?P<short>1\d{3}|20\d{2}|\d{2}))\b(?![-/.,]?\d)", _r_year),
    (r"\b(?:the\s+)?(?:(?P<full>1\d{2}0|20\d0)'?s|'(?P<short>\d0)s|(?:nineteen[\s-])?(?P<word>twenties|thirties|forties"
     r"|fifties|sixties|seventies|eighties|nineties))\b", _r_decade),
    (r"\b(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(sorted(_CENTURY_WORDS, key=len, reverse=True))
     + r"))[\s-]+century\b", _r_century),
    (rf"{_ANCHOR}\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{_YEAR})", _r_season),
    (r"\b(?P<anchor>this|last|next|past|coming)\s+(?P<season>spring|summer|autumn|fall|winter)\b(?P<year>)", _r_season),
    (r"\b(?:in|during|by|until|since|through|over|for)\s+(?:the\s+)?(?P<t>(?P<season>spring|summer|autumn|winter|fall)"
     r"(?P<year>))\b(?!\s+of\b)", _r_season),
    (rf"\b(?:the\s+(?!\S+-))?(?:(?:fiscal\s+)?{_YEAR}'s\s+|(?P<rel>this|last|next)\s+year's\s+)?(?P<ord>first|second|third"
     r"|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\b(?P<q>)", _r_quarter),
    (rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\s+of\s+"
     rf"(?:fiscal\s+)?{_YEAR}(?P<rel>)(?P<q>)", _r_quarter),
    (rf"\b(?-i:Q)(?P<q>[1-4])(?:\s+{_YEAR})?\b(?P<ord>)(?P<rel>)", _r_quarter),
    (rf"\b(?:the\s+)?(?P<ord>first|second)[\s-]+half(?:\s+of\s+(?:fiscal\s+)?{_YEAR})?(?:\s+of\s+the\s+year)?\b", _r_half),
    (r"\bthe\s+(?:(?P<which>latest|most\s+recent|recent|same|year-earlier|year-ago|year-before|comparable|current"
     r"|previous|prior|next|coming)\s+(?:fiscal\s+)?(?:quarter|period)|quarter)\b", _r_the_quarter),
    (rf"\bthe\s+{_YEAR}\s+(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?(?:quarter|period)\b"
     r"(?P<back>)", _r_quarter_of_year),
    (r"\b(?:the\s+(?:(?:same|corresponding|comparable)\s+)?(?:quarter|period)\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)|last\s+year)"
     r"|last\s+year's\s+(?:(?:same|corresponding|comparable)\s+)?(?:quarter|period))\b(?P<back>)(?P<year>)(?P<ord>)",
     _r_quarter_of_year),
    (r"\b(?:(?:earlier|later)\s+(?:in\s+|on\s+)?)?that\s+(?:same\s+)?(?P<unit>day|week|month|year)\b(?![-'])", _r_that_unit),
    (r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", _r_deictic_day),
    (r"\b(?P<anchor>last|this|next|current|coming)\s+(?P<unit>week|month|quarter|year|decade|century)\b(?!-)", _r_deictic_unit),
    (rf"{_ANCHOR}\b{_WEEKDAY}(?:\s+{_DAYPARTS})?\b", _r_weekday),
    (r"\b(?:the\s+|(?P<anchor>this|last|next|past|coming)\s+)weekend\b", _r_weekend),
    (rf"\b(?P<anchor>this|yesterday|tomorrow|last)\s+{_DAYPARTS}\b", _r_daypart),
    (rf"\b{_DAYPARTS}\s+(?P<anchor>yesterday|tomorrow)\b", _r_daypart),  # "(mid-)afternoon yesterday"
    (r"(?<![\d.:$])\b(?:(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?:(?P<ampm>[ap]\.\s?m\.?|[ap]m\b)"
     r"|(?:o'clock\s+)?in\s+the\s+(?P<inpart>morning|afternoon|evening))|(?<!high\s)(?P<noon>noon|midnight|midday)"
     r"|(?<=\bat\s)(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?!:?\d))"  # "at 01:00": a 24-hour clock after "at"
     r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC)\b|\s+(?:local|(?-i:[A-Z][a-z]+))\s+time\b)?"
     rf"(?:,?\s+(?:on\s+)?(?:(?P<weekday>{_ANY_WEEKDAY})|(?P<word>today|yesterday|tomorrow)|{_MONTH}\s+{_DAY})\b)?", _r_clock),
    (rf"{_ANCHOR}\b{_HOLIDAY}\b(?:,?\s+{_YEAR})?", _r_holiday),
    (rf"\b(?:(?P<count>{_VAGUE}|{_NUMBER})[\s-]+)?{_UNIT}\s+(?P<ago>ago|earlier)\b", _r_ago),
    (rf"\b(?P<count>{_NUMBER})[\s-]+{_UNIT}\s+later\b", _r_later),
    (r"\byear-(?:earlier|ago)\b(?:\s+(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\b)?",
     _r_year_ago),
    (r"\bthe\s+(?P<anchor>next|following|previous|preceding)\s+(?P<unit>day|week|month|year)\b(?!-)", _r_next_day),
    (rf"\b(?:(?P<lead>{_LEAD})\s+)?(?:(?P<low>{_NUMBER})\s*(?:to|or|-|\u2013)\s*)?(?P<count>{_VAGUE}|{_NUMBER})\s+"
     rf"(?:(?:more|additional|straight|consecutive|full|trading|business|working)\s+)?{_UNIT}\b(?!\s+old\b)"
     r"(?P<half>\s+and\s+a\s+half\b)?(?P<plural>)", _r_duration),
    (rf"\b(?P<count>{_NUMBER})-(?P<unit>second|minute|hour|day|week|month|year|decade|century)\b(?!-old)(?P<lead>)(?P<plural>)",
     _r_duration),
    (r"\b(?<!matter\sof\s)(?:(?P<lead>the\s+(?:past|last|next|coming|previous|following|recent)|recent)\s+)?(?P<plural>(?P<unit>"
     r"minutes|hours|days|weeks|months|years|decades|centuries))\b(?!\s+(?:old|apart)\b)"
     r"(?:\s+or\s+(?:minutes|hours|days|weeks|months|years|decades)\b)?(?P<count>)", _r_duration),
    (r"\b(?:the\s+(?P<full>full\s+)?(?P<unit>year|month|week)(?!\s+(?:that\s+)?(?:ended|ending|ends|to\s+date)\b)"
     r"|the\s+(?P<past>past|last)\s+(?P<year>year)(?!\s+(?:that\s+)?(?:ended|ending|ends)\b))\b(?![-'])", _r_the_unit),
    (r"\bthe\s+(?P<which>current|latest|last|previous|past|prior|next|coming)\s+fiscal\s+year\b", _r_fiscal_year),
    (r"\b(?P<t>year(?:'s)?\s+end)\b", _r_year_end),
    (r"\b(?P<lead>the\s+(?:past|last|full|whole|entire|fiscal)|the)\s+(?P<count>)(?P<unit>week|month|year|decade|century)\b(?!-)"
     r"(?P<plural>)", _r_duration),
    (rf"\b(?:the\s+year\s+|(?P<month>{_FULL_MONTH})\s+(?:of\s+)?|(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+of\s+)?"
     rf"(?P<century>nineteen|twenty)[\s-]+(?P<tens>{'|'.join(_TENS[:8])}|{'|'.join(_SMALL[10:])})"
     rf"(?:[\s-]+(?P<ones>{'|'.join(_SMALL[1:10])}))?\b", _r_spelled_year),
    (rf"\b(?:the\s+year\s+|(?P<month>{_FULL_MONTH})\s+(?:of\s+)?|(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+of\s+)?"
     rf"(?P<century>two\s+thousand)(?:\s+and)?(?:\s+(?P<ones>{'|'.join(reversed(_SMALL[1:]))}))?\b(?P<tens>)"
     r"(?![\s-]+(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries|people|dollars|miles|men|women"
     r"|troops|times)\b)", _r_spelled_year),  # "two thousand years" is no year
    (r"\b(?P<unit>years|decades|centuries)-old\b", _r_vague_past),
    (r"\b(?:recently|lately|(?:in\s+)?(?P<t>the\s+past)(?!\s+\w+\s+(?:years|months|weeks|days))|long\s+ago)\b", _r_ref("PAST_REF")),
    (r"\b(?:now|currently|current|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment)\b(?!-)",
     _r_ref("PRESENT_REF")),
    (r"\b(?:in\s+(?P<t>the\s+future)|(?:in\s+)?(?P<t3>the\s+near\s+future)|(?P<t4>the\s+(?:near|short|long)\s+term)|as\s+soon\s+as\s+possible"
     r"|(?<!as\s)soon(?!\s+(?:as|after|afterwards?|before|thereafter)\b)|someday|from\s+now\s+on|moving\s+forward|going\s+forward"
     r"|in\s+(?P<t2>the\s+coming\s+(?:days|weeks|months|years)))\b", _r_ref("FUTURE_REF")),
    (rf"\b(?P<every>every|each)\s+(?P<month>{_FULL_MONTH})\b", _r_every_month),
    (rf"\b(?P<every>every|each)\s+(?:(?P<count>{_NUMBER})\s+)?(?:(?P<weekday>{_ANY_WEEKDAY})|{_DAYPARTS}|{_UNIT})\b"
     r"(?P<adverb>)(?P<times>)", _r_set),
    (r"\b(?P<adverb>daily|nightly|weekly|biweekly|monthly|yearly|hourly)\b(?P<every>)(?P<weekday>)"
     r"(?P<part>)(?P<unit>)(?P<count>)(?P<times>)", _r_set),
    (rf"\b(?P<times>once|twice|(?:{_NUMBER})\s+times)\s+(?:a|an|per|every|each)\s+{_UNIT}\b(?P<every>)(?P<weekday>)"
     r"(?P<part>)(?P<adverb>)(?P<count>)", _r_set),
    (rf"\b(?P<weekday>{_ANY_WEEKDAY})s\b(?P<every>)(?P<part>)(?P<adverb>)(?P<unit>)(?P<count>)(?P<times>)", _r_set),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE | re.ASCII), rule) for pattern, rule in _RULES]

_ABBREVIATIONS = ["Mr", "Mrs", "Ms", "Dr", "St", "Sr", "Jr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Rev",
                  "Prof", "Inc", "Corp", "Co", "Ltd", "Bros", "No", "vs", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep",
                  "Oct", "Nov", "Dec", "U.S", "U.N", "U.K"]
# A full stop ends a sentence, but not after a title, an initial ("Daniel P. Davison") or an abbreviated month.
_SENTENCE_END = re.compile("".join(rf"(?<!\b{re.escape(word)})" for word in _ABBREVIATIONS)
                           + r"(?<!\b[A-Z])[.!?][\"'”’)]*\s+(?=[\"“'`(]*[A-Z])|\n\s*\n")
_FUTURE = re.compile(r"\b(?:will|would|won't|wo|shall|'ll|going\s+to|plan(?:s|ned)?\s+to|planning|intends?\s+to|expects?\s+to"
                     r"|expected|scheduled|due\s+to|set\s+to|supposed\s+to|upcoming|as\s+(?:soon|early)\s+as|hopes?\s+to|aims?\s+to)\b", re.I)
_NOT_PAST = re.compile(r"\b(?:be|being|to)\s+$", re.I)  # "will be paid", "to be held": a participle, no past tense
_TENSE_REACH = 80  # characters: a tense marker further away is about something else
_NEAR_FUTURE_DAYS = 90
_NEAR_FUTURE_MONTHS = 2
_PAST = re.compile(r"\b(?:said|says|was|were|had|did|ago|last|earlier|(?!\w*eed\b|hundred\b)\w+ed|met|went|came|took|gave|made|held|began|left|won"
                   r"|lost|saw|rose|fell|sold|bought|paid|found|got|fought|brought|thought|spoke|wrote|became|kept|led|sent"
                   r"|spent|struck|stood|told|heard|felt|knew|grew|drew|threw|flew|broke|chose|ran)\b", re.I)


def _tense(text: str) -> Callable[[int], Direction]:
    """Whether the sentence around a place looks back or forward: the nearest tense marker decides."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    future: list[tuple[int, int, Direction]] = [(m.start(), m.end(), "future") for m in _FUTURE.finditer(text)]
    taken = {start for start, _, _ in future}  # "planned to": the future it plans, not the past of "planned"
    markers: list[tuple[int, int, Direction]] = sorted(
        future + [(m.start(), m.end(), "past") for m in _PAST.finditer(text)
                  if m.start() not in taken and not _NOT_PAST.search(text, max(0, m.start() - 7), m.start())])
    starts = [start for start, _, _ in markers]

    def direction_at(at: int) -> Direction:
        sentence = bisect.bisect_right(ends, at)
        low = ends[sentence - 1] if sentence else 0
        high = ends[sentence] if sentence < len(ends) else len(text)
        index = bisect.bisect_left(starts, at)
        best: tuple[int, Direction] | None = None
        for start, end, kind in markers[max(0, index - 3):index + 3]:
            if low <= start and end <= high and not (start <= at < end) and abs(start - at) < _TENSE_REACH:
                distance = abs(start - at)
                if best is None or distance < best[0]:
                    best = (distance, kind)
        return best[1] if best else "past"

    return direction_at


# Rules see no-break and thin spaces as spaces and curly apostrophes as straight ones; one
# character for one, so offsets stay those of the text.
_PLAIN = str.maketrans({**{space: " " for space in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                               "\u200a\u202f\u205f\u3000"}, "\u2019": "'", "\u2018": "'"})


def _match_span(m: re.Match) -> tuple[int, int]:
    for name in ("t", "t2", "t3", "t4"):
        if name in m.re.groupindex and m.start(name) >= 0:
            return m.span(name)
    return m.span()


def _scan(text: str, dct: date, direction_at: Callable[[int], Direction], guessing: bool) -> tuple[list[TimeExpression], list[str]]:
    """All expressions in ``text`` (longest match first, then rule order), and the dates refused."""
    candidates = []
    scanned = text.translate(_PLAIN)
    for priority, (pattern, rule) in enumerate(_COMPILED):
        for m in pattern.finditer(scanned):
            start, end = _match_span(m)
            if end > start:
                candidates.append((start - end, priority, start, end, m, rule))
    candidates.sort(key=lambda candidate: candidate[:3])
    occupied = bytearray(len(text))
    chosen = []
    for _, _, start, end, m, rule in candidates:
        if not any(occupied[start:end]):
            occupied[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, m, rule))
    context = _Context(dct, direction_at, dct, guessing=guessing)
    found: list[TimeExpression] = []
    refused: list[str] = []
    for start, end, m, rule in sorted(chosen, key=lambda item: item[0]):
        try:
            hit = rule(m, context)
        except (TemporalError, ValueError, OverflowError) as error:
            refused.append(str(error) if isinstance(error, TemporalError) else f"{text[start:end]!r} is not a date ({error})")
            continue
        if hit is None:
            continue
        span, mod = hit.span, None
        prefix = _PREFIX.search(scanned, max(found[-1].end if found else 0, start - 25), start)
        if prefix and hit.value not in ("PAST_REF", "PRESENT_REF", "FUTURE_REF"):
            mod = _MODS[re.sub(r"\s+", " ", prefix["mod"].lower())]
            if mod not in _POINT_MODS or hit.type in ("DATE", "TIME"):
                start = prefix.start()
            else:
                mod = None  # "early" is no part of a duration ("early two-year deal")
        if hit.type in ("DATE", "TIME") and span is None:
            span = _span_of_value(text[start:end], hit.value, dct)
        if span is not None:
            span = replace(span, text=text[start:end])
            if span.earliest_begin and re.search(r"\bsince\s+$", scanned[max(0, start - 8):start], re.IGNORECASE):
                span = replace(span, latest_end=None)  # "since 1993": begun then, no end said
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", hit.value[:10]) and span.precision is Precision.DAY:
                if span.earliest_begin is None:
                    raise AssertionError(f"the day {hit.value!r} has no date in its span")
                context.reference = span.earliest_begin
        if hit.type in ("DATE", "TIME") and re.match(r"\d{4}(?!\d)", hit.value):
            context.year = int(hit.value[:4])
        found.append(TimeExpression(start, end, text[start:end], hit.type, hit.value, span, mod, hit.quant, hit.freq))
    return found, refused


_VALUE = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])"
                    r"|(?P<s>SP|SU|FA|WI)))?|(?P<dec>\d{3})X|(?P<cen>\d{2})")
_SEASON_OF_CODE = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def _span_of_value(text: str, value: str, dct: date) -> TimeSpan | None:
    """The bounds a TimeML DATE or TIME value gives (a TIME lies within its day); None if it gives none."""
    if value == "PAST_REF":
        return TimeSpan(text, value, None, None, dct)
    if value == "FUTURE_REF":
        return TimeSpan(text, value, None, dct, None)
    if value == "PRESENT_REF":
        return TimeSpan(text, value, Precision.DAY, dct, dct)
    m = _VALUE.fullmatch(value.split("T")[0])
    if not m:
        return None
    if m["dec"]:
        return _decade(text, int(m["dec"]) * 10)
    if m["cen"]:
        return _century(text, int(m["cen"]) * 100)
    year = int(m["y"])
    if m["d"]:
        return _day(text, year, int(m["m"]), int(m["d"]))
    if m["m"]:
        return _month(text, year, int(m["m"]))
    if m["w"]:
        monday = date.fromisocalendar(year, int(m["w"]), 1)
        return replace(_week(text, monday), earliest_begin=monday + timedelta(days=5)) if m["we"] else _week(text, monday)
    if m["q"]:
        return _quarter(text, year, int(m["q"]))
    if m["h"]:
        first = 1 if m["h"] == "1" else 7
        return TimeSpan(text, value, None, date(year, first, 1), _month_end(year, first + 5))
    if m["s"]:
        return _season(text, year, _SEASON_OF_CODE[m["s"]])
    return _year(text, year)


def find_times(text: str, dct: date) -> list[TimeExpression]:
    """Every time expression in ``text`` (English news), normalised against its publication date.

    The tense of the sentence around an underspecified date ("November", "Friday") chooses
    between the one before and the one after ``dct``.
    """
    if not isinstance(dct, date):
        raise TemporalError(f"the publication date {dct!r} is not a date")
    return _scan(text, dct, _tense(text), True)[0]


_CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}|Q[1-4]|SP|SU|FA|WI))?|\d{3}X|\d{2}|PAST_REF|PRESENT_REF|FUTURE_REF")


def normalise(expression: str, dct: date, direction: Direction = "past") -> TimeSpan:
    """Read the time in ``expression`` relative to ``dct``.

    ``direction`` says whether the sentence looks back ("past": the ceasefire of November is
    the last November before the DCT) or forward ("future": a meeting planned for November).
    The expression may carry other words ("the ceasefire of November"): the first date that
    ``find_times``' rules find in it is read; words that only look like one ("February 30")
    are refused, not read as something shorter.
    """
    if not isinstance(dct, date):
        raise TemporalError(f"the publication date {dct!r} is not a date")
    text = expression.strip()
    if not text:
        raise TemporalError("an empty date expression")
    found, refused = _scan(text, dct, lambda at: direction, False)
    for expression_found in found:
        span = expression_found.span
        if expression_found.type == "DATE" and span and _CALENDAR_VALUE.fullmatch(expression_found.value):
            return replace(span, text=expression)
    if refused:
        raise TemporalError(refused[0])
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
    if precision is None:
        return span
    try:
        wanted = Precision(precision)
    except ValueError as error:
        raise TemporalError(f"unknown precision {precision!r} (one of: {', '.join(p.value for p in Precision)})") from error
    if wanted is span.precision:
        return span
    begin, end = _bounds(span)
    if wanted is Precision.QUARTER:
        widened = _quarter(text, begin.year, (begin.month - 1) // 3 + 1)
    elif wanted is Precision.SEASON:
        raise TemporalError(f"give a season in words (\"summer 2020\"), not as precision of {value!r}")
    else:
        widened = _span_of_unit(text, wanted.value, begin)
    widened_begin, widened_end = _bounds(widened)
    if widened_begin > begin or widened_end < end:
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
