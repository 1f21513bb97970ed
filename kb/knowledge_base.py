"""The one library object that the CLI and the web layer both call.

Every write goes article/RDF file -> graph -> shapes gate -> one atomic graph replacement, so
nothing invalid or half-built reaches the store.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from json import JSONDecodeError
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Graph, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from kb.admission import Clients, Lane
from kb.annotations import AnnotationError, sidecar_beside
from kb.article import ArticleError, article_slug
from kb.errors import KbError
from kb.extract import ExtractionError, KnownActor, extract
from kb.extract.draft import draft_sidecar
from kb.formats import Format, by_name, by_suffix, loadable_suffixes, of_kind
from kb.gate import ExportJob, GateLimits, StoreCheck, UpdateJob, UploadJob
from kb.ingest import Outcome, prepared_articles, records_of, with_sidecars
from kb.input_guard import InputRefused, TooManyTriples, bounded_dataset, refuse_remote_contexts, refuse_xml_entities
from kb.inputs import ARTICLE_SUFFIXES, read_article_file, read_documents
from kb.namespaces import EKBD, ONTOLOGY_GRAPH, PREFIXES, SCHEMA, SHAPES_GRAPH
from kb.rdf import article_graph, article_graph_iri, file_graph_iri, vocabulary_graph
from kb.records import Records
from kb.resources import ontology_file, seed_articles, shapes_file
from kb.shapes import Report, ontology_graph, shapes_graph, validate, validate_each
from kb.sparql_guard import reads_only_its_scope, update_scope
from kb.store import EmbeddedStore, GraphNotFound, QueryResult, Solutions, StoreError, open_store
from kb.store.checkpoints import Checkpoints
from kb.vocabulary import terms
from kb.workers import WorkerPool

__all__ = [
    "KnowledgeBase", "LoadResult", "LoadError", "ValidationFailed", "ANSWER_FORMATS",
    "read_records", "read_rdf_file", "parse_rdf", "graph_of", "is_corpus", "draft_of",
]

# Answer formats by name (kb query --format): the SPARQL results format for SELECT/ASK, the RDF format for
# CONSTRUCT/DESCRIBE ("xml" is either, as the answer turns out).
ANSWER_FORMATS: dict[str, tuple[Format | None, Format | None]] = {
    "json": (by_name("json"), None), "xml": (by_name("xml"), by_name("rdfxml")), "csv": (by_name("csv"), None),
    "tsv": (by_name("tsv"), None), "turtle": (None, by_name("turtle")), "ntriples": (None, by_name("ntriples")),
    "jsonld": (None, by_name("jsonld")),
}
_VOCABULARY_GRAPHS = {str(ONTOLOGY_GRAPH), str(SHAPES_GRAPH)}
_UNNAMEABLE = re.compile(r'[\x00-\x1f<>"{}|^`\\]')


class LoadError(KbError, ValueError):
    """A file that cannot be turned into a graph: one line that names the file and the problem."""


def one_line(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` characters: parsers' messages span lines and quote whole inputs."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UploadTooLarge(LoadError):
    """An upload with more triples than the server takes in one file."""

    http_status = 413


class ValidationFailed(KbError, ValueError):
    """A graph the shapes refuse; nothing was written."""

    http_status = 400

    def __init__(self, source: str, report: Report) -> None:
        self.source, self.report = source, report
        super().__init__(f"{source}: refused, the data does not satisfy the shapes; nothing was stored.\n{report.text()}")


@dataclass(frozen=True)
class LoadResult:
    source: str
    graph: str
    triples: int
    report: Report


def read_records(path: str | Path, sidecar: str | Path | None = None, known: Mapping[str, KnownActor] | None = None,
                 published: date | None = None) -> Records:
    """An article and its sidecar, or what automatic extraction finds in it, as records.

    The sidecar beside the article is optional; one given by name must exist, or a mistyped
    name would store the article without its annotations.
    """
    return records_of(read_article_file(Path(path), published), sidecar or sidecar_beside(path), known)


def read_rdf_file(path: str | Path) -> Graph:
    """All triples of an RDF file (the graphs of a TriG/N-Quads file are merged)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    return parse_rdf(path.read_bytes(), str(path))


