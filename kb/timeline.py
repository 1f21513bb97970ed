"""Timeline queries as plain dicts for the web layer (pages and /api), so no HTTP code builds SPARQL.

Every IRI and date that reaches a query is checked first (``check_iri``, ``parse_date``): user
input is never pasted into SPARQL unchecked. Pages of the timeline are cut before the details
are fetched (an ordered, limited SELECT of event IRIs, then small queries over those IRIs),
which keeps a page fast on a large store (docs/DESIGN.md, "Facts measured here").
"""

from __future__ import annotations

from urllib.parse import urlencode

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Protocol


from kb.article import ArticleError, Span, parse_article, slugify
from kb.knowledge_base import KnowledgeBase
from kb.rdf import EKB, EKBD, ONTOLOGY_GRAPH, PREFIXES, SEM
from kb.resources import query_files
from kb.store import Solutions

__all__ = [
    "DEFAULT_LIMIT", "MAX_LIMIT", "LINKED_LIMIT", "LANES", "TimelineFilters", "check_iri", "entity_iri", "type_iri",
    "source_iri", "parse_date", "href", "timeline", "facets", "event_details", "entity", "entity_rdf",
    "article", "ontology_terms", "example_queries", "TABLE_COLUMNS", "events_table", "events_csv",
]

DEFAULT_LIMIT = 500
MAX_LIMIT = 2000
MAX_FILTER_VALUES = 100  # values of one filter (actor=, type=, source=): each becomes part of the query
LINKED_LIMIT = 200  # events listed on an actor's or a place's page
LANES = ("actor", "type", "source")
_INCOMING_LIMIT = 1000

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_PATH = "/id/"
_ONTOLOGY = str(EKB)
# The outer envelope of an event's time, as in ontology/queries/01-november-to-march.rq. Each
# OPTIONAL is a lookup per event, so a query takes only the bound it needs.
_BEGIN = """
    OPTIONAL { ?event sem:hasBeginTimeStamp ?beginStamp }
    OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?earliestBegin }
    BIND (COALESCE(?beginStamp, ?earliestBegin) AS ?begin)
"""
_END = """
    OPTIONAL { ?event sem:hasEndTimeStamp ?endStamp }
    OPTIONAL { ?event sem:hasLatestEndTimeStamp ?latestEnd }
    BIND (COALESCE(?endStamp, ?latestEnd) AS ?end)
"""
_ENVELOPE = _BEGIN + _END
_KINDS = {  # class -> kind of entity, in the order a page names them
    str(SEM.Event): "event", PREFIXES["ekb"] + "Claim": "claim", str(SEM.Actor): "actor",
    str(SEM.Place): "place", str(SEM.Time): "time", PREFIXES["schema"] + "NewsArticle": "article",
    PREFIXES["oa"] + "Annotation": "evidence",
}
_SEM_RELATIONS = {str(SEM.subEventOf): "sub-event of", str(SEM.hasSubEvent): "has sub-event"}
_INVERSE = {"ends": "ended by", "follows": "followed by", "causes": "caused by", "responds to": "responded to by",
            "related to": "related to", "sub-event of": "has sub-event", "has sub-event": "sub-event of"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_SAME_AS = {PREFIXES["schema"] + "sameAs", PREFIXES["owl"] + "sameAs"}
_NAMES = (PREFIXES["rdfs"] + "label", PREFIXES["schema"] + "headline")
_TERM_KINDS = {"Class": "classes", "ObjectProperty": "properties", "DatatypeProperty": "properties",
               "AnnotationProperty": "properties", "NamedIndividual": "individuals"}
_SECTIONS = ("classes", "properties", "individuals")


# --- checking what users send ---------------------------------------------------------------

def check_iri(value: str, what: str = "IRI") -> str:
    """The IRI itself, or ValueError: only checked IRIs are ever put into a query."""
    if not isinstance(value, str) or not _SCHEME.match(value) or _UNSAFE.search(value):
        raise ValueError(f"{what} {value!r} is not a valid IRI (an absolute IRI without spaces or any of <>\"{{}}|^`\\)")
    return value


def _expand(value: str, what: str) -> str:
    """An absolute IRI, a prefixed name such as ekb:Ceasefire, or a local /id/ path, as a checked IRI."""
    if value.startswith(_ID_PATH):
        return check_iri(str(EKBD) + value[len(_ID_PATH):], what)
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
        raise ValueError(f"{what} must be an ISO date such as 2020-11-01, not {value!r}") from None


def _integer(value: str, what: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{what} must be between {low} and {high}, not {number}")
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
    lanes: str | None = None
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        for what, iris in (("actor", self.actors), ("type", self.types), ("source", self.sources)):
            for iri in iris:
                check_iri(iri, what)
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"from ({self.start}) is after to ({self.end})")
        if self.lanes not in (None, *LANES):
            raise ValueError(f"lanes must be one of {', '.join(LANES)}, not {self.lanes!r}")
        if self.offset < 0 or not 0 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"offset must be 0 or more and limit between 0 and {MAX_LIMIT}")

    @classmethod
    def from_args(cls, args: QueryArgs) -> "TimelineFilters":
        """Read the documented query parameters (docs/web-api.md); empty form fields count as absent."""
        def text(name: str) -> str | None:
            value = (args.get(name) or "").strip()
            return value or None

        def many(name: str) -> list[str]:
            values = [value for value in args.getlist(name) if value.strip()]
            if len(values) > MAX_FILTER_VALUES:
                raise ValueError(f"give at most {MAX_FILTER_VALUES} {name} values, not {len(values)}")
            return values

        start, end, offset, limit = text("from"), text("to"), text("offset"), text("limit")
        return cls(
            start=parse_date(start, "from") if start else None,
            end=parse_date(end, "to") if end else None,
            actors=tuple(dict.fromkeys(entity_iri(value, "actor") for value in many("actor"))),
            types=tuple(dict.fromkeys(type_iri(value) for value in many("type"))),
            sources=tuple(dict.fromkeys(source_iri(value) for value in many("source"))),
            lanes=text("lanes"),
            offset=_integer(offset, "offset", 0, 10**9) if offset else 0,
            limit=_integer(limit, "limit", 0, MAX_LIMIT) if limit else DEFAULT_LIMIT,
        )


