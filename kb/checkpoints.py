"""Copies of the store for other processes: the latest one for readers, scratch ones to try writes on.

A RocksDB checkpoint (``Store.backup``) is made of hard links: a few milliseconds and no
copying when it sits on the store's own file system. So they live beside the store, in
``.<store>.work/``, which the process holding the store's lock owns: it is emptied when that
process starts, so nothing a crash left behind survives the next start.
"""

from __future__ import annotations

import itertools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.store import Store, StoreError

__all__ = ["Checkpoints"]


class Checkpoints:
    """The latest read-only checkpoint (refreshed after each write) and scratch copies."""

    def __init__(self, store: Store) -> None:
        if store.path is None:
            raise StoreError("an in-memory store has no checkpoints")
        self._store = store
        self.directory = store.path.parent / f".{store.path.name}.work"
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self.latest = self._take("read")

    def _take(self, kind: str) -> str:
        target = self.directory / f"{kind}-{next(self._numbers)}"
        self._store.backup(target)
        return str(target)

    def refresh(self) -> None:
        """Let readers see the latest writes; the checkpoint before last goes (a reader may still be on the last)."""
        with self._lock:
            fresh = self._take("read")
            for old in self.directory.glob("read-*"):
                if str(old) not in (fresh, self.latest):
                    shutil.rmtree(old, ignore_errors=True)
            self.latest = fresh

    @contextmanager
    def scratch(self) -> Iterator[str]:
        """A writable copy of the store as it is now, removed afterwards."""
        with self._lock:
            path = self._take("scratch")
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
