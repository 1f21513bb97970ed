"""Validation of the store or of an uploaded file (never stored), and export downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, send_file

from kb.formats import Format, by_name, loadable_suffixes, of_kind
from kb.shapes import Report
from kb.store import StoreError
from web.errors import retry_headers, status_of
from web.extensions import cached, exports, knowledge_base

bp = Blueprint("admin", __name__)

# The downloads: the store in each RDF format, and "csv", the events as a table (kb.read.table.events_csv).
EXPORT_FORMATS: dict[str, Format] = {f.name: f for f in (*of_kind("dataset", "graph"), by_name("csv"))}


@bp.route("/validate", methods=["GET", "POST"])
def validate() -> Response | tuple[str, int, dict[str, str]]:
    """GET: the report of the whole store. POST: the report of an uploaded file, which is not stored.

    Both are computed in a confined worker (kb/gate.py) within a time and memory budget.
    """
    kb, client = knowledge_base(), request.remote_addr or "unknown"
    if request.method == "GET":
        return _page(lambda: cached("store-report", lambda: kb.check_store(client)), "the whole store")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(None, "", "Choose a Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML file to check.", 400)
    data, name = upload.read(), upload.filename
    return _page(lambda: kb.check_upload(data, name, client), name)


def _page(report_of, subject: str, error: str | None = None, status: int = 200) -> tuple[str, int, dict[str, str]]:
    report: Report | None = None
    headers: dict[str, str] = {}
    if report_of is not None:
        try:
            report = report_of()
        except Exception as failure:  # noqa: BLE001 - answered by its own status
            status, error, headers = status_of(failure), str(failure), retry_headers(status_of(failure))
    return render_template("validate.html", report=report, subject=subject, error=error,
                           suffixes=loadable_suffixes()), status, headers


@bp.route("/export")
def export() -> Response | str:
    """With ?format=…: the store (or ?graph=…) as a download, made once per store generation; without: the choices."""
    kb = knowledge_base()
    fmt = request.args.get("format")
    if fmt is None:
        return render_template("export.html", formats=EXPORT_FORMATS, sources=kb.sources())
    if fmt not in EXPORT_FORMATS:
        abort(400, f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    graph = request.args.get("graph") or None
    try:
        graph_iri = str(kb.resolve_graph(graph)) if graph else None
    except StoreError as error:
        abort(404, str(error))
    path = exports().get(kb, fmt, graph_iri, request.remote_addr or "unknown")
    media_type, suffix = EXPORT_FORMATS[fmt].media_type, EXPORT_FORMATS[fmt].suffixes[0].lstrip(".")
    name = "eventkb" + (f"-{graph.rstrip('/').rsplit('/', 1)[-1]}" if graph else "")
    response = send_file(path, mimetype=f"{media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response
