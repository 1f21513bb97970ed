"""Dating an event from what fixes its time: its words, an ISO date, or other events and the DCT.

The tagger (kb/temporal.py) reads words such as "on March 2" against the publication date (the
DCT). Many events are dated only through others: a 44-day war that ended with the ceasefire, a
crisis already under way when a report of it came out, a claim still made at publication. This
module turns such relations into a TimeSpan from values already read, and knows nothing of where
they were written: the sidecar reader (kb/annotations.py) adds its file and line to a
DatingError, and automatic extraction can date what it finds the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from kb.errors import KbError
from kb.temporal import Direction, TemporalError, TimeSpan, bounded, from_iso, normalise, shift_by_duration

__all__ = ["DCT", "DatingError", "DateSpec", "date_event", "direction_of"]

DCT = "dct"
"""The name that stands for the publication date where an event's key is expected."""


class DatingError(KbError, ValueError):
    """A date that cannot be worked out: unreadable words, a relation that says too little or contradicts itself."""


@dataclass(frozen=True)
class DateSpec:
    """An event's date when its words alone do not fix it (docs/model.md, "Dates"; the sidecar's keys).

    ``text`` is the words; ``value`` an ISO date widened to ``precision``; ``duration`` an ISO
    8601 duration counted from ``ends_with`` or ``begins_with``; ``after``/``before`` open
    bounds; ``begun_by``: already under way then; ``until`` = "dct": still true at publication.
    Each event reference is an event's key or "dct".
    """

    text: str
    value: str | None = None
    precision: str | None = None
    duration: str | None = None
    ends_with: str | None = None
    begins_with: str | None = None
    after: str | None = None
    before: str | None = None
    begun_by: str | None = None
    until: str | None = None

    def events(self) -> list[str]:
        """The keys of the events this date refers to ("dct" is not one)."""
        references = (self.ends_with, self.begins_with, self.after, self.before, self.begun_by)
        return [reference for reference in references if reference is not None and reference != DCT]


def direction_of(status: str) -> Direction:
    """Which way an event's words look: a planned or possible event's "November" is the next one."""
    return "future" if status in ("planned", "possible") else "past"


def date_event(spec: str | DateSpec, dct: date | None, direction: Direction, span_of: Callable[[str], TimeSpan | None]) -> TimeSpan:
    """The span of an event dated by ``spec``: words read against ``dct``, or a DateSpec.

    ``span_of`` gives another event's span by its key (None: that event is undated). It is
    called only when a relation needs it, so a caller can date the events it refers to lazily
    (and notice a circle). Without a publication date only an ISO value can be read. Raises DatingError.
    """
    if dct is None:
        needs_dct = isinstance(spec, str) or spec.value is None or DCT in (
            spec.after, spec.before, spec.begun_by, spec.until, spec.ends_with, spec.begins_with)
        if needs_dct:
            raise DatingError("the article has no publication date, so its words cannot be read as a date: give the date "
                              "as a table with value (an ISO date), or load the article with its date (kb load --date)")
        return _date_from_spec(spec, date.min, direction, span_of)  # type: ignore[arg-type]  # a value reads no DCT
    try:
        if isinstance(spec, str):
            return normalise(spec, dct, direction)
        return _date_from_spec(spec, dct, direction, span_of)
    except TemporalError as error:
        raise DatingError(str(error)) from error


def _date_from_spec(spec: DateSpec, dct: date, direction: Direction, span_of: Callable[[str], TimeSpan | None]) -> TimeSpan:
    text = spec.text
    if spec.duration is not None:
        # Counted back from its end (or on from its begin): a 44-day war that ended with the ceasefire.
        anchor_is: Literal["end", "begin"]
        if spec.ends_with is not None:
            reference, anchor_is = spec.ends_with, "end"
        elif spec.begins_with is not None:
            reference, anchor_is = spec.begins_with, "begin"
        else:
            raise DatingError("a duration needs ends-with or begins-with: the event whose time fixes it")
        span = shift_by_duration(text, spec.duration, _anchor(reference, dct, span_of), anchor_is=anchor_is)
    elif spec.value is not None:
        span = from_iso(text, spec.value, spec.precision)
    elif spec.ends_with is not None:
        span = _ending_with(text, _anchor(spec.ends_with, dct, span_of))
    elif spec.begins_with is not None:
        span = _beginning_with(text, _anchor(spec.begins_with, dct, span_of))
    elif any(reference is not None for reference in (spec.after, spec.before, spec.begun_by, spec.until)):
        # Only relations date it: a TimeML reference value, the bounds follow.
        span = TimeSpan(text, "PAST_REF" if direction == "past" else "FUTURE_REF", None)
    else:
        span = normalise(text, dct, direction)
    after = _bound(spec.after, dct, span_of, earliest=True)
    before = _bound(spec.before, dct, span_of, earliest=False)
    if spec.until is not None and spec.until != DCT:
        raise DatingError("until must be \"dct\" (still true at publication)")
    span = bounded(span, after=after, before=before)
    if spec.begun_by is not None:
        span = _begun_by(span, _anchor(spec.begun_by, dct, span_of).latest_end)
    if spec.until == DCT:
        span = _until_publication(span, dct)
    return span


def _ending_with(text: str, anchor: TimeSpan) -> TimeSpan:
    """An event that ends with another ("the war the ceasefire ended") ends within that one's span."""
    return TimeSpan(text, anchor.value, anchor.precision, latest_end=anchor.latest_end, earliest_end=anchor.earliest_begin)


def _beginning_with(text: str, anchor: TimeSpan) -> TimeSpan:
    """An event that begins with another begins within that one's span."""
    return TimeSpan(text, anchor.value, anchor.precision, earliest_begin=anchor.earliest_begin, latest_begin=anchor.latest_end)


def _begun_by(span: TimeSpan, by: date | None) -> TimeSpan:
    """Already under way when another event happened (a report of it): it began by that event's latest end."""
    if by is None:
        return span
    return replace(span, latest_begin=min(span.latest_begin, by) if span.latest_begin else by)


def _until_publication(span: TimeSpan, dct: date) -> TimeSpan:
    """Still true at publication: begun by then, and lasting at least until then (its end is open)."""
    latest_begin = min(span.latest_begin, dct) if span.latest_begin else dct
    return replace(span, latest_begin=latest_begin, earliest_end=dct, latest_end=None)


def _anchor(reference: str, dct: date, span_of: Callable[[str], TimeSpan | None]) -> TimeSpan:
    """The span of the event (or of the DCT, a day) that a relation refers to."""
    if reference == DCT:
        return normalise(dct.isoformat(), dct)
    span = span_of(reference)
    if span is None:
        raise DatingError(f"its date depends on {reference!r}, which is undated")
    return span


def _bound(reference: str | None, dct: date, span_of: Callable[[str], TimeSpan | None], earliest: bool) -> date | None:
    """An open bound: after an event, its earliest begin; before one, its latest end; "dct": the DCT."""
    if reference is None:
        return None
    if reference == DCT:
        return dct
    span = _anchor(reference, dct, span_of)
    return span.earliest_begin if earliest else span.latest_end
