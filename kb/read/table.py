"""The events as one flat table: CSV for spreadsheets, R and TimelineJS-style tools (kb export, /export)."""

from __future__ import annotations

import csv
import io
import re

from kb.knowledge_base import KnowledgeBase
from kb.read.common import event_classes, iri_ref, local_name, select, values
from kb.read.events import event_records, in_timeline_order
from kb.read.params import check_iri

__all__ = ["TABLE_COLUMNS", "events_table", "events_csv"]


class _NoLinks:
    """A table has no pages to link to."""

    def entity(self, iri: str | None) -> str | None:
        return None

    def outside(self, iri: str) -> str | None:
        return None

    def evidence(self, source: str, anchor: str) -> str | None:
        return None


_NO_LINKS = _NoLinks()

TABLE_COLUMNS = ("id", "label", "types", "status", "begin", "end", "earliestBegin", "latestBegin", "earliestEnd",
                 "latestEnd", "precision", "timeText", "timeValue", "actors", "sources", "evidence", "origin", "confidence")
_TABLE_CHUNK = 500  # events described per round of queries
_FORMULA = re.compile(r"^[=+\-@\t\r]")  # what a spreadsheet would run as a formula


def events_table(kb: KnowledgeBase, graph: str | None = None) -> list[dict[str, str]]:
    """Every event (of one named graph, if given) as a flat row, in timeline order: the summary a
    researcher takes into a spreadsheet, with each event's evidence quotes in text order."""
    classes = f"{values('class', event_classes(kb))} ?event a ?class . FILTER(isIRI(?event))"
    iris = in_timeline_order(kb, f"GRAPH {iri_ref(check_iri(graph, 'graph'))} {{ {classes} }}" if graph else classes)
    rows = []
    for first in range(0, len(iris), _TABLE_CHUNK):
        chunk = iris[first:first + _TABLE_CHUNK]
        quotes: dict[str, list[str]] = {}
        for row in select(kb, f"""SELECT DISTINCT ?event ?exact ?start WHERE {{
            {values("event", chunk)} ?annotation oa:hasBody ?event ; oa:hasTarget/oa:hasSelector ?quote, ?position .
            ?quote oa:exact ?exact . ?position oa:start ?start }} ORDER BY ?event ?start"""):
            quotes.setdefault(row["event"], []).append(row["exact"])
        for event in event_records(kb, _NO_LINKS, chunk):
            rows.append({
                "id": event["id"], "label": event["label"],
                "types": "; ".join(kind["label"] or local_name(kind["id"]) for kind in event["types"]),
                "status": event["status"],
                **{key: event[key] or "" for key in ("begin", "end", "earliestBegin", "latestBegin", "earliestEnd", "latestEnd")},
                "precision": event["precision"] or "", "timeText": event["timeText"] or "", "timeValue": event["timeValue"] or "",
                "actors": "; ".join(f"{actor['label']} ({actor['role']})" if actor["role"] else actor["label"]
                                    for actor in event["actors"]),
                "sources": "; ".join(source["id"] for source in event["sources"]),
                "evidence": "\n".join(dict.fromkeys(quotes.get(event["id"], []))),
                "origin": event["origin"],
                "confidence": f"{event['confidence']:.2f}" if event["confidence"] is not None else "",
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


