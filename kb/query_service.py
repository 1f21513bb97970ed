"""The endpoint's queries: one time budget per request, fair turns, and few long queries at a time.

Every query runs in a confined worker process (kb/workers.py, kb/store/query_worker.py) on the
latest checkpoint of the store. One budget (``timeout``) covers the wait for a worker, the
check and the run. Queries start in the short lane; one that runs past ``long_after`` needs a
place in the long lane (``long_queries`` of them), or it is stopped there. A client whose
query ran long or was stopped in the last minute queues for the long lane from the start. So
clients looping heavy queries share the long lane among themselves, and everyone else's small
queries keep moving on the short one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.admission import Clients, Lane
from kb.store.checkpoints import Checkpoints
from kb.store.query_worker import Answer, QueryJob
from kb.workers import WorkerPool, WorkStopped

__all__ = ["QueryService", "QueryLimits", "LongQueriesBusy"]


class LongQueriesBusy(WorkStopped):
    """The query ran long while the long lane was full."""


@dataclass(frozen=True)
class QueryLimits:
    timeout: float = 5.0             # seconds per request: waiting, checking and running
    workers: int = 2                 # workers of the short lane
    long_queries: int = 1            # workers of the long lane: queries that may run past long_after at once
    long_after: float = 1.0          # seconds after which a query counts as long
    rows: int = 10_000               # rows (or triples) an answer holds at most
    bytes: int = 32 << 20            # bytes an answer holds at most
    memory: int = 1024 << 20         # bytes a worker may use
    queue: int = 32                  # requests that may wait in each lane
    per_client: int = 2              # requests one client address may have waiting or running

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> QueryLimits:
        return cls(timeout=settings["KB_QUERY_TIMEOUT"], workers=settings["KB_QUERY_WORKERS"],
                   long_queries=settings["KB_LONG_QUERIES"], long_after=settings["KB_LONG_QUERY_AFTER"],
                   rows=settings["KB_RESULT_LIMIT"], bytes=settings["KB_RESULT_BYTES"],
                   memory=settings["KB_WORKER_MEMORY"] << 20, queue=settings["KB_QUERY_QUEUE"],
                   per_client=settings["KB_CLIENT_QUERIES"])


class QueryService:
    """A pool of query workers over the latest checkpoint of the store, in a short and a long lane."""

    def __init__(self, checkpoints: Checkpoints, limits: QueryLimits, prefixes: dict[str, str]) -> None:
        self.checkpoints, self.limits, self.prefixes = checkpoints, limits, prefixes
        self._pool = WorkerPool("query", "kb.store.query_worker.answer", limits.workers + limits.long_queries, limits.memory, spare=1)
        self._clients = Clients("query", limits.per_client)
        self._short = Lane("query", limits.workers, limits.queue, self._clients)
        self._long = Lane("long-query", limits.long_queries, limits.queue, self._clients)

    def run(self, sparql: str, accept: list[str] | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None, client: str = "local") -> Answer:
        deadline = time.monotonic() + self.limits.timeout
        lane = self._long if self._clients.is_heavy(client) else self._short
        with lane.turn(client, deadline) as place:
            def long_or_stopped(running: float) -> bool:
                """A query past long_after holds a place in the long lane (at a lower CPU priority), or stops."""
                if running <= self.limits.long_after:
                    return False
                self._clients.mark_heavy(client)
                if place.lane is self._short and not place.move_to(self._long):
                    raise LongQueriesBusy(f"the query ran past {self.limits.long_after:g} s while the server was already "
                                          f"running {self.limits.long_queries} long query(ies); it was stopped, try again later")
                return True
            try:
                with self.checkpoints.reading() as checkpoint:
                    job = QueryJob(checkpoint, sparql, accept or [], default_graphs or [], named_graphs or [],
                                   self.limits.rows, self.limits.bytes, self.prefixes)
                    return self._pool.run(job, deadline, long_or_stopped)
            except WorkStopped:
                self._clients.mark_heavy(client)
                raise

    def close(self) -> None:
        self._pool.close()
