"""Any entity's page (/id/..., /resource?iri=...): what the store says about it, both ways, and as RDF.

An actor's or a place's page lists its first LINKED_LIMIT events in timeline order, with how
many there are: a country in thousands of articles would otherwise make a page of thousands of events.
"""

from __future__ import annotations

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import PREFIXES
from kb.read.common import KINDS, first_by, iri_ref, kinds, node, select, short_name, values
from kb.read.events import event_details, event_records, in_order, in_timeline_order, quotes
from kb.read.params import check_iri
from kb.read.types import Description, EntityPage, Event, Links, Node, Property

__all__ = ["LINKED_LIMIT", "entity", "entity_rdf"]

LINKED_LIMIT = 200  # events listed on an actor's or a place's page
_INCOMING_LIMIT = 1000
_SAME_AS = {PREFIXES["schema"] + "sameAs", PREFIXES["owl"] + "sameAs"}
_NAMES = (PREFIXES["rdfs"] + "label", PREFIXES["schema"] + "headline")


def property_of(links: Links, iri: str, label: str | None) -> Property:
    return {"id": iri, "name": short_name(iri), "label": label, "href": links.entity(iri)}


def _describe(kb: KnowledgeBase, links: Links, subjects: list[str]) -> dict[str, Description]:
    """The outgoing triples of each subject: its types, literal values and links, with labels."""
    described: dict[str, Description] = {subject: {"types": [], "literals": [], "links": []} for subject in subjects}
    seen: set[tuple[str | None, ...]] = set()
    for row in select(kb, f"""SELECT ?s ?p ?o ?kind ?datatype ?language ?pLabel ?oLabel WHERE {{
        {values("s", subjects)} ?s ?p ?o .
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
            entry["literals"].append({"property": property_of(links, row["p"], row["pLabel"]), "value": row["o"],
                                      "datatype": short_name(row["datatype"]) if row["datatype"] else None,
                                      "language": row["language"] or None})
        elif row["p"] == PREFIXES["rdf"] + "type" and row["kind"] == "iri":
            entry["types"].append({**node(links, row["o"], row["oLabel"]), "name": short_name(row["o"])})
        else:
            target = node(links, row["o"], row["oLabel"]) if row["kind"] == "iri" else _blank(row["o"])
            entry["links"].append({"property": property_of(links, row["p"], row["pLabel"]), "target": target})
    return described


def entity(kb: KnowledgeBase, links: Links, iri: str) -> EntityPage | None:
    """Everything a page shows about an /id/ IRI; None when the store does not mention it.

    Its label, kinds (event, actor, place, claim, article, evidence), types, literal values,
    links both ways, its own #parts (an evidence's target and selectors), the evidence quoted
    for it, the events of an actor or place, and for an event its details.
    """
    check_iri(iri, "entity")
    described = _describe(kb, links, [iri])
    parts, frontier = [], [iri]
    while frontier:  # hash IRIs under this one belong to its description, as in its RDF
        found = [link["target"]["id"] for subject in frontier for link in described[subject]["links"]
                 if link["target"]["id"].startswith(f"{iri}#") and link["target"]["id"] not in described]
        frontier = list(dict.fromkeys(found))
        if frontier:
            described.update(_describe(kb, links, frontier))
            parts += frontier
    incoming = select(kb, f"""SELECT DISTINCT ?s ?p ?blank ?pLabel ?sLabel WHERE {{
        ?s ?p {iri_ref(iri)} . FILTER(?p != oa:hasBody && !STRSTARTS(STR(?s), "{iri}#"))
        BIND (isBlank(?s) AS ?blank)
        OPTIONAL {{ ?p rdfs:label ?pLabel }}
        OPTIONAL {{ ?s rdfs:label|schema:headline ?sLabel }}
    }} ORDER BY ?p ?s LIMIT {_INCOMING_LIMIT + 1}""")
    evidence = quotes(kb, links, iri)
    main = described[iri]
    if not (main["types"] or main["literals"] or main["links"] or incoming or evidence):
        return None
    its_kinds = kinds(kb, [iri]).get(iri, set())
    names = [item["value"] for item in main["literals"] if item["property"]["id"] in _NAMES]
    links_in = first_by(({**row, "key": f"{row['s']} {row['p']}"} for row in incoming[:_INCOMING_LIMIT]), "key")
    kind_names = [kind for class_iri, kind in KINDS.items() if class_iri in its_kinds]
    page: EntityPage = {
        **node(links, iri, names[0] if names else None),
        "kinds": kind_names,
        **main,
        "sameAs": [{**link["target"], "href": links.outside(link["target"]["id"])} for link in main["links"]
                   if link["property"]["id"] in _SAME_AS and links.outside(link["target"]["id"])],
        "incoming": [{"property": property_of(links, row["p"], row["pLabel"]),
                      "source": _blank(row["s"]) if row["blank"] == "true" else node(links, row["s"], row["sLabel"])}
                     for row in links_in.values()],
        "incomingTruncated": len(incoming) > _INCOMING_LIMIT,
        "parts": [{"id": part, "fragment": part[len(iri) + 1:], **described[part]} for part in parts],
        "evidence": evidence,
        "event": event_details(kb, links, iri) if "event" in kind_names else None,
        "events": [], "eventsTotal": 0, "eventsHere": [], "eventsHereTotal": 0,
    }
    if "actor" in kind_names:
        page["events"], page["eventsTotal"] = _events_linked(kb, links, "?event sem:hasActor", iri)
    if "place" in kind_names:
        page["eventsHere"], page["eventsHereTotal"] = _events_linked(kb, links, "?event sem:hasPlace", iri)
    return page


def _blank(identifier: str) -> Node:
    return {"id": f"_:{identifier}", "href": None, "label": "(a blank node)"}


def _events_linked(kb: KnowledgeBase, links: Links, pattern: str, iri: str) -> tuple[list[Event], int]:
    """The first LINKED_LIMIT events that have this actor (or place), in timeline order, and how many there are:
    a country in thousands of articles would otherwise make a page of thousands of events."""
    linked = f"{pattern} {iri_ref(iri)} . FILTER(isIRI(?event))"
    total = int(select(kb, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {linked} }}")[0]["n"])
    return in_order(event_records(kb, links, in_timeline_order(kb, linked, LINKED_LIMIT))), total


def entity_rdf(kb: KnowledgeBase, iri: str, rdf_format: str) -> bytes | None:
    """The entity's triples (outgoing, incoming and those of its #parts) serialised; None if there are none."""
    where = f"""WHERE {{
        {{ BIND ({iri_ref(iri)} AS ?s) ?s ?p ?o }}
        UNION {{ BIND ({iri_ref(iri)} AS ?o) ?s ?p ?o }}
        UNION {{ {iri_ref(iri)} ?p1 ?s . FILTER(STRSTARTS(STR(?s), "{iri}#")) ?s ?p ?o }}
        UNION {{ {iri_ref(iri)} ?p1 ?m . ?m ?p2 ?s . FILTER(STRSTARTS(STR(?m), "{iri}#") && STRSTARTS(STR(?s), "{iri}#")) ?s ?p ?o }}
    }}"""
    if not kb.query(f"ASK {where}"):
        return None
    return kb.answer(f"CONSTRUCT {{ ?s ?p ?o }} {where}", rdf_format)
