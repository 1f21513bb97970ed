"""The one library object that the CLI and the web layer both call.

Every write goes article/RDF file -> graph -> shapes gate -> one atomic graph replacement, so
nothing invalid or half-built reaches the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kb.annotations import AnnotationError, Records, read_sidecar, sidecar_path
from kb.article import ArticleError, article_slug, read_article
from kb.extract import time_mentions
from kb.outbound import refuse_outbound_update
from kb.rdf import EKBD, ONTOLOGY_GRAPH, PREFIXES, SCHEMA, SHAPES_GRAPH, article_graph, article_graph_iri, file_graph_iri, vocabulary_graph
from kb.resources import ontology_file, seed_articles, shapes_file
from kb.shapes import Report, ontology_graph, shapes_graph, validate
from kb.store import RDF_FORMATS, Store, StoreError

__all__ = [
    "KnowledgeBase", "LoadResult", "LoadError", "ValidationFailed", "QueryError",
    "RDF_SUFFIXES", "QUERY_FORMATS", "read_records", "read_rdf_file", "parse_rdf", "graph_of",
]

# File suffix -> rdflib parser name, for RDF files loaded as they are.
RDF_SUFFIXES = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nquads": "nquads",
    ".nt": "nt", ".ntriples": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml",
}
QUERY_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld")
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_VOCABULARY_GRAPHS = {str(ONTOLOGY_GRAPH), str(SHAPES_GRAPH)}


class LoadError(ValueError):
    """A file that cannot be turned into a graph: the message names the file and the problem."""


class ValidationFailed(ValueError):
    """A graph the shapes refuse; nothing was written."""

    def __init__(self, source: str, report: Report) -> None:
        self.source, self.report = source, report
        super().__init__(f"{source}: refused, the data does not satisfy the shapes; nothing was stored.\n{report.text()}")


class QueryError(ValueError):
    """A malformed query, with the parser's message (line and column)."""


@dataclass(frozen=True)
class LoadResult:
    source: str
    graph: str
    triples: int
    report: Report


def read_records(path: str | Path, sidecar: str | Path | None = None) -> Records:
    """An article, its sidecar (beside it unless given) and what extraction finds, as records."""
    document = read_article(path)
    sidecar = Path(sidecar) if sidecar else sidecar_path(path)
    records = read_sidecar(sidecar, document) if sidecar.exists() else Records(document=document)
    records.times = time_mentions(document)
    return records


def read_rdf_file(path: str | Path) -> Graph:
    """All triples of an RDF file (the graphs of a TriG/N-Quads file are merged)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    return parse_rdf(path.read_bytes(), str(path))


def parse_rdf(data: bytes, name: str) -> Graph:
    """RDF in the format its file name's suffix says, as one graph; errors name the file."""
    parser = RDF_SUFFIXES.get(Path(name).suffix.lower())
    if parser is None:
        raise LoadError(f"{name}: unknown file type {Path(name).suffix!r}; expected an article (.txt) or RDF ({', '.join(sorted(RDF_SUFFIXES))})")
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=parser, publicID=f"file:///{Path(name).name}")
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        raise LoadError(f"{name}: not valid {parser} ({type(error).__name__}: {error})") from error
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False)
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def graph_of(path: str | Path, sidecar: str | Path | None = None) -> tuple[URIRef, Graph]:
    """The named graph a file becomes: an article through its sidecar, an RDF file as it is."""
    path = Path(path)
    if path.suffix.lower() in RDF_SUFFIXES:
        return file_graph_iri(path), read_rdf_file(path)
    if path.suffix.lower() not in (".txt", ".text", ".md", ""):
        raise LoadError(f"{path}: unknown file type {path.suffix!r}; expected an article (.txt) or RDF ({', '.join(sorted(RDF_SUFFIXES))})")
    try:
        return article_graph(read_records(path, sidecar))
    except (ArticleError, AnnotationError) as error:
        raise LoadError(str(error)) from error


