"""Automatic extraction: what can be found in any article without a curator, as records.

Researchers load articles nobody has annotated. What the project can find in them without a
language model is their time expressions (kb/temporal.py): each becomes a record with its
normalised value and bounds and its exact words as evidence, for curated and uncurated
articles alike, so that the dates an article mentions can be queried and checked against
the text. They are kept apart from the curated events (a date is not an event).
"""

from __future__ import annotations

from kb.article import Document
from kb.records import Evidence, TimeMention
from kb.temporal import find_times

__all__ = ["time_mentions"]


def time_mentions(document: Document) -> list[TimeMention]:
    """The time expressions of the article's body, normalised against its publication date."""
    body = document.body if document.body.end > document.body.start else None
    return [TimeMention(expression, Evidence.at(document.text, expression.start, expression.end))
            for expression in find_times(document.text, document.published)
            if body is None or body.start <= expression.start and expression.end <= body.end]

