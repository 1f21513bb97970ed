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
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from kb.store.base import StoreError
from kb.store.embedded import EmbeddedStore

__all__ = ["Checkpoints"]


class Checkpoints:
    """The latest read-only checkpoint (refreshed after each write) and scratch copies."""

    def __init__(self, store: EmbeddedStore) -> None:
        if store.path is None:
            raise StoreError("an in-memory store has no checkpoints")
        self._store = store
        self.directory = store.path.parent / f".{store.path.name}.work"
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._latest = self._take("read")
        self._stale = False
        self._readers: Counter[str] = Counter()

    def _take(self, kind: str) -> str:
        """A new checkpoint; once in a long while one fails under a burst of writes: then one more try."""
        try:
            return self._backup(kind)
        except OSError:
            try:
                return self._backup(kind)
            except OSError as error:
                raise StoreError(f"cannot make a checkpoint of the store in {self.directory}: {error}") from error

    def _backup(self, kind: str) -> str:
        target = self.directory / f"{kind}-{next(self._numbers)}"
        try:
            self._store.backup(target)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return str(target)

    def refresh(self) -> None:
        """Let readers see the latest writes, from the next reader on (a write does not wait for the copy)."""
        self._stale = True

    @contextmanager
    def reading(self) -> Iterator[str]:
        """A checkpoint with every write so far, kept on disk while the body (and its worker) reads it."""
        with self._lock:
            if self._stale:
                self._stale = False
                self._latest = self._take("read")
            path = self._latest
            self._readers[path] += 1
        try:
            yield path
        finally:
            with self._lock:
                self._readers[path] -= 1
                for old in self.directory.glob("read-*"):
                    if str(old) != self._latest and self._readers[str(old)] <= 0:
                        shutil.rmtree(old, ignore_errors=True)
                        self._readers.pop(str(old), None)

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