class KnowledgeBase:
    """The store plus what it takes to fill it safely and ask it questions."""

    def __init__(self, store_path: str | Path | None) -> None:
        self.store = Store(store_path)
        self.refresh_vocabulary()
        # Writes made through this object: what a page caches stays valid while it is unchanged.
        self.generation = 0

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def refresh_vocabulary(self) -> None:
        """Put the ontology and shapes into their own named graphs, unless the stored copies are current."""
        for graph_iri, path, parsed in ((ONTOLOGY_GRAPH, ontology_file(), ontology_graph), (SHAPES_GRAPH, shapes_file(), shapes_graph)):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if not self.store.query(f'ASK {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{SCHEMA.sha256}> "{digest}" }} }}'):
                self.store.replace_graph(graph_iri, vocabulary_graph(graph_iri, parsed(), digest))

    # --- writing ----------------------------------------------------------------------

    def load(self, path: str | Path, sidecar: str | Path | None = None) -> LoadResult:
        """Load one article (with its sidecar) or RDF file, replacing its earlier graph."""
        graph_iri, graph = graph_of(path, sidecar)
        return self.put_graph(str(path), graph_iri, graph)

    def load_seed(self) -> list[LoadResult]:
        """Load the articles that ship with the package."""
        return [self.load(path) for path in seed_articles()]

    def put_graph(self, source: str, graph_iri: URIRef, graph: Graph) -> LoadResult:
        """The shapes gate, then one atomic replacement of the named graph."""
        if str(graph_iri) in _VOCABULARY_GRAPHS:
            raise LoadError(f"{source}: <{graph_iri}> is the project's own vocabulary graph and cannot be replaced")
        report = validate(graph)
        if not report.conforms:
            raise ValidationFailed(source, report)
        self.store.replace_graph(graph_iri, graph)
        self.store.flush()
        self.generation += 1
        return LoadResult(source=source, graph=str(graph_iri), triples=len(graph), report=report)

    def apply_update(self, update: str) -> list[str]:
        """Run a SPARQL Update through the same shapes gate as a load; returns the graphs it changed.

        The update is tried on a scratch copy first; each graph it changes is validated on its
        own, and only then is it applied to the store, in one transaction.
        """
        refuse_outbound_update(update)
        with self.store.scratch_copy() as scratch:
            before = scratch.quads()
            try:
                scratch.update(update)
            except SyntaxError as error:
                raise QueryError(f"malformed update: {error}") from error
            except (OSError, ValueError) as error:
                raise QueryError(f"the update failed: {error}") from error
            changed = sorted({quad[3] for quad in before ^ scratch.quads()})
            protected = [g for g in changed if g.strip("<>") in _VOCABULARY_GRAPHS]
            if protected:
                raise QueryError(f"the update would change the project's vocabulary graph {protected[0]}, which is read-only")
            report = _validate_each(scratch.graph_quads(None if g == "DEFAULT" else g.strip("<>")) for g in changed)
            if not report.conforms:
                raise ValidationFailed("the update", report)
        self.store.update(update)
        self.store.flush()
        self.generation += 1
        return [g.strip("<>") for g in changed]

    def remove(self, name: str) -> str:
        """Remove an article's (or RDF file's) graph, named by slug, path, article IRI or graph IRI."""
        graph_iri = self.resolve_graph(name)
        self.store.remove_graph(graph_iri)
        self.store.flush()
        self.generation += 1
        return str(graph_iri)

    def resolve_graph(self, name: str) -> URIRef:
        candidates = [URIRef(name)] if "://" in name else []
        if name.startswith(str(EKBD["article/"])):
            candidates.append(article_graph_iri(name[len(str(EKBD["article/"])):]))
        stem = Path(name).name
        candidates += [article_graph_iri(name), file_graph_iri(stem)]
        if not stem.endswith(tuple(RDF_SUFFIXES)):
            candidates.append(article_graph_iri(article_slug(Path(stem))))
        for candidate in candidates:
            if str(candidate) in _VOCABULARY_GRAPHS:
                continue
            if self.store.has_graph(candidate):
                return candidate
        raise StoreError(f"no article or file {name!r} in the store; it holds: {', '.join(self.sources()) or 'nothing yet'}")

    # --- reading ----------------------------------------------------------------------

    def validate_store(self) -> Report:
        """Validate each source graph on its own (cheaper than the union, and errors name their graph)."""
        return _validate_each(self.store.graph_quads(graph_iri) for graph_iri in [None, *self.sources()])

    def query(self, sparql: str):
        """Run SPARQL over the union of all graphs, with the project's prefixes predeclared."""
        try:
            return self.store.query(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise QueryError(f"malformed query: {error}") from error
        except (OSError, ValueError) as error:
            raise QueryError(f"the query failed: {error}") from error

    def query_text(self, sparql: str, format: str = "table") -> str:
        """Run a query and serialise its answer: SPARQL results formats, RDF formats or a table."""
        results = self.query(sparql)
        if isinstance(results, ox.QueryBoolean):
            if format == "table":
                return "yes" if bool(results) else "no"
            return _serialize_results(results, format, "ASK")
        if isinstance(results, ox.QueryTriples):
            rdf_format = {"table": "turtle"}.get(format, format)
            if rdf_format not in ("turtle", "ntriples", "jsonld", "xml"):
                raise QueryError(f"a CONSTRUCT/DESCRIBE answer is a graph: use --format turtle, ntriples or jsonld, not {format}")
            return (ox.serialize(results, format=RDF_FORMATS["rdfxml" if rdf_format == "xml" else rdf_format], prefixes=PREFIXES) or b"").decode()
        if format == "table":
            return _table(results)
        return _serialize_results(results, format, "SELECT")

    def export(self, format: str = "trig", graph: str | None = None) -> bytes:
        if format not in RDF_FORMATS:
            raise LoadError(f"unknown export format {format!r} (one of: {', '.join(RDF_FORMATS)})")
        return self.store.dump(format, str(self.resolve_graph(graph)) if graph else None, prefixes=PREFIXES)

    def sources(self) -> list[str]:
        """The graphs of loaded articles and files (not the ontology or the shapes)."""
        return [g for g in self.store.graphs() if g not in _VOCABULARY_GRAPHS]

    def stats(self) -> dict[str, object]:
        """Counts a researcher checks after a load."""
        counts = {}
        for name, pattern in {
            "events": "?x a/rdfs:subClassOf* sem:Event",
            "actors": "?x a/rdfs:subClassOf* sem:Actor",
            "places": "?x a/rdfs:subClassOf* sem:Place",
            "claims": "?x a ekb:Claim",
            "time expressions": "?x a ekb:TimeExpression",
            "evidence": "?x a oa:Annotation",
            "articles": "?x a schema:NewsArticle",
        }.items():
            solution = next(iter(self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")))
            counts[name] = int(solution["n"].value)
        return {"store": str(self.store.path or "(memory)"), "quads": len(self.store),
                "graphs": len(self.store.graphs()), **counts, "sources": self.sources()}


def _validate_each(graphs: Iterable[Graph]) -> Report:
    """One report for several graphs, each validated on its own."""
    reports = [validate(graph) for graph in graphs if len(graph)]
    return Report(conforms=all(r.conforms for r in reports), problems=[p for r in reports for p in r.problems])


def _serialize_results(results, format: str, kind: str) -> str:
    if format not in _RESULT_FORMATS:
        raise QueryError(f"a {kind} answer can be written as table, json, xml, csv or tsv, not {format}")
    return results.serialize(format=_RESULT_FORMATS[format]).decode()


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    return term.value if isinstance(term, ox.Literal) else str(term)


def _table(results) -> str:
    names = [variable.value for variable in results.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in results]
    widths = [min(60, max([len(name), *(len(row[i]) for row in rows)])) for i, name in enumerate(names)]
    clip = lambda text, width: text if len(text) <= width else text[: width - 1] + "…"
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(clip(cell, width).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
