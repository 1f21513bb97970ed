"""Checking what users send (IRIs, dates, filters) before any of it reaches a query, and the short
forms the filters take back (a type's local name, an article's slug, an entity's /id/ path).

Every IRI and date that reaches a query is checked first: user input is never pasted into
SPARQL unchecked. Data IRIs have a local path, /id/<path>, the same on every page and in every
filter parameter (docs/model.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kb.errors import BadRequest
from kb.namespaces import EKB, EKBD, PREFIXES

__all__ = [
    "UNSAFE", "DEFAULT_LIMIT", "MAX_LIMIT", "MAX_FILTER_VALUES", "LANES", "ORIGINS", "ID_PATH", "QueryArgs", "TimelineFilters",
    "check_iri", "entity_iri", "type_iri", "source_iri", "parse_date", "local_path", "actor_param", "type_param",
    "source_param",
]

DEFAULT_LIMIT = 500
MAX_LIMIT = 2000
MAX_FILTER_VALUES = 100  # values of one filter (actor=, type=, source=): each becomes part of the query
LANES = ("actor", "type", "source")
ORIGINS = ("curated", "automatic")  # who made an event: a curator (or data loaded as it is), or the automatic extraction
ID_PATH = "/id/"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ONTOLOGY = str(EKB)


def check_iri(value: str, what: str = "IRI") -> str:
    """The IRI itself, or BadRequest: only checked IRIs are ever put into a query."""
    if not isinstance(value, str) or not _SCHEME.match(value) or UNSAFE.search(value):
        raise BadRequest(f"{what} {value!r} is not a valid IRI (an absolute IRI without spaces or any of <>\"{{}}|^`\\)")
    return value


def _expand(value: str, what: str) -> str:
    """An absolute IRI, a prefixed name such as ekb:Ceasefire, or a local /id/ path, as a checked IRI."""
    if value.startswith(ID_PATH):
        return check_iri(str(EKBD) + value[len(ID_PATH):], what)
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return check_iri(PREFIXES[prefix] + local, what)
    return check_iri(value, what)


def entity_iri(value: str, what: str = "entity") -> str:
    """An actor, event or other entity given as IRI, prefixed name or /id/ path (as pages link them)."""
    return _expand(value.strip(), what)


def type_iri(value: str) -> str:
    """An event class given as IRI, prefixed name or local name of the ontology (``Ceasefire``)."""
    value = value.strip()
    if _LOCAL_NAME.fullmatch(value):
        return str(EKB[value])
    return _expand(value, "type")


def source_iri(value: str) -> str:
    """An article given as IRI, /id/ path or slug (``2021-03-05-turkey-azerbaijan``)."""
    value = value.strip()
    if _SLUG.fullmatch(value):
        return str(EKBD[f"article/{value}"])
    return _expand(value, "source")


def parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{what} must be an ISO date such as 2020-11-01, not {value!r}") from None


def _integer(value: str, what: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{what} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise BadRequest(f"{what} must be between {low} and {high}, not {number}")
    return number


class QueryArgs(Protocol):
    """What a web framework's query parameters offer (werkzeug's MultiDict has both)."""

    def get(self, key: str) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class TimelineFilters:
    """The filters shared by ``/`` and ``/api/timeline``; checked on construction, so never unsafe in a query."""

    start: date | None = None          # the parameter "from"
    end: date | None = None            # the parameter "to"
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    lanes: str | None = None
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        for what, iris in (("actor", self.actors), ("type", self.types), ("source", self.sources)):
            for iri in iris:
                check_iri(iri, what)
        if self.start and self.end and self.start > self.end:
            raise BadRequest(f"from ({self.start}) is after to ({self.end})")
        unknown = [origin for origin in self.origins if origin not in ORIGINS]
        if unknown:
            raise BadRequest(f"origin must be {' or '.join(ORIGINS)}, not {unknown[0]!r}")
        if self.lanes not in (None, *LANES):
            raise BadRequest(f"lanes must be one of {', '.join(LANES)}, not {self.lanes!r}")
        if self.offset < 0 or not 0 <= self.limit <= MAX_LIMIT:
            raise BadRequest(f"offset must be 0 or more and limit between 0 and {MAX_LIMIT}")

    @classmethod
    def from_args(cls, args: QueryArgs) -> TimelineFilters:
        """Read the documented query parameters (docs/web-api.md); empty form fields count as absent."""
        def text(name: str) -> str | None:
            value = (args.get(name) or "").strip()
            return value or None

        def many(name: str) -> list[str]:
            values = [value for value in args.getlist(name) if value.strip()]
            if len(values) > MAX_FILTER_VALUES:
                raise BadRequest(f"give at most {MAX_FILTER_VALUES} {name} values, not {len(values)}")
            return values

        start, end, offset, limit = text("from"), text("to"), text("offset"), text("limit")
        return cls(
            start=parse_date(start, "from") if start else None,
            end=parse_date(end, "to") if end else None,
            actors=tuple(dict.fromkeys(entity_iri(value, "actor") for value in many("actor"))),
            types=tuple(dict.fromkeys(type_iri(value) for value in many("type"))),
            sources=tuple(dict.fromkeys(source_iri(value) for value in many("source"))),
            origins=tuple(dict.fromkeys(value.strip() for value in many("origin"))),
            lanes=text("lanes"),
            offset=_integer(offset, "offset", 0, 10**9) if offset else 0,
            limit=_integer(limit, "limit", 0, MAX_LIMIT) if limit else DEFAULT_LIMIT,
        )


def local_path(iri: str) -> str | None:
    """The /id/ path of one of our data IRIs (what pages link and filters take); None for anyone else's."""
    return ID_PATH + iri[len(str(EKBD)):] if iri.startswith(str(EKBD)) else None


def actor_param(iri: str) -> str:
    """An actor as the actor= filter takes it back: its /id/ path, or the IRI itself."""
    return local_path(iri) or iri


def type_param(iri: str) -> str:
    local = iri[len(_ONTOLOGY):]
    return local if iri.startswith(_ONTOLOGY) and _LOCAL_NAME.fullmatch(local) else iri


def source_param(iri: str) -> str:
    prefix = str(EKBD["article/"])
    slug = iri[len(prefix):]
    return slug if iri.startswith(prefix) and _SLUG.fullmatch(slug) else iri
