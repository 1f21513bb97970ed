"""Worker pools: confined processes that are stopped at their deadline or memory cap, replaced when they die, and logged."""

from __future__ import annotations

import logging
import os
import socket
import time

import pytest

from kb.workers import OutOfMemory, OutOfTime, WorkerDied, WorkerPool


@pytest.fixture(scope="module")
def pool():
    workers = WorkerPool("test", "tests.worker_jobs.run", 1, memory_bytes=400 << 20)
    yield workers
    workers.close()


def _soon(seconds: float = 20.0) -> float:
    return time.monotonic() + seconds


def test_a_worker_cannot_open_a_network_connection(pool):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert pool.run(("connect", listener.getsockname()), _soon()) == "PermissionError"
    assert pool.run(("echo", "still here"), _soon()) == "still here"


def test_a_job_past_its_deadline_is_stopped_logged_and_its_worker_replaced(pool, caplog):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="kb.workers"), pytest.raises(OutOfTime):
        pool.run(("sleep", 30), time.monotonic() + 0.5)
    assert time.monotonic() - started < 3
    assert "stopped at the time limit" in caplog.text
    assert pool.run(("echo", 1), _soon()) == 1 and pool.size == 1


def test_a_job_past_the_memory_cap_is_stopped_and_logged(pool, caplog):
    with caplog.at_level(logging.WARNING, logger="kb.workers"), pytest.raises(OutOfMemory):
        pool.run(("allocate", 800), _soon())
    assert "memory" in caplog.text
    assert pool.run(("allocate", 50), _soon()) == 50 << 20, "a fresh worker took its place"


def test_a_worker_that_dies_is_logged_and_replaced(pool, caplog):
    with caplog.at_level(logging.ERROR, logger="kb.workers"), pytest.raises(WorkerDied) as died:
        pool.run(("crash", None), _soon())
    assert "died" in caplog.text and died.value.http_status == 500
    assert pool.run(("echo", "next"), _soon()) == "next"


def test_a_job_error_reaches_the_caller_and_the_worker_stays(pool):
    with pytest.raises(ValueError, match="bad input"):
        pool.run(("fail", "bad input"), _soon())
    assert pool.run(("echo", 2), _soon()) == 2


def test_the_caller_can_stop_a_running_job(pool):
    def stop_after_a_moment(running: float) -> bool:
        if running > 0.2:
            raise OutOfTime("enough")
        return False
    with pytest.raises(OutOfTime, match="enough"):
        pool.run(("sleep", 30), _soon(), stop_after_a_moment)
    assert pool.run(("echo", 3), _soon()) == 3


def test_a_long_job_runs_at_a_lower_cpu_priority_and_its_worker_is_replaced_after(pool):
    seen = {}

    def long_after_a_moment(running: float) -> bool:
        if running > 0.1 and "nice" not in seen:
            worker = next(w for w in pool._all if w.lowered)  # noqa: SLF001 - lowered just before this look
            seen["pid"], seen["nice"] = worker.process.pid, os.getpriority(os.PRIO_PROCESS, worker.process.pid)
        return running > 0.05
    assert pool.run(("sleep", 0.4), _soon(), long_after_a_moment) == "slept"
    assert seen["nice"] == 10
    assert seen["pid"] not in [w.process.pid for w in pool._all]  # noqa: SLF001
    assert pool.run(("echo", 4), _soon()) == 4


def test_a_worker_that_keeps_much_memory_after_a_job_is_replaced():
    workers = WorkerPool("test", "tests.worker_jobs.run", 1, keeps_at_most=100 << 20)
    try:
        holder = workers.run(("hold", 150), _soon())
        assert workers.run(("pid", None), _soon()) != holder, "a fresh worker took its place"
        light = workers.run(("pid", None), _soon())
        assert workers.run(("pid", None), _soon()) == light, "one that keeps little stays"
    finally:
        workers.close()
