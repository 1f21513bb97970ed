"""The pages (/, /id/..., the article page, /ontology) and the JSON API (/api/...) through Flask's test client.

The pages must work without JavaScript: the server renders the whole chronological list, the
details of an open event, the article with its evidence. Everything from data stays escaped.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

from kb.namespaces import EKB, SCHEMA, WD
from tests.helpers import app_over

A = "2021-03-05-turkey-azerbaijan"
ID = "https://w3id.org/eventkb/id/"
CEASEFIRE = f"/id/event/{A}/ceasefire"
EVENT_KEYS = {"id", "href", "label", "types", "status", "begin", "end", "earliestBegin", "latestBegin", "earliestEnd",
              "latestEnd", "precision", "timeText", "timeValue", "actors", "sources"}


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def listed(html: str) -> tuple[list[str], list[str]]:
    """The event links of the server-rendered dated and undated lists."""
    dated, _, undated = html.partition('id="undated-list"')
    dated = dated.partition('id="timeline-list"')[2]
    entries = re.compile(r'<a class="event-link" href="[^"]*event=(/id/event/[^"#&]+)')
    return entries.findall(dated), entries.findall(undated)


# --- the timeline page ------------------------------------------------------------------------

def test_timeline_lists_every_event_server_side(client):
    html = page(client, "/")
    dated, undated = listed(html)
    assert (len(set(dated)), len(set(undated))) == (32, 12)
    events = client.get("/api/timeline").get_json()
    assert dated == [event["href"] for event in events["events"]]
    assert undated == [event["href"] for event in events["undated"]]
    assert '<time datetime="2020-11">November 2020</time>' in html
    assert '<time datetime="1993">1993</time>' in html
    assert "the text says: “the Russian-brokered ceasefire of November”" in html
    assert '<span class="event-status">(planned)</span>' in html and '<span class="event-status">(possible)</span>' in html
    assert '<div id="timeline" data-api="/api/timeline"' in html
    for asset in ("vendor/vis-timeline/vis-timeline-graph2d.min.js", "vendor/vis-timeline/vis-timeline-graph2d.min.css", "timeline.js"):
        assert f"/static/{asset}" in html


def test_the_filter_form_works_without_javascript(client):
    html = page(client, "/?actor=/id/actor/russia")
    assert '<form id="timeline-filters" class="filters" method="get" action="/"' in html
    for field in ("filter-from", "filter-to", "filter-lanes"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert re.search(r'value="/id/actor/russia" checked>', html)
    assert '<label for="facet-type-' in html and 'value="Ceasefire"' in html


@pytest.mark.parametrize("query, dated, undated", [
    ("actor=/id/actor/russia", ["ceasefire"], []),
    (f"actor={ID}actor/joe-biden&actor=/id/actor/russia", ["ceasefire", "us-politicians-letter"], []),
    ("type=Ceasefire", ["ceasefire"], []),
    ("type=Letter", ["us-politicians-letter"], []),
    ("from=2021-03-02&to=2021-03-02", None, 12),
    (f"source={A}", 32, 12),
    ("source=another-article", [], []),
])
def test_filters_narrow_the_list(client, query, dated, undated):
    found_dated, found_undated = listed(page(client, f"/?{query}"))
    if isinstance(dated, list):
        assert [href.rsplit("/", 1)[1] for href in found_dated] == dated
    elif dated is None:
        assert {f"/id/event/{A}/altun-karimov-talks", f"/id/event/{A}/protocols-signing"} <= set(found_dated)
        assert f"/id/event/{A}/economist-report" not in found_dated
    else:
        assert len(found_dated) == dated
    assert len(found_undated) == (undated if isinstance(undated, int) else len(undated))


def test_open_event_details_server_side(client):
    html = page(client, f"/?type=Ceasefire&event={CEASEFIRE}")
    details = html.partition('id="selected-event"')[2].partition("</section>")[0]
    assert "Russian-brokered ceasefire halts the Karabakh conflict" in details
    assert '<a href="/id/actor/russia">Russia</a> <span class="role">— mediator</span>' in details
    assert '<a href="/id/place/nagorno-karabakh">Nagorno-Karabakh</a>' in details
    assert f'<span class="relation">ends:</span> <a href="/id/event/{A}/karabakh-war">' in details
    assert "“the Russian-brokered ceasefire of November”" in details
    assert '<time datetime="2020-11">November 2020</time>' in details
    assert ("In the months to follow <mark class=\"evidence\">the pause in the Karabakh conflict, which halted officially "
            "with the Russian-brokered ceasefire of November</mark>, Armenia has spiraled into political chaos.") in details
    assert f'href="/id/article/{A}#evidence-event-ceasefire-1"' in details
    assert listed(html)[0] == [CEASEFIRE], "the filters stay applied"


def test_claims_show_who_makes_them(client):
    html = page(client, f"/?event=/id/event/{A}/karabakh-war")
    assert 'claimed by <a href="/id/actor/jeyhun-bayramov">Jeyhun Bayramov</a>' in html


@pytest.mark.parametrize("query, status, message", [
    ("from=yesterday", 400, "from must be an ISO date"),
    ("from=2021-03-01&to=2020-01-01", 400, "is after to"),
    ("actor=%3Cscript%3E", 400, "is not a valid IRI"),
    ("limit=99999", 400, "limit must be between"),
    ("event=/id/event/nothing", 404, "There is no event"),
    ("event=%3Cx%3E", 400, "event"),
])
def test_bad_timeline_parameters(client, query, status, message):
    html = page(client, f"/?{query}", status)
    assert message in html and 'role="alert"' in html
    assert '<form id="timeline-filters"' in html


# --- entities -----------------------------------------------------------------------------------

def test_entity_page_links_to_related_things(client):
    html = page(client, "/id/actor/russia")
    assert "<h1>Russia</h1>" in html
    assert 'href="/?actor=/id/actor/russia"' in html
    assert '<a href="http://www.wikidata.org/entity/Q159" rel="external">Wikidata: Q159</a>' in html
    assert f'href="{CEASEFIRE}"' in html and "(mediator)" in html
    assert 'href="/id/actor/russia.ttl"' in html and 'href="/id/actor/russia.jsonld"' in html
    event = page(client, CEASEFIRE)
    assert 'href="/?type=Ceasefire"' in event and f'href="/?event={CEASEFIRE}#selected-event"' in event
    assert f'href="/id/article/{A}#evidence-event-ceasefire-1"' in event
    annotation = page(client, f"/id/evidence/{A}/event-ceasefire-1")
    assert 'id="quote"' in annotation and "the pause in the Karabakh conflict" in annotation


@pytest.mark.parametrize("url, accept, mimetype, rdf_format", [
    ("/id/actor/russia", "text/turtle", "text/turtle", "turtle"),
    ("/id/actor/russia", "application/ld+json", "application/ld+json", "json-ld"),
    ("/id/actor/russia", "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1", "application/ld+json", "json-ld"),
    ("/id/actor/russia.ttl", "text/html", "text/turtle", "turtle"),
    ("/id/actor/russia.jsonld", None, "application/ld+json", "json-ld"),
])
def test_entity_as_rdf(client, url, accept, mimetype, rdf_format):
    response = client.get(url, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
    russia = URIRef(f"{ID}actor/russia")
    assert (russia, SCHEMA.sameAs, WD.Q159) in graph
    assert (URIRef(f"{ID}event/{A}/ceasefire"), EKB.mediator, russia) in graph


def test_content_negotiation_edges(client):
    assert client.get("/id/actor/russia", headers={"Accept": "text/html,*/*;q=0.8"}).mimetype == "text/html"
    assert "Accept" in client.get("/id/actor/russia").headers["Vary"]
    assert client.get("/id/actor/russia", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/actor/nobody").status_code == 404
    assert client.get("/id/actor/nobody.ttl").status_code == 404
    assert client.get("/id/actor/nobody", headers={"Accept": "text/turtle"}).status_code == 404
    assert "404" in page(client, "/id/a%20b%3Cc%3E", 404)


# --- the article page ---------------------------------------------------------------------------

def test_article_page_highlights_and_links_every_evidence_span(client):
    html = page(client, f"/id/article/{A}")
    assert "<h1>Media buzzing over Turkey-Azerbaijan culture collaboration</h1>" in html
    # 126 curated evidence quotes, and the 10 time expressions the tagger found in the body
    anchors = re.findall(r'<mark class="evidence evidence-(?:event|claim|actor|place)" id="(evidence-[a-z0-9-]+)"', html)
    assert len(anchors) == len(set(anchors)) == 126
    links = re.findall(r'<a class="evidence-ref" href="(/id/(?:event|claim|actor|place)/[^"]+)"', html)
    assert len(links) == 126
    times = re.findall(r'<mark class="evidence evidence-time" id="(evidence-time-[0-9-]+)"', html)
    assert len(times) == 10 and 'href="/id/time/' + A + '/1246-1254"' in html  # "November"
    assert 'id="evidence-event-ceasefire-1"' in html
    assert f'href="/?source=/id/article/{A}"' in html
    index = html.partition('id="evidence-index"')[2]
    assert len(re.findall(r'<td><a href="#evidence-[a-z0-9-]+">\d+</a></td>', index)) == 136


def test_ontology_page_lists_every_term(client):
    html = page(client, "/ontology")
    ceasefire = html.partition('<article class="term" id="Ceasefire"')[2].partition("</article>")[0]
    assert "A truce or ceasefire that halts or pauses fighting." in ceasefire
    assert '<code class="cameo">0871</code>' in ceasefire
    assert '<a href="/ontology#Event">ekb:Event</a>' in ceasefire
    assert 'id="mediator"' in html and 'id="Month"' in html
    assert len(re.findall(r'<article class="term"', html)) >= 80


# --- the JSON API -------------------------------------------------------------------------------

def test_api_timeline_as_documented(client):
    answer = client.get("/api/timeline?from=2020-11-01&to=2021-03-31&limit=5").get_json()
    assert set(answer) == {"window", "total", "offset", "limit", "events", "undated"}
    assert answer["window"] == {"from": "2020-11-01", "to": "2021-03-31"} and (answer["offset"], answer["limit"]) == (0, 5)
    assert len(answer["events"]) == 5 and answer["total"] > 5
    for event in answer["events"]:
        assert EVENT_KEYS <= set(event)
        assert event["href"].startswith("/id/event/")
    everything = client.get("/api/timeline").get_json()
    assert (everything["total"], len(everything["events"]), len(everything["undated"])) == (44, 32, 12)
    russia = client.get("/api/timeline?actor=/id/actor/russia").get_json()
    assert [event["href"] for event in russia["events"]] == [CEASEFIRE]


def test_api_facets_and_event(client):
    offered = client.get("/api/facets").get_json()
    assert set(offered) == {"actors", "types", "sources", "origins"}
    assert offered["origins"] == [{"id": "curated", "label": "curated", "count": 44, "param": "curated"}]
    assert {"id", "href", "label", "count"} <= set(offered["actors"][0])
    assert {"id", "label", "count"} <= set(offered["types"][0])
    assert {"id", "href", "headline", "count"} <= set(offered["sources"][0])
    details = client.get(f"/api/events{CEASEFIRE[3:]}").get_json()
    assert EVENT_KEYS | {"places", "related", "claims", "evidence"} <= set(details)
    assert {"exact", "start", "end", "before", "after", "source"} <= set(details["evidence"][0])
    assert {"id": f"{ID}event/{A}/karabakh-war", "href": f"/id/event/{A}/karabakh-war",
            "label": "44-day war between Azerbaijan and Armenia over the Karabakh territories", "relation": "ends"} in details["related"]
    queries = client.get("/api/queries").get_json()
    assert set(queries[0]) == {"name", "title", "description", "query"} and len(queries) == 26


@pytest.mark.parametrize("url, status", [
    ("/api/timeline?from=2021-13-01", 400),
    ("/api/timeline?to=soon", 400),
    ("/api/timeline?actor=%7Bbad%7D", 400),
    ("/api/timeline?type=no%20such%20type", 400),
    ("/api/timeline?limit=2001", 400),
    ("/api/timeline?offset=first", 400),
    ("/api/timeline?lanes=diagonal", 400),
    ("/api/events/event/nothing/here", 404),
    ("/api/events/actor/russia", 404),
    ("/api/events/a%20b", 400),
    ("/api/nothing", 404),
])
def test_api_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/json" and response.get_json()["error"]


# --- escaping -----------------------------------------------------------------------------------

# Labels, texts, a time value, an article body and a quote that are markup; a place linked to a javascript: IRI.
XSS = r"""@prefix ekb: <https://w3id.org/eventkb/ontology#> .
@prefix ekbd: <https://w3id.org/eventkb/id/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ekbd:article\/xss a schema:NewsArticle ;
    schema:headline "<img src=x onerror=alert(1)> headline" ;
    schema:datePublished "2021-03-05"^^xsd:date ;
    schema:author ekbd:actor\/xss ;
    schema:articleBody "Title: <img src=x onerror=alert(1)>\nDate: 2021-03-05\n\nBody <img src=x onerror=alert(1)> and <script>alert(2)</script> text." .