def parse_rdf(data: bytes, name: str, max_triples: int | None = None) -> Graph:
    """RDF in the format its file name's suffix says, as one graph; errors name the file.

    JSON-LD may not name contexts elsewhere and RDF/XML may not declare entities (the parser
    would fetch, read files or expand without bound); ``max_triples`` stops an upload early.
    """
    rdf_format = by_suffix(Path(name).suffix)
    if rdf_format is None or rdf_format.rdflib is None:
        raise LoadError(f"{name}: unknown file type {Path(name).suffix!r}; expected an article (.txt) or RDF ({', '.join(loadable_suffixes())})")
    parser = rdf_format.rdflib
    dataset = bounded_dataset(max_triples)
    try:
        if parser == "json-ld":
            refuse_remote_contexts(data, name)
        elif parser == "xml":
            refuse_xml_entities(data, name)
        dataset.parse(data=data, format=parser, publicID=f"file:///{Path(name).name}")
    except TooManyTriples as error:
        raise UploadTooLarge(f"{name}: {error}") from None
    except InputRefused as error:
        raise LoadError(str(error)) from None
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        raise LoadError(_syntax_error(name, parser, error)) from error
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False)
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


_RDFXML_POSITION = re.compile(r".*?:(\d+):(\d+): (.*)", re.S)  # rdflib's RDF/XML errors: "<system id>:line:column: reason"


def _syntax_error(name: str, parser: str, error: Exception) -> str:
    """rdflib's complaint as ``file[:line[:column]]: not valid <format>: problem``, on one line.

    Its messages span lines and quote the input up to the error (a whole file, for a long
    line), so only the parser's reason is kept, with the position where the parser gives one.
    """
    where, problem = name, f"{type(error).__name__}: {error}"
    if isinstance(error, BadSyntax):  # Turtle, TriG: the line, the reason, the offset in the whole text (private: str() has them as bytes reprs)
        where, problem = f"{name}:{(error.lines or 0) + 1}", error._why + _caret(error._str.decode(), error._i)
    elif isinstance(error, SAXParseException):  # RDF/XML; expat counts columns from 0
        where, problem = f"{name}:{error.getLineNumber()}:{(error.getColumnNumber() or 0) + 1}", error.getMessage()
    elif isinstance(error, JSONDecodeError):  # JSON-LD
        where, problem = f"{name}:{error.lineno}:{error.colno}", error.msg
    elif parser == "xml" and isinstance(error, ParserError) and (located := _RDFXML_POSITION.match(str(error))):
        where, problem = f"{name}:{located[1]}:{int(located[2]) + 1}", located[3]
    elif isinstance(error, ParserError):  # N-Triples, N-Quads: no line number, but the line's text
        problem = str(error)
    elif isinstance(error, UnicodeDecodeError):
        problem = f"not UTF-8 text ({error.reason} at byte {error.start})"
    return f"{where}: not valid {parser}: {one_line(problem, 200)}"


def _caret(text: str, offset: int) -> str:
    """Where on its line the parser stopped, marked ^ with up to 40 characters either side."""
    if not 0 <= offset <= len(text):  # rdflib gives -1 when the problem runs to the end
        return ""
    start, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
    before, after = text[start:offset][-40:], text[offset:end if end >= 0 else len(text)][:40]
    return f' at ^ in "{before.lstrip()}^{after.rstrip()}"'


