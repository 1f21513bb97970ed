"""The one vocabulary table (kb/vocabulary.py) agrees with the ontology, the shapes, the sidecar reader and the pages."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kb.annotations import ACTOR_TYPES, EVENT_TYPES, PLACE_TYPES, RELATIONS, ROLES, STATUSES
from kb.namespaces import EKB, SEM
from kb.resources import ontology_file, shapes_file
from kb.vocabulary import TERMS, relation_wording, terms

SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY = Graph().parse(ontology_file())
SHAPES = Graph().parse(shapes_file())
ROOTS = {"actor-type": SEM.Actor, "place-type": SEM.Place, "event-type": SEM.Event}


def _below(term: URIRef, root: URIRef, step: URIRef) -> bool:
    return root in set(ONTOLOGY.transitiveClosure(lambda node, _: ONTOLOGY.objects(node, step), term)) or term == root


@pytest.mark.parametrize("term", [t for t in TERMS if t.iri.startswith(str(EKB))], ids=lambda t: f"{t.kind}:{t.word}")
def test_every_project_term_is_in_the_ontology_with_the_same_label(term):
    assert Literal(term.label, lang="en") in set(ONTOLOGY.objects(URIRef(term.iri), RDFS.label))


@pytest.mark.parametrize("term", [t for t in TERMS if t.kind in ROOTS], ids=lambda t: f"{t.kind}:{t.word}")
def test_every_kind_is_a_class_below_its_sem_root(term):
    assert _below(URIRef(term.iri), ROOTS[term.kind], RDFS.subClassOf)


@pytest.mark.parametrize("term", terms("role").values(), ids=lambda t: t.word)
def test_every_role_is_a_kind_of_sem_has_actor(term):
    assert _below(URIRef(term.iri), SEM.hasActor, RDFS.subPropertyOf)


@pytest.mark.parametrize("term", terms("relation").values(), ids=lambda t: t.word)
def test_every_relation_is_related_to_or_sems_own_and_reads_both_ways(term):
    assert term.iri.startswith(str(SEM)) or _below(URIRef(term.iri), EKB.relatedTo, RDFS.subPropertyOf)
    assert relation_wording(term.iri, None, outgoing=True) == term.label
    assert relation_wording(term.iri, None, outgoing=False) == term.inverse
    if term.inverse_iri:  # the same link stated the other way round reads the other way round
        assert relation_wording(term.inverse_iri, None, outgoing=True) == term.inverse


def test_the_statuses_are_the_ones_the_shapes_allow():
    (shape,) = SHAPES.subjects(SH.path, EKB.eventStatus)
    allowed = set(Collection(SHAPES, SHAPES.value(shape, SH["in"])))
    assert allowed == {URIRef(term.iri) for term in terms("status").values()}
    assert all((URIRef(term.iri), RDF.type, EKB.EventStatus) in ONTOLOGY for term in terms("status").values())


def test_words_and_terms_are_unique_and_the_sidecar_reader_takes_exactly_them():
    assert len({(t.kind, t.word) for t in TERMS}) == len({t.iri for t in TERMS}) == len(TERMS)
    assert ACTOR_TYPES == {w: t.local_name for w, t in terms("actor-type").items()}
    assert (set(PLACE_TYPES), set(EVENT_TYPES)) == (set(terms("place-type")), set(terms("event-type")))
    assert (ROLES, RELATIONS, STATUSES) == (tuple(terms("role")), tuple(terms("relation")), tuple(terms("status")))


def test_a_relation_outside_the_table_reads_as_its_label():
    assert relation_wording("http://example.org/precedes", "precedes", outgoing=True) == "precedes"
    assert relation_wording("http://example.org/precedes", None, outgoing=False) == "precedes (inverse)"
