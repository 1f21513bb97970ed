"""The shapes and the ontology: the seed conforms, each rule catches its mistake with a readable message."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace

from kb.rdf import article_graph
from kb.shapes import ontology_graph, shapes_graph, validate

SH = Namespace("http://www.w3.org/ns/shacl#")
EKB = Namespace("https://w3id.org/eventkb/ontology#")

HEAD = """
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix ekb: <https://w3id.org/eventkb/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix schema: <http://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix ex: <http://example.org/> .
ex:art a schema:NewsArticle ; schema:headline "H" ; schema:datePublished "2021-03-05"^^xsd:date ;
  schema:author ex:author ; schema:articleBody "Turkey met Azerbaijan." .
ex:author a ekb:Person ; rdfs:label "A" .
ex:turkey a ekb:Country ; rdfs:label "Turkey" .
"""
GOOD_EVENT = """
ex:e a ekb:Talks ; rdfs:label "Talks" ; sem:hasActor ex:turkey ; ekb:participant ex:turkey ;
  sem:hasBeginTimeStamp "2021-03-02"^^xsd:date ; sem:hasEndTimeStamp "2021-03-02"^^xsd:date ; prov:wasDerivedFrom ex:art .
ex:ann a oa:Annotation ; oa:hasBody ex:e ; oa:hasTarget ex:t .
ex:t a oa:SpecificResource ; oa:hasSource ex:art ; oa:hasSelector ex:q, ex:p .
ex:q a oa:TextQuoteSelector ; oa:exact "Turkey met" .
ex:p a oa:TextPositionSelector ; oa:start 0 ; oa:end 10 .
"""


def _report(body: str):
    return validate(Graph().parse(data=HEAD + body, format="turtle"))


def test_the_seed_conforms_without_warnings(seed_records):
    report = validate(article_graph(seed_records)[1])
    assert report.conforms and report.problems == [], report.text()


def test_a_good_small_graph_conforms():
    report = _report(GOOD_EVENT)
    assert report.conforms, report.text()


@pytest.mark.parametrize("old, new, focus, words", [
    ('rdfs:label "Talks" ;', "", "http://example.org/e", "label"),
    ('sem:hasEndTimeStamp "2021-03-02"', 'sem:hasEndTimeStamp "2021-03-01"', "http://example.org/e", "begin"),
    ('sem:hasBeginTimeStamp "2021-03-02"^^xsd:date ; sem:hasEndTimeStamp "2021-03-02"^^xsd:date ;', "", "http://example.org/e", "undated"),
    ("sem:hasActor ex:turkey ;", "", "http://example.org/e", "sem:hasActor"),
    ("ekb:participant ex:turkey ;", "ekb:participant ex:nobody ; sem:hasActor ex:nobody ;", "http://example.org/e", "actor"),
    ("oa:end 10", "oa:end 12", "http://example.org/t", "selectors of http://example.org/t disagree"),
    ('oa:exact "Turkey met"', 'oa:exact "Turkey mex"', "http://example.org/t", "does not match the article text"),
])
def test_each_rule_catches_its_mistake(old, new, focus, words):
    body = GOOD_EVENT.replace(old, new)
    assert body != GOOD_EVENT
    report = _report(body)
    assert not report.conforms
    text = report.text().lower()
    assert focus in report.text() and words.lower() in text, report.text()


def test_claims_need_attribution_and_wikidata_links_are_checked():
    report = _report('ex:c a ekb:Claim ; rdfs:label "C" .\nex:turkey schema:sameAs <http://example.org/Q43> .')
    assert not report.conforms
    text = report.text()
    assert "http://example.org/c" in text and "http://example.org/turkey" in text
    assert "wikidata" in text.lower()


def test_every_shape_speaks_to_the_researcher():
    shapes = shapes_graph()
    constraints = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.objects(None, SH.property))
    silent = [c for c in constraints if shapes.value(c, SH.message) is None and not any(
        shapes.value(p, SH.message) for p in shapes.objects(c, SH.property)) and not any(
        shapes.value(s, SH.message) for s in shapes.objects(c, SH.sparql))]
    assert constraints and not silent


def test_every_ontology_term_has_a_label_and_a_comment():
    ontology = ontology_graph()
    terms = {s for s in ontology.subjects(RDFS.isDefinedBy, None)}
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
    declared = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(str(EKB))}
    assert declared and declared <= terms
    for term in declared:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_event_classes_carry_cameo_codes():
    """Which classes reach sem:Event, sem:Actor, sem:Place is checked for the whole vocabulary in test_vocabulary.py."""
    assert ontology_graph().value(EKB.Ceasefire, EKB.cameoCode) is not None


def test_ontology_is_queryable_through_the_store(seeded_kb):
    rows = list(seeded_kb.query("SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* sem:Event }"))
    assert len(rows) == 44
