"""The JSON API behind the timeline page (documented in docs/web-api.md).

Errors are answered as {"error": ...} by web/errors.py for every path under /api.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from kb.read.ontology import example_queries
from kb.read.params import TimelineFilters, check_iri, entity_iri
from web.extensions import cached_page, event_details
from web.extensions import facets as cached_facets
from web.extensions import timeline as cached_timeline

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/timeline")
def timeline() -> Response:
    try:
        filters = TimelineFilters.from_args(request.args)
    except ValueError as error:
        abort(400, description=str(error))
    return _json(("api-timeline", filters), lambda: cached_timeline(filters))


@bp.get("/facets")
def facets() -> Response:
    return _json("api-facets", cached_facets)


def _json(key: Hashable, answer: Callable[[], Any]) -> Response:
    """A JSON answer written once per store version: serialising thousands of events costs more than sending them."""
    return Response(cached_page(key, lambda: current_app.json.dumps(answer())), mimetype="application/json")


@bp.get("/events/<path:path>")
def event(path: str) -> Response:
    """``path`` as in the event's page: ``event/...`` for /id/event/..., ``resource?iri=...`` for other IRIs."""
    try:
        iri = check_iri(request.args.get("iri", ""), "iri") if path == "resource" else entity_iri(f"/id/{path}", "event")
    except ValueError as error:
        abort(400, description=str(error))
    details = event_details(iri)
    if details is None:
        abort(404, description=f"no event <{iri}> in the knowledge base")
    return jsonify(details)


@bp.get("/queries")
def queries() -> Response:
    return jsonify(example_queries())
