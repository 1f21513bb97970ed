"""The timeline: one page of the events that pass the filters, and what the filters offer.

A page is cut before the details are fetched (an ordered, limited SELECT of event IRIs, then
small queries over those IRIs: kb/read/events.py), which keeps a page fast on a large store
(docs/DESIGN.md, "Facts measured here").
"""

from __future__ import annotations

from typing import Any

from kb.knowledge_base import KnowledgeBase
from kb.read.common import AUTOMATIC, BEGIN, END, date_literal, event_classes, labels, node, select, values
from kb.read.events import event_records
from kb.read.params import TimelineFilters, actor_param, source_param, type_param
from kb.read.types import ActorFacet, Facets, Links, OriginFacet, SourceFacet, TimelinePage, TypeFacet

__all__ = ["timeline", "facets"]


def _matching(filters: TimelineFilters, classes: list[str]) -> str:
    """The graph pattern of an event that passes the actor, type and source filters; the actors and
    sources come first, as joins, so that they narrow the events before anything else is read."""
    pattern = ""
    if filters.actors:
        pattern += f"{values('actor', filters.actors)} ?event sem:hasActor ?actor . "
    if filters.sources:
        pattern += f"{values('source', filters.sources)} ?event prov:wasDerivedFrom ?source . "
    pattern += f"{values('class', classes)} ?event a ?class . FILTER(isIRI(?event))"
    if len(set(filters.origins)) == 1:  # both, or neither: every event
        pattern += f" FILTER({'' if filters.origins[0] == 'automatic' else '!'}{AUTOMATIC})"
    return pattern


def _window(filters: TimelineFilters) -> str:
    """Overlap with the window as far as the known bounds tell; an open bound overlaps."""
    conditions = []
    if filters.end:
        conditions.append(f"(!BOUND(?begin) || ?begin <= {date_literal(filters.end)})")
    if filters.start:
        conditions.append(f"(!BOUND(?end) || ?end >= {date_literal(filters.start)})")
    return f"FILTER({' && '.join(conditions)})" if conditions else ""


def _page(kb: KnowledgeBase, where: str, count_where: str, offset: int, limit: int) -> tuple[int, list[str]]:
    """How many events match and the IRIs of one page of them, cut before any details are fetched.

    The shapes allow one label and one of each timestamp per event, so DISTINCT (cheaper than
    GROUP BY) gives each event once; sorting every match is the cost that remains.
    """
    count = select(kb, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {count_where} }}")[0]["n"]
    if not limit:
        return int(count), []
    rows = select(kb, f"""SELECT DISTINCT ?event ?begin ?label WHERE {{
        {where} OPTIONAL {{ ?event rdfs:label ?label }}
    }} ORDER BY ?begin ?label ?event OFFSET {offset} LIMIT {limit}""")
    return int(count), [row["event"] for row in rows]


def timeline(kb: KnowledgeBase, links: Links, filters: TimelineFilters) -> TimelinePage:
    """The /api/timeline answer: dated events in the window by begin, then undated ones by label.

    ``total`` counts both; offset and limit page through the dated events followed by the
    undated ones, so a client that pages until ``offset >= total`` gets every event once.
    Dated means not ``ekb:undated true``: the shapes make every event one or the other.
    """
    matching = _matching(filters, event_classes(kb, filters.types))
    window = _window(filters)
    bounds = (BEGIN if filters.end else "") + (END if filters.start else "")  # what the window compares
    dated = f"{matching} MINUS {{ ?event ekb:undated true }}"  # an anti-join: cheaper than FILTER NOT EXISTS here
    undated = f"{matching} ?event ekb:undated true ."
    dated_total, dated_page = _page(kb, f"{dated} {BEGIN}{END if filters.start else ''} {window}",
                                    f"{dated} {bounds} {window}", filters.offset, filters.limit)
    undated_total, undated_page = _page(kb, undated, undated, max(0, filters.offset - dated_total), filters.limit - len(dated_page))
    events = event_records(kb, links, dated_page + undated_page)
    return {
        "window": {"from": filters.start.isoformat() if filters.start else None,
                   "to": filters.end.isoformat() if filters.end else None},
        "total": dated_total + undated_total, "offset": filters.offset, "limit": filters.limit,
        "events": events[:len(dated_page)], "undated": events[len(dated_page):],
    }


def facets(kb: KnowledgeBase, links: Links) -> Facets:
    """What the filters offer, with how many events each value has; ``param`` is the value to send back."""
    classes = values("class", event_classes(kb))

    def counted(pattern: str, label: str) -> list[dict[str, Any]]:
        rows = select(kb, f"""SELECT ?value (COUNT(DISTINCT ?event) AS ?count) WHERE {{
            {classes} ?event a ?class . {pattern} FILTER(isIRI(?value)) }} GROUP BY ?value""")
        names = labels(kb, [row["value"] for row in rows], label)
        return sorted(({**row, "label": names.get(row["value"])} for row in rows),  # as ORDER BY ?label ?value
                      key=lambda row: (row["label"] is not None, row["label"] or "", row["value"]))

    actors: list[ActorFacet] = [{**node(links, row["value"], row["label"]), "count": int(row["count"]),
                                 "param": actor_param(row["value"])}
                                for row in counted("?event sem:hasActor ?value .", "rdfs:label")]
    types: list[TypeFacet] = [{"id": row["value"], "label": node(links, row["value"], row["label"])["label"],
                               "count": int(row["count"]), "param": type_param(row["value"])}
                              for row in counted("?event a ?value . FILTER(?value = ?class)", "rdfs:label")]
    sources: list[SourceFacet] = [{"id": item["id"], "href": item["href"], "headline": item["label"],
                                   "count": int(row["count"]), "param": source_param(item["id"])}
                                  for row in counted("?event prov:wasDerivedFrom ?value .", "schema:headline")
                                  for item in [node(links, row["value"], row["label"])]]
    counts = select(kb, f"""SELECT ?automatic (COUNT(DISTINCT ?event) AS ?count) WHERE {{
        {classes} ?event a ?class . FILTER(isIRI(?event)) BIND({AUTOMATIC} AS ?automatic) }} GROUP BY ?automatic""")
    by_origin = {"automatic" if row["automatic"] in ("true", True) else "curated": int(row["count"]) for row in counts}
    origins: list[OriginFacet] = [{"id": origin, "label": origin, "count": by_origin[origin], "param": origin}
                                  for origin in ("curated", "automatic") if by_origin.get(origin)]
    return {"actors": actors, "types": types, "sources": sources, "origins": origins}
