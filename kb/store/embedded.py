"""The embedded store: pyoxigraph on disk, one named graph per source, the union as default graph.

Writes replace a whole named graph in one SPARQL Update, which Oxigraph applies as one
transaction: a failed load leaves the store exactly as it was. Checkpoints (``backup``: hard
links, a few ms) let other processes read it: the endpoint's killable query workers, and the
scratch copies updates are tried on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kb.formats import Format
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
)

__all__ = ["EmbeddedStore", "to_term"]


def to_term(term: object) -> Term:
    """A pyoxigraph term in the project's own types (an RDF 1.2 triple term as its N-Triples text)."""
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return BlankNode(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, term.datatype.value, term.language)
    return Literal(str(term))


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


class EmbeddedStore(Store):
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    capabilities = Capabilities(checkpoints=True)

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.location = str(self.path or "(memory)")
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

    def _results(self, sparql: str, prefixes: dict[str, str] | None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=prefixes)
        except SyntaxError as error:
            raise QueryError(f"malformed query: {error}") from error
        except (OSError, ValueError) as error:
            raise QueryError(f"the query failed: {error}") from error

    def query(self, sparql: str, prefixes: dict[str, str] | None = None) -> QueryResult:
        results = self._results(sparql, prefixes)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        if isinstance(results, ox.QueryTriples):
            triples: list[Triple] = [(to_term(t.subject), to_term(t.predicate), to_term(t.object)) for t in results]
            return triples
        variables = tuple(variable.value for variable in results.variables)
        rows = tuple({name: to_term(solution[name]) for name in variables if solution[name] is not None}
                     for solution in results)
        return Solutions(variables, rows)

    def answer(self, sparql: str, results_format: Format | None, graph_format: Format | None,
               prefixes: dict[str, str] | None = None) -> bytes:
        results = self._results(sparql, prefixes)
        if isinstance(results, ox.QueryTriples):
            if graph_format is None:
                raise QueryError("a CONSTRUCT/DESCRIBE answer is a graph: ask for turtle, ntriples, jsonld or xml (RDF/XML)")
            return ox.serialize(results, format=getattr(ox.RdfFormat, graph_format.oxigraph), prefixes=prefixes) or b""
        if results_format is None:
            raise QueryError("a SELECT/ASK answer is SPARQL results: ask for json, xml, csv or tsv")
        return results.serialize(format=getattr(ox.QueryResultsFormat, results_format.oxigraph)) or b""

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"the store at {self.location} refused the write: {error}") from error

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples.decode()}\n}} }}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP GRAPH <{graph}>")

    def graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs() if isinstance(graph, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def graph_ntriples(self, graph: str | None) -> bytes:
        triples = (quad.triple for quad in self._store.quads_for_pattern(None, None, None, _graph_name(graph)))
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

    def graphs_as_nquads(self, graphs: Iterable[str]) -> tuple[bytes, list[str]]:
        names = [_graph_name(graph) for graph in graphs]
        quads = (quad for name in names for quad in self._store.quads_for_pattern(None, None, None, name))
        existing = [name.value for name in names if isinstance(name, ox.NamedNode) and self._store.contains_named_graph(name)]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", existing

    def dump(self, dump_format: Format, graph: str | None = None, prefixes: dict[str, str] | None = None) -> bytes:
        rdf_format = getattr(ox.RdfFormat, dump_format.oxigraph)
        with_graphs = dump_format.kind == "dataset"
        if graph is not None:
            if not self.has_graph(graph):
                raise GraphNotFound(f"the store has no graph <{graph}>")
            if with_graphs:
                quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                return ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
            return self._store.dump(format=rdf_format, from_graph=ox.NamedNode(graph), prefixes=prefixes) or b""
        if with_graphs:
            return self._store.dump(format=rdf_format, prefixes=prefixes) or b""
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""  # type: ignore[arg-type]

    def quad_count(self) -> int:
        return len(self._store)

    def quads(self) -> set[tuple[str, str, str, str]]:
        """Every quad as strings: what tests compare before and after a refused write."""
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in self._store}

    def backup(self, target: str | Path) -> None:
        """A consistent on-disk checkpoint (hard links), for readers in other processes."""
        if self.path is None:
            raise StoreError("an in-memory store has no checkpoints")
        self._store.backup(str(target))

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        if self.path is not None and hasattr(self, "_store"):
            self._store.flush()
        self.__dict__.pop("_store", None)
