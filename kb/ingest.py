"""Loading a corpus: hundreds of articles, each read, extracted, checked and stored on its own.

Reading an article (the NLP pipeline, the shapes) is the slow part and needs no store, so it runs
in worker processes, one per core; the store is written by the calling process alone, one
article per transaction, in the corpus's order. A bad article is reported with its name and
problem and the rest goes on; workers are replaced every so many articles, so memory stays
flat however long the corpus is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kb.annotations import AnnotationError, read_sidecar, sidecar_beside
from kb.article import ArticleError, Document
from kb.errors import KbError
from kb.extract import KnownActor, extract, time_mentions
from kb.inputs import ARTICLE_SUFFIXES
from kb.rdf import article_graph
from kb.records import Records
from kb.shapes import validate

__all__ = ["Prepared", "Outcome", "records_of", "prepare", "prepared_articles", "with_sidecars", "default_workers", "WORKERS_PAYING_FROM"]

WORKERS_PAYING_FROM = 4
"""Articles from which worker processes pay for their start (each loads spaCy and the shapes: about 2 s)."""
_ARTICLES_PER_WORKER = 200  # a worker is replaced after this many: spaCy's string store only grows


@dataclass(frozen=True)
class Prepared:
    """An article ready to store: its graph as N-Triples, the shapes' warnings, and what it holds."""

    name: str
    graph_iri: str
    ntriples: bytes
    triples: int
    events: int
    actors: int
    claims: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one article of a corpus: stored (with its counts) or refused (with why)."""

    name: str
    prepared: Prepared | None = None
    error: str | None = None


def records_of(document: Document, sidecar: str | Path | None = None, known: Mapping[str, KnownActor] | None = None) -> Records:
    """The curated annotation wins for an article that has one; any other is read by the automatic extraction.

    ``known`` are the store's actors, so that a name already there is the same actor.
    """
    if sidecar:
        records = read_sidecar(sidecar, document)
        records.times = time_mentions(document)
        return records
    return extract(document, known)


Item = tuple[str, Document | str, str | None]  # name, the article or why it cannot be read, its sidecar
_known: Mapping[str, KnownActor] = {}


def prepare(item: Item, known: Mapping[str, KnownActor] | None = None) -> Outcome:
    """Records, graph and shapes for one article; every failure becomes an Outcome that says what and where."""
    name, document, sidecar = item
    if isinstance(document, str):
        return Outcome(name, error=document)
    try:
        records = records_of(document, sidecar, _known if known is None else known)
        graph_iri, graph = article_graph(records)
        report = validate(graph)
    except (ArticleError, AnnotationError) as error:
        return Outcome(name, error=str(error))
    except KbError as error:
        return Outcome(name, error=f"{name}: {error}" if not str(error).startswith(str(document.path)) else str(error))
    except Exception as error:  # a fault in the extraction on one article must not end a corpus of thousands
        return Outcome(name, error=f"{name}: the extraction failed on this article ({type(error).__name__}: {error}); please report it")
    if not report.conforms:
        return Outcome(name, error=f"{name}: refused, the data does not satisfy the shapes: {'; '.join(str(problem) for problem in report.problems[:3])}")
    return Outcome(name, Prepared(name, str(graph_iri), graph.serialize(format="nt", encoding="utf-8"), len(graph),
                                  len(records.events), len(records.actors), len(records.claims), tuple(str(problem) for problem in report.problems)))


def _start_worker(known: Mapping[str, KnownActor]) -> None:
    global _known
    _known = known
    os.nice(5)  # the writing process and any server on the machine come first


def prepared_articles(items: Iterable[Item], known: Mapping[str, KnownActor], workers: int,
                      expected: int | None = None) -> Iterator[Outcome]:
    """Each article prepared, in the corpus's order; in ``workers`` processes when there are enough articles to pay."""
    if workers <= 1 or expected is not None and expected < WORKERS_PAYING_FROM:
        for item in items:
            yield prepare(item, known)
        return
    context = multiprocessing.get_context("spawn")  # the caller holds an open store: never fork it
    with context.Pool(workers, initializer=_start_worker, initargs=(dict(known),), maxtasksperchild=_ARTICLES_PER_WORKER) as pool:
        yield from pool.imap(prepare, items, chunksize=1)


def with_sidecars(results: Iterable[tuple[str, Document | ArticleError]]) -> Iterator[Item]:
    """The articles of a corpus with the sidecar beside each file, if it has one (a curated annotation wins).

    An article that cannot be read travels as its message: errors do not all survive pickling.
    """
    for name, document in results:
        if not isinstance(document, Document):
            yield name, str(document), None
            continue
        path = Path(document.path)
        sidecar = sidecar_beside(path) if ARTICLE_SUFFIXES.get(path.suffix.lower()) in ("text", "html") else None
        yield name, document, str(sidecar) if sidecar else None


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))

