"""An article's page: its metadata and its text in blocks, every evidence span highlighted and numbered."""

from __future__ import annotations

import re
from typing import Any

from kb.article import ArticleError, parse_article
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import SEM
from kb.read.common import KINDS, iri_ref, kinds, labels, local_name, node, select
from kb.read.events import evidence_anchor
from kb.read.types import ArticlePage, Links, Segment

__all__ = ["article"]


def article(kb: KnowledgeBase, links: Links, iri: str) -> ArticlePage | None:
    """An article's metadata and its text as blocks of segments, every evidence span highlighted.

    Spans overlap freely in the data (a claim inside an event's sentence, three events on one
    sentence), so they are nested: a span that crosses the end of an enclosing one is split,
    and each piece knows whether it is the first (which carries the anchor) and the last.
    """
    rows = select(kb, f"""SELECT ?headline ?published ?body ?author ?authorLabel ?url ?caption ?credit WHERE {{
        {iri_ref(iri)} a schema:NewsArticle ; schema:articleBody ?body .
        OPTIONAL {{ {iri_ref(iri)} schema:headline ?headline }}
        OPTIONAL {{ {iri_ref(iri)} schema:datePublished ?published }}
        OPTIONAL {{ {iri_ref(iri)} schema:author ?author OPTIONAL {{ ?author rdfs:label ?authorLabel }} }}
        OPTIONAL {{ {iri_ref(iri)} schema:url ?url }}
        OPTIONAL {{ {iri_ref(iri)} schema:image ?image OPTIONAL {{ ?image schema:caption ?caption }} OPTIONAL {{ ?image schema:creditText ?credit }} }}
    }} LIMIT 1""")
    if not rows:
        return None
    row, text = rows[0], rows[0]["body"] or ""
    spans = _article_spans(kb, links, iri, len(text))
    return {
        **node(links, iri, row["headline"]), "headline": row["headline"] or local_name(iri),
        "published": row["published"],
        "author": node(links, row["author"], row["authorLabel"]) if row["author"] else None,
        "url": links.entity(row["url"]) if row["url"] else None,
        "image": {"caption": row["caption"], "credit": row["credit"]} if row["caption"] or row["credit"] else None,
        "blocks": [{"kind": kind, "segments": _nest(text, start, end, [_clip(span, start, end) for span in spans
                                                                          if span["start"] < end and start < span["end"]])}
                   for start, end, kind in _blocks(text, min([span["start"] for span in spans], default=len(text)))],
        "evidence": [span["evidence"] for span in spans],
    }


def _article_spans(kb: KnowledgeBase, links: Links, iri: str, length: int) -> list[dict[str, Any]]:
    """The article's evidence spans in text order, numbered, each with the entity it is evidence for."""
    rows = select(kb, f"""SELECT DISTINCT ?annotation ?body ?start ?end ?exact WHERE {{
        ?annotation oa:hasBody ?body ; oa:hasTarget ?target .
        ?target oa:hasSource {iri_ref(iri)} ; oa:hasSelector ?position , ?quote .
        ?position oa:start ?start ; oa:end ?end .
        ?quote oa:exact ?exact .
    }}""")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if 0 <= start < end <= length:  # offsets the shapes let through but the text cannot hold are skipped
            found.setdefault(row["annotation"], {"start": start, "end": end, "row": row})
    bodies = [span["row"]["body"] for span in found.values()]
    names, time_values = labels(kb, bodies, "rdfs:label|schema:headline"), labels(kb, bodies, "ekb:timeValue")
    body_kinds = kinds(kb, bodies)
    spans = sorted(found.items(), key=lambda item: (item[1]["start"], -item[1]["end"], item[0]))
    for number, (annotation, span) in enumerate(spans, start=1):
        row = span.pop("row")
        body, label = row["body"], names.get(row["body"])
        if str(SEM.Time) in body_kinds.get(body, ()) and body in time_values and label:  # a time expression: its words and its value
            label = f"{label} ({time_values[body]})"
        span["evidence"] = {"id": annotation, "anchor": evidence_anchor(annotation), "number": number,
                            "start": span["start"], "end": span["end"], "exact": row["exact"],
                            "kind": next((kind for class_iri, kind in KINDS.items() if class_iri in body_kinds.get(body, ())), "other"),
                            "body": node(links, body, label)}
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


def _nest(text: str, start: int, end: int, spans: list[dict[str, Any]]) -> list[Segment]:
    """text[start:end] as segments: {"text"} and {"evidence", "first", "last", "children"}, nested."""
    segments: list[Segment] = []
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