def graph_of(path: str | Path, sidecar: str | Path | None = None, published: date | None = None,
             known_actors: Callable[[], Mapping[str, KnownActor]] | None = None) -> tuple[URIRef, Graph]:
    """The named graph a file becomes: an article through its sidecar or the automatic extraction, an RDF file as it is.

    ``published`` is the date of an article that gives none (a plain text, a page without one);
    ``known_actors`` gives the store's actors, so that a name already there is the same actor. It
    is asked only when the extraction runs: it reads every actor of the store.
    """
    path = Path(path)
    if by_suffix(path.suffix) is not None:
        if sidecar:  # it would be ignored, and the file stored without what the user meant to add
            raise LoadError(f"{path}: an RDF file has no sidecar; {sidecar} is for an article (.txt)")
        return file_graph_iri(path), read_rdf_file(path)
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text" if path.suffix.lower() in (".md", "") else None)
    if kind not in ("text", "html"):
        raise LoadError(f"{path}: unknown file type {path.suffix!r}; expected an article (.txt, .html), a corpus (.jsonl or a "
                        f"folder) or RDF ({', '.join(loadable_suffixes())})")
    sidecar = sidecar or sidecar_beside(path)
    try:
        return article_graph(read_records(path, sidecar, known_actors() if known_actors and not sidecar else None, published))
    except (ArticleError, AnnotationError, ExtractionError) as error:
        raise LoadError(str(error)) from error


def draft_of(path: str | Path, published: date | None = None) -> str:
    """An article's automatic extraction as a draft sidecar (kb extract): the start of a curated annotation."""
    path = Path(path)
    if is_corpus(path):
        raise LoadError(f"{path}: a corpus (a folder or JSON Lines file); kb extract drafts one article (.txt or .html): "
                        "save the article you want to annotate as a file of its own")
    try:
        return draft_sidecar(extract(read_article_file(path, published)))
    except (ArticleError, ExtractionError) as error:
        raise LoadError(str(error)) from error


def is_corpus(path: str | Path) -> bool:
    """A folder of articles or a JSON Lines file: loaded article by article, in worker processes."""
    path = Path(path)
    return path.is_dir() or path.suffix.lower() == ".jsonl"


