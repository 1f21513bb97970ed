"""The Flask app: timeline, entity and article pages, the SPARQL 1.1 endpoint, validation and export.

The web layer only calls the kb/ library (KnowledgeBase, timeline queries, the query service):
it builds no triples itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from kb.store import DEFAULT_STORE

__all__ = ["create_app", "DEFAULTS"]

# Settings, each also read from the environment variable of the same name.
DEFAULTS: dict[str, Any] = {
    "KB_STORE": DEFAULT_STORE,          # directory of the embedded store
    "KB_UPDATE_TOKEN": None,            # SPARQL Update is refused unless this bearer token is set
    "KB_QUERY_TIMEOUT": 5.0,            # seconds a /sparql request may take: waiting, checking and running
    "KB_QUERY_WORKERS": 2,              # processes for /sparql queries that finish within KB_LONG_QUERY_AFTER
    "KB_LONG_QUERIES": 1,               # queries that may run past KB_LONG_QUERY_AFTER at once (each has a process)
    "KB_LONG_QUERY_AFTER": 1.0,         # seconds after which a query counts as long
    "KB_RESULT_LIMIT": 10000,           # rows (or triples) a /sparql answer holds at most
    "KB_RESULT_BYTES": 32 << 20,        # bytes a /sparql answer holds at most
    "KB_QUERY_QUEUE": 32,               # /sparql requests that may wait for a worker; more get 503
    "KB_CLIENT_QUERIES": 2,             # /sparql requests one client address may have waiting or running; more get 429
    "KB_WORKER_MEMORY": 1024,           # MiB a query, update or validation process may use
    "KB_UPDATE_TIMEOUT": 30.0,          # seconds a SPARQL Update may take
    "KB_CHECK_TIMEOUT": 30.0,           # seconds to validate an uploaded file (or the store's report)
    "KB_EXPORT_TIMEOUT": 120.0,         # seconds to write an export of the store (/export)
    "KB_PAGE_TIMEOUT": 10.0,            # seconds a page or export may wait for slow work (an export being made)
    "KB_MAX_UPLOAD": 5 * 1024 * 1024,   # bytes a request (query, update, upload) may have
    "KB_MAX_TRIPLES": 50_000,           # triples an uploaded file may hold
    "KB_LOAD_SEED": True,               # load the bundled seed article when the store is empty
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application factory; ``test_config`` overrides the environment and the defaults."""
    app = Flask(__name__)
    for name, default in DEFAULTS.items():
        app.config[name] = _from_environment(name, default)
    app.config.update(test_config or {})
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["KB_MAX_UPLOAD"])
    app.config["KB_STORE"] = str(Path(app.config["KB_STORE"]))

    from web import extensions
    extensions.init_app(app)

    from web import admin, api, errors, pages, sparql
    for blueprint in (pages.bp, api.bp, sparql.bp, admin.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    from web import security; security.init_app(app)  # noqa: E702
    return app


def _from_environment(name: str, default: Any) -> Any:
    value = os.environ.get(name)
    if value is None:
        return default
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, (int, float)):
        try:
            return type(default)(value)
        except ValueError:
            raise SystemExit(f"{name}={value!r} is not a number") from None
    return value or None
