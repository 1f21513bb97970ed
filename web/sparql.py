"""The SPARQL 1.1 Protocol endpoint at /sparql: queries by GET and POST, updates behind a token.

Queries run in the query service's worker processes (time limit, result cap); updates run in
this process through the KnowledgeBase's shapes gate, one at a time.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, render_template, request

from kb.errors import KbError
from kb.formats import FORMATS, by_media_type, by_name, of_kind
from kb.namespaces import PREFIXES
from kb.rdf import service_description
from kb.read.ontology import example_queries
from web.errors import retry_headers, status_of
from web.extensions import knowledge_base, query_service, write_lock

bp = Blueprint("sparql", __name__)

_GRAPH_FORMATS = of_kind("graph", "dataset")
_SHORT_NAMES = [f.name for f in FORMATS]  # ?format= for links and tools that cannot set an Accept header
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
    "Access-Control-Expose-Headers": "X-KB-Result-Limit, X-KB-Result-Bytes-Limit, X-KB-Result-Count, X-KB-Truncated, Retry-After",
    "Access-Control-Max-Age": "600",
}


def _error(status: int, message: str, **headers: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers=headers)


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers.update(_CORS)
    return response


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204)
    try:
        query, update = _operation()
    except ValueError as error:
        return _error(400, str(error))
    if update is not None:
        return _update(update)
    if query is None:
        return _describe_service()
    return _query(query)


def _operation() -> tuple[str | None, str | None]:
    """The query or update of the request, in any of the protocol's three ways of sending it."""
    if request.method == "GET":
        if "update" in request.args:
            raise ValueError("SPARQL Update must be sent with POST")
        return _one(request.args.getlist("query"), "query"), None
    media_type = request.mimetype
    if media_type == "application/x-www-form-urlencoded":
        query, update = _one(request.form.getlist("query"), "query"), _one(request.form.getlist("update"), "update")
    elif media_type == "application/sparql-query":
        query, update = _body(), None
    elif media_type == "application/sparql-update":
        query, update = None, _body()
    else:
        raise ValueError(f"POST needs Content-Type application/x-www-form-urlencoded, application/sparql-query or "
                         f"application/sparql-update, not {media_type or 'none'}")
    if query is not None and update is not None:
        raise ValueError("send either a query or an update, not both")
    if query is None and update is None:
        raise ValueError("the POST has no query (or update)")
    return query, update


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ValueError(f"give exactly one {name} parameter, not {len(values)}")
    return values[0] if values else None


def _body() -> str:
    try:
        return request.get_data(cache=False).decode(request.mimetype_params.get("charset", "utf-8"))
    except (UnicodeDecodeError, LookupError) as error:
        raise ValueError(f"the request body is not text in its declared charset: {error}") from error


def _graph_parameters() -> tuple[list[str], list[str]]:
    source = request.args if request.method == "GET" or request.mimetype != "application/x-www-form-urlencoded" else request.values
    graphs = source.getlist("default-graph-uri"), source.getlist("named-graph-uri")
    for iri in graphs[0] + graphs[1]:
        if not iri or any(c in iri for c in '<>" {}|\\^`') or ":" not in iri:
            raise ValueError(f"{iri!r} is not an absolute IRI")
    return graphs


def _accepted() -> list[str]:
    """The client's media types, best first; ?format= (or output=) wins over the Accept header."""
    short = request.args.get("format") or request.args.get("output")
    if short:
        if short in _SHORT_NAMES:
            return [by_name(short).media_type]
        if "/" in short:
            return [short]
        raise ValueError(f"unknown format {short!r} (known: {', '.join(_SHORT_NAMES)})")
    if not request.headers.get("Accept"):
        return []
    return [value for value, quality in request.accept_mimetypes if quality > 0]


def _query(query: str) -> Response:
    try:
        accept = _accepted()
        default_graphs, named_graphs = _graph_parameters()
        answer = query_service().run(query, accept, default_graphs, named_graphs, client=request.remote_addr or "unknown")
    except Exception as error:  # noqa: BLE001 - every failure is answered by its own status (_refusal)
        return _refusal(error)
    media_type = answer.media_type
    mimetype = f"{media_type}; charset=utf-8"  # every format the endpoint writes is text
    response = Response(answer.body, content_type=mimetype)
    response.headers["X-KB-Result-Limit"] = str(current_app.config["KB_RESULT_LIMIT"])
    response.headers["X-KB-Result-Bytes-Limit"] = str(current_app.config["KB_RESULT_BYTES"])
    response.headers["X-KB-Truncated"] = "true" if answer.truncated else "false"
    if answer.count is not None:
        response.headers["X-KB-Result-Count"] = str(answer.count)
    response.headers["Vary"] = "Accept"
    return response


def _refusal(error: Exception) -> Response:
    """The answer to a query or update that did not run: the error's own status, and when to retry if that helps."""
    if not isinstance(error, KbError):
        raise error
    status = status_of(error)
    return _error(status, str(error), **retry_headers(status))


def _update(update: str) -> Response:
    token = current_app.config["KB_UPDATE_TOKEN"]
    if not token:
        return _error(403, "SPARQL Update is disabled on this server (read-only); start it with KB_UPDATE_TOKEN set to allow updates")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return _error(401, "SPARQL Update needs the header 'Authorization: Bearer <token>' with the server's update token",
                      **{"WWW-Authenticate": 'Bearer realm="sparql-update"'})
    try:
        with write_lock():
            changed = knowledge_base().apply_update(update)
    except Exception as error:  # noqa: BLE001 - answered by its own status (_refusal)
        return _refusal(error)
    return _error(200, "update applied; changed graphs: " + (", ".join(f"<{g}>" for g in changed) or "none"))


def _describe_service() -> Response:
    """No query: the editor for browsers, the Service Description for everyone else."""
    offered = ["text/html", *(f.media_type for f in _GRAPH_FORMATS)]
    best = request.accept_mimetypes.best_match(offered, default="text/turtle") if request.headers.get("Accept") else "text/turtle"
    if best is None:
        return _error(406, f"GET /sparql without a query gives the query editor (text/html) or the service description ({', '.join(offered[1:])})")
    if best == "text/html":
        return Response(render_template("query.html", endpoint=request.base_url, examples=example_queries(), prefixes=PREFIXES))
    if best == "application/n-quads":
        best = "application/n-triples"
    description = service_description(request.base_url, update_enabled=bool(current_app.config["KB_UPDATE_TOKEN"]))
    rdflib_format = by_media_type(best)
    assert rdflib_format is not None and rdflib_format.rdflib is not None
    return Response(description.serialize(format=rdflib_format.rdflib), content_type=f"{best}; charset=utf-8")