# --- small helpers ----------------------------------------------------------------------------

def href(iri: str | None) -> str | None:
    """Where a page links an IRI: /id/... for ours, /ontology#Term for the ontology, and
    /resource?iri=... for anyone else's (a researcher's own RDF files use their own IRIs)."""
    if not iri:
        return None
    if iri.startswith(str(EKBD)):
        return _ID_PATH + iri[len(str(EKBD)):]
    if iri.startswith(_ONTOLOGY):
        return "/ontology#" + iri[len(_ONTOLOGY):]
    if iri.startswith(("http://", "https://")) and not _UNSAFE.search(iri):
        return "/resource?" + urlencode({"iri": iri})
    return None


def outside_href(iri: str) -> str | None:
    """A link out, for identifiers elsewhere (Wikidata); only http(s)."""
    return iri if iri.startswith(("http://", "https://")) and not _UNSAFE.search(iri) else None


def short_name(iri: str) -> str:
    """A prefixed name (ekb:Ceasefire) where a known namespace fits, else the IRI."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _node(iri: str, label: str | None = None) -> dict[str, Any]:
    return {"id": iri, "href": href(iri), "label": label or _local_name(iri)}


def _iri(value: str) -> str:
    return f"<{check_iri(value)}>"


def _values(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(_iri(iri) for iri in iris)} }}"


def _date_literal(day: date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def _select(kb: KnowledgeBase, sparql: str) -> list[dict[str, Any]]:
    """The solutions as {variable: lexical value or None}: plain data for the callers."""
    results = kb.query(sparql)
    assert isinstance(results, Solutions)
    return [{name: (row[name].value if name in row else None) for name in results.variables} for row in results]


def _first_by(rows: Iterable[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """One row per key value (the first): a label or a status may be given twice in loaded data."""
    firsts: dict[str, dict[str, Any]] = {}
    for row in rows:
        firsts.setdefault(row[key], row)
    return firsts


# --- how a time reads -------------------------------------------------------------------------

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


def _describe_time(event: dict[str, Any]) -> tuple[str | None, str | None]:
    """The normalised time in words ("November 2020", "after 2020-11") and a value for <time datetime>."""
    begin, end = _as_date(event["begin"]), _as_date(event["end"])
    exact = event["precision"] in ("day", "week")
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
    latest_begin, earliest_end = _as_date(event["latestBegin"]), _as_date(event["earliestEnd"])
    if latest_begin and earliest_end:
        if latest_begin == earliest_end:
            return f"going on at {latest_begin.isoformat()}", latest_begin.isoformat()
        return f"began before {latest_begin.isoformat()}, until at least {earliest_end.isoformat()}", latest_begin.isoformat()
    if latest_begin:
        return f"began before {latest_begin.isoformat()}", latest_begin.isoformat()
    if earliest_end:
        return f"until at least {earliest_end.isoformat()}", earliest_end.isoformat()
    return None, None


# --- the timeline -----------------------------------------------------------------------------

def _event_classes(kb: KnowledgeBase, types: Iterable[str] = ()) -> list[str]:
    """Every event class (below sem:Event), or those below the given types: the class hierarchy is
    small, so the closure is computed once here instead of once per event in the page query."""
    types = list(types)
    below = f"{_values('type', types)} ?class rdfs:subClassOf* ?type ." if types else ""
    rows = _select(kb, f"SELECT DISTINCT ?class WHERE {{ ?class rdfs:subClassOf* sem:Event . {below} FILTER(isIRI(?class)) }}")
    return [row["class"] for row in rows if not _UNSAFE.search(row["class"])]


def _role_properties(kb: KnowledgeBase) -> dict[str, str | None]:
    """The roles (sub-properties of sem:hasActor) and their labels, found once per page, not once per actor."""
    rows = _select(kb, """SELECT ?role (MIN(?name) AS ?label) WHERE {
        ?role rdfs:subPropertyOf+ sem:hasActor . FILTER(isIRI(?role)) OPTIONAL { ?role rdfs:label ?name } } GROUP BY ?role""")
    return {row["role"]: row["label"] for row in rows if not _UNSAFE.search(row["role"])}


def _kinds(kb: KnowledgeBase, iris: Iterable[str]) -> dict[str, set[str]]:
    """The kinds (_KINDS classes) of these IRIs, from their types and the class hierarchy read apart:
    the path ``?x a/rdfs:subClassOf* ?kind`` with the kinds given is walked from the kinds, through
    every instance of every event class (0.35 s for an article page at 15,000 events)."""
    unique = list(dict.fromkeys(iris))
    if not unique:
        return {}
    below: dict[str, set[str]] = {}
    for row in _select(kb, f"SELECT DISTINCT ?class ?kind WHERE {{ {_values('kind', _KINDS)} ?class rdfs:subClassOf* ?kind }}"):
        below.setdefault(row["class"], set()).add(row["kind"])
    kinds: dict[str, set[str]] = {}
    for row in _select(kb, f"SELECT DISTINCT ?node ?type WHERE {{ {_values('node', unique)} ?node a ?type }}"):
        kinds.setdefault(row["node"], set()).update(below.get(row["type"], ()))
    return kinds


def _labels(kb: KnowledgeBase, iris: Iterable[str], predicate: str = "rdfs:label") -> dict[str, str]:
    """One label for each of these IRIs, looked up apart from the rows that use them: a shared actor
    is labelled in every article's graph, and the union default graph gives each of those copies, so
    joining labels into a larger pattern multiplies its rows by the number of articles."""
    unique = list(dict.fromkeys(iris))
    if not unique:
        return {}
    rows = _select(kb, f"""SELECT ?node (MIN(?name) AS ?label) WHERE {{
        {_values("node", unique)} ?node {predicate} ?name }} GROUP BY ?node""")
    return {row["node"]: row["label"] for row in rows}


def _matching(filters: TimelineFilters, classes: list[str]) -> str:
    """The graph pattern of an event that passes the actor, type and source filters; the actors and
    sources come first, as joins, so that they narrow the events before anything else is read."""
    pattern = ""
    if filters.actors:
        pattern += f"{_values('actor', filters.actors)} ?event sem:hasActor ?actor . "
    if filters.sources:
        pattern += f"{_values('source', filters.sources)} ?event prov:wasDerivedFrom ?source . "
    return pattern + f"{_values('class', classes)} ?event a ?class . FILTER(isIRI(?event))"


def _window(filters: TimelineFilters) -> str:
    """Overlap with the window as far as the known bounds tell; an open bound overlaps."""
    conditions = []
    if filters.end:
        conditions.append(f"(!BOUND(?begin) || ?begin <= {_date_literal(filters.end)})")
    if filters.start:
        conditions.append(f"(!BOUND(?end) || ?end >= {_date_literal(filters.start)})")
    return f"FILTER({' && '.join(conditions)})" if conditions else ""


def _page(kb: KnowledgeBase, where: str, count_where: str, offset: int, limit: int) -> tuple[int, list[str]]:
    """How many events match and the IRIs of one page of them, cut before any details are fetched.

    The shapes allow one label and one of each timestamp per event, so DISTINCT (cheaper than
    GROUP BY) gives each event once; sorting every match is the cost that remains.
    """
    count = _select(kb, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {count_where} }}")[0]["n"]
    if not limit:
        return int(count), []
    rows = _select(kb, f"""SELECT DISTINCT ?event ?begin ?label WHERE {{
        {where} OPTIONAL {{ ?event rdfs:label ?label }}
    }} ORDER BY ?begin ?label ?event OFFSET {offset} LIMIT {limit}""")
    return int(count), [row["event"] for row in rows]


def timeline(kb: KnowledgeBase, filters: TimelineFilters) -> dict[str, Any]:
    """The /api/timeline answer: dated events in the window by begin, then undated ones by label.

    ``total`` counts both; offset and limit page through the dated events followed by the
    undated ones, so a client that pages until ``offset >= total`` gets every event once.
    Dated means not ``ekb:undated true``: the shapes make every event one or the other.
    """
    matching = _matching(filters, _event_classes(kb, filters.types))
    window = _window(filters)
    bounds = (_BEGIN if filters.end else "") + (_END if filters.start else "")  # what the window compares
    dated = f"{matching} MINUS {{ ?event ekb:undated true }}"  # an anti-join: cheaper than FILTER NOT EXISTS here
    undated = f"{matching} ?event ekb:undated true ."
    dated_total, dated_page = _page(kb, f"{dated} {_BEGIN}{_END if filters.start else ''} {window}",
                                    f"{dated} {bounds} {window}", filters.offset, filters.limit)
    undated_total, undated_page = _page(kb, undated, undated, max(0, filters.offset - dated_total), filters.limit - len(dated_page))
    events = _events(kb, dated_page + undated_page)
    return {
        "window": {"from": filters.start.isoformat() if filters.start else None,
                   "to": filters.end.isoformat() if filters.end else None},
        "total": dated_total + undated_total, "offset": filters.offset, "limit": filters.limit,
        "events": events[:len(dated_page)], "undated": events[len(dated_page):],
    }


def _events(kb: KnowledgeBase, iris: list[str]) -> list[dict[str, Any]]:
    """EVENT dicts (docs/web-api.md) for these IRIs, in their order; non-events get no types."""
    if not iris:
        return []
    values = _values("event", dict.fromkeys(iris))
    main = _first_by(_select(kb, f"""SELECT ?event ?label ?status ?begin ?end ?earliestBegin ?latestBegin ?earliestEnd ?latestEnd
               ?precision ?precisionLabel ?timeText ?timeValue WHERE {{
        {values}
        OPTIONAL {{ ?event rdfs:label ?label }}
        OPTIONAL {{ ?event ekb:eventStatus ?status }}
        {_ENVELOPE}
        OPTIONAL {{ ?event sem:hasLatestBeginTimeStamp ?latestBegin }}
        OPTIONAL {{ ?event sem:hasEarliestEndTimeStamp ?earliestEnd }}
        OPTIONAL {{ ?event ekb:timePrecision ?precision OPTIONAL {{ ?precision rdfs:label ?precisionLabel }} }}
        OPTIONAL {{ ?event ekb:timeText ?timeText }}
        OPTIONAL {{ ?event ekb:timeValue ?timeValue }}
    }}"""), "event")
    types: dict[str, list[dict[str, Any]]] = {iri: [] for iri in iris}
    for row in _select(kb, f"""SELECT DISTINCT ?event ?type ?label WHERE {{
        {values} ?event a ?type . ?type rdfs:subClassOf* sem:Event . OPTIONAL {{ ?type rdfs:label ?label }}
    }} ORDER BY ?type"""):
        if all(known["id"] != row["type"] for known in types[row["event"]]):
            types[row["event"]].append({**_node(row["type"], row["label"]), "param": _type_param(row["type"])})
    actors: dict[str, dict[str, dict[str, Any]]] = {iri: {} for iri in iris}
    roles = _role_properties(kb)
    links = _select(kb, f"""SELECT DISTINCT ?event ?actor ?role WHERE {{
        {values} ?event sem:hasActor ?actor . FILTER(isIRI(?actor))
        OPTIONAL {{ {_values("role", roles)} ?event ?role ?actor }}
    }}""")
    labels = _labels(kb, [row["actor"] for row in links])
    for row in sorted(links, key=lambda row: (labels.get(row["actor"]) or "", row["actor"],
                                              roles.get(row["role"]) or row["role"] or "")):
        actor = actors[row["event"]].setdefault(row["actor"], {**_node(row["actor"], labels.get(row["actor"])), "role": None})
        role = (roles.get(row["role"]) or _local_name(row["role"])) if row["role"] else None
        if role and role not in (actor["role"] or "").split(", "):
            actor["role"] = f"{actor['role']}, {role}" if actor["role"] else role
    sources: dict[str, dict[str, dict[str, Any]]] = {iri: {} for iri in iris}
    for row in _select(kb, f"""SELECT ?event ?source ?headline WHERE {{
        {values} ?event prov:wasDerivedFrom ?source . OPTIONAL {{ ?source schema:headline ?headline }}
    }} ORDER BY ?source"""):
        sources[row["event"]].setdefault(row["source"], {"id": row["source"], "href": href(row["source"]),
                                                         "headline": row["headline"] or _local_name(row["source"])})
    events = []
    for iri in iris:
        row = main.get(iri, {})
        event = {
            **_node(iri, row.get("label")),
            "types": types[iri],
            "status": _local_name(row["status"]).lower() if row.get("status") else "happened",
            **{key: row.get(key) for key in ("begin", "end", "earliestBegin", "latestBegin", "earliestEnd", "latestEnd")},
            "precision": (row.get("precisionLabel") or _local_name(row["precision"]).lower()) if row.get("precision") else None,
            "timeText": row.get("timeText"), "timeValue": row.get("timeValue"),
            "actors": list(actors[iri].values()), "sources": list(sources[iri].values()),
        }
        event["when"], event["datetime"] = _describe_time(event)
        events.append(event)
    return events


def _ordered(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated events by begin (open begins first) then label, as on the timeline; undated ones last."""
    return sorted(events, key=lambda event: (event["when"] is None, event["begin"] or "", event["label"], event["id"]))


