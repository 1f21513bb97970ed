"""What the library needs of a store, in the project's own types, so a store can be swapped.

The embedded pyoxigraph store (kb/store/embedded.py) is one implementation; a remote SPARQL 1.1
server would be another module implementing ``Store``. Queries see the union of all graphs as
their default graph; writes replace or drop whole named graphs, each in one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kb.errors import KbError, NotFound
from kb.formats import Format

__all__ = [
    "IRI", "BlankNode", "Literal", "Term", "Triple", "Solutions", "QueryResult", "Capabilities", "Store",
    "StoreError", "GraphNotFound", "QueryError", "UpdateFailed", "XSD_STRING",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class StoreError(KbError, RuntimeError):
    """The store cannot be opened or written; the message says which path and why."""

    http_status = 500


class GraphNotFound(NotFound, StoreError):
    """No graph of that name in the store."""


class UpdateFailed(KbError, ValueError):
    """A malformed update, or one that would change what may not be changed."""

    http_status = 400


class QueryError(KbError, ValueError):
    """A malformed query, with the parser's message (line and column), or one the store could not answer."""

    http_status = 400


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class BlankNode:
    value: str


@dataclass(frozen=True)
class Literal:
    value: str
    datatype: str = XSD_STRING
    language: str | None = None


Term = IRI | BlankNode | Literal
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class Solutions:
    """A SELECT answer: its variables in order and its rows ({variable: term}; unbound ones left out)."""

    variables: tuple[str, ...]
    rows: tuple[dict[str, Term], ...] = field(default=())

    def __iter__(self) -> Iterator[dict[str, Term]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


QueryResult = Solutions | bool | list[Triple]


@dataclass(frozen=True)
class Capabilities:
    checkpoints: bool  # on-disk copies other processes read: killable query workers, scratch copies for updates


class Store(ABC):
    """A quad store the knowledge base keeps its graphs in."""

    capabilities: Capabilities
    location: str  # for messages: a directory, or a URL

    @abstractmethod
    def query(self, sparql: str, prefixes: dict[str, str] | None = None) -> QueryResult:
        """Our own queries, over the union of all graphs; QueryError if malformed."""

    @abstractmethod
    def answer(self, sparql: str, results_format: Format | None, graph_format: Format | None,
               prefixes: dict[str, str] | None = None) -> bytes:
        """A query's answer in a standard format: ``results_format`` for SELECT/ASK, ``graph_format`` for
        CONSTRUCT/DESCRIBE; QueryError if the one the answer needs is None."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Our own SPARQL Update (never a client's: those go through the gate), in one transaction."""

    @abstractmethod
    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Swap in a named graph's new triples, or nothing at all if anything fails."""

    @abstractmethod
    def drop_graph(self, graph: str) -> None: ...

    @abstractmethod
    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted."""

    @abstractmethod
    def has_graph(self, graph: str) -> bool: ...

    @abstractmethod
    def graph_ntriples(self, graph: str | None) -> bytes:
        """One graph (None: the store's own default graph) as N-Triples, e.g. for validation."""

    @abstractmethod
    def graphs_as_nquads(self, graphs: Iterable[str]) -> tuple[bytes, list[str]]:
        """Some graphs ("" is the default graph) as N-Quads, and which of the named ones exist (even empty)."""

    @abstractmethod
    def dump(self, dump_format: Format, graph: str | None = None, prefixes: dict[str, str] | None = None) -> bytes:
        """The store, or one graph; a format without named graphs gets the union."""

    @abstractmethod
    def quad_count(self) -> int: ...

    @abstractmethod
    def flush(self) -> None: ...

    @abstractmethod
    def close(self) -> None:
        """Let go of the store now (an embedded store's lock), not whenever the garbage collector runs."""
