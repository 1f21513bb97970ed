"""What the read modules share: the queries' small parts, and lookups done apart from larger patterns.

Labels and kinds are looked up apart from the rows that use them: a shared actor is labelled in
every article's graph, and the union default graph gives each of those copies (pyoxigraph 0.5,
Oxigraph #1919), so joining labels into a larger pattern multiplies its rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import PREFIXES, SEM
from kb.read.params import UNSAFE, check_iri
from kb.read.types import Links, Node
from kb.store import Solutions

__all__ = [
    "AUTOMATIC", "BEGIN", "END", "ENVELOPE", "KINDS", "short_name", "local_name", "node", "iri_ref", "values", "date_literal",
    "select", "first_by", "event_classes", "role_properties", "kinds", "labels",
]

# The outer envelope of an event's time, as in ontology/queries/01-november-to-march.rq. Each
# OPTIONAL is a lookup per event, so a query takes only the bound it needs.
BEGIN = """
    OPTIONAL { ?event sem:hasBeginTimeStamp ?beginStamp }
    OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?earliestBegin }
    BIND (COALESCE(?beginStamp, ?earliestBegin) AS ?begin)
"""
END = """
    OPTIONAL { ?event sem:hasEndTimeStamp ?endStamp }
    OPTIONAL { ?event sem:hasLatestEndTimeStamp ?latestEnd }
    BIND (COALESCE(?endStamp, ?latestEnd) AS ?end)
"""
ENVELOPE = BEGIN + END
AUTOMATIC = "EXISTS { ?event prov:wasGeneratedBy ?activity . ?activity a ekb:Extraction }"
"""Whether ?event was found by the automatic extraction (else it is curated, or data loaded as it is)."""
KINDS = {  # class -> kind of entity, in the order a page names them
    str(SEM.Event): "event", PREFIXES["ekb"] + "Claim": "claim", str(SEM.Actor): "actor",
    str(SEM.Place): "place", str(SEM.Time): "time", PREFIXES["schema"] + "NewsArticle": "article",
    PREFIXES["oa"] + "Annotation": "evidence",
}


def short_name(iri: str) -> str:
    """A prefixed name (ekb:Ceasefire) where a known namespace fits, else the IRI."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def node(links: Links, iri: str, label: str | None = None) -> Node:
    return {"id": iri, "href": links.entity(iri), "label": label or local_name(iri)}


def iri_ref(value: str) -> str:
    return f"<{check_iri(value)}>"


def values(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(iri_ref(iri) for iri in iris)} }}"


def date_literal(day: date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def select(kb: KnowledgeBase, sparql: str) -> list[dict[str, Any]]:
    """The solutions as {variable: lexical value or None}: plain data for the callers."""
    results = kb.query(sparql)
    assert isinstance(results, Solutions)
    return [{name: (row[name].value if name in row else None) for name in results.variables} for row in results]


def first_by(rows: Iterable[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """One row per key value (the first): a label or a status may be given twice in loaded data."""
    firsts: dict[str, dict[str, Any]] = {}
    for row in rows:
        firsts.setdefault(row[key], row)
    return firsts


def event_classes(kb: KnowledgeBase, types: Iterable[str] = ()) -> list[str]:
    """Every event class (below sem:Event), or those below the given types: the class hierarchy is
    small, so the closure is computed once here instead of once per event in the page query."""
    types = list(types)
    below = f"{values('type', types)} ?class rdfs:subClassOf* ?type ." if types else ""
    rows = select(kb, f"SELECT DISTINCT ?class WHERE {{ ?class rdfs:subClassOf* sem:Event . {below} FILTER(isIRI(?class)) }}")
    return [row["class"] for row in rows if not UNSAFE.search(row["class"])]


def role_properties(kb: KnowledgeBase) -> dict[str, str | None]:
    """The roles (sub-properties of sem:hasActor) and their labels, found once per page, not once per actor."""
    rows = select(kb, """SELECT ?role (MIN(?name) AS ?label) WHERE {
        ?role rdfs:subPropertyOf+ sem:hasActor . FILTER(isIRI(?role)) OPTIONAL { ?role rdfs:label ?name } } GROUP BY ?role""")
    return {row["role"]: row["label"] for row in rows if not UNSAFE.search(row["role"])}


def kinds(kb: KnowledgeBase, iris: Iterable[str]) -> dict[str, set[str]]:
    """The kinds (KINDS classes) of these IRIs, from their types and the class hierarchy read apart:
    the path ``?x a/rdfs:subClassOf* ?kind`` with the kinds given is walked from the kinds, through
    every instance of every event class (0.35 s for an article page at 15,000 events)."""
    unique = list(dict.fromkeys(iris))
    if not unique:
        return {}
    below: dict[str, set[str]] = {}
    for row in select(kb, f"SELECT DISTINCT ?class ?kind WHERE {{ {values('kind', KINDS)} ?class rdfs:subClassOf* ?kind }}"):
        below.setdefault(row["class"], set()).add(row["kind"])
    kinds: dict[str, set[str]] = {}
    for row in select(kb, f"SELECT DISTINCT ?node ?type WHERE {{ {values('node', unique)} ?node a ?type }}"):
        kinds.setdefault(row["node"], set()).update(below.get(row["type"], ()))
    return kinds


def labels(kb: KnowledgeBase, iris: Iterable[str], predicate: str = "rdfs:label") -> dict[str, str]:
    """One label for each of these IRIs, looked up apart from the rows that use them: a shared actor
    is labelled in every article's graph, and the union default graph gives each of those copies, so
    joining labels into a larger pattern multiplies its rows by the number of articles."""
    unique = list(dict.fromkeys(iris))
    if not unique:
        return {}
    rows = select(kb, f"""SELECT ?node (MIN(?name) AS ?label) WHERE {{
        {values("node", unique)} ?node {predicate} ?name }} GROUP BY ?node""")
    return {row["node"]: row["label"] for row in rows}
