"""SPARQL Update through the gate: tried on a copy in a worker, only the touched graphs compared, applied in one step."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from kb.gate import UpdateFailed
from kb.knowledge_base import KnowledgeBase, ValidationFailed
from kb.namespaces import ONTOLOGY_GRAPH
from kb.sparql_guard import QueryRefused
from tests.helpers import seeded_copy

NOTES = "http://example.org/notes"
TALKS = (f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://example.org/e1> a <https://w3id.org/eventkb/ontology#Talks> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> \"Talks\" ; <https://w3id.org/eventkb/ontology#undated> true } }")


@pytest.fixture
def kb(tmp_path):
    knowledge_base = KnowledgeBase(seeded_copy(tmp_path / "store"))
    yield knowledge_base
    knowledge_base.close()


def _labels(kb: KnowledgeBase, graph: str) -> set[str]:
    return {row["l"].value for row in kb.query(f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s rdfs:label ?l }} }}")}


def test_a_small_insert_changes_just_its_graph(kb):
    sources = kb.sources()
    assert kb.apply_update(TALKS) == [NOTES]
    assert _labels(kb, NOTES) == {"Talks"} and kb.sources() == sorted([*sources, NOTES])


def test_an_update_the_shapes_refuse_changes_nothing(kb):
    before = kb.store.quads()
    with pytest.raises(ValidationFailed):
        kb.apply_update(f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://example.org/e> a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }} }}")
    assert kb.store.quads() == before


def test_pattern_updates_and_graphs_named_by_variables(kb):
    kb.apply_update(TALKS)
    changed = kb.apply_update(
        'DELETE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> "Talks" } } '
        'INSERT { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> "Talks in Baku" } } '
        'WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> "Talks" } }')
    assert changed == [NOTES] and _labels(kb, NOTES) == {"Talks in Baku"}
    assert kb.apply_update(f"DROP GRAPH <{NOTES}>") == [NOTES] and NOTES not in kb.sources()


def test_blank_nodes_keep_their_identity(kb):
    kb.apply_update(f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://example.org/n> <http://example.org/has> [ "
                    "<http://www.w3.org/2000/01/rdf-schema#label> \"a note\" ] } }")
    kb.apply_update(f"INSERT {{ GRAPH <{NOTES}> {{ ?b <http://example.org/page> 7 }} }} WHERE {{ GRAPH <{NOTES}> "
                    "{ <http://example.org/n> <http://example.org/has> ?b } }")
    rows = list(kb.query(f"SELECT ?l ?p WHERE {{ GRAPH <{NOTES}> {{ <http://example.org/n> <http://example.org/has> ?b . "
                         "?b rdfs:label ?l ; <http://example.org/page> ?p } }"))
    assert [(row["l"].value, row["p"].value) for row in rows] == [("a note", "7")], "the page went onto the same node"


def test_the_vocabulary_stays_read_only(kb):
    with pytest.raises(UpdateFailed, match="vocabulary"):
        kb.apply_update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}")


def test_updates_that_call_out_or_nest_too_deep_never_reach_the_engine(kb):
    with pytest.raises(QueryRefused, match="LOAD"):
        kb.apply_update("LOAD <http://127.0.0.1:1/data.ttl>")
    with pytest.raises(QueryRefused, match="nests"):
        kb.apply_update("INSERT DATA " + "{" * 3000 + "}" * 3000)


def test_a_malformed_update_says_where(kb):
    with pytest.raises(UpdateFailed, match="malformed update"):
        kb.apply_update("INSERT DATA { <a> }")


@pytest.mark.slow
def test_a_crash_in_the_update_worker_costs_the_worker_not_the_store(kb):
    kb.apply_update(TALKS)  # the update worker is up
    before = kb.store.quads()
    worker_pid = kb._workers["update"][0]._all[0].process.pid  # noqa: SLF001 - the test plays the crash
    slow = ("INSERT { GRAPH <http://example.org/x> { ?a <http://example.org/p> ?d } } "
            "WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } }")
    threading.Timer(0.5, os.kill, (worker_pid, signal.SIGSEGV)).start()
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        kb.apply_update(slow)
    assert getattr(failure.value, "http_status", None) == 500 and time.monotonic() - started < 10
    assert kb.store.quads() == before
    assert kb.apply_update(f"DROP GRAPH <{NOTES}>") == [NOTES], "a fresh worker took over"