class KnowledgeBase:
    """The store plus what it takes to fill it safely and ask it questions."""

    def __init__(self, store_path: str | Path | None, limits: GateLimits | None = None) -> None:
        self.store = open_store(store_path)
        self.refresh_vocabulary()
        # Writes made through this object: what a page caches stays valid while it is unchanged.
        self.generation = 0
        self.limits = limits or GateLimits()
        self._workers_lock = threading.Lock()
        self._checkpoints: Checkpoints | None = None
        self._workers: dict[str, tuple[WorkerPool, Lane]] = {}

    def close(self) -> None:
        for pool, _ in self._workers.values():
            pool.close()
        if self._checkpoints is not None:
            self._checkpoints.close()
        self.store.close()

    @property
    def checkpoints(self) -> Checkpoints:
        """Copies of the store for the processes that run queries, updates and checks (made on first use)."""
        with self._workers_lock:
            if self._checkpoints is None:
                if not isinstance(self.store, EmbeddedStore):
                    raise StoreError(f"the store at {self.store.location} has no checkpoints for worker processes to read")
                self._checkpoints = Checkpoints(self.store)
            return self._checkpoints

    def _written(self) -> None:
        """After every write: on disk, a new generation for page caches, a fresh checkpoint for readers."""
        self.store.flush()
        self.generation += 1
        if self._checkpoints is not None:
            self._checkpoints.refresh()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def refresh_vocabulary(self) -> None:
        """Put the ontology and shapes into their own named graphs, unless the stored copies are current."""
        for graph_iri, path, parsed in ((ONTOLOGY_GRAPH, ontology_file(), ontology_graph), (SHAPES_GRAPH, shapes_file(), shapes_graph)):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if not self.store.query(f'ASK {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{SCHEMA.sha256}> "{digest}" }} }}'):
                self._replace(graph_iri, vocabulary_graph(graph_iri, parsed(), digest))

    # --- writing ----------------------------------------------------------------------

    def _replace(self, graph_iri: URIRef, graph: Graph) -> None:
        self.store.replace_graph(str(graph_iri), graph.serialize(format="nt", encoding="utf-8"))

    def load(self, path: str | Path, sidecar: str | Path | None = None, published: date | None = None) -> LoadResult:
        """Load one article (with its sidecar, or read by the automatic extraction) or RDF file, replacing its earlier graph."""
        graph_iri, graph = graph_of(path, sidecar, published, self.known_actors)
        return self.put_graph(str(path), graph_iri, graph)

    def load_corpus(self, path: str | Path, published: date | None = None, workers: int = 1,
                    expected: int | None = None) -> Iterator[Outcome]:
        """Load every article of a folder or JSON Lines file, each in its own transaction, going on past bad ones.

        Articles are read in ``workers`` processes (when there are enough of them to pay) and
        stored here, in order; each outcome says what was stored or why an article was not.
        """
        items = with_sidecars(read_documents(Path(path), published))
        for outcome in prepared_articles(items, self.known_actors(), workers, expected):
            if outcome.prepared is not None:
                self.store.replace_graph(outcome.prepared.graph_iri, outcome.prepared.ntriples)
                self._written()
            yield outcome

    def known_actors(self) -> dict[str, KnownActor]:
        """The store's named actors by lower-case label, for the extraction to resolve names against."""
        prefix = str(EKBD["actor/"])
        words = {term.iri: word for word, term in terms("actor-type").items()}
        rows = self.store.query(f"""SELECT DISTINCT ?actor ?label ?type WHERE {{
            GRAPH ?g {{ ?actor a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
            FILTER(STRSTARTS(STR(?actor), "{prefix}"))
        }}""")
        known: dict[str, KnownActor] = {}
        assert isinstance(rows, Solutions)
        for row in rows:
            iri, kind = str(row["actor"].value), words.get(str(row["type"].value))
            key = iri[len(prefix):]
            if kind is not None and "/" not in key:
                known.setdefault(str(row["label"].value).lower(), KnownActor(key, str(row["label"].value), kind))
        return known

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
        self._replace(graph_iri, graph)
        self._written()
        return LoadResult(source=source, graph=str(graph_iri), triples=len(graph), report=report)

    def apply_update(self, update: str) -> list[str]:
        """Run a SPARQL Update through the same shapes gate as a load; returns the graphs it changed.

        The update is tried on a scratch copy in a confined worker (kb/gate.py); each graph it
        changes is validated on its own, and only then are the changes applied here, in one
        transaction.
        """
        protected, seconds = frozenset(_VOCABULARY_GRAPHS), self.limits.update_timeout
        scope = update_scope(update, {})
        if scope is not None and reads_only_its_scope(update):  # tried on just the graphs it names
            graphs, existing = self.store.graphs_as_nquads(scope)
            plan = self._run("update", UpdateJob(update, protected, graphs=graphs, existing=tuple(existing)), seconds)
        else:
            with self.checkpoints.scratch() as scratch:
                plan = self._run("update", UpdateJob(update, protected, scratch=scratch), seconds)
        if not plan.report.conforms:
            raise ValidationFailed("the update", plan.report)
        if plan.changes:
            self.store.update(plan.sparql())
            self._written()
        return plan.graphs

    def check_upload(self, data: bytes, name: str, client: str = "local") -> Report:
        """Validate an uploaded file, never stored, in a confined worker within the time, memory and triple limits."""
        return self._run("validation", UploadJob(data, name, self.limits.max_triples), self.limits.check_timeout, client)

    def check_store(self, client: str = "local") -> Report:
        """``validate_store`` for the web: in a confined worker, from the latest checkpoint, within the limits."""
        with self.checkpoints.reading() as checkpoint:
            job = StoreCheck(checkpoint, frozenset(_VOCABULARY_GRAPHS))
            return self._run("validation", job, self.limits.check_timeout, client)

    def export_file(self, format: str, graph: str | None, target: Path, client: str = "local") -> None:
        """``export`` for the web, written to ``target`` by a confined worker from a copy, within the time limit."""
        with self.checkpoints.scratch() as copy:
            self._run("export", ExportJob(copy, format, graph, str(target)), self.limits.export_timeout, client)

    # (workers, queue, places per client, CPU niceness) of each kind of work done in worker processes
    _WORK = {"update": lambda limits: (1, 8, 8, 0),  # token holders only, one at a time anyway (the write lock)
             "validation": lambda limits: (limits.check_workers, limits.check_queue, limits.checks_per_client, 10),
             "export": lambda limits: (1, limits.check_queue, 1, 10)}

    def _run(self, kind: str, job: Any, seconds: float, client: str = "local") -> Any:
        """Run ``job`` on the workers for its kind (started on first use) within ``seconds``, waiting included."""
        with self._workers_lock:
            if kind not in self._workers:
                size, queue, per_client, niceness = self._WORK[kind](self.limits)
                self._workers[kind] = (WorkerPool(kind, "kb.gate.handle", size, self.limits.memory, niceness=niceness),
                                       Lane(kind, size, queue, Clients(kind, per_client)))
        pool, lane = self._workers[kind]
        deadline = time.monotonic() + seconds
        with lane.turn(client, deadline):
            return pool.run(job, deadline)

    def remove(self, name: str) -> str:
        """Remove an article's (or RDF file's) graph, named by slug, path, article IRI or graph IRI."""
        graph_iri = self.resolve_graph(name)
        self.store.drop_graph(str(graph_iri))
        self._written()
        return str(graph_iri)

    def resolve_graph(self, name: str) -> URIRef:
        if _UNNAMEABLE.search(name):
            raise LoadError(f"{name!r} cannot name an article or a graph: it holds a control character or one of <>\"{{}}|^`\\")
        candidates = [URIRef(name)] if "://" in name else []
        if name.startswith(str(EKBD["article/"])):
            candidates.append(article_graph_iri(name[len(str(EKBD["article/"])):]))
        stem = Path(name).name
        candidates += [article_graph_iri(name), file_graph_iri(stem)]
        if by_suffix(Path(stem).suffix) is None:
            candidates.append(article_graph_iri(article_slug(Path(stem))))
        for candidate in candidates:
            if str(candidate) in _VOCABULARY_GRAPHS:
                continue
            if self.store.has_graph(str(candidate)):
                return candidate
        raise GraphNotFound(f"no article or file {name!r} in the store; it holds: {', '.join(self.sources()) or 'nothing yet'}")

    # --- reading ----------------------------------------------------------------------

    def validate_store(self) -> Report:
        """Validate each source graph on its own (cheaper than the union, and errors name their graph)."""
        return validate_each(Graph().parse(data=self.store.graph_ntriples(graph), format="nt")
                             for graph in [None, *self.sources()])

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL over the union of all graphs, with the project's prefixes predeclared."""
        return self.store.query(sparql, prefixes=PREFIXES)

    def answer(self, sparql: str, format_name: str) -> bytes:
        """A query's answer in a standard format, by name (ANSWER_FORMATS)."""
        results_format, graph_format = ANSWER_FORMATS[format_name]
        return self.store.answer(sparql, results_format, graph_format, prefixes=PREFIXES)

    def export(self, format: str = "trig", graph: str | None = None) -> bytes:
        """The store, or one graph, in an RDF format named in kb/formats.py."""
        dump_format = next((f for f in of_kind("graph", "dataset") if f.name == format), None)
        if dump_format is None:
            names = ", ".join(f.name for f in of_kind("graph", "dataset"))
            raise LoadError(f"unknown export format {format!r} (one of: {names})")
        return self.store.dump(dump_format, str(self.resolve_graph(graph)) if graph else None, prefixes=PREFIXES)

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
            solutions = self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
            assert isinstance(solutions, Solutions)
            counts[name] = int(solutions.rows[0]["n"].value)
        return {"store": self.store.location, "quads": self.store.quad_count(),
                "graphs": len(self.store.graphs()), **counts, "sources": self.sources()}
