"""HTML pages: the timeline, entities (/id/...), articles and the ontology.

Everything shown comes from kb/read/ as typed records, with links from web/urls.py; the templates escape it all.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template, request

from kb.formats import by_name
from kb.knowledge_base import KnowledgeBase
from kb.read.articles import article
from kb.read.entities import entity as read_entity
from kb.read.entities import entity_rdf
from kb.read.ontology import ontology_terms
from kb.read.params import TimelineFilters, check_iri, entity_iri
from web.extensions import cached_page, event_details, facets, knowledge_base
from web.extensions import timeline as cached_timeline
from web.urls import URLS

bp = Blueprint("pages", __name__)

# What /id/... can answer with, the browser's choice first when the Accept header ties.
_HTML = "text/html"
_RDF = {f.media_type: f.name for f in (by_name("turtle"), by_name("jsonld"))}
_SUFFIXES = {by_name(name).suffixes[0]: by_name(name).media_type for name in _RDF.values()}


@bp.get("/")
def timeline() -> tuple[str, int]:
    """The server-rendered timeline: the same events as /api/timeline, for every browser (kept per store version)."""
    return cached_page(("timeline-page", request.query_string), _timeline_page)


def _timeline_page() -> tuple[str, int]:
    page = {"facets": facets(), "filters": TimelineFilters(), "result": None, "details": None, "error": None}
    try:
        filters = TimelineFilters.from_args(request.args)
        selected = request.args.get("event", "").strip()
        selected_iri = entity_iri(selected, "event") if selected else None
    except ValueError as error:
        return render_template("timeline.html", **{**page, "error": str(error)}), 400
    page.update(filters=filters, result=cached_timeline(filters))
    status = 200
    if selected_iri:
        page["details"] = event_details(selected_iri)
        if page["details"] is None:
            page["error"], status = f"There is no event {selected!r} in the knowledge base.", 404
    return render_template("timeline.html", **page), status


@bp.context_processor
def _timeline_links() -> dict[str, object]:
    """``timeline_args``: the current filters, so links to an event or the next page keep them."""
    def timeline_args(**changes: object) -> dict[str, object]:
        args: dict[str, object] = {key: request.args.getlist(key) for key in request.args if key not in changes}
        return {**args, **{key: value for key, value in changes.items() if value is not None}}
    return {"timeline_args": timeline_args}


@bp.get("/id/<path:path>")
def entity(path: str) -> Response:
    """An entity as HTML, Turtle or JSON-LD (Accept header, or a .ttl / .jsonld suffix)."""
    suffix = next((suffix for suffix in _SUFFIXES if path.endswith(suffix)), None)
    if suffix:
        path = path[: -len(suffix)]
    try:
        iri = entity_iri(f"/id/{path}")
    except ValueError:
        abort(404, description=f"there is nothing at /id/{path}")
    return _describe(iri, _SUFFIXES[suffix] if suffix else None)


@bp.get("/resource")
def resource() -> Response:
    """Any other IRI in the store (from a researcher's own RDF file), described like /id/ ones."""
    try:
        iri = check_iri(request.args.get("iri", ""), "iri")
    except ValueError as error:
        abort(400, description=str(error))
    return _describe(iri, _SUFFIXES.get("." + request.args.get("format", "")) if request.args.get("format") else None)


def _describe(iri: str, wanted: str | None) -> Response:
    if wanted is None and request.accept_mimetypes:
        wanted = request.accept_mimetypes.best_match([_HTML, *_RDF])
        if wanted is None:
            abort(406, description=f"entities are available as {', '.join([_HTML, *_RDF])}")
    wanted = wanted or _HTML
    response = make_response(cached_page(("describe", iri, wanted), lambda: _description(iri, wanted)))
    response.mimetype = wanted
    response.vary.add("Accept")
    return response


def _description(iri: str, wanted: str) -> str | bytes:
    kb = knowledge_base()
    if wanted == _HTML:
        return _entity_page(kb, iri)
    data = entity_rdf(kb, iri, _RDF[wanted])
    if data is None:
        abort(404, description=f"the knowledge base says nothing about <{iri}>")
    return data


def _entity_page(kb: KnowledgeBase, iri: str) -> str:
    """An article's page shows its text with the evidence; any other entity its description."""
    page = article(kb, URLS, iri)
    if page is not None:
        return render_template("article.html", article=page)
    described = read_entity(kb, URLS, iri)
    if described is None:
        abort(404, description=f"the knowledge base says nothing about <{iri}>")
    return render_template("entity.html", entity=described)


@bp.get("/ontology")
def ontology() -> str:
    return cached_page("ontology", lambda: render_template("ontology.html", terms=ontology_terms(knowledge_base(), URLS)))
