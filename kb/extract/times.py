"""The time expressions of an article's body (kb/temporal.py), normalised against its publication date.

Every article gets them, curated or not, so that the dates it mentions can be queried and checked
against the text; they are kept apart from events (a date is not an event). Narrative texts give
a year once and then only days ("In 1993, ... On 30 April ..."): a day without a year takes the
year the same paragraph gave. In a dated article only a year given just before does (within
_NEAR characters); further on, "in June" is the June the publication date points to, as
TimeBank's own links date such events. Without a publication date only the expressions whose
year the text gives can be read; the others are left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kb.article import Document, Span
from kb.records import Evidence, TimeMention
from kb.temporal import TemporalError, TimeExpression, find_times, from_iso

__all__ = ["time_mentions", "dated_expressions"]

_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_DAY_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)$")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE)
_NEAR = 150  # characters: about a sentence
_STAND_IN = date(2999, 12, 31)  # resolves relative words to a year no text names, so that they can be told apart


def time_mentions(document: Document) -> list[TimeMention]:
    """The time expressions of the article's body, each with its words as evidence."""
    return [TimeMention(expression, Evidence.at(document.text, expression.start, expression.end))
            for expression in dated_expressions(document)]


def dated_expressions(document: Document) -> list[TimeExpression]:
    """The body's time expressions, with a day or month without a year read in the year its paragraph gave."""
    body = document.body if document.body.end > document.body.start else Span(0, len(document.text))
    dct = document.published or _STAND_IN
    found = [expression for expression in find_times(document.text, dct)
             if body.start <= expression.start and expression.end <= body.end]
    paragraphs = document.paragraphs or [body]
    result: list[TimeExpression] = []
    context_year: int | None = None
    written_at = 0
    paragraph_index = -1
    for expression in found:
        index = next((i for i, p in enumerate(paragraphs) if p.start <= expression.start < p.end), paragraph_index)
        if index != paragraph_index:
            context_year = context_year if document.published is None else None
            paragraph_index = index
        written_year = _YEAR.search(expression.text)
        if written_year and expression.type == "DATE":
            context_year, written_at = int(written_year.group()), expression.end
            result.append(expression)
            continue
        near = document.published is None or expression.start - written_at < _NEAR
        anchored = _in_year(expression, context_year) if context_year and near else None
        if anchored is not None:
            result.append(anchored)
        elif document.published is not None or expression.span is None and str(_STAND_IN.year) not in expression.value:
            result.append(expression)
    return result


def _in_year(expression: TimeExpression, year: int) -> TimeExpression | None:
    """The expression moved to ``year`` when it names a month or a day of one ("30 April", "in June")."""
    if expression.type != "DATE" or not _DAY_VALUE.match(expression.value) or not _MONTH_NAME.search(expression.text):
        return None  # "Friday", "yesterday", "last week" count from the publication date, not from the paragraph's year
    value = f"{year}{expression.value[4:]}"
    if value == expression.value:
        return expression
    try:
        span = from_iso(expression.text, value)
    except TemporalError:  # 29 February in a year that has none
        return None
    return replace(expression, value=value, span=span)
