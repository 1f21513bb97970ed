"""The app's one KnowledgeBase and its query service, opened by init_app and shared by the blueprints."""

from __future__ import annotations

import atexit
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from kb.admission import Overloaded
from kb.gate import GateLimits
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import PREFIXES
from kb.query_service import QueryLimits, QueryService
from kb.read.events import event_details as read_event_details
from kb.read.params import TimelineFilters
from kb.read.timeline import facets as read_facets
from kb.read.timeline import timeline as read_timeline
from kb.read.types import EventDetails, Facets, TimelinePage
from web.urls import URLS

__all__ = ["ReadCache", "ExportFiles", "init_app", "knowledge_base", "query_service", "write_lock", "cached", "cached_page", "event_details", "exports",
           "facets", "timeline"]

_service_lock = threading.Lock()


class ReadCache:
    """Answers that take long to compute, kept until the next write through the KnowledgeBase.

    The filter facets and a timeline page read every matching event (0.4-0.7 s at 15,000
    events, bench/web/scale.py) and an export of a large store takes seconds, yet they are the
    same until the store changes. One request computes an answer while the others asking for
    it wait; at most ``concurrent`` answers are computed at once, and a request that cannot
    get its answer within ``wait`` seconds is told to come back (503), so slow work never
    holds every request thread.
    """

    def __init__(self, size: int = 16, concurrent: int = 2, wait: float = 10.0,
                 forget: Callable[[Any], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._computing = threading.BoundedSemaphore(concurrent)
        self._size, self._wait, self._forget = size, wait, forget or (lambda answer: None)

    def get(self, kb: KnowledgeBase, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for KEY, computed (outside the lock) if the store changed since it was kept."""
        deadline = time.monotonic() + self._wait
        while True:
            generation = kb.generation
            with self._lock:
                if self._generation != generation:
                    self._drop(list(self._answers))
                    self._generation = generation
                if key in self._answers:
                    self._answers.move_to_end(key)
                    return self._answers[key]
                underway = self._pending.get(key)
                if underway is None:
                    underway = self._pending[key] = threading.Event()
                    break
            if not underway.wait(max(0.0, deadline - time.monotonic())):
                raise Overloaded("the server is still preparing this answer for another request; try again shortly")
        try:
            if not self._computing.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise Overloaded("the server is busy preparing other answers; try again shortly")
            try:
                answer = compute()
            finally:
                self._computing.release()
            with self._lock:
                if self._generation == generation == kb.generation:  # no write meanwhile
                    self._answers[key] = answer
                    self._drop(list(self._answers)[: -self._size])
            return answer
        finally:
            with self._lock:
                self._pending.pop(key, None)
            underway.set()

    def _drop(self, keys: list[Hashable]) -> None:
        for key in keys:
            self._forget(self._answers.pop(key))


class ExportFiles:
    """Export downloads, written once per store generation to files beside the store and sent from there."""

    def __init__(self, directory: Path, wait: float) -> None:
        self._directory = directory
        self._numbers = itertools.count(1)
        self._cache = ReadCache(size=8, concurrent=1, wait=wait, forget=lambda path: path.unlink(missing_ok=True))

    def get(self, kb: KnowledgeBase, export_format: str, graph: str | None, client: str) -> Path:
        """The file of this export as of the last write; a worker writes it if there is none (KnowledgeBase.export_file)."""
        def write() -> Path:
            self._directory.mkdir(parents=True, exist_ok=True)
            path = self._directory / f"export-{next(self._numbers)}.{export_format}"
            kb.export_file(export_format, graph, path, client)
            return path
        return self._cache.get(kb, (export_format, graph), write)


def init_app(app: Flask) -> None:
    """Open the store (loading the seed into an empty one) and start the /sparql query workers."""
    config = app.config
    kb = KnowledgeBase(config["KB_STORE"], GateLimits.from_settings(config))
    if app.config["KB_LOAD_SEED"] and not kb.sources():
        kb.load_seed()
    app.extensions["kb"] = kb
    app.extensions["kb.write_lock"] = threading.Lock()
    wait = float(config["KB_PAGE_TIMEOUT"])
    app.extensions["kb.cache"] = ReadCache(wait=wait)
    app.extensions["kb.pages"] = ReadCache(size=256, wait=wait)
    app.extensions["kb.exports"] = ExportFiles(kb.checkpoints.directory / "exports", wait)


def _start_query_service(app: Flask) -> QueryService:
    """The worker processes start with the first /sparql query, not with every app (tests make many)."""
    limits = QueryLimits.from_settings(app.config)
    service = QueryService(app.extensions["kb"].checkpoints, limits, PREFIXES)
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


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """An answer as of the last write (ReadCache); callers must not change it."""
    return current_app.extensions["kb.cache"].get(knowledge_base(), key, compute)


def cached_page(key: Hashable, render: Callable[[], Any]) -> Any:
    """A rendered entity, article or ontology page as of the last write (the 256 latest are kept)."""
    return current_app.extensions["kb.pages"].get(knowledge_base(), key, render)


def event_details(iri: str) -> EventDetails | None:
    """An event's details (kb.read.events.event_details) as of the last write."""
    kb = knowledge_base()
    return cached_page(("event", iri), lambda: read_event_details(kb, URLS, iri))


def exports() -> ExportFiles:
    return current_app.extensions["kb.exports"]


def facets() -> Facets:
    """The filter facets (kb.read.timeline.facets) as of the last write."""
    kb = knowledge_base()
    return cached("facets", lambda: read_facets(kb, URLS))


def timeline(filters: TimelineFilters) -> TimelinePage:
    """A timeline answer (kb.read.timeline.timeline) as of the last write."""
    kb = knowledge_base()
    return cached(("timeline", filters), lambda: read_timeline(kb, URLS, filters))
