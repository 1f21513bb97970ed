"""Run endpoint queries in worker processes, so a query past its time limit can really be stopped.

pyoxigraph has no query timeout and a running query ignores signals, so each query runs in a
worker process that reads a checkpoint of the store (``Store.backup``: hard links, a few ms);
a worker still busy at the time limit is killed and replaced. The owning process refreshes the
checkpoint after every write. Answers are capped at ``limit`` rows (or triples) and say so.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import shutil
import tempfile
import threading
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kb.outbound import refuse_outbound
from kb.rdf import PREFIXES
from kb.store import Store

__all__ = [
    "Answer", "QueryService", "QueryTimeout", "NotAcceptable", "QuerySyntaxError",
    "RESULT_MEDIA_TYPES", "GRAPH_MEDIA_TYPES",
]

# Media type -> pyoxigraph format, for SELECT/ASK answers and for CONSTRUCT/DESCRIBE answers.
RESULT_MEDIA_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_DEFAULT_RESULT = "application/sparql-results+json"
_DEFAULT_GRAPH = "text/turtle"


class QueryTimeout(RuntimeError):
    """The query ran past its time limit and was stopped."""


class NotAcceptable(ValueError):
    """No format the client accepts fits the answer."""


class QuerySyntaxError(ValueError):
    """The parser's message, with line and column."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    count: int | None        # rows or triples; None for ASK
    truncated: bool          # the result limit cut the answer


# --- the worker process ---------------------------------------------------------------------

def _worker_main(connection: Any) -> None:
    """Answer queries sent over ``connection`` until told to stop."""
    store, opened = None, None
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        checkpoint, job = request
        try:
            if store is None or checkpoint != opened:
                store, opened = None, None
                store, opened = ox.Store.read_only(checkpoint), checkpoint
            connection.send(("ok", _answer(store, **job)))
        except SyntaxError as error:
            connection.send(("syntax", str(error)))
        except NotAcceptable as error:
            connection.send(("not-acceptable", str(error)))
        except Exception as error:  # noqa: BLE001 - reported to the client as a query failure
            connection.send(("error", f"{type(error).__name__}: {error}"))


def _answer(store: ox.Store, sparql: str, accept: list[str], default_graphs: list[str],
            named_graphs: list[str], limit: int) -> Answer:
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    results = store.query(sparql, **options)
    if isinstance(results, ox.QueryTriples):
        media_type = _choose(accept, GRAPH_MEDIA_TYPES, _DEFAULT_GRAPH, "a graph (CONSTRUCT/DESCRIBE)")
        triples = list(islice(results, limit + 1))
        body = ox.serialize(triples[:limit], format=GRAPH_MEDIA_TYPES[media_type], prefixes=PREFIXES)
        return Answer(body or b"", media_type, min(len(triples), limit), len(triples) > limit)
    media_type = _choose(accept, RESULT_MEDIA_TYPES, _DEFAULT_RESULT, "SELECT/ASK results")
    result_format = RESULT_MEDIA_TYPES[media_type]
    if isinstance(results, ox.QueryBoolean):
        return Answer(results.serialize(format=result_format) or b"", media_type, None, False)
    variables = [variable.value for variable in results.variables]
    rows = list(islice(results, limit + 1))
    document = {"head": {"vars": variables},
                "results": {"bindings": [_binding(row, variables) for row in rows[:limit]]}}
    json_body = json.dumps(document, ensure_ascii=False).encode()
    if result_format == ox.QueryResultsFormat.JSON:
        body = json_body
    else:
        body = ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON).serialize(format=result_format) or b""
    return Answer(body, media_type, min(len(rows), limit), len(rows) > limit)


def _binding(row: ox.QuerySolution, variables: list[str]) -> dict[str, dict[str, str]]:
    """One row in the SPARQL 1.1 JSON results format."""
    binding = {}
    for name in variables:
        term = row[name]
        if term is None:
            continue
        if isinstance(term, ox.NamedNode):
            binding[name] = {"type": "uri", "value": term.value}
        elif isinstance(term, ox.BlankNode):
            binding[name] = {"type": "bnode", "value": term.value}
        elif isinstance(term, ox.Literal):
            value = {"type": "literal", "value": term.value}
            if term.language:
                value["xml:lang"] = term.language
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["datatype"] = term.datatype.value
            binding[name] = value
        else:  # an RDF 1.2 triple term: give its N-Triples form rather than lose it
            binding[name] = {"type": "literal", "value": str(term)}
    return binding


def _choose(accept: list[str], offered: dict[str, Any], default: str, what: str) -> str:
    """The first acceptable media type we can write; ``*/*`` or nothing means our default."""
    if not accept:
        return default
    for media_type in accept:
        if media_type in offered:
            return media_type
        if media_type in ("*/*", "application/*", "text/*") or media_type.endswith("/*"):
            family = media_type.split("/")[0]
            if media_type == "*/*" or default.startswith(family + "/"):
                return default
            match = next((m for m in offered if m.startswith(family + "/")), None)
            if match:
                return match
    raise NotAcceptable(f"the answer is {what}; it can be given as {', '.join(offered)}, none of which the request accepts")


# --- the pool --------------------------------------------------------------------------------

class _Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryService:
    """A pool of query workers over a checkpoint of ``store``."""

    def __init__(self, store: Store, *, workers: int = 2, timeout: float = 5.0, limit: int = 10000) -> None:
        self.store, self.timeout, self.limit = store, timeout, limit
        self._context = multiprocessing.get_context("spawn")
        self._directory = Path(tempfile.mkdtemp(prefix="kb-checkpoints-"))
        self._generation = 0
        self._checkpoint_lock = threading.Lock()
        self.checkpoint = self._new_checkpoint()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._pool_lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(max(1, workers)):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self._context)
        with self._pool_lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _new_checkpoint(self) -> str:
        self._generation += 1
        target = self._directory / f"generation-{self._generation}"
        self.store.backup(target)
        for old in self._directory.glob("generation-*"):
            if int(old.name.split("-")[1]) < self._generation - 1:
                shutil.rmtree(old, ignore_errors=True)
        return str(target)

    def refresh(self) -> None:
        """Let queries see the latest writes: called by the owner after each one."""
        with self._checkpoint_lock:
            self.checkpoint = self._new_checkpoint()

    def run(self, sparql: str, accept: list[str] | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None) -> Answer:
        refuse_outbound(sparql)
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"all {len(self._all)} query workers stayed busy for {self.timeout:g} s; try again later") from None
        job = {"sparql": sparql, "accept": accept or [], "default_graphs": default_graphs or [],
               "named_graphs": named_graphs or [], "limit": self.limit}
        answered = False
        try:
            worker.connection.send((self.checkpoint, job))
            if not worker.connection.poll(self.timeout):
                raise QueryTimeout(f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")
            status, payload = worker.connection.recv()
            answered = True
        except (EOFError, OSError):
            raise RuntimeError("the query worker died; the query was not answered") from None
        finally:
            if answered:
                self._idle.put(worker)
            else:  # still busy past the limit, or dead: replace it
                self._replace(worker)
        if status == "ok":
            return payload
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "not-acceptable":
            raise NotAcceptable(payload)
        raise RuntimeError(payload)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._pool_lock:
            self._all.remove(worker)
        self._add_worker()

    def close(self) -> None:
        for worker in self._all:
            worker.stop()
        self._all.clear()
        shutil.rmtree(self._directory, ignore_errors=True)
