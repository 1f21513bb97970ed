"""One way to answer every error: JSON under /api, plain text at /sparql, a page elsewhere; never a trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from kb.errors import KbError

__all__ = ["register", "status_of", "retry_headers"]


def status_of(error: Exception) -> int:
    """The HTTP status the library gives its errors (KbError.http_status); anything else is the server's fault."""
    return error.http_status if isinstance(error, KbError) else 500


def retry_headers(status: int) -> dict[str, str]:
    """When to come back, for a refusal that waiting cures (the queue was full, a limit ran out)."""
    if status not in (429, 503):
        return {}
    return {"Retry-After": str(max(1, round(float(current_app.config["KB_QUERY_TIMEOUT"]))))}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    message = error.description or error.name
    if error.code == 413:
        limit = request.max_content_length or 0
        message = f"the request is larger than this server accepts ({limit // 1024} KiB; KB_MAX_UPLOAD)"
    if request.path.startswith("/api/"):
        response = jsonify(error=message)
        response.status_code = error.code or 500
        return response
    if request.path.startswith("/sparql"):
        return Response(message + "\n", status=error.code, mimetype="text/plain")
    return render_template("error.html", code=error.code, name=error.name, message=message), error.code or 500


def _unexpected(error: Exception) -> Response | tuple[str, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)
    status = status_of(error)
    if not isinstance(error, KbError):
        logging.getLogger("web").exception("unexpected error on %s", request.path)
        return _http_error(InternalServerError("Something went wrong on the server; the log has the details."))
    answer = _http_error(default_exceptions[status](str(error)))
    response = answer if isinstance(answer, Response) else current_app.make_response(answer)
    response.headers.update(retry_headers(status))
    return response
