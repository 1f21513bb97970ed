"""Who gets a worker next: a bounded queue, a cap per client, and light users ahead of heavy ones.

Requests beyond the queue are answered at once (503 with Retry-After) instead of piling up in
request threads; one client address can hold only a few places across a service's lanes; and
waiting requests are served in order of arrival, each pushed back by the worker time its client
has used lately (a tenth of a second per second used, at most six seconds), so a client looping
heavy queries waits behind everyone else, and no one waits forever.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from kb.errors import KbError
from kb.workers import OutOfTime

__all__ = ["Clients", "Lane", "Place", "Overloaded", "TooManyFromClient"]

_HALF_LIFE = 30.0  # seconds for a client's past worker time to count half as much
_HEAVY_FOR = 60.0  # seconds a client counts as heavy after a query of its ran long or was stopped
_PUSH_BACK = 0.1   # seconds of place in the queue lost per worker second used lately
_MOST_PUSH_BACK = 6.0


class Overloaded(KbError, RuntimeError):
    """The queue is full: try again shortly."""

    http_status = 503


class TooManyFromClient(KbError, RuntimeError):
    """This client already has as many requests waiting or running as it may."""

    http_status = 429


class Clients:
    """What each client address holds now and how much worker time it has used lately."""

    def __init__(self, name: str, per_client: int) -> None:
        self.name, self.per_client = name, per_client
        self._lock = threading.Lock()
        self._held: Counter[str] = Counter()
        self._usage: dict[str, tuple[float, float]] = {}  # client -> (worker seconds, when counted)
        self._heavy: dict[str, float] = {}  # client -> when a query of its last ran long or was stopped

    def recent_use(self, client: str) -> float:
        with self._lock:
            return self._decayed(client, time.monotonic())

    def _decayed(self, client: str, now: float) -> float:
        seconds, when = self._usage.get(client, (0.0, now))
        return seconds * math.pow(0.5, (now - when) / _HALF_LIFE)

    def mark_heavy(self, client: str) -> None:
        with self._lock:
            self._heavy[client] = time.monotonic()

    def is_heavy(self, client: str) -> bool:
        """Whether a query of this client ran long, or was stopped, in the last minute."""
        with self._lock:
            return time.monotonic() - self._heavy.get(client, -_HEAVY_FOR) < _HEAVY_FOR

    def enter(self, client: str) -> None:
        with self._lock:
            if self._held[client] >= self.per_client:
                raise TooManyFromClient(f"this client already has {self.per_client} {self.name} requests waiting or "
                                        "running, as many as it may; wait for one to finish")
            self._held[client] += 1

    def leave(self, client: str, seconds: float) -> None:
        with self._lock:
            now = time.monotonic()
            self._usage[client] = (self._decayed(client, now) + seconds, now)
            if len(self._usage) > 10_000:  # forget the clients whose use has faded
                self._usage = {c: u for c, u in self._usage.items() if self._decayed(c, now) > 0.01}
                self._heavy = {c: t for c, t in self._heavy.items() if now - t < _HEAVY_FOR}
            self._held[client] -= 1
            if not self._held[client]:
                del self._held[client]


class Lane:
    """``slots`` places, a queue of at most ``queue_size`` waiting, served lightest client first."""

    def __init__(self, name: str, slots: int, queue_size: int, clients: Clients) -> None:
        self.name, self.slots, self.queue_size, self.clients = name, slots, queue_size, clients
        self._condition = threading.Condition()
        self._free = slots
        self._waiting: list[tuple[float, int]] = []
        self._tickets = itertools.count()

    def acquire(self, client: str, deadline: float) -> None:
        """Take a place by ``deadline`` or raise; refuse at once when the queue is full."""
        with self._condition:
            if len(self._waiting) >= self.queue_size and not self._free:
                raise Overloaded(f"{len(self._waiting)} {self.name} requests are already waiting; try again shortly")
            push_back = min(_MOST_PUSH_BACK, _PUSH_BACK * self.clients.recent_use(client))
            ticket = (time.monotonic() + push_back, next(self._tickets))
            self._waiting.append(ticket)
            try:
                while not (self._free and ticket == min(self._waiting)):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise OutOfTime(f"no {self.name} worker became free within the time limit; try again shortly")
                    self._condition.wait(remaining)
            finally:
                self._waiting.remove(ticket)
                self._condition.notify_all()
            self._free -= 1

    def try_acquire(self) -> bool:
        """Take a place now if one is free (ahead of the waiting: they are the heavy users)."""
        with self._condition:
            if self._free:
                self._free -= 1
                return True
            return False

    def release(self) -> None:
        with self._condition:
            self._free += 1
            self._condition.notify_all()

    @contextmanager
    def turn(self, client: str, deadline: float) -> Iterator[Place]:
        """Hold a place while the body runs; the time held counts as the client's use."""
        self.clients.enter(client)
        held = 0.0
        try:
            self.acquire(client, deadline)
            place, started = Place(self), time.monotonic()
            try:
                yield place
            finally:
                held = time.monotonic() - started
                place.lane.release()
        finally:
            self.clients.leave(client, held)


class Place:
    """The place a request holds, which it may trade for one in another lane."""

    def __init__(self, lane: Lane) -> None:
        self.lane = lane

    def move_to(self, lane: Lane) -> bool:
        """Take a free place in ``lane`` and give this one back; False if ``lane`` is full."""
        if not lane.try_acquire():
            return False
        self.lane.release()
        self.lane = lane
        return True
