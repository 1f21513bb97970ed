"""The app's one KnowledgeBase and its query service, opened by init_app and shared by the blueprints."""

from __future__ import annotations

import atexit
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app

from kb import timeline as tl
from kb.knowledge_base import KnowledgeBase
from kb.query_service import QueryService

__all__ = ["ReadCache", "init_app", "knowledge_base", "query_service", "write_lock", "facets", "timeline"]

_service_lock = threading.Lock()


class ReadCache:
    """Answers of the timeline's own queries, kept until the next write through the KnowledgeBase.

    The filter facets and a timeline page read every matching event (0.4-0.7 s at 15,000
    events, bench/web/scale.py), and the landing page asks for both on every view.
    """

    def __init__(self, size: int = 16) -> None:
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size

    def get(self, kb: KnowledgeBase, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for KEY, computed (outside the lock) if the store changed since it was kept."""
        generation = kb.generation
        with self._lock:
            if self._generation != generation:
                self._answers.clear()
                self._generation = generation
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = compute()
        with self._lock:
            if self._generation == generation == kb.generation:  # no write meanwhile
                self._answers[key] = answer
                while len(self._answers) > self._size:
                    self._answers.popitem(last=False)
        return answer


def init_app(app: Flask) -> None:
    """Open the store (loading the seed into an empty one) and start the /sparql query workers."""
    kb = KnowledgeBase(app.config["KB_STORE"])
    if app.config["KB_LOAD_SEED"] and not kb.sources():
        kb.load_seed()
    app.extensions["kb"] = kb
    app.extensions["kb.write_lock"] = threading.Lock()
    app.extensions["kb.cache"] = ReadCache()


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
    """The filter facets (kb.timeline.facets) as of the last write; callers must not change them."""
    kb = knowledge_base()
    return current_app.extensions["kb.cache"].get(kb, "facets", lambda: tl.facets(kb))


def timeline(filters: tl.TimelineFilters) -> dict[str, Any]:
    """A timeline answer (kb.timeline.timeline) as of the last write; callers must not change it."""
    kb = knowledge_base()
    return current_app.extensions["kb.cache"].get(kb, ("timeline", filters), lambda: tl.timeline(kb, filters))
