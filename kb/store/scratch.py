"""Trying a client's SPARQL Update on a copy, in a worker, and saying what it changed.

The copy is a scratch checkpoint of the store, or, for an update that reads nothing but the
graphs it names, just those graphs in memory. Only the graphs the update can touch are
compared before and after (every graph when it names one by a variable); what comes back is
plain data (GraphChange) that the process owning the store applies as one update.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kb.sparql_guard import OUTBOUND, QueryRefused, update_scope
from kb.store.base import UpdateFailed

__all__ = ["GraphChange", "try_update", "changes_as_update", "checkpoint_graphs"]


@dataclass(frozen=True)
class GraphChange:
    graph: str                       # "" for the default graph
    existed: bool
    exists: bool
    removed: list[str] = field(default_factory=list)   # N-Triples
    added: list[str] = field(default_factory=list)
    replacement: list[str] | None = None  # the whole graph, when blank nodes are involved


def try_update(update: str, scratch: str | None, nquads: bytes = b"", existing: tuple[str, ...] = ()
               ) -> tuple[list[GraphChange], list[bytes]]:
    """The changes ``update`` makes to the copy, and each changed graph afterwards as N-Triples."""
    store = ox.Store(scratch) if scratch else _in_memory(nquads, existing)
    try:
        scope = update_scope(update, {})
        graphs = sorted({"", *(g.value for g in store.named_graphs())}) if scope is None else sorted(scope)
        before = {graph: _state(store, graph) for graph in graphs}
        try:
            store.update(update)
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
        return changes, [_ntriples(store, _name(change.graph)) for change in changes]
    finally:
        del store


def changes_as_update(changes: list[GraphChange]) -> str:
    """One SPARQL Update that makes these changes: the store applies it as one transaction.

    Blank nodes in INSERT DATA are new ones, so a graph whose change involves blank nodes is
    written whole; all insertions share one INSERT DATA so that a blank node shared between
    graphs stays one node.
    """
    removals, inserts, drops, creations = [], [], [], []
    for change in changes:
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


def checkpoint_graphs(checkpoint: str, skip: frozenset[str]) -> Iterator[bytes]:
    """Each graph of a checkpoint (the default one first) as N-Triples, but those in ``skip``."""
    store = ox.Store.read_only(checkpoint)
    try:
        names: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
        names += [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in skip]
        for name in names:
            yield _ntriples(store, name)
    finally:
        del store


def _block(graph: str, triples: list[str]) -> str:
    body = " .\n".join(triples)
    return f"GRAPH <{graph}> {{ {body} }}" if graph else body


def _in_memory(nquads: bytes, existing: tuple[str, ...]) -> ox.Store:
    """Just the graphs an update names, which is all such an update can read or change."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    for graph in existing:
        store.add_graph(ox.NamedNode(graph))
    return store


def _name(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


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


def _ntriples(store: ox.Store, name: ox.NamedNode | ox.DefaultGraph) -> bytes:
    triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, name))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
