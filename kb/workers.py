"""Pools of confined worker processes: the server's untrusted work runs where it can be stopped.

pyoxigraph has no query timeout, a running query ignores signals, and a crash in the engine
(or in a parser) takes its whole process with it. So queries, updates and uploaded files are
handled in spawned processes that cannot open network connections and have a memory cap
(kb/sandbox.py). A job past its deadline, or past its memory cap, gets its worker killed and
replaced; a worker that dies is replaced too; every such event is logged.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from kb.errors import KbError
from kb.sandbox import forbid_network, limit_memory

__all__ = ["WorkerPool", "OutOfTime", "OutOfMemory", "WorkerDied", "WorkStopped"]

log = logging.getLogger("kb.workers")
_POLL = 0.02  # seconds between looks at a busy worker (deadline, memory, the caller's own check)
_ADDRESS_SPACE_HEADROOM = 1 << 30
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkStopped(KbError, RuntimeError):
    """The job was stopped before it finished; nothing it did is kept."""

    http_status = 503


class OutOfTime(WorkStopped):
    """The job (or the wait for a worker) ran past its deadline."""


class OutOfMemory(WorkStopped):
    """The job's worker grew past its memory cap."""


class WorkerDied(KbError, RuntimeError):
    """The worker died while on the job: the server's fault, not the client's."""

    http_status = 500


def _serve(connection: Any, handler_name: str, memory_bytes: int | None, niceness: int) -> None:
    """A worker's life: confine itself, then answer jobs until told to stop."""
    os.nice(niceness)
    closed = forbid_network()
    # The cap itself is enforced on resident memory by the pool, which watches it; the address
    # space limit is a backstop between two looks (RocksDB reserves about 0.5 GiB it never uses).
    limit_memory(memory_bytes + _ADDRESS_SPACE_HEADROOM if memory_bytes else None)
    module_name, function_name = handler_name.rsplit(".", 1)
    handler = getattr(importlib.import_module(module_name), function_name)
    connection.send(closed)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", handler(job))
        except Exception as error:  # noqa: BLE001 - handed to the caller, who knows what it means
            reply = ("error", error)
        try:
            connection.send(reply)
        except Exception as error:  # noqa: BLE001 - e.g. an exception that cannot be pickled
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))


class _Worker:
    def __init__(self, context: Any, handler: str, memory_bytes: int | None, niceness: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, handler, memory_bytes, niceness), daemon=True)
        self.process.start()
        child.close()
        self.lowered = False  # it runs a long job at a lower CPU priority, and is replaced after it

    def lower_priority(self) -> None:
        """Let everything else have the CPU first (an unprivileged process can only be lowered, so it is replaced after)."""
        if not self.lowered:
            self.lowered = True
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, 10)
            except OSError:
                pass

    def ready(self, name: str) -> bool:
        """Wait for the worker to confine itself and load its handler; False if it died on the way."""
        try:
            confined = self.connection.recv()
        except (EOFError, OSError):
            log.error("a new %s worker died while starting (exit code %s)", name, self.process.exitcode)
            return False
        if not confined:
            log.warning("%s worker %s runs without the network filter (no libseccomp here)", name, self.process.pid)
        return True

    def resident_bytes(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class WorkerPool:
    """``size`` workers running ``handler`` (a dotted name: imported in each worker, not here)."""

    def __init__(self, name: str, handler: str, size: int, memory_bytes: int | None = None, spare: int = 0,
                 niceness: int = 0, keeps_at_most: int = 256 << 20) -> None:
        """``size`` workers for as many jobs at once, and ``spare`` more, started, to take over from a stopped one.

        ``niceness`` lowers the workers' CPU priority (work for anonymous uploads waits for everything else);
        a worker holding more than ``keeps_at_most`` bytes after a job is replaced, so the memory goes back.
        """
        self.name, self.handler, self.memory_bytes, self.niceness = name, handler, memory_bytes, niceness
        self.keeps_at_most = keeps_at_most
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        for _ in range(max(1, size) + spare):
            self._add()

    @property
    def size(self) -> int:
        return len(self._all)

    def _add(self) -> None:
        """Start a worker; it joins the idle ones once ready, so no job waits on a worker's start-up."""
        worker = _Worker(self._context, self.handler, self.memory_bytes, self.niceness)
        with self._lock:
            self._all.append(worker)

        def join() -> None:
            if worker.ready(self.name):
                self._idle.put(worker)
            else:
                time.sleep(1.0)  # not a tight loop if workers cannot start at all
                self._replace(worker)
        threading.Thread(target=join, name=f"{self.name}-worker-start", daemon=True).start()

    def run(self, job: Any, deadline: float, check: Callable[[float], bool] | None = None) -> Any:
        """Run ``job`` on a worker by ``deadline`` (time.monotonic()), or stop it and raise.

        ``check(seconds_running)`` is called while the job runs; if it raises, the job is
        stopped and its exception raised here; if it returns True, the job is a long one: its
        worker gets a lower CPU priority and is replaced after it.
        """
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise OutOfTime(f"all {self.size} {self.name} workers stayed busy until the time limit") from None
        finished = False
        try:
            status, payload = self._await(worker, job, deadline, check)
            finished = True
        finally:
            if finished and not worker.lowered and not self._grown(worker):
                self._idle.put(worker)
            else:
                self._replace(worker)
        if status == "error":
            if isinstance(payload, MemoryError):
                log.warning("%s worker %s ran out of memory on a job", self.name, worker.process.pid)
                raise OutOfMemory(f"the {self.name} ran out of memory (its limit is {(self.memory_bytes or 0) >> 20} MiB)")
            raise payload
        return payload

    def _await(self, worker: _Worker, job: Any, deadline: float, check: Callable[[float], bool] | None) -> tuple[str, Any]:
        started = time.monotonic()
        try:
            worker.connection.send(job)
            while not worker.connection.poll(_POLL):
                now = time.monotonic()
                if now >= deadline:
                    log.warning("%s worker %s stopped at the time limit after %.1f s", self.name, worker.process.pid, now - started)
                    raise OutOfTime(f"the {self.name} ran past its time limit and was stopped")
                if self.memory_bytes and worker.resident_bytes() > self.memory_bytes:
                    log.warning("%s worker %s stopped past its memory limit of %d MiB", self.name, worker.process.pid,
                                self.memory_bytes >> 20)
                    raise OutOfMemory(f"the {self.name} needed more than {self.memory_bytes >> 20} MiB of memory and was stopped")
                if check is not None:
                    try:
                        if check(now - started):
                            worker.lower_priority()
                    except Exception as stopped:
                        log.warning("%s worker %s stopped after %.1f s: %s", self.name, worker.process.pid, now - started, stopped)
                        raise
            return worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            log.error("%s worker %s died (exit code %s) while on a job", self.name, worker.process.pid, code)
            if self.memory_bytes and code == -signal.SIGABRT:  # what the engine does when an allocation fails
                raise OutOfMemory(f"the {self.name} ran out of memory (its limit is {self.memory_bytes >> 20} MiB) "
                                  "and was stopped") from None
            raise WorkerDied(f"the {self.name} worker died (exit code {code}); the job was not done") from None

    def _grown(self, worker: _Worker) -> bool:
        return worker.resident_bytes() > self.keeps_at_most

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            closed = self._closed
        if not closed:
            self._add()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