def facets(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """What the filters offer, with how many events each value has; ``param`` is the value to send back."""
    classes = _values("class", _event_classes(kb))

    def counted(pattern: str, label: str) -> list[dict[str, Any]]:
        rows = _select(kb, f"""SELECT ?value (COUNT(DISTINCT ?event) AS ?count) WHERE {{
            {classes} ?event a ?class . {pattern} FILTER(isIRI(?value)) }} GROUP BY ?value""")
        labels = _labels(kb, [row["value"] for row in rows], label)
        return sorted(({**row, "label": labels.get(row["value"])} for row in rows),  # as ORDER BY ?label ?value
                      key=lambda row: (row["label"] is not None, row["label"] or "", row["value"]))

    def entry(row: dict[str, Any], param: str) -> dict[str, Any]:
        return {**_node(row["value"], row["label"]), "count": int(row["count"]), "param": param}

    return {
        "actors": [entry(row, href(row["value"]) or row["value"]) for row in counted("?event sem:hasActor ?value .", "rdfs:label")],
        "types": [{key: value for key, value in entry(row, _type_param(row["value"])).items() if key != "href"}
                  for row in counted("?event a ?value . FILTER(?value = ?class)", "rdfs:label")],
        "sources": [{"id": item["id"], "href": item["href"], "headline": item["label"], "count": item["count"],
                     "param": _source_param(item["id"])}
                    for item in (entry(row, "") for row in counted("?event prov:wasDerivedFrom ?value .", "schema:headline"))],
    }


def _type_param(iri: str) -> str:
    local = iri[len(_ONTOLOGY):]
    return local if iri.startswith(_ONTOLOGY) and _LOCAL_NAME.fullmatch(local) else iri


def _source_param(iri: str) -> str:
    prefix = str(EKBD["article/"])
    slug = iri[len(prefix):]
    return slug if iri.startswith(prefix) and _SLUG.fullmatch(slug) else iri


# --- one event --------------------------------------------------------------------------------

def event_details(kb: KnowledgeBase, iri: str) -> dict[str, Any] | None:
    """EVENT plus places, related events (both directions), claims and evidence in context; None if no event."""
    (event,) = _events(kb, [check_iri(iri, "event")])
    if not event["types"]:
        return None
    event["places"] = [_node(row["place"], row["label"]) for row in _first_by(_select(kb, f"""
        SELECT ?place ?label WHERE {{ {_iri(iri)} sem:hasPlace ?place . OPTIONAL {{ ?place rdfs:label ?label }} }} ORDER BY ?label
    """), "place").values()]
    event["related"] = _related(kb, iri)
    event["claims"] = _claims(kb, iri)
    event["evidence"] = _evidence(kb, iri)
    return event


def _related(kb: KnowledgeBase, iri: str) -> list[dict[str, Any]]:
    rows = _select(kb, f"""SELECT ?other ?property ?direction ?label ?propertyLabel WHERE {{
        {{ {_iri(iri)} ?property ?other . BIND("out" AS ?direction) }}
        UNION {{ ?other ?property {_iri(iri)} . BIND("in" AS ?direction) }}
        FILTER(isIRI(?other) && (?property IN (sem:subEventOf, sem:hasSubEvent) || EXISTS {{ ?property rdfs:subPropertyOf* ekb:relatedTo }}))
        OPTIONAL {{ ?other rdfs:label ?label }}
        OPTIONAL {{ ?property rdfs:label ?propertyLabel }}
    }} ORDER BY ?label ?other""")
    related: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        name = _SEM_RELATIONS.get(row["property"]) or row["propertyLabel"] or _local_name(row["property"])
        relation = name if row["direction"] == "out" else _INVERSE.get(name, f"{name} (inverse)")
        related.setdefault((row["other"], relation), {**_node(row["other"], row["label"]), "relation": relation})
    return list(related.values())


def _claims(kb: KnowledgeBase, iri: str) -> list[dict[str, Any]]:
    """Claims made in the event or about it, with who makes them (an article for the author's own)."""
    claims: dict[str, dict[str, Any]] = {}
    for row in _select(kb, f"""SELECT ?claim ?label ?text ?by ?byLabel WHERE {{
        {{ ?claim ekb:assertedIn {_iri(iri)} }} UNION {{ ?claim ekb:about {_iri(iri)} }}
        ?claim a ekb:Claim .
        OPTIONAL {{ ?claim rdfs:label ?label }}
        OPTIONAL {{ ?claim schema:text ?text }}
        OPTIONAL {{ ?claim prov:wasAttributedTo ?by OPTIONAL {{ ?by rdfs:label|schema:headline ?byLabel }} }}
    }} ORDER BY ?label ?claim ?byLabel"""):
        claim = claims.setdefault(row["claim"], {**_node(row["claim"], row["label"]), "text": row["text"], "by": []})
        if row["by"] and all(known["id"] != row["by"] for known in claim["by"]):
            claim["by"].append(_node(row["by"], row["byLabel"]))
    return list(claims.values())


def _evidence_anchor(annotation: str) -> str:
    """The id of an evidence span on its article's page: stable, from the annotation's IRI."""
    prefix = str(EKBD["evidence/"])
    local = annotation[len(prefix):].partition("/")[2] if annotation.startswith(prefix) else annotation
    return "evidence-" + slugify(local or annotation)


@lru_cache(maxsize=16)
def _sentences_of(text: str) -> tuple[Span, ...] | None:
    """The article's sentences (parsing is cached: one text serves every quote in it)."""
    try:
        return tuple(parse_article(text).sentences)
    except ArticleError:
        return None


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The rest of the sentence(s) around a quote; the rest of its line when the text is no article."""
    sentences = _sentences_of(text)
    covering = [span for span in sentences or () if span.start < end and start < span.end]
    if covering:
        first, last = min(covering[0].start, start), max(covering[-1].end, end)
    else:
        first, last = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        last = len(text) if last < 0 else last
    return text[first:start], text[end:last]


def _evidence(kb: KnowledgeBase, iri: str) -> list[dict[str, Any]]:
    """Each quote that is evidence for the entity, with its context and its place on the article's page."""
    items = []
    for row in _select(kb, f"""SELECT ?annotation ?source ?headline ?exact ?start ?end ?body WHERE {{
        ?annotation oa:hasBody {_iri(iri)} ; oa:hasTarget ?target .
        ?target oa:hasSource ?source ; oa:hasSelector ?quote , ?position .
        ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
        OPTIONAL {{ ?source schema:headline ?headline }}
        OPTIONAL {{ ?source schema:articleBody ?body }}
    }} ORDER BY ?source ?start ?annotation"""):
        start, end, text = int(row["start"]), int(row["end"]), row["body"] or ""
        before, after = _context(text, start, end) if text[start:end] == row["exact"] else ("", "")
        anchor = _evidence_anchor(row["annotation"])
        source_href = href(row["source"])
        items.append({
            "id": row["annotation"], "anchor": anchor, "exact": row["exact"], "start": start, "end": end,
            "before": before, "after": after,
            "source": {"id": row["source"], "href": source_href, "headline": row["headline"] or _local_name(row["source"])},
            "href": f"{source_href}#{anchor}" if source_href and source_href.startswith(_ID_PATH) else None,
        })
    return items


# --- any entity -------------------------------------------------------------------------------

def _property(iri: str, label: str | None) -> dict[str, Any]:
    return {"id": iri, "name": short_name(iri), "label": label, "href": href(iri)}


def _describe(kb: KnowledgeBase, subjects: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The outgoing triples of each subject: its types, literal values and links, with labels."""
    described: dict[str, dict[str, list[dict[str, Any]]]] = {subject: {"types": [], "literals": [], "links": []} for subject in subjects}
    seen: set[tuple[str | None, ...]] = set()
    for row in _select(kb, f"""SELECT ?s ?p ?o ?kind ?datatype ?language ?pLabel ?oLabel WHERE {{
        {_values("s", subjects)} ?s ?p ?o .
        BIND (IF(isIRI(?o), "iri", IF(isBlank(?o), "blank", "literal")) AS ?kind)
        OPTIONAL {{ FILTER(isLiteral(?o)) BIND (STR(DATATYPE(?o)) AS ?datatype) BIND (LANG(?o) AS ?language) }}
        OPTIONAL {{ ?p rdfs:label ?pLabel }}
        OPTIONAL {{ ?o rdfs:label|schema:headline ?oLabel }}
    }} ORDER BY ?s ?p ?o"""):
        if (row["s"], row["p"], row["o"], row["kind"]) in seen:
            continue
        seen.add((row["s"], row["p"], row["o"], row["kind"]))
        entry = described[row["s"]]
        if row["kind"] == "literal":
            entry["literals"].append({"property": _property(row["p"], row["pLabel"]), "value": row["o"],
                                      "datatype": short_name(row["datatype"]) if row["datatype"] else None,
                                      "language": row["language"] or None})
        elif row["p"] == PREFIXES["rdf"] + "type" and row["kind"] == "iri":
            entry["types"].append({**_node(row["o"], row["oLabel"]), "name": short_name(row["o"])})
        else:
            target = _node(row["o"], row["oLabel"]) if row["kind"] == "iri" else {"id": f"_:{row['o']}", "href": None, "label": "(a blank node)"}
            entry["links"].append({"property": _property(row["p"], row["pLabel"]), "target": target})
    return described


def entity(kb: KnowledgeBase, iri: str) -> dict[str, Any] | None:
    """Everything a page shows about an /id/ IRI; None when the store does not mention it.

    Its label, kinds (event, actor, place, claim, article, evidence), types, literal values,
    links both ways, its own #parts (an evidence's target and selectors), the evidence quoted
    for it, the events of an actor or place, and for an event its details.
    """
    check_iri(iri, "entity")
    described = _describe(kb, [iri])
    parts, frontier = [], [iri]
    while frontier:  # hash IRIs under this one belong to its description, as in its RDF
        found = [link["target"]["id"] for subject in frontier for link in described[subject]["links"]
                 if link["target"]["id"].startswith(f"{iri}#") and link["target"]["id"] not in described]
        frontier = list(dict.fromkeys(found))
        if frontier:
            described.update(_describe(kb, frontier))
            parts += frontier
    incoming = _select(kb, f"""SELECT DISTINCT ?s ?p ?blank ?pLabel ?sLabel WHERE {{
        ?s ?p {_iri(iri)} . FILTER(?p != oa:hasBody && !STRSTARTS(STR(?s), "{iri}#"))
        BIND (isBlank(?s) AS ?blank)
        OPTIONAL {{ ?p rdfs:label ?pLabel }}
        OPTIONAL {{ ?s rdfs:label|schema:headline ?sLabel }}
    }} ORDER BY ?p ?s LIMIT {_INCOMING_LIMIT + 1}""")
    evidence = _evidence(kb, iri)
    main = described[iri]
    if not (main["types"] or main["literals"] or main["links"] or incoming or evidence):
        return None
    kinds = _kinds(kb, [iri]).get(iri, set())
    names = [item["value"] for item in main["literals"] if item["property"]["id"] in _NAMES]
    links_in = _first_by(({**row, "key": f"{row['s']} {row['p']}"} for row in incoming[:_INCOMING_LIMIT]), "key")
    kind_names = [kind for class_iri, kind in _KINDS.items() if class_iri in kinds]
    page = {
        **_node(iri, names[0] if names else None),
        "kinds": kind_names,
        **main,
        "sameAs": [{**link["target"], "href": outside_href(link["target"]["id"])} for link in main["links"]
                   if link["property"]["id"] in _SAME_AS and outside_href(link["target"]["id"])],
        "incoming": [{"property": _property(row["p"], row["pLabel"]),
                      "source": _blank(row["s"]) if row["blank"] == "true" else _node(row["s"], row["sLabel"])}
                     for row in links_in.values()],
        "incomingTruncated": len(incoming) > _INCOMING_LIMIT,
        "parts": [{"id": part, "fragment": part[len(iri) + 1:], **described[part]} for part in parts],
        "evidence": evidence,
        "event": event_details(kb, iri) if "event" in kind_names else None,
    }
    for key, pattern, kind in (("events", "?event sem:hasActor", "actor"), ("eventsHere", "?event sem:hasPlace", "place")):
        page[key], page[f"{key}Total"] = _events_linked(kb, pattern, iri) if kind in kind_names else ([], 0)
    return page


def _blank(identifier: str) -> dict[str, Any]:
    return {"id": f"_:{identifier}", "href": None, "label": "(a blank node)"}


def _events_linked(kb: KnowledgeBase, pattern: str, iri: str) -> tuple[list[dict[str, Any]], int]:
    """The first LINKED_LIMIT events that have this actor (or place), in timeline order, and how many there are:
    a country in thousands of articles would otherwise make a page of thousands of events."""
    linked = f"{pattern} {_iri(iri)} . FILTER(isIRI(?event))"
    total = int(_select(kb, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {linked} }}")[0]["n"])
    return _ordered(_events(kb, _in_timeline_order(kb, linked, LINKED_LIMIT))), total


def _in_timeline_order(kb: KnowledgeBase, where: str, limit: int | None = None) -> list[str]:
    """The events matching WHERE, dated ones by begin then label, undated ones last (as ``_ordered``)."""
    rows = _select(kb, f"""SELECT DISTINCT ?event ?undated ?begin ?label WHERE {{
        {where} BIND(EXISTS {{ ?event ekb:undated true }} AS ?undated) {_BEGIN} OPTIONAL {{ ?event rdfs:label ?label }}
    }} ORDER BY ?undated ?begin ?label ?event{f" LIMIT {limit}" if limit else ""}""")
    return [row["event"] for row in rows]


# --- the events as a table (CSV for spreadsheets, R, TimelineJS-style tools) -----------------

TABLE_COLUMNS = ("id", "label", "types", "status", "begin", "end", "earliestBegin", "latestBegin", "earliestEnd",
                 "latestEnd", "precision", "timeText", "timeValue", "actors", "sources", "evidence")
_TABLE_CHUNK = 500  # events described per round of queries
_FORMULA = re.compile(r"^[=+\-@\t\r]")  # what a spreadsheet would run as a formula


def events_table(kb: KnowledgeBase, graph: str | None = None) -> list[dict[str, str]]:
    """Every event (of one named graph, if given) as a flat row, in timeline order: the summary a
    researcher takes into a spreadsheet, with each event's evidence quotes in text order."""
    classes = f"{_values('class', _event_classes(kb))} ?event a ?class . FILTER(isIRI(?event))"
    iris = _in_timeline_order(kb, f"GRAPH {_iri(check_iri(graph, 'graph'))} {{ {classes} }}" if graph else classes)
    rows = []
    for first in range(0, len(iris), _TABLE_CHUNK):
        chunk = iris[first:first + _TABLE_CHUNK]
        quotes: dict[str, list[str]] = {}
        for row in _select(kb, f"""SELECT DISTINCT ?event ?exact ?start WHERE {{
            {_values("event", chunk)} ?annotation oa:hasBody ?event ; oa:hasTarget/oa:hasSelector ?quote, ?position .
            ?quote oa:exact ?exact . ?position oa:start ?start }} ORDER BY ?event ?start"""):
            quotes.setdefault(row["event"], []).append(row["exact"])
        for event in _events(kb, chunk):
            rows.append({
                "id": event["id"], "label": event["label"],
                "types": "; ".join(kind["label"] or _local_name(kind["id"]) for kind in event["types"]),
                "status": event["status"],
                **{key: event[key] or "" for key in ("begin", "end", "earliestBegin", "latestBegin", "earliestEnd", "latestEnd")},
                "precision": event["precision"] or "", "timeText": event["timeText"] or "", "timeValue": event["timeValue"] or "",
                "actors": "; ".join(f"{actor['label']} ({actor['role']})" if actor["role"] else actor["label"]
                                    for actor in event["actors"]),
                "sources": "; ".join(source["id"] for source in event["sources"]),
                "evidence": "\n".join(dict.fromkeys(quotes.get(event["id"], []))),
            })
    return rows


def events_csv(kb: KnowledgeBase, graph: str | None = None) -> str:
    """``events_table`` as CSV (RFC 4180); a cell that a spreadsheet would run as a formula starts with '."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in events_table(kb, graph):
        writer.writerow({key: f"'{value}" if _FORMULA.match(value) else value for key, value in row.items()})
    return out.getvalue()


def entity_rdf(kb: KnowledgeBase, iri: str, rdf_format: str) -> bytes | None:
    """The entity's triples (outgoing, incoming and those of its #parts) serialised; None if there are none."""
    where = f"""WHERE {{
        {{ BIND ({_iri(iri)} AS ?s) ?s ?p ?o }}
        UNION {{ BIND ({_iri(iri)} AS ?o) ?s ?p ?o }}
        UNION {{ {_iri(iri)} ?p1 ?s . FILTER(STRSTARTS(STR(?s), "{iri}#")) ?s ?p ?o }}
        UNION {{ {_iri(iri)} ?p1 ?m . ?m ?p2 ?s . FILTER(STRSTARTS(STR(?m), "{iri}#") && STRSTARTS(STR(?s), "{iri}#")) ?s ?p ?o }}
    }}"""
    if not kb.query(f"ASK {where}"):
        return None
    return kb.answer(f"CONSTRUCT {{ ?s ?p ?o }} {where}", rdf_format)


# --- an article with its evidence -------------------------------------------------------------

def article(kb: KnowledgeBase, iri: str) -> dict[str, Any] | None:
    """An article's metadata and its text as blocks of segments, every evidence span highlighted.

    Spans overlap freely in the data (a claim inside an event's sentence, three events on one
    sentence), so they are nested: a span that crosses the end of an enclosing one is split,
    and each piece knows whether it is the first (which carries the anchor) and the last.
    """
    rows = _select(kb, f"""SELECT ?headline ?published ?body ?author ?authorLabel ?url ?caption ?credit WHERE {{
        {_iri(iri)} a schema:NewsArticle ; schema:articleBody ?body .
        OPTIONAL {{ {_iri(iri)} schema:headline ?headline }}
        OPTIONAL {{ {_iri(iri)} schema:datePublished ?published }}
        OPTIONAL {{ {_iri(iri)} schema:author ?author OPTIONAL {{ ?author rdfs:label ?authorLabel }} }}
        OPTIONAL {{ {_iri(iri)} schema:url ?url }}
        OPTIONAL {{ {_iri(iri)} schema:image ?image OPTIONAL {{ ?image schema:caption ?caption }} OPTIONAL {{ ?image schema:creditText ?credit }} }}
    }} LIMIT 1""")
    if not rows:
        return None
    row, text = rows[0], rows[0]["body"] or ""
    spans = _article_spans(kb, iri, len(text))
    return {
        **_node(iri, row["headline"]), "headline": row["headline"] or _local_name(iri),
        "published": row["published"],
        "author": _node(row["author"], row["authorLabel"]) if row["author"] else None,
        "url": href(row["url"]) if row["url"] else None,
        "image": {"caption": row["caption"], "credit": row["credit"]} if row["caption"] or row["credit"] else None,
        "blocks": [{"kind": kind, "segments": _nest(text, start, end, [_clip(span, start, end) for span in spans
                                                                          if span["start"] < end and start < span["end"]])}
                   for start, end, kind in _blocks(text, min([span["start"] for span in spans], default=len(text)))],
        "evidence": [span["evidence"] for span in spans],
    }


def _article_spans(kb: KnowledgeBase, iri: str, length: int) -> list[dict[str, Any]]:
    """The article's evidence spans in text order, numbered, each with the entity it is evidence for."""
    rows = _select(kb, f"""SELECT DISTINCT ?annotation ?body ?start ?end ?exact WHERE {{
        ?annotation oa:hasBody ?body ; oa:hasTarget ?target .
        ?target oa:hasSource {_iri(iri)} ; oa:hasSelector ?position , ?quote .
        ?position oa:start ?start ; oa:end ?end .
        ?quote oa:exact ?exact .
    }}""")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if 0 <= start < end <= length:  # offsets the shapes let through but the text cannot hold are skipped
            found.setdefault(row["annotation"], {"start": start, "end": end, "row": row})
    bodies = [span["row"]["body"] for span in found.values()]
    labels, values = _labels(kb, bodies, "rdfs:label|schema:headline"), _labels(kb, bodies, "ekb:timeValue")
    kinds = _kinds(kb, bodies)
    spans = sorted(found.items(), key=lambda item: (item[1]["start"], -item[1]["end"], item[0]))
    for number, (annotation, span) in enumerate(spans, start=1):
        row = span.pop("row")
        body, label = row["body"], labels.get(row["body"])
        if str(SEM.Time) in kinds.get(body, ()) and body in values and label:  # a time expression: its words and its value
            label = f"{label} ({values[body]})"
        span["evidence"] = {"id": annotation, "anchor": _evidence_anchor(annotation), "number": number,
                            "start": span["start"], "end": span["end"], "exact": row["exact"],
                            "kind": next((kind for class_iri, kind in _KINDS.items() if class_iri in kinds.get(body, ())), "other"),
                            "body": _node(body, label)}
    return [span for _, span in spans]


def _blocks(text: str, first_evidence: int) -> list[tuple[int, int, str]]:
    """The text's paragraphs and headings (blocks between blank lines) from its body on, or from
    the first evidence span if one lies before the body."""
    try:
        document = parse_article(text)
        begin = min(document.body.start, first_evidence)
        headings = {(section.heading_span.start, section.heading_span.end) for section in document.sections}
    except ArticleError:
        begin, headings = 0, set()
    blocks = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text[begin:]):
        start = begin + match.start()
        end = start + len(match.group(0).rstrip())
        blocks.append((start, end, "heading" if (start, end) in headings else "paragraph"))
    return blocks


def _clip(span: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The part of a span inside a block; its first and last piece stay marked as such."""
    return {**span, "start": max(span["start"], start), "end": min(span["end"], end),
            "first": span.get("first", True) and span["start"] >= start, "last": span.get("last", True) and span["end"] <= end}


def _nest(text: str, start: int, end: int, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """text[start:end] as segments: {"text"} and {"evidence", "first", "last", "children"}, nested."""
    segments: list[dict[str, Any]] = []
    pending = sorted(spans, key=lambda span: (span["start"], -span["end"], span["evidence"]["number"]))
    position = start
    while pending:
        outer, rest, inside = pending.pop(0), [], []
        if outer["start"] > position:
            segments.append({"text": text[position:outer["start"]]})
        for span in pending:
            if span["start"] >= outer["end"]:
                rest.append(span)
            elif span["end"] <= outer["end"]:
                inside.append(span)
            else:  # crosses the outer span's end: split it there
                inside.append({**span, "end": outer["end"], "last": False})
                rest.append({**span, "start": outer["end"], "first": False})
        segments.append({"evidence": outer["evidence"], "first": outer["first"], "last": outer["last"],
                         "children": _nest(text, outer["start"], outer["end"], inside)})
        position = outer["end"]
        pending = sorted(rest, key=lambda span: (span["start"], -span["end"], span["evidence"]["number"]))
    if position < end:
        segments.append({"text": text[position:end]})
    return segments


# --- the ontology and the example queries -----------------------------------------------------

def ontology_terms(kb: KnowledgeBase) -> dict[str, Any]:
    """Every class, property and individual of the ontology graph, with label, comment, the terms it
    refines (super class/property), domain, range, CAMEO code, for the /ontology page."""
    graph = _iri(str(ONTOLOGY_GRAPH))
    terms: dict[str, dict[str, Any]] = {}
    for row in _select(kb, f"""SELECT ?term ?kind ?label ?comment ?cameo WHERE {{ GRAPH {graph} {{
        {_values("kind", (PREFIXES["owl"] + name for name in _TERM_KINDS))} ?term a ?kind . FILTER(isIRI(?term))
        OPTIONAL {{ ?term rdfs:label ?label }} OPTIONAL {{ ?term rdfs:comment ?comment }} OPTIONAL {{ ?term ekb:cameoCode ?cameo }}
    }} }} ORDER BY ?term"""):
        section = _TERM_KINDS[_local_name(row["kind"])]
        term = terms.setdefault(row["term"], {
            **_node(row["term"], row["label"]), "name": short_name(row["term"]), "local": _local_name(row["term"]),
            "comment": row["comment"], "cameo": row["cameo"], "section": section, "kinds": [],
            "super": [], "domain": [], "range": [], "types": [],
        })
        term["section"] = min(term["section"], section, key=_SECTIONS.index)  # a class or property before an individual
        term["kinds"] = sorted({*term["kinds"], _local_name(row["kind"])})
    related = {"rdfs:subClassOf": "super", "rdfs:subPropertyOf": "super", "rdfs:domain": "domain",
               "rdfs:range": "range", "rdf:type": "types"}
    for row in _select(kb, f"""SELECT ?term ?property ?other WHERE {{ GRAPH {graph} {{
        VALUES ?property {{ {' '.join(related)} }} ?term ?property ?other . FILTER(isIRI(?term) && isIRI(?other))
    }} }} ORDER BY ?other"""):
        if row["term"] in terms and not row["other"].startswith(PREFIXES["owl"]):
            terms[row["term"]][related[short_name(row["property"])]].append({**_node(row["other"]), "name": short_name(row["other"])})
    about = _select(kb, f"""SELECT ?label ?comment ?version WHERE {{ GRAPH {graph} {{ {graph} a owl:Ontology
        OPTIONAL {{ {graph} rdfs:label ?label }} OPTIONAL {{ {graph} rdfs:comment ?comment }} OPTIONAL {{ {graph} owl:versionInfo ?version }}
    }} }} LIMIT 1""")
    ordered = sorted(terms.values(), key=lambda term: term["name"].lower())
    return {
        "ontology": {"id": str(ONTOLOGY_GRAPH), **(about[0] if about else {"label": None, "comment": None, "version": None})},
        **{section: [term for term in ordered if term["section"] == section] for section in _SECTIONS},
    }


def example_queries() -> list[dict[str, str]]:
    """The competency questions shipped in ontology/queries, with the title and description their
    header comments give, for the query editor's examples."""
    queries = []
    for path in query_files():
        text = path.read_text(encoding="utf-8")
        header = {match.group(1).lower(): match.group(2).strip()
                  for match in re.finditer(r"^#\s*(title|description)\s*:(.*)$", text, re.MULTILINE | re.IGNORECASE)}
        queries.append({"name": path.stem, "title": header.get("title", path.stem),
                        "description": header.get("description", ""), "query": text})
    return queries
