"""Events as the timeline, the event pages and the JSON API show them, and one event's details.

A list of events is read in a few small queries over their IRIs (labels and times, types, actors
with their roles, sources), never one big join: a page of events is cut first (kb/read/timeline.py),
then described here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kb.article import ArticleError, Span, parse_article, slugify
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import EKBD
from kb.read.common import AUTOMATIC, BEGIN, ENVELOPE, first_by, iri_ref, labels, local_name, node, role_properties, select, values
from kb.read.params import check_iri, type_param
from kb.read.types import ClaimRef, Event, EventActor, EventDetails, EventType, Links, Quote, Related, SourceRef
from kb.read.wording import describe_time
from kb.vocabulary import relation_wording

__all__ = ["event_records", "in_order", "in_timeline_order", "event_details", "quotes", "evidence_anchor"]

_BOUNDS = ("begin", "end", "earliestBegin", "latestBegin", "earliestEnd", "latestEnd")


def event_records(kb: KnowledgeBase, links: Links, iris: list[str]) -> list[Event]:
    """EVENT records (docs/web-api.md) for these IRIs, in their order; non-events get no types."""
    if not iris:
        return []
    these = values("event", dict.fromkeys(iris))
    main = first_by(select(kb, f"""SELECT ?event ?label ?status ?begin ?end ?earliestBegin ?latestBegin ?earliestEnd ?latestEnd
               ?precision ?precisionLabel ?timeText ?timeValue ?confidence ?automatic WHERE {{
        {these}
        OPTIONAL {{ ?event rdfs:label ?label }}
        OPTIONAL {{ ?event ekb:eventStatus ?status }}
        {ENVELOPE}
        OPTIONAL {{ ?event sem:hasLatestBeginTimeStamp ?latestBegin }}
        OPTIONAL {{ ?event sem:hasEarliestEndTimeStamp ?earliestEnd }}
        OPTIONAL {{ ?event ekb:timePrecision ?precision OPTIONAL {{ ?precision rdfs:label ?precisionLabel }} }}
        OPTIONAL {{ ?event ekb:timeText ?timeText }}
        OPTIONAL {{ ?event ekb:timeValue ?timeValue }}
        OPTIONAL {{ ?event ekb:confidence ?confidence }}
        BIND({AUTOMATIC} AS ?automatic)
    }}"""), "event")
    types: dict[str, list[EventType]] = {iri: [] for iri in iris}
    for row in select(kb, f"""SELECT DISTINCT ?event ?type ?label WHERE {{
        {these} ?event a ?type . ?type rdfs:subClassOf* sem:Event . OPTIONAL {{ ?type rdfs:label ?label }}
    }} ORDER BY ?type"""):
        if all(known["id"] != row["type"] for known in types[row["event"]]):
            types[row["event"]].append({**node(links, row["type"], row["label"]), "param": type_param(row["type"])})
    actors: dict[str, dict[str, EventActor]] = {iri: {} for iri in iris}
    roles = role_properties(kb)
    taking_part = select(kb, f"""SELECT DISTINCT ?event ?actor ?role WHERE {{
        {these} ?event sem:hasActor ?actor . FILTER(isIRI(?actor))
        OPTIONAL {{ {values("role", roles)} ?event ?role ?actor }}
    }}""")
    names = labels(kb, [row["actor"] for row in taking_part])
    for row in sorted(taking_part, key=lambda row: (names.get(row["actor"]) or "", row["actor"],
                                                    roles.get(row["role"]) or row["role"] or "")):
        actor = actors[row["event"]].setdefault(row["actor"], {**node(links, row["actor"], names.get(row["actor"])), "role": None})
        role = (roles.get(row["role"]) or local_name(row["role"])) if row["role"] else None
        if role and role not in (actor["role"] or "").split(", "):
            actor["role"] = f"{actor['role']}, {role}" if actor["role"] else role
    sources: dict[str, dict[str, SourceRef]] = {iri: {} for iri in iris}
    for row in select(kb, f"""SELECT ?event ?source ?headline WHERE {{
        {these} ?event prov:wasDerivedFrom ?source . OPTIONAL {{ ?source schema:headline ?headline }}
    }} ORDER BY ?source"""):
        sources[row["event"]].setdefault(row["source"], _source(links, row["source"], row["headline"]))
    return [_event(links, iri, main.get(iri, {}), types[iri], list(actors[iri].values()), list(sources[iri].values()))
            for iri in iris]


def _event(links: Links, iri: str, row: dict[str, Any], types: list[EventType], actors: list[EventActor],
           sources: list[SourceRef]) -> Event:
    bounds = {key: row.get(key) for key in _BOUNDS}
    precision = (row.get("precisionLabel") or local_name(row["precision"]).lower()) if row.get("precision") else None
    when, datetime = describe_time(bounds["begin"], bounds["end"], precision, bounds["latestBegin"], bounds["earliestEnd"])
    return {
        **node(links, iri, row.get("label")), "types": types,
        "status": local_name(row["status"]).lower() if row.get("status") else "happened",
        "begin": bounds["begin"], "end": bounds["end"], "earliestBegin": bounds["earliestBegin"],
        "latestBegin": bounds["latestBegin"], "earliestEnd": bounds["earliestEnd"], "latestEnd": bounds["latestEnd"],
        "precision": precision, "timeText": row.get("timeText"), "timeValue": row.get("timeValue"),
        "actors": actors, "sources": sources, "when": when, "datetime": datetime,
        "origin": "automatic" if row.get("automatic") in ("true", True) else "curated",
        "confidence": float(row["confidence"]) if row.get("confidence") is not None else None,
    }


def _source(links: Links, iri: str, headline: str | None) -> SourceRef:
    return {"id": iri, "href": links.entity(iri), "headline": headline or local_name(iri)}


def in_order(events: list[Event]) -> list[Event]:
    """Dated events by begin (open begins first) then label, as on the timeline; undated ones last."""
    return sorted(events, key=lambda event: (event["when"] is None, event["begin"] or "", event["label"], event["id"]))


def in_timeline_order(kb: KnowledgeBase, where: str, limit: int | None = None) -> list[str]:
    """The events matching WHERE, dated ones by begin then label, undated ones last (as ``in_order``)."""
    rows = select(kb, f"""SELECT DISTINCT ?event ?undated ?begin ?label WHERE {{
        {where} BIND(EXISTS {{ ?event ekb:undated true }} AS ?undated) {BEGIN} OPTIONAL {{ ?event rdfs:label ?label }}
    }} ORDER BY ?undated ?begin ?label ?event{f" LIMIT {limit}" if limit else ""}""")
    return [row["event"] for row in rows]


def event_details(kb: KnowledgeBase, links: Links, iri: str) -> EventDetails | None:
    """EVENT plus places, related events (both directions), claims and evidence in context; None if no event."""
    (event,) = event_records(kb, links, [check_iri(iri, "event")])
    if not event["types"]:
        return None
    places = [node(links, row["place"], row["label"]) for row in first_by(select(kb, f"""
        SELECT ?place ?label WHERE {{ {iri_ref(iri)} sem:hasPlace ?place . OPTIONAL {{ ?place rdfs:label ?label }} }} ORDER BY ?label
    """), "place").values()]
    return {**event, "places": places, "related": _related(kb, links, iri), "claims": _claims(kb, links, iri),
            "evidence": quotes(kb, links, iri)}


def _related(kb: KnowledgeBase, links: Links, iri: str) -> list[Related]:
    rows = select(kb, f"""SELECT ?other ?property ?direction ?label ?propertyLabel WHERE {{
        {{ {iri_ref(iri)} ?property ?other . BIND("out" AS ?direction) }}
        UNION {{ ?other ?property {iri_ref(iri)} . BIND("in" AS ?direction) }}
        FILTER(isIRI(?other) && (?property IN (sem:subEventOf, sem:hasSubEvent) || EXISTS {{ ?property rdfs:subPropertyOf* ekb:relatedTo }}))
        OPTIONAL {{ ?other rdfs:label ?label }}
        OPTIONAL {{ ?property rdfs:label ?propertyLabel }}
    }} ORDER BY ?label ?other""")
    related: dict[tuple[str, str], Related] = {}
    for row in rows:
        relation = relation_wording(row["property"], row["propertyLabel"], outgoing=row["direction"] == "out")
        related.setdefault((row["other"], relation), {**node(links, row["other"], row["label"]), "relation": relation})
    return list(related.values())


def _claims(kb: KnowledgeBase, links: Links, iri: str) -> list[ClaimRef]:
    """Claims made in the event or about it, with who makes them (an article for the author's own)."""
    claims: dict[str, ClaimRef] = {}
    for row in select(kb, f"""SELECT ?claim ?label ?text ?by ?byLabel WHERE {{
        {{ ?claim ekb:assertedIn {iri_ref(iri)} }} UNION {{ ?claim ekb:about {iri_ref(iri)} }}
        ?claim a ekb:Claim .
        OPTIONAL {{ ?claim rdfs:label ?label }}
        OPTIONAL {{ ?claim schema:text ?text }}
        OPTIONAL {{ ?claim prov:wasAttributedTo ?by OPTIONAL {{ ?by rdfs:label|schema:headline ?byLabel }} }}
    }} ORDER BY ?label ?claim ?byLabel"""):
        claim = claims.setdefault(row["claim"], {**node(links, row["claim"], row["label"]), "text": row["text"], "by": []})
        if row["by"] and all(known["id"] != row["by"] for known in claim["by"]):
            claim["by"].append(node(links, row["by"], row["byLabel"]))
    return list(claims.values())


def evidence_anchor(annotation: str) -> str:
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


def quotes(kb: KnowledgeBase, links: Links, iri: str) -> list[Quote]:
    """Each quote that is evidence for the entity, with its context and its place on the article's page."""
    items: list[Quote] = []
    for row in select(kb, f"""SELECT ?annotation ?source ?headline ?exact ?start ?end ?body WHERE {{
        ?annotation oa:hasBody {iri_ref(iri)} ; oa:hasTarget ?target .
        ?target oa:hasSource ?source ; oa:hasSelector ?quote , ?position .
        ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
        OPTIONAL {{ ?source schema:headline ?headline }}
        OPTIONAL {{ ?source schema:articleBody ?body }}
    }} ORDER BY ?source ?start ?annotation"""):
        start, end, text = int(row["start"]), int(row["end"]), row["body"] or ""
        before, after = _context(text, start, end) if text[start:end] == row["exact"] else ("", "")
        anchor = evidence_anchor(row["annotation"])
        items.append({
            "id": row["annotation"], "anchor": anchor, "exact": row["exact"], "start": start, "end": end,
            "before": before, "after": after, "source": _source(links, row["source"], row["headline"]),
            "href": links.evidence(row["source"], anchor),
        })
    return items
