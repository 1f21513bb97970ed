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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from kb.shapes import Report, validate, validate_each
from kb.sparql_guard import check_update
from kb.store.base import UpdateFailed
from kb.store.scratch import GraphChange, changes_as_update, checkpoint_graphs, try_update

__all__ = ["GateLimits", "UpdateJob", "UpdatePlan", "UploadJob", "StoreCheck", "ExportJob", "handle"]


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
    format: str                      # an RDF format's name in kb/formats.py, or "csv" (the events as a table)
    graph: str | None                # one graph's IRI, or the whole store
    target: str                      # the file to write


@dataclass(frozen=True)
class UpdatePlan:
    changes: list[GraphChange]
    report: Report

    @property
    def graphs(self) -> list[str]:
        return [change.graph or "DEFAULT" for change in self.changes]

    def sparql(self) -> str:
        """The one update the store applies these changes with, in one transaction."""
        return changes_as_update(self.changes)


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
    changes, graphs = try_update(job.update, job.scratch, job.graphs, job.existing)
    protected = [change.graph for change in changes if change.graph in job.protected]
    if protected:
        raise UpdateFailed(f"the update would change the project's vocabulary graph <{protected[0]}>, which is read-only")
    return UpdatePlan(changes, validate_each(Graph().parse(data=data, format="nt") for data in graphs))


def check_upload(job: UploadJob) -> Report:
    from kb.knowledge_base import parse_rdf  # here, not at the top: kb.knowledge_base imports this module

    return validate(parse_rdf(job.data, job.name, max_triples=job.max_triples))


def check_store(job: StoreCheck) -> Report:
    """Every graph of the store validated on its own, as `kb validate` does, from a checkpoint."""
    return validate_each(Graph().parse(data=data, format="nt") for data in checkpoint_graphs(job.checkpoint, job.skip))


def write_export(job: ExportJob) -> None:
    """The export ``kb export`` would print, written to the target file."""
    from kb.knowledge_base import KnowledgeBase  # here, not at the top: kb.knowledge_base imports this module
    from kb.read.table import events_csv

    with KnowledgeBase(job.store_copy) as kb:
        data = events_csv(kb, job.graph).encode() if job.format == "csv" else kb.export(job.format, job.graph)
    Path(job.target).write_bytes(data)
