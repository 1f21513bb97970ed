"""The app's one KnowledgeBase and its query service, opened by init_app and shared by the blueprints."""

from __future__ import annotations

import atexit
import threading
from typing import Any

from flask import Flask, current_app

from kb import timeline as tl
from kb.knowledge_base import KnowledgeBase
from kb.query_service import QueryService

__all__ = ["FacetCache", "init_app", "knowledge_base", "query_service", "write_lock", "facets"]

_service_lock = threading.Lock()


class FacetCache:
    """The timeline's filter facets, counted once per state of the store, not once per page view:
    they read every event, which on a large store costs more than the page itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._facets: dict[str, list[dict[str, Any]]] = {}

    def get(self, kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            if self._generation != kb.generation:
                self._facets, self._generation = tl.facets(kb), kb.generation
            return self._facets


def init_app(app: Flask) -> None:
    """Open the store (loading the seed into an empty one) and start the /sparql query workers."""
    kb = KnowledgeBase(app.config["KB_STORE"])
    if app.config["KB_LOAD_SEED"] and not kb.sources():
        kb.load_seed()
    app.extensions["kb"] = kb
    app.extensions["kb.write_lock"] = threading.Lock()
    app.extensions["kb.facets"] = FacetCache()


def _start_query_service(app: Flask) -> QueryService:
    """The worker processes start with the first /sparql query, not with every app (tests make many)."""
    service = QueryService(app.extensions["kb"].store, workers=int(app.config["KB_QUERY_WORKERS"]),
                           timeout=float(app.config["KB_QUERY_TIMEOUT"]), limit=int(app.config["KB_RESULT_LIMIT"]))
    atexit.register(service.close)
    return service


def knowledge_base() -> KnowledgeBase:
    return current_app.extensions["kb"]


def query_service() -> QueryService:
    with _service_lock:
        if "kb.queries" not in current_app.extensions:
            current_app.extensions["kb.queries"] = _start_query_service(current_app)
    return current_app.extensions["kb.queries"]


def write_lock() -> threading.Lock:
    """Writes (SPARQL Update, loads) go one at a time; reads run concurrently."""
    return current_app.extensions["kb.write_lock"]


def facets() -> dict[str, list[dict[str, Any]]]:
    return current_app.extensions["kb.facets"].get(current_app.extensions["kb"])
