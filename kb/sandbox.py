"""Confinement for the processes that run queries, updates and uploads: no network, bounded memory.

The SPARQL guard (kb/sparql_guard.py) refuses federated queries before they run; this is the
second wall. A seccomp filter, installed through libseccomp (on every Debian and Ubuntu
system; loaded with ctypes), makes ``socket()`` fail for every address family but local Unix
sockets, so nothing the engine is asked can reach another host, or this one over TCP, and no
reply from elsewhere can be echoed. The memory limit is an address-space limit (RLIMIT_AS),
so a runaway query fails inside its own worker.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import resource
import socket

__all__ = ["forbid_network", "limit_memory"]

_ALLOW = 0x7FFF0000
_DENY_WITH_EACCES = 0x00050000 | errno.EACCES
_COMPARE_NOT_EQUAL = 1
_THREAD_SYNC_ATTRIBUTE = 4


class _ArgumentTest(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def forbid_network() -> bool:
    """Make every later ``socket()`` call of this process (all its threads) fail unless it is AF_UNIX.

    Returns False where it cannot be done (no libseccomp, not Linux); callers log that.
    """
    name = ctypes.util.find_library("seccomp")
    if name is None:
        return False
    try:
        library = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return False
    library.seccomp_init.restype = ctypes.c_void_p
    library.seccomp_init.argtypes = [ctypes.c_uint32]
    library.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                               ctypes.POINTER(_ArgumentTest)]
    library.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    library.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    library.seccomp_load.argtypes = [ctypes.c_void_p]
    library.seccomp_release.argtypes = [ctypes.c_void_p]
    context = library.seccomp_init(_ALLOW)
    if not context:
        return False
    try:
        only_unix = (_ArgumentTest * 1)(_ArgumentTest(0, _COMPARE_NOT_EQUAL, socket.AF_UNIX, 0))
        denied = library.seccomp_rule_add_array(
            context, _DENY_WITH_EACCES, library.seccomp_syscall_resolve_name(b"socket"), 1, only_unix) == 0
        ring = library.seccomp_syscall_resolve_name(b"io_uring_setup")  # it can make sockets too
        if ring >= 0:
            denied = denied and library.seccomp_rule_add_array(context, _DENY_WITH_EACCES, ring, 0, None) == 0
        library.seccomp_attr_set(context, _THREAD_SYNC_ATTRIBUTE, 1)
        return denied and library.seccomp_load(context) == 0
    finally:
        library.seccomp_release(context)


def limit_memory(limit_bytes: int | None) -> None:
    """Cap this process's address space; past it allocations fail (and the engine aborts the worker)."""
    if limit_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
