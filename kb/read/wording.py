"""How an event's time reads for people: "November 2020", "after 2020-11", "1993 – 2020-11".

The bounds are as long as they need to be (2020-11-01 as a begin reads 2020-11), and a value
for <time datetime> comes with the words.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["describe_time"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _short_bound(day: date, is_end: bool, exact: bool) -> str:
    """A bound only as long as it needs: 2020-11-01 as a begin reads 2020-11, 1993-12-31 as an end 1993."""
    if not exact:
        if (day.month, day.day) == ((12, 31) if is_end else (1, 1)):
            return f"{day.year:04d}"
        if (day + timedelta(days=1)).day == 1 if is_end else day.day == 1:
            return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _spelled(bound: str) -> str:
    """"2020-11" as "November 2020"; years and days stay as they are."""
    if re.fullmatch(r"\d{4}-\d{2}", bound):
        return f"{_MONTHS[int(bound[5:]) - 1]} {bound[:4]}"
    return bound


def describe_time(begin_value: str | None, end_value: str | None, precision: str | None,
                  latest_begin_value: str | None, earliest_end_value: str | None) -> tuple[str | None, str | None]:
    """The normalised time in words ("November 2020", "after 2020-11") and a value for <time datetime>."""
    begin, end = _as_date(begin_value), _as_date(end_value)
    exact = precision in ("day", "week")
    if begin and end:
        first, last = _short_bound(begin, False, exact), _short_bound(end, True, exact)
        if begin == end:
            return begin.isoformat(), begin.isoformat()
        if first == last:
            return _spelled(first), first
        return f"{first} – {last}", first
    if begin:
        first = _short_bound(begin, False, exact)
        return f"after {first}", first
    if end:
        last = _short_bound(end, True, exact)
        return f"before {last}", last
    latest_begin, earliest_end = _as_date(latest_begin_value), _as_date(earliest_end_value)
    if latest_begin and earliest_end:
        if latest_begin == earliest_end:
            return f"going on at {latest_begin.isoformat()}", latest_begin.isoformat()
        return f"began before {latest_begin.isoformat()}, until at least {earliest_end.isoformat()}", latest_begin.isoformat()
    if latest_begin:
        return f"began before {latest_begin.isoformat()}", latest_begin.isoformat()
    if earliest_end:
        return f"until at least {earliest_end.isoformat()}", earliest_end.isoformat()
    return None, None