ekbd:actor\/xss a ekb:Country ; rdfs:label "<img src=x onerror=alert(1)>" ; prov:wasDerivedFrom ekbd:article\/xss .
ekbd:place\/xss a ekb:City ; rdfs:label "<img src=x onerror=alert(1)> city" ; schema:sameAs <javascript:alert(1)> ;
    prov:wasDerivedFrom ekbd:article\/xss .

ekbd:event\/xss\/dated a ekb:Ceasefire ; rdfs:label "<img src=x onerror=alert(1)> event" ;
    sem:hasActor ekbd:actor\/xss ; ekb:mediator ekbd:actor\/xss ; sem:hasPlace ekbd:place\/xss ;
    sem:hasBeginTimeStamp "2020-11-01"^^xsd:date ; sem:hasEndTimeStamp "2020-11-30"^^xsd:date ;
    ekb:timeText "<img src=x onerror=alert(1)> time" ; ekb:timeValue "<script>alert(3)</script>" ;
    ekb:ends ekbd:event\/xss\/undated ;
    prov:wasDerivedFrom ekbd:article\/xss .
ekbd:event\/xss\/undated a ekb:ArmedConflict ; rdfs:label "<script>alert(4)</script> undated" ; ekb:undated true ;
    prov:wasDerivedFrom ekbd:article\/xss .

