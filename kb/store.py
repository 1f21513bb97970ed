"""The embedded store: pyoxigraph on disk, one named graph per source, the union as default graph.

Writes replace a whole named graph in one SPARQL Update, which Oxigraph applies as one
transaction: a failed load leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kb.errors import KbError, NotFound

__all__ = ["StoreError", "GraphNotFound", "Store", "RDF_FORMATS"]
RDF_FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
_QUAD_FORMATS = {"trig", "nquads", "jsonld"}


class StoreError(KbError, RuntimeError):
    """The store cannot be opened or written; the message says which path and why."""

    http_status = 500


class GraphNotFound(NotFound, StoreError):
    """No graph of that name in the store."""


class Store:
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self._store = ox.Store()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"cannot open the store at {self.path}: it is a file, not a store directory")
        try:
            self._store = ox.Store(str(self.path))
        except OSError as error:
            message = str(error)
            if "lock" in message.lower():
                raise StoreError(
                    f"the store at {self.path} is in use by another process, probably a running `kb serve`. "
                    "Stop the server (Ctrl-C), run this command, then start the server again; or send the change "
                    "through the server's SPARQL Update endpoint (POST /sparql, with KB_UPDATE_TOKEN set); "
                    "or use another store with --store or KB_STORE"
                ) from error
            raise StoreError(f"cannot open the store at {self.path}: {message}") from error

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        """Swap in a named graph's new triples, or nothing at all if anything fails."""
        triples = graph.serialize(format="nt")
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{triples}\n}} }}"
        self._update(update)

    def remove_graph(self, graph_iri: URIRef) -> None:
        self._update(f"DROP GRAPH <{graph_iri}>")

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"the store at {self.path or '(memory)'} refused the write: {error}") from error

    def has_graph(self, graph_iri: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph_iri)))

    def graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs())

    def quads(self) -> set[tuple[str, str, str, str]]:
        """Every quad as strings: what tests compare before and after a refused write."""
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in self._store}

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, prefixes: dict[str, str] | None = None):
        """Run a SPARQL query over the union of all graphs. Raises SyntaxError on a bad query."""
        return self._store.query(sparql, use_default_graph_as_union=True, prefixes=prefixes)

    def dump(self, format: str, graph_iri: str | None = None, prefixes: dict[str, str] | None = None) -> bytes:
        """Serialise the store, or one graph; a triple format without a graph gets the union."""
        rdf_format = RDF_FORMATS[format]
        if graph_iri is not None:
            if not self._store.contains_named_graph(ox.NamedNode(graph_iri)):
                raise GraphNotFound(f"the store has no graph <{graph_iri}>")
            if format in _QUAD_FORMATS:
                quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
                return ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
            return self._store.dump(format=rdf_format, from_graph=ox.NamedNode(graph_iri), prefixes=prefixes) or b""
        if format in _QUAD_FORMATS:
            return self._store.dump(format=rdf_format, prefixes=prefixes) or b""
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""  # type: ignore[arg-type]

    def update(self, update: str) -> None:
        """Run a SPARQL Update in one transaction; a SyntaxError carries the parser's line and column."""
        self._store.update(update)

    def graph_quads(self, graph_iri: str | None) -> Graph:
        """One graph (None: the store's own default graph) as an rdflib Graph, e.g. for validation."""
        graph_name = ox.DefaultGraph() if graph_iri is None else ox.NamedNode(graph_iri)
        data = ox.serialize((quad.triple for quad in self._store.quads_for_pattern(None, None, None, graph_name)), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data or b"", format="nt")

    def graphs_as_nquads(self, graphs: Iterable[str]) -> tuple[bytes, list[str]]:
        """Some graphs ("" is the default graph) as N-Quads, and which of the named ones exist (even empty)."""
        names = [ox.NamedNode(graph) if graph else ox.DefaultGraph() for graph in graphs]
        quads = (quad for name in names for quad in self._store.quads_for_pattern(None, None, None, name))
        existing = [name.value for name in names if isinstance(name, ox.NamedNode) and self._store.contains_named_graph(name)]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", existing

    def backup(self, target: str | Path) -> None:
        """A consistent on-disk checkpoint (hard links), for readers in other processes."""
        if self.path is None:
            raise StoreError("an in-memory store has no checkpoints")
        self._store.backup(str(target))

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Release the on-disk store (and its lock) now, not whenever the garbage collector runs."""
        if self.path is not None and hasattr(self, "_store"):
            self._store.flush()
        self.__dict__.pop("_store", None)
