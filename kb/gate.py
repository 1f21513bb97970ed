"""The server's untrusted or heavy work, done in confined workers: updates, uploaded files, exports.

An update is tried on a scratch checkpoint in a worker, so a crash or a runaway update costs
the worker, never the server; only the graphs it can touch (kb.sparql_guard.update_scope) are
compared before and after, so a small update stays cheap on a large store; each changed graph
is validated; and what comes back is a plan of plain data that the process owning the store
applies in one transaction. An upload is parsed and validated in a worker too, within a time,
memory and triple budget, and the worker's memory goes with it. An export of the store (seconds
on a large one) is written by a worker from a copy, within its own time budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kb.errors import KbError
from kb.shapes import Report, validate, validate_each
from kb.sparql_guard import OUTBOUND, QueryRefused, check_update, update_scope

__all__ = ["GateLimits", "UpdateJob", "UpdatePlan", "GraphChange", "UpdateFailed", "UploadJob", "StoreCheck", "ExportJob",
           "handle"]


@dataclass(frozen=True)
class GateLimits:
    update_timeout: float = 30.0     # seconds an update may take in its worker
    check_timeout: float = 30.0      # seconds to parse and validate an upload, or the store
    memory: int = 1024 << 20         # bytes an update or validation worker may use
    max_triples: int = 50_000        # triples an uploaded file may hold
    export_timeout: float = 120.0    # seconds to write an export of the store

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> GateLimits:
        return cls(update_timeout=settings["KB_UPDATE_TIMEOUT"], check_timeout=settings["KB_CHECK_TIMEOUT"],
                   memory=settings["KB_WORKER_MEMORY"] << 20, max_triples=settings["KB_MAX_TRIPLES"],
                   export_timeout=settings["KB_EXPORT_TIMEOUT"])
    check_workers: int = 1           # validation workers (uploads and the store's report)
    check_queue: int = 8             # validations that may wait for a worker
    checks_per_client: int = 1       # validations one client address may have waiting or running


class UpdateFailed(KbError, ValueError):
    """A malformed update, or one that would change what may not be changed."""

    http_status = 400


@dataclass(frozen=True)
class UpdateJob:
    update: str
    protected: frozenset[str]        # graphs no update may change (the vocabulary)
    scratch: str | None = None       # a writable checkpoint of the store, the worker's to change; or:
    graphs: bytes = b""              # the graphs the update names, as N-Quads (it reads nothing else)
    existing: tuple[str, ...] = ()   # which of those named graphs exist


@dataclass(frozen=True)
class UploadJob:
    data: bytes
    name: str
    max_triples: int


@dataclass(frozen=True)
class StoreCheck:
    checkpoint: str                  # a checkpoint of the store, whose graphs are validated one by one
    skip: frozenset[str]             # graphs that are not data (the ontology, the shapes)


@dataclass(frozen=True)
class ExportJob:
    store_copy: str                  # a writable checkpoint of the store, the worker's to read
    format: str                      # an RDF format of kb.store.RDF_FORMATS, or "csv" (the events as a table)
    graph: str | None                # one graph's IRI, or the whole store
    target: str                      # the file to write


@dataclass(frozen=True)
class GraphChange:
    graph: str                       # "" for the default graph
    existed: bool
    exists: bool
    removed: list[str] = field(default_factory=list)   # N-Triples
    added: list[str] = field(default_factory=list)
    replacement: list[str] | None = None  # the whole graph, when blank nodes are involved


@dataclass(frozen=True)
class UpdatePlan:
    changes: list[GraphChange]
    report: Report

    @property
    def graphs(self) -> list[str]:
        return [change.graph or "DEFAULT" for change in self.changes]

    def sparql(self) -> str:
        """One SPARQL Update that makes these changes: the store applies it as one transaction.

        Blank nodes in INSERT DATA are new ones, so a graph whose change involves blank nodes
        is written whole; all insertions share one INSERT DATA so that a blank node shared
        between graphs stays one node.
        """
        removals, inserts, drops, creations = [], [], [], []
        for change in self.changes:
            name = f"GRAPH <{change.graph}>" if change.graph else "DEFAULT"
            if change.replacement is not None:
                removals.append(f"DROP SILENT {name}")
                inserts.append(_block(change.graph, change.replacement))
            else:
                if change.removed:
                    removals.append(f"DELETE DATA {{ {_block(change.graph, change.removed)} }}")
                if change.added:
                    inserts.append(_block(change.graph, change.added))
            if change.existed and not change.exists:
                drops.append(f"DROP SILENT {name}")
            elif change.exists and not change.existed:
                creations.append(f"CREATE SILENT {name}")
        operations = removals + ([f"INSERT DATA {{ {' '.join(inserts)} }}"] if inserts else []) + drops + creations
        return " ;\n".join(operations)


def _block(graph: str, triples: list[str]) -> str:
    body = " .\n".join(triples)
    return f"GRAPH <{graph}> {{ {body} }}" if graph else body


def handle(job: UpdateJob | UploadJob | StoreCheck | ExportJob) -> UpdatePlan | Report | None:
    """The gate workers' handler."""
    if isinstance(job, UpdateJob):
        return plan_update(job)
    if isinstance(job, UploadJob):
        return check_upload(job)
    if isinstance(job, ExportJob):
        write_export(job)
        return None
    return check_store(job)


