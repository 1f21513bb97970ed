"""Jobs for the worker-pool tests, importable by name in a spawned worker (as the real handlers are)."""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import Any

_held: list[Any] = []


def run(job: tuple[str, Any]) -> Any:
    what, argument = job
    if what == "connect":
        try:
            socket.create_connection(argument, timeout=2).close()
        except OSError as error:
            return type(error).__name__
        return "connected"
    if what == "sleep":
        time.sleep(argument)
        return "slept"
    if what in ("allocate", "hold"):
        block = bytearray(argument << 20)
        for index in range(0, len(block), 4096):  # touch every page, so it is really resident
            block[index] = 1
        if what == "allocate":
            return len(block)
        _held.append(block)
        return os.getpid()
    if what == "pid":
        return os.getpid()
    if what == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if what == "fail":
        raise ValueError(argument)
    return argument
