"""Validation of the store or of an uploaded file (never stored), and export downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from kb import timeline as tl
from kb.knowledge_base import RDF_SUFFIXES, LoadError, parse_rdf
from kb.shapes import validate as validate_graph
from kb.store import StoreError
from web.extensions import knowledge_base

bp = Blueprint("admin", __name__)

EXPORT_TYPES = {
    "trig": ("application/trig", "trig"), "nquads": ("application/n-quads", "nq"),
    "turtle": ("text/turtle", "ttl"), "ntriples": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"), "rdfxml": ("application/rdf+xml", "rdf"),
    "csv": ("text/csv", "csv"),  # the events as a table (kb.timeline.events_csv), not RDF
}


@bp.route("/validate", methods=["GET", "POST"])
def validate() -> str | tuple[str, int]:
    """GET: the report of the whole store. POST: the report of an uploaded file, which is not stored."""
    if request.method == "GET":
        return render_template("validate.html", report=knowledge_base().validate_store(), subject="the whole store",
                               suffixes=sorted(RDF_SUFFIXES))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("validate.html", report=None, error="Choose a Turtle, TriG, N-Triples, N-Quads or JSON-LD file to check.",
                               suffixes=sorted(RDF_SUFFIXES)), 400
    try:
        graph = parse_rdf(upload.read(), upload.filename)
    except LoadError as error:
        return render_template("validate.html", report=None, error=str(error), suffixes=sorted(RDF_SUFFIXES)), 400
    return render_template("validate.html", report=validate_graph(graph), subject=upload.filename,
                           suffixes=sorted(RDF_SUFFIXES))


@bp.route("/export")
def export() -> Response | str:
    """With ?format=…: the store (or ?graph=…) as a download; without: the choices."""
    kb = knowledge_base()
    fmt = request.args.get("format")
    if fmt is None:
        return render_template("export.html", formats=EXPORT_TYPES, sources=kb.sources())
    if fmt not in EXPORT_TYPES:
        abort(400, f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_TYPES)}")
    graph = request.args.get("graph") or None
    try:
        data = tl.events_csv(kb, str(kb.resolve_graph(graph)) if graph else None).encode() if fmt == "csv" \
            else kb.export(fmt, graph)
    except StoreError as error:
        abort(404, str(error))
    media_type, suffix = EXPORT_TYPES[fmt]
    name = "eventkb" + (f"-{graph.rstrip('/').rsplit('/', 1)[-1]}" if graph else "")
    return Response(data, content_type=f"{media_type}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.{suffix}"'})

