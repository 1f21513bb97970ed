"""Who gets a worker next: a bounded queue, a cap per client, and the lightest users first.

Requests beyond the queue are answered at once (503 with Retry-After) instead of piling up in
request threads; one client address can hold only a few places; when a worker frees up it
goes to the waiting client that has used the least worker time lately, so a client looping
heavy queries waits behind everyone else.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from kb.workers import OutOfTime

__all__ = ["Admission", "Overloaded", "TooManyFromClient"]

_HALF_LIFE = 30.0  # seconds for a client's past worker time to count half as much


class Overloaded(RuntimeError):
    """The queue is full: try again shortly."""

    http_status = 503


class TooManyFromClient(RuntimeError):
    """This client already has as many requests waiting or running as it may."""

    http_status = 429


class Admission:
    def __init__(self, name: str, slots: int, queue_size: int, per_client: int) -> None:
        self.name, self.slots, self.queue_size, self.per_client = name, slots, queue_size, per_client
        self._condition = threading.Condition()
        self._free = slots
        self._waiting: list[tuple[float, int]] = []
        self._held: Counter[str] = Counter()
        self._usage: dict[str, tuple[float, float]] = {}  # client -> (worker seconds, when counted)
        self._tickets = itertools.count()

    def _recent_use(self, client: str, now: float) -> float:
        seconds, when = self._usage.get(client, (0.0, now))
        return seconds * math.pow(0.5, (now - when) / _HALF_LIFE)

    @contextmanager
    def slot(self, client: str, deadline: float) -> Iterator[None]:
        """Hold one of the slots while the body runs; raise at once if the queue or the client is full."""
        with self._condition:
            if self._held[client] >= self.per_client:
                raise TooManyFromClient(f"this client already has {self.per_client} {self.name} requests waiting or "
                                        "running, as many as it may; wait for one to finish")
            if len(self._waiting) >= self.queue_size and not self._free:
                raise Overloaded(f"{len(self._waiting)} {self.name} requests are already waiting; try again shortly")
            ticket = (self._recent_use(client, time.monotonic()), next(self._tickets))
            self._waiting.append(ticket)
            self._held[client] += 1
            try:
                while not (self._free and ticket == min(self._waiting)):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise OutOfTime(f"no {self.name} worker became free within the time limit; try again shortly")
                    self._condition.wait(remaining)
            except BaseException:
                self._waiting.remove(ticket)
                self._release(client)
                raise
            self._waiting.remove(ticket)
            self._free -= 1
        started = time.monotonic()
        try:
            yield
        finally:
            with self._condition:
                now = time.monotonic()
                self._usage[client] = (self._recent_use(client, now) + (now - started), now)
                if len(self._usage) > 10_000:  # forget the clients whose use has faded
                    self._usage = {c: u for c, u in self._usage.items() if self._recent_use(c, now) > 0.01}
                self._free += 1
                self._release(client)

    def _release(self, client: str) -> None:
        self._held[client] -= 1
        if not self._held[client]:
            del self._held[client]
        self._condition.notify_all()