ekbd:claim\/xss\/c a ekb:Claim ; rdfs:label "<img src=x onerror=alert(1)> claim" ; schema:text "<img src=x onerror=alert(1)> says" ;
    prov:wasAttributedTo ekbd:actor\/xss ; ekb:about ekbd:event\/xss\/dated ; prov:wasDerivedFrom ekbd:article\/xss .

ekbd:evidence\/xss\/event-dated-1 a oa:Annotation ; oa:motivatedBy oa:identifying ; oa:hasBody ekbd:event\/xss\/dated ;
    oa:hasTarget <https://w3id.org/eventkb/id/evidence/xss/event-dated-1#target> ; prov:wasDerivedFrom ekbd:article\/xss .
<https://w3id.org/eventkb/id/evidence/xss/event-dated-1#target> a oa:SpecificResource ; oa:hasSource ekbd:article\/xss ;
    oa:hasSelector <https://w3id.org/eventkb/id/evidence/xss/event-dated-1#quote>, <https://w3id.org/eventkb/id/evidence/xss/event-dated-1#position> .
<https://w3id.org/eventkb/id/evidence/xss/event-dated-1#quote> a oa:TextQuoteSelector ; oa:exact "<img src=x onerror=alert(1)>" .
<https://w3id.org/eventkb/id/evidence/xss/event-dated-1#position> a oa:TextPositionSelector ;
    oa:start "59"^^xsd:nonNegativeInteger ; oa:end "87"^^xsd:nonNegativeInteger .
