"""Security headers on every answer: pages, API and SPARQL answers, static files and errors.

The Content-Security-Policy lets scripts come only from our own files (the templates have no
inline script or event handler; kb-config in query.html is a JSON data block, which is never
run), fetches go only to this server, and nothing may frame a page. On the /sparql answers that
other sites read through CORS it is inert: CSP governs documents, and none of these headers
limits who may read an answer.
"""

from __future__ import annotations

from flask import Flask, Response

__all__ = ["CONTENT_SECURITY_POLICY", "HEADERS", "init_app"]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # 'unsafe-inline' for styles only, because the vendored code needs it (the browser tests in
    # tests/test_security_headers.py fail without it): vis-timeline's bundle injects <style>
    # elements as it loads, YASGUI's result table one for its column resizer (whose handles are
    # placed by it), and YASGUI's query-error tooltip is markup with style="" attributes.
    # Setting element.style from a script, which both also do, is not subject to CSP.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",      # data: for the pages' empty favicon, <link rel="icon" href="data:,">
    "connect-src 'self'",        # the timeline's /api calls and YASGUI's POST to /sparql
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # same-origin rather than no-referrer: no other site learns which page linked to it either
    # way, but under no-referrer a same-origin form POST (the /validate upload) carries
    # "Origin: null", which would defeat any Origin check against cross-site requests
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",   # frame-ancestors 'none' for browsers that predate it
}


def init_app(app: Flask) -> None:
    """Give every response HEADERS, error pages and static files included."""
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    """A header a view set itself is kept: the view knows its own answer better than this default."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
