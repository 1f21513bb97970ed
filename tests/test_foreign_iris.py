"""Events from a researcher's own RDF, under their own IRIs, get pages and details like ours."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.helpers import app_over

TRIG = """@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ekb: <https://w3id.org/eventkb/ontology#> .
<http://example.org/notes> { <http://example.org/e1> a ekb:Talks ; rdfs:label "Talks in Tbilisi" ;
  sem:hasBeginTimeStamp "2021-02-01"^^xsd:date ; sem:hasEndTimeStamp "2021-02-01"^^xsd:date . }
"""


@pytest.fixture
def own_client(tmp_path):
    with app_over(tmp_path, "notes.trig", TRIG) as app:
        yield app.test_client()


def test_their_events_link_to_a_local_page_and_details(own_client):
    (event,) = own_client.get("/api/timeline").get_json()["events"]
    assert event["href"] == "/resource?iri=http%3A%2F%2Fexample.org%2Fe1"
    page = own_client.get(event["href"], headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Talks in Tbilisi" in page.get_data(as_text=True)
    details = own_client.get("/api/events/resource?iri=http%3A%2F%2Fexample.org%2Fe1").get_json()
    assert details["label"] == "Talks in Tbilisi"
    turtle = own_client.get(event["href"] + "&format=ttl")
    assert turtle.mimetype == "text/turtle" and len(Graph().parse(data=turtle.data, format="turtle")) >= 4
    assert own_client.get("/resource?iri=not%20an%20iri").status_code == 400
    assert own_client.get("/resource?iri=http%3A%2F%2Fexample.org%2Fnothing").status_code == 404


def test_wikidata_links_still_point_to_wikidata(client):
    page = client.get("/id/actor/turkey").get_data(as_text=True)
    assert 'href="http://www.wikidata.org/entity/Q43"' in page