"""


@pytest.fixture
def xss_client(tmp_path):
    """An app of its own over a store holding only that data (it passes the shapes)."""
    with app_over(tmp_path, "xss.ttl", XSS) as app:
        yield app.test_client()


def test_markup_in_data_stays_escaped_on_every_page(xss_client):
    urls = ["/", "/?event=/id/event/xss/dated", "/?actor=/id/actor/xss", "/id/event/xss/dated", "/id/event/xss/undated",
            "/id/actor/xss", "/id/place/xss", "/id/claim/xss/c", "/id/article/xss", "/id/evidence/xss/event-dated-1"]
    for url in urls:
        html = page(xss_client, url)
        assert "&lt;img" in html or "&lt;script" in html, url
        assert "<img src=x" not in html and "<script>alert" not in html, url
        assert 'href="javascript:' not in html.lower(), url
    article = page(xss_client, "/id/article/xss")
    assert '<mark class="evidence evidence-event" id="evidence-event-dated-1" data-evidence="1">&lt;img src=x onerror=alert(1)&gt;</mark>' in article
    answer = xss_client.get("/api/timeline").get_json()
    assert [event["label"] for event in answer["events"]] == ["<img src=x onerror=alert(1)> event"], "JSON carries data as it is"


def test_an_actor_page_lists_at_most_the_first_events(tmp_path, monkeypatch):
    """A country in many articles: its page shows the first LINKED_LIMIT events and links to the rest."""
    from kb.read import entities
    from web.urls import URLS

    with app_over(tmp_path, seed=True) as app:
        kb, azerbaijan = app.extensions["kb"], "https://w3id.org/eventkb/id/actor/azerbaijan"
        monkeypatch.setattr(entities, "LINKED_LIMIT", 5)
        html = app.test_client().get("/id/actor/azerbaijan").get_data(as_text=True)
        listed = html.partition('id="events-heading"')[2].partition("</section>")[0]
        first = entities.entity(kb, URLS, azerbaijan)
        assert listed.count("<li") == len(first["events"]) == 5
        assert f"The first 5 of {first['eventsTotal']} events" in listed and 'href="/?actor=/id/actor/azerbaijan"' in listed
        monkeypatch.setattr(entities, "LINKED_LIMIT", 1000)
        everything = entities.entity(kb, URLS, azerbaijan)
        assert everything["eventsTotal"] == first["eventsTotal"] == len(everything["events"]) > 5
        assert [event["id"] for event in everything["events"][:5]] == [event["id"] for event in first["events"]]
