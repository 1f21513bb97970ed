"""The endpoint's queries: one time budget per request, fair turns, and few long queries at a time.

Every query runs in a confined worker process (kb/workers.py, kb/query_worker.py) on the
latest checkpoint of the store. One budget (``timeout``) covers the wait for a worker, the
check and the run. At most ``long_queries`` queries may run past ``long_after`` seconds at
once; any other is stopped there. So a few clients looping heavy queries hold at most that
many workers, and everyone else's small queries keep moving on the rest.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from kb.admission import Admission
from kb.checkpoints import Checkpoints
from kb.query_worker import Answer, QueryJob
from kb.workers import WorkerPool, WorkStopped

__all__ = ["QueryService", "QueryLimits", "LongQueriesBusy"]


class LongQueriesBusy(WorkStopped):
    """The query ran long while the long-query places were taken."""


@dataclass(frozen=True)
class QueryLimits:
    timeout: float = 5.0             # seconds per request: waiting, checking and running
    workers: int = 2                 # workers for queries that finish within long_after
    long_queries: int = 1            # queries that may run past long_after at once
    long_after: float = 1.0          # seconds after which a query counts as long
    rows: int = 10_000               # rows (or triples) an answer holds at most
    bytes: int = 32 << 20            # bytes an answer holds at most
    memory: int = 1024 << 20         # bytes a worker may use
    queue: int = 32                  # requests that may wait for a worker
    per_client: int = 2              # requests one client address may have waiting or running


class QueryService:
    """A pool of query workers over the latest checkpoint of the store."""

    def __init__(self, checkpoints: Checkpoints, limits: QueryLimits, prefixes: dict[str, str]) -> None:
        self.checkpoints, self.limits, self.prefixes = checkpoints, limits, prefixes
        size = limits.workers + limits.long_queries
        self._pool = WorkerPool("query", "kb.query_worker.answer", size, limits.memory)
        self._admission = Admission("query", size, limits.queue, limits.per_client)
        self._long = threading.BoundedSemaphore(limits.long_queries)

    def run(self, sparql: str, accept: list[str] | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None, client: str = "local") -> Answer:
        deadline = time.monotonic() + self.limits.timeout
        job = QueryJob(self.checkpoints.latest, sparql, accept or [], default_graphs or [], named_graphs or [],
                       self.limits.rows, self.limits.bytes, self.prefixes)
        holds_long = False

        def keep_long_queries_few(running: float) -> None:
            nonlocal holds_long
            if running > self.limits.long_after and not holds_long:
                if not self._long.acquire(blocking=False):
                    raise LongQueriesBusy(f"the query ran past {self.limits.long_after:g} s while the server was already "
                                          f"running {self.limits.long_queries} long query(ies); it was stopped, try again later")
                holds_long = True

        with self._admission.slot(client, deadline):
            try:
                return self._pool.run(job, deadline, keep_long_queries_few)
            finally:
                if holds_long:
                    self._long.release()

    def close(self) -> None:
        self._pool.close()