def plan_update(job: UpdateJob) -> UpdatePlan:
    check_update(job.update)
    store = ox.Store(job.scratch) if job.scratch else _in_memory(job.graphs, job.existing)
    try:
        scope = update_scope(job.update, {})
        graphs = sorted({"", *(g.value for g in store.named_graphs())}) if scope is None else sorted(scope)
        before = {graph: _state(store, graph) for graph in graphs}
        try:
            store.update(job.update)
        except SyntaxError as error:
            raise UpdateFailed(f"malformed update: {error}") from None
        except PermissionError:  # the network filter stopped a call out that got past the guard
            raise QueryRefused(OUTBOUND) from None
        except (OSError, ValueError) as error:
            raise UpdateFailed(f"the update failed: {error}") from None
        if scope is None:
            graphs = sorted({*graphs, *(g.value for g in store.named_graphs())})
        changes = [change for graph in graphs
                   if (change := _change(graph, before.get(graph, (False, set())), _state(store, graph))) is not None]
        protected = [change.graph for change in changes if change.graph in job.protected]
        if protected:
            raise UpdateFailed(f"the update would change the project's vocabulary graph <{protected[0]}>, which is read-only")
        return UpdatePlan(changes, _validate_changed(store, changes))
    finally:
        del store


def _in_memory(nquads: bytes, existing: tuple[str, ...]) -> ox.Store:
    """Just the graphs an update names, which is all such an update can read or change."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    for graph in existing:
        store.add_graph(ox.NamedNode(graph))
    return store


def _state(store: ox.Store, graph: str) -> tuple[bool, set[ox.Triple]]:
    name = _name(graph)
    exists = not graph or store.contains_named_graph(name)
    return exists, {quad.triple for quad in store.quads_for_pattern(None, None, None, name)}


def _change(graph: str, before: tuple[bool, set[ox.Triple]], after: tuple[bool, set[ox.Triple]]) -> GraphChange | None:
    (existed, old), (exists, new) = before, after
    if existed == exists and old == new:
        return None
    removed, added = old - new, new - old
    if any(isinstance(term, ox.BlankNode) for triple in removed | added for term in (triple.subject, triple.object)):
        return GraphChange(graph, existed, exists, replacement=sorted(str(t) for t in new))
    return GraphChange(graph, existed, exists, sorted(str(t) for t in removed), sorted(str(t) for t in added))


def _validate_changed(store: ox.Store, changes: list[GraphChange]) -> Report:
    return validate_each(_graph(store, _name(change.graph)) for change in changes)


def _name(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


def _graph(store: ox.Store, name: ox.NamedNode | ox.DefaultGraph) -> Graph:
    """One graph of a pyoxigraph store as an rdflib Graph, for pyshacl."""
    data = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, name)), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data or b"", format="nt")


def check_upload(job: UploadJob) -> Report:
    from kb.knowledge_base import parse_rdf  # here, not at the top: kb.knowledge_base imports this module

    return validate(parse_rdf(job.data, job.name, max_triples=job.max_triples))


def check_store(job: StoreCheck) -> Report:
    """Every graph of the store validated on its own, as `kb validate` does, from a checkpoint."""
    store = ox.Store.read_only(job.checkpoint)
    try:
        names: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
        names += [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in job.skip]
        return validate_each(_graph(store, name) for name in names)
    finally:
        del store


def write_export(job: ExportJob) -> None:
    """The export ``kb export`` would print, written to the target file."""
    from kb.knowledge_base import KnowledgeBase  # here, not at the top: kb.knowledge_base imports this module
    from kb.timeline import events_csv

    with KnowledgeBase(job.store_copy) as kb:
        data = events_csv(kb, job.graph).encode() if job.format == "csv" else kb.export(job.format, job.graph)
    Path(job.target).write_bytes(data)
