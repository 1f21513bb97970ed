"""The automatic extraction written as a curated sidecar: a draft for a researcher to correct.

It is exactly the sidecar format (docs/model.md), so the researcher edits what the tool got
wrong, saves it beside the article and loads again; the curated annotation then wins. Every
quote is made unique in the text (lengthened word by word where the words occur twice) and every
date is written in a form the sidecar reader turns back into the same span, so that loading an
untouched draft gives the same events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from kb.dating import DateSpec, DatingError, date_event, direction_of
from kb.records import Evidence, Records
from kb.temporal import Precision, TimeSpan
from kb.vocabulary import terms

__all__ = ["draft_sidecar"]

_ACTOR_WORD = {term.local_name: word for word, term in terms("actor-type").items()}
_PLACE_WORD = {term.local_name: word for word, term in terms("place-type").items()}
_EVENT_WORD = {term.local_name: word for word, term in terms("event-type").items()}


def draft_sidecar(records: Records) -> str:
    """The records as sidecar TOML, with a header that says how they were made and what to do with them."""
    document = records.document
    text = document.text
    made_by = f"{records.extraction.tool} {records.extraction.version} with {records.extraction.pipeline}" if records.extraction else "hand"
    lines = [
        f"# Draft annotation of {document.path} ({document.headline!r}), made by {made_by}.",
        "# Check every entry against the text: delete what is wrong, correct types, roles, dates and statuses,",
        "# add what is missing. Then save it beside the article with the same name and the suffix .toml and load",
        "# the article again: a curated annotation wins over the automatic extraction. Format: docs/model.md.",
        "# The confidence comments are the tool's (0 to 1): look hardest at the lowest.",
        "",
    ]
    for actor in records.actors:
        lines += _table("actors", actor.key, actor.provenance.confidence)
        lines += _fields(label=actor.label, type=_ACTOR_WORD[actor.type], wikidata=actor.wikidata, **{
            "part-of": actor.part_of, "group-of": actor.group_of, "nationality": actor.nationality})
        if actor.unnamed:
            lines.append("unnamed = true")
        if actor.posts:
            posts = ", ".join("{ " + ", ".join(f"{name} = {_string(value)}" for name, value in
                                               (("key", post.key), ("label", post.label), ("in", post.organisation)) if value) + " }"
                              for post in actor.posts)
            lines.append(f"posts = [{posts}]")
        lines += _evidence(text, actor.evidence)
        lines.append("")
    for place in records.places:
        lines.append(f"[places.{place.key}]")
        lines += _fields(label=place.label, type=_PLACE_WORD[place.type], wikidata=place.wikidata, **{"in": place.within})
        lines += _evidence(text, place.evidence)
        lines.append("")
    for event in records.events:
        lines += _table("events", event.key, event.provenance.confidence)
        lines += _fields(label=event.label, type=_EVENT_WORD[event.type], status=None if event.status == "happened" else event.status)
        lines.append(_date(event.time, event.status, records) if event.time else "undated = true")
        if event.roles:
            lines.append("actors = { " + ", ".join(f"{role} = {_strings(keys)}" for role, keys in event.roles.items()) + " }")
        if event.places:
            lines.append(f"place = {_strings(event.places)}")
        for relation, target in event.relations:
            lines.append(f"{relation} = {_string(target)}")
        lines += _evidence(text, event.evidence)
        lines.append("")
    for claim in records.claims:
        lines += _table("claims", claim.key, claim.provenance.confidence)
        lines += _fields(label=claim.label, text=claim.text)
        lines.append(f"by = {_strings(claim.by)}")
        if claim.about:
            lines.append(f"about = {_strings(claim.about)}")
        lines += _fields(**{"asserted-in": claim.asserted_in, "quotation": claim.quotation})
        lines += _evidence(text, claim.evidence)
        lines.append("")
    return "\n".join(lines)


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, and TOML also escapes DEL); a no-break space is written \\u00A0 so that it can be seen."""
    return json.dumps(value, ensure_ascii=False).replace("\u00a0", "\\u00A0").replace("\x7f", "\\u007F")


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _table(kind: str, key: str, confidence: float | None) -> list[str]:
    """A table's header, with how sure the tool was above it."""
    return ([f"# confidence {confidence:.2f}"] if confidence is not None else []) + [f"[{kind}.{key}]"]


def _fields(**values: str | None) -> list[str]:
    return [f"{name} = {_string(value)}" for name, value in values.items() if value]


def _evidence(text: str, evidence: list[Evidence]) -> list[str]:
    quotes = list(dict.fromkeys(_unique_quote(text, item.start, item.end) for item in evidence))
    if not quotes:
        return []
    if len(quotes) == 1:
        return [f"evidence = [{quotes[0]}]"]
    return ["evidence = [", *(f"  {quote}," for quote in quotes), "]"]


def _unique_quote(text: str, start: int, end: int) -> str:
    """The quote, lengthened a word at a time (right, then left) until it occurs once in the text; in
    a text that repeats it character for character, the short quote and which occurrence it is."""
    short_start, short_end = start, end
    while _occurrences(text, text[start:end]) > 1:
        longer_end = _next_word_end(text, end)
        if longer_end > end:
            end = longer_end
            if _occurrences(text, text[start:end]) == 1:
                break
        longer_start = _previous_word_start(text, start)
        if longer_start == start and longer_end == end:
            quote = text[short_start:short_end]
            occurrence = _occurrences(text[:short_start + len(quote) - 1], quote) + 1
            return f"{{ quote = {_string(quote)}, occurrence = {occurrence} }}"
        start = longer_start
    return _string(text[start:end])


def _occurrences(text: str, quote: str) -> int:
    """How often the quote occurs, overlaps counted, as the sidecar reader finds them."""
    return sum(1 for _ in re.finditer(f"(?={re.escape(quote)})", text))


def _next_word_end(text: str, end: int) -> int:
    position = end
    while position < len(text) and text[position].isspace():
        position += 1
    while position < len(text) and not text[position].isspace():
        position += 1
    return position


def _previous_word_start(text: str, start: int) -> int:
    position = start
    while position > 0 and text[position - 1].isspace():
        position -= 1
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _date(span: TimeSpan, status: str, records: Records) -> str:
    """A date the sidecar reader reads back as ``span``: an ISO value with its precision, else the words."""
    candidates: list[DateSpec | str] = []
    begin = span.earliest_begin
    if span.precision is not None and begin is not None and span.precision is not Precision.SEASON:
        value = {Precision.YEAR: begin.isoformat()[:4], Precision.MONTH: begin.isoformat()[:7]}.get(span.precision, begin.isoformat())
        precision = None if span.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR) else span.precision.value
        candidates.append(DateSpec(span.text, value=value, precision=precision))
    candidates.append(span.text)
    dct = records.document.published
    for candidate in candidates:
        try:
            read_back = date_event(candidate, dct, direction_of(status), lambda key: None) if dct else None
        except DatingError:
            continue
        if read_back is not None and _bounds(read_back) == _bounds(span) or dct is None and isinstance(candidate, DateSpec):
            if isinstance(candidate, str):
                return f"date = {_string(candidate)}"
            fields = {"text": candidate.text, "value": candidate.value, "precision": candidate.precision}
            return "date = { " + ", ".join(f"{name} = {_string(value)}" for name, value in fields.items() if value) + " }"
    return "undated = true  # the tool's date could not be written so that it reads back the same: " + _string(span.text)


def _bounds(span: TimeSpan) -> tuple[object, ...]:
    return span.earliest_begin, span.latest_begin, span.earliest_end, span.latest_end
