"""The store behind the knowledge base: what the library needs of one (base.py) and the embedded
pyoxigraph store (embedded.py), with the checkpoints other processes read (checkpoints.py), the
endpoint's query job (query_worker.py) and the scratch copies updates are tried on (scratch.py).

Only this package imports pyoxigraph (tests/test_layering.py): a remote SPARQL 1.1 store would
be one more module implementing ``Store``.
"""

from __future__ import annotations

from pathlib import Path

from kb.store.base import (
    IRI,
    BlankNode,
    Capabilities,
    GraphNotFound,
    Literal,
    QueryError,
    QueryResult,
    Solutions,
    Store,
    StoreError,
    Term,
    Triple,
    UpdateFailed,
)
from kb.store.embedded import EmbeddedStore

__all__ = [
    "IRI", "BlankNode", "Capabilities", "GraphNotFound", "Literal", "QueryError", "QueryResult", "Solutions", "Store",
    "StoreError", "Term", "Triple", "UpdateFailed", "EmbeddedStore", "open_store",
]


def open_store(location: str | Path | None) -> Store:
    """The store at ``location``: a directory of the embedded store (None: one in memory)."""
    return EmbeddedStore(location)
