"""The read side (kb/read/) on the seed article: the window, the filters, paging, event details, entities,
articles with nested evidence, facets, the ontology and the checks on what users send.

Expected values follow from the article and its sidecar (kb/data/2021-03-05-turkey-azerbaijan.*):
32 dated and 12 undated events, the ceasefire of November 2020 brokered by Russia, the talks
of March 2, the UN resolution of 1993.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from werkzeug.datastructures import MultiDict

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import EKB, OA, SCHEMA, WD
from kb.read.articles import article
from kb.read.entities import entity, entity_rdf
from kb.read.events import event_details
from kb.read.ontology import example_queries, ontology_terms
from kb.read.params import TimelineFilters, check_iri
from kb.read.timeline import facets, timeline
from kb.resources import ontology_file, query_files
from tests.helpers import write_article
from web.urls import URLS

A = "2021-03-05-turkey-azerbaijan"
ID = "https://w3id.org/eventkb/id/"
ARTICLE = f"{ID}article/{A}"
RUSSIA = f"{ID}actor/russia"


def ev(key: str) -> str:
    return f"{ID}event/{A}/{key}"


def keys(events: list[dict[str, Any]]) -> list[str]:
    return [event["id"].rsplit("/", 1)[1] for event in events]


def run(kb: KnowledgeBase, **filters: Any) -> dict[str, Any]:
    return timeline(kb, URLS, TimelineFilters(**filters))


def by_key(answer: dict[str, Any], key: str) -> dict[str, Any]:
    (event,) = [event for event in answer["events"] + answer["undated"] if event["id"] == ev(key)]
    return event


# --- the timeline ---------------------------------------------------------------------------

def test_every_event_without_filters(seeded_kb):
    answer = run(seeded_kb)
    assert (answer["total"], len(answer["events"]), len(answer["undated"])) == (44, 32, 12)
    assert answer["window"] == {"from": None, "to": None}
    assert (answer["offset"], answer["limit"]) == (0, 500)
    begins = [event["begin"] or "" for event in answer["events"]]
    assert begins == sorted(begins), "dated events come by begin, open begins first"
    assert all(event["when"] for event in answer["events"])


def test_window_november_2020_to_march_2021(seeded_kb):
    answer = run(seeded_kb, start=date(2020, 11, 1), end=date(2021, 3, 31))
    dated = keys(answer["events"])
    assert {"ceasefire", "altun-karimov-talks", "protocols-signing", "us-politicians-letter"} <= set(dated)
    assert "un-resolution-1993" not in dated
    assert "armenian-occupation" not in dated, "it ended before 2001-03-05"
    assert "armenia-asserts-claim" in dated, "both bounds open: it may overlap any window"
    assert "karabakh-war" in dated, "it ended in November 2020"
    assert len(answer["undated"]) == 12, "undated events are not windowed"
    assert answer["window"] == {"from": "2020-11-01", "to": "2021-03-31"}
    assert answer["total"] == len(dated) + 12


@pytest.mark.parametrize("start, end, inside, outside", [
    (date(1993, 12, 31), date(1993, 12, 31), {"un-resolution-1993", "continued-occupation"}, {"ceasefire"}),
    (date(1994, 1, 1), date(1994, 1, 2), {"continued-occupation", "heritage-destruction"}, {"un-resolution-1993"}),
    (date(2021, 3, 2), date(2021, 3, 2), {"altun-karimov-talks", "protocols-signing"}, {"economist-report", "ceasefire"}),
    (date(2021, 3, 6), None, {"future-negotiations", "relations-remain-tight"}, {"economist-report", "karabakh-war"}),
    (None, date(1992, 12, 31), {"armenian-occupation", "ethnic-cleansing"}, {"un-resolution-1993"}),
])
def test_window_bounds(seeded_kb, start, end, inside, outside):
    dated = set(keys(run(seeded_kb, start=start, end=end)["events"]))
    assert inside <= dated
    assert not outside & dated


def test_actor_filter(seeded_kb):
    answer = run(seeded_kb, actors=(RUSSIA,))
    assert (keys(answer["events"]), answer["undated"], answer["total"]) == (["ceasefire"], [], 1)
    either = run(seeded_kb, actors=(RUSSIA, f"{ID}actor/joe-biden"))
    assert keys(either["events"]) == ["ceasefire", "us-politicians-letter"]


def test_type_filter_follows_subclasses(seeded_kb):
    assert keys(run(seeded_kb, types=(str(EKB.Ceasefire),))["events"]) == ["ceasefire"]
    statements = run(seeded_kb, types=(str(EKB.Statement),))
    assert "bayramov-statement" in keys(statements["events"]) and "altun-statement" in keys(statements["undated"])
    assert run(seeded_kb, types=(str(EKB.Event),))["total"] == 44
    assert run(seeded_kb, types=("http://semanticweb.cs.vu.nl/2009/11/sem/Event",))["total"] == 44
    assert run(seeded_kb, types=(str(EKB.Country),))["total"] == 0


def test_source_filter(seeded_kb):
    assert run(seeded_kb, sources=(ARTICLE,))["total"] == 44
    assert run(seeded_kb, sources=(f"{ID}article/another",))["total"] == 0


def test_filters_combine(seeded_kb):
    answer = run(seeded_kb, actors=(f"{ID}actor/azerbaijan",), types=(str(EKB.AgreementSigning),), start=date(2021, 3, 1))
    assert keys(answer["events"]) == ["protocols-signing", "future-cooperation-agreements"]
    assert by_key(answer, "future-cooperation-agreements")["status"] == "possible"


def test_paging_runs_through_dated_then_undated(seeded_kb):
    whole = run(seeded_kb)
    order = keys(whole["events"]) + keys(whole["undated"])
    pages = [run(seeded_kb, offset=offset, limit=10) for offset in range(0, 50, 10)]
    assert [page["total"] for page in pages] == [44] * 5
    assert [(len(page["events"]), len(page["undated"])) for page in pages] == [(10, 0), (10, 0), (10, 0), (2, 8), (0, 4)]
    assert [key for page in pages for key in keys(page["events"]) + keys(page["undated"])] == order
    nothing = run(seeded_kb, limit=0)
    assert (nothing["total"], nothing["events"], nothing["undated"]) == (44, [], [])


def test_undated_events_are_listed_apart(seeded_kb):
    undated = run(seeded_kb)["undated"]
    assert "khojaly-massacre" in keys(undated) and "joint-media-platform" in keys(undated)
    assert all(event["begin"] is None and event["end"] is None and event["when"] is None for event in undated)
    labels = [event["label"] for event in undated]
    assert labels == sorted(labels)


def test_an_event_as_the_api_documents_it(seeded_kb):
    ceasefire = by_key(run(seeded_kb), "ceasefire")
    assert ceasefire["href"] == f"/id/event/{A}/ceasefire"
    assert ceasefire["label"] == "Russian-brokered ceasefire halts the Karabakh conflict"
    assert [(t["id"], t["label"]) for t in ceasefire["types"]] == [(str(EKB.Ceasefire), "ceasefire")]
    assert {key: ceasefire[key] for key in ("status", "begin", "end", "earliestBegin", "latestBegin", "earliestEnd",
                                            "latestEnd", "precision", "timeText", "timeValue")} == {
        "status": "happened", "begin": "2020-11-01", "end": "2020-11-30", "earliestBegin": "2020-11-01",
        "latestBegin": None, "earliestEnd": None, "latestEnd": "2020-11-30", "precision": "month",
        "timeText": "the Russian-brokered ceasefire of November", "timeValue": "2020-11"}
    assert {(a["label"], a["role"], a["href"]) for a in ceasefire["actors"]} == {
        ("Russia", "mediator", "/id/actor/russia"), ("Armenia", "party", "/id/actor/armenia"),
        ("Azerbaijan", "party", "/id/actor/azerbaijan")}
    assert ceasefire["sources"] == [{"id": ARTICLE, "href": f"/id/article/{A}",
                                     "headline": "Media buzzing over Turkey-Azerbaijan culture collaboration"}]


@pytest.mark.parametrize("key, when, status", [
    ("ceasefire", "November 2020", "happened"),
    ("un-resolution-1993", "1993", "happened"),
    ("altun-karimov-talks", "2021-03-02", "happened"),
    ("us-politicians-letter", "February 2021", "happened"),
    ("pashinyan-refusal", "after 2020-11", "ongoing"),
    ("armenian-occupation", "before 2001-03-05", "happened"),
    ("karabakh-war", "2020-09-18 – 2020-11", "happened"),
    ("continued-occupation", "1993 – 2020-11", "happened"),
    ("armenia-asserts-claim", "going on at 2021-03-05", "ongoing"),
    ("future-negotiations", "after 2021-03-05", "planned"),
    ("relations-remain-tight", "after 2021-03-05", "possible"),
    ("khojaly-massacre", None, "happened"),
])
def test_dates_read_normalised_with_their_precision(seeded_kb, key, when, status):
    event = by_key(run(seeded_kb), key)
    assert (event["when"], event["status"]) == (when, status)


# --- one event --------------------------------------------------------------------------------

def test_ceasefire_details(seeded_kb):
    details = event_details(seeded_kb, URLS, ev("ceasefire"))
    assert {(a["label"], a["role"]) for a in details["actors"]} >= {("Russia", "mediator")}
    assert [p["label"] for p in details["places"]] == ["Nagorno-Karabakh"]
    assert {(r["id"], r["relation"]) for r in details["related"]} == {
        (ev("karabakh-war"), "ends"), (ev("armenian-political-crisis"), "followed by")}
    (evidence,) = details["evidence"]
    assert evidence["exact"] == "the pause in the Karabakh conflict, which halted officially with the Russian-brokered ceasefire of November"
    assert (evidence["before"], evidence["after"]) == ("In the months to follow ", ", Armenia has spiraled into political chaos.")
    text = entity(seeded_kb, URLS, ARTICLE)["literals"]
    (body,) = [item["value"] for item in text if item["property"]["name"] == "schema:articleBody"]
    assert body[evidence["start"] - len(evidence["before"]):evidence["end"] + len(evidence["after"])] == \
        evidence["before"] + evidence["exact"] + evidence["after"]
    assert evidence["href"] == f"/id/article/{A}#evidence-event-ceasefire-1"
    assert evidence["source"]["headline"].startswith("Media buzzing")


def test_relations_read_both_ways(seeded_kb):
    war = {(r["id"], r["relation"]) for r in event_details(seeded_kb, URLS, ev("karabakh-war"))["related"]}
    assert (ev("ceasefire"), "ended by") in war
    crisis = {(r["id"], r["relation"]) for r in event_details(seeded_kb, URLS, ev("armenian-political-crisis"))["related"]}
    assert (ev("parliament-storming"), "has sub-event") in crisis
    assert (ev("armenian-political-crisis"), "sub-event of") in {
        (r["id"], r["relation"]) for r in event_details(seeded_kb, URLS, ev("parliament-storming"))["related"]}


def test_claims_name_who_makes_them(seeded_kb):
    claims = event_details(seeded_kb, URLS, ev("karabakh-war"))["claims"]
    by = {claim["label"]: [who["label"] for who in claim["by"]] for claim in claims}
    assert by["Bayramov: Azerbaijan received political and moral support during the war"] == ["Jeyhun Bayramov"]
    assert ["Media buzzing over Turkey-Azerbaijan culture collaboration"] in by.values(), "the author's own claims name the article"


def test_details_of_what_is_no_event(seeded_kb):
    assert event_details(seeded_kb, URLS, f"{ID}event/{A}/no-such-event") is None
    assert event_details(seeded_kb, URLS, RUSSIA) is None


# --- entities and articles ----------------------------------------------------------------------

def test_an_actor_entity(seeded_kb):
    russia = entity(seeded_kb, URLS, RUSSIA)
    assert (russia["label"], russia["kinds"]) == ("Russia", ["actor", "place"])
    assert [same["id"] for same in russia["sameAs"]] == [str(WD.Q159)]
    assert keys(russia["events"]) == ["ceasefire"] and russia["eventsHere"] == []
    assert ("ekb:mediator", ev("ceasefire")) in {(link["property"]["name"], link["source"]["id"]) for link in russia["incoming"]}
    assert [item["exact"] for item in russia["evidence"]] == ["the Russian-brokered ceasefire of November"]
    assert entity(seeded_kb, URLS, f"{ID}place/nagorno-karabakh")["eventsHere"]


def test_an_evidence_entity_has_its_parts(seeded_kb):
    annotation = entity(seeded_kb, URLS, f"{ID}evidence/{A}/event-ceasefire-1")
    assert annotation["kinds"] == ["evidence"]
    assert {part["fragment"] for part in annotation["parts"]} == {"target", "quote", "position"}
    assert entity(seeded_kb, URLS, f"{ID}nothing/here") is None


def test_entity_rdf_has_outgoing_incoming_and_part_triples(seeded_kb):
    graph = Graph().parse(data=entity_rdf(seeded_kb, RUSSIA, "turtle"), format="turtle")
    assert (URIRef(RUSSIA), SCHEMA.sameAs, WD.Q159) in graph
    assert (URIRef(ev("ceasefire")), EKB.mediator, URIRef(RUSSIA)) in graph
    annotation = f"{ID}evidence/{A}/event-ceasefire-1"
    parts = Graph().parse(data=entity_rdf(seeded_kb, annotation, "jsonld"), format="json-ld")
    assert (URIRef(f"{annotation}#quote"), OA.exact, Literal("the pause in the Karabakh conflict, which halted officially with the Russian-brokered ceasefire of November")) in parts
    assert entity_rdf(seeded_kb, f"{ID}nothing/here", "turtle") is None


def _pieces(segments: list[dict[str, Any]], start: int, found: dict[str, list[tuple[int, str, dict]]]) -> int:
    """Walk the nested segments, collecting each evidence's pieces with their offsets; returns the end."""
    position = start
    for segment in segments:
        if "text" in segment:
            position += len(segment["text"])
            continue
        end = _pieces(segment["children"], position, found)
        found.setdefault(segment["evidence"]["id"], []).append((position, _text(segment["children"]), segment))
        position = end
    return position


def _text(segments: list[dict[str, Any]]) -> str:
    return "".join(segment.get("text") or _text(segment.get("children", [])) for segment in segments)


def test_article_highlights_every_evidence_span_nested(seeded_kb):
    page = article(seeded_kb, URLS, ARTICLE)
    assert page["headline"] == "Media buzzing over Turkey-Azerbaijan culture collaboration"
    assert (page["author"]["label"], page["published"]) == ("Amber Coakley", "2021-03-05")
    assert len(page["evidence"]) == 136  # 126 curated quotes and 10 time expressions
    assert len({item["anchor"] for item in page["evidence"]}) == 136
    assert sum(item["kind"] == "time" for item in page["evidence"]) == 10
    november = next(item for item in page["evidence"] if item["kind"] == "time" and item["exact"] == "November")
    assert november["body"]["label"] == "November (2020-11)", "a time expression shows what the tagger read"
    ceasefire = next(item for item in page["evidence"] if item["body"]["id"] == f"{ID}event/{A}/ceasefire")
    assert ceasefire["body"]["label"] == "Russian-brokered ceasefire halts the Karabakh conflict"
    found: dict[str, list[tuple[int, str, dict]]] = {}
    for block in page["blocks"]:
        _pieces(block["segments"], 0, found)
    assert set(found) == {item["id"] for item in page["evidence"]}
    for item in page["evidence"]:
        pieces = found[item["id"]]
        assert "".join(text for _, text, _ in pieces) == item["exact"], "pieces of a split span rejoin to the quote"
        assert [segment["first"] for _, _, segment in pieces] == [True] + [False] * (len(pieces) - 1)
        assert [segment["last"] for _, _, segment in pieces] == [False] * (len(pieces) - 1) + [True]
    biden = f"{ID}evidence/{A}/actor-joe-biden-1"
    assert len(found[biden]) == 2, "Joe Biden's quote crosses the end of the U.S. politicians' one, so it is split"
    assert "heading" in {block["kind"] for block in page["blocks"]}
    assert article(seeded_kb, URLS, RUSSIA) is None


def test_crossing_spans_in_a_loaded_article(kb, tmp_path):
    path = write_article(tmp_path, "crossing", "Alpha beta gamma delta epsilon.\n", sidecar="""
[actors.alpha]
label = "Alpha"
type = "country"
evidence = "Alpha beta gamma"
[events.meeting]
label = "A meeting"
type = "talks"
date = "on March 2"
actors = { participant = ["alpha"] }
evidence = "gamma delta epsilon"
""")
    kb.load(path)
    (block,) = article(kb, URLS, f"{ID}article/crossing")["blocks"]
    assert _text(block["segments"]) == "Alpha beta gamma delta epsilon."
    found: dict[str, list[tuple[int, str, dict]]] = {}
    _pieces(block["segments"], 0, found)
    assert sorted((text, segment["first"], segment["last"]) for pieces in found.values() for _, text, segment in pieces) == sorted([
        ("Alpha beta gamma", True, True), ("gamma", True, False), (" delta epsilon", False, True)])


# --- facets, ontology, example queries ---------------------------------------------------------

def test_facets_count_events(seeded_kb):
    offered = facets(seeded_kb, URLS)
    actors = {item["label"]: item for item in offered["actors"]}
    assert actors["Russia"]["count"] == 1 and actors["Russia"]["param"] == "/id/actor/russia"
    assert actors["Azerbaijan"]["count"] > actors["Russia"]["count"]
    types = {item["label"]: item for item in offered["types"]}
    assert (types["ceasefire"]["count"], types["ceasefire"]["param"]) == (1, "Ceasefire")
    assert sum(item["count"] for item in offered["types"]) == 44
    assert [(s["id"], s["count"], s["param"]) for s in offered["sources"]] == [(ARTICLE, 44, A)]
    for name, key in (("actor", "actors"), ("type", "types"), ("source", "sources")):
        for item in offered[key]:
            assert run(seeded_kb, **{key: getattr(TimelineFilters.from_args(MultiDict({name: item["param"]})), key)})["total"] == item["count"]


def test_ontology_terms(seeded_kb):
    terms = ontology_terms(seeded_kb, URLS)
    (ceasefire,) = [term for term in terms["classes"] if term["name"] == "ekb:Ceasefire"]
    assert ceasefire["cameo"] == "0871" and ceasefire["comment"].startswith("A truce or ceasefire")
    assert [other["name"] for other in ceasefire["super"]] == ["ekb:Event"]
    (mediator,) = [term for term in terms["properties"] if term["name"] == "ekb:mediator"]
    assert [other["name"] for other in mediator["super"]] == ["sem:hasActor"]
    assert "ekb:Month" in {term["name"] for term in terms["individuals"]}
    declared = Graph().parse(ontology_file())
    assert {str(s) for s in declared.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)} == {term["id"] for term in terms["classes"]}


def test_example_queries():
    queries = example_queries()
    assert [query["name"] for query in queries] == [path.stem for path in query_files()]
    first = queries[0]
    assert first["name"] == "01-november-to-march"
    assert first["title"] == "What happened between November 2020 and March 2021, in order?"
    assert first["description"].startswith("Events (not the merely planned")
    assert "SELECT" in first["query"]


# --- what users send ----------------------------------------------------------------------------

def test_parameters_in_every_documented_form():
    filters = TimelineFilters.from_args(MultiDict([
        ("from", "2020-11-01"), ("to", " 2021-03-31 "), ("actor", RUSSIA), ("actor", "/id/actor/armenia"), ("actor", ""),
        ("type", "Ceasefire"), ("type", "ekb:Talks"), ("type", str(EKB.Protest)), ("source", A), ("source", f"/id/article/{A}"),
        ("lanes", "actor"), ("offset", "10"), ("limit", "20"),
    ]))
    assert filters == TimelineFilters(
        start=date(2020, 11, 1), end=date(2021, 3, 31), actors=(RUSSIA, f"{ID}actor/armenia"),
        types=(str(EKB.Ceasefire), str(EKB.Talks), str(EKB.Protest)), sources=(ARTICLE,), lanes="actor", offset=10, limit=20)
    assert TimelineFilters.from_args(MultiDict({"from": "", "to": "", "lanes": ""})) == TimelineFilters()


@pytest.mark.parametrize("args, message", [
    ({"from": "November 2020"}, "from must be an ISO date"),
    ({"to": "2021-02-30"}, "to must be an ISO date"),
    ({"from": "2021-03-31", "to": "2020-11-01"}, "is after to"),
    ({"actor": "<script>alert(1)</script>"}, "actor"),
    ({"actor": "russia"}, "actor"),
    ({"actor": 'http://x/"} } ; DROP ALL'}, "actor"),
    ({"type": "Cease fire"}, "type"),
    ({"type": "http://x/>"}, "type"),
    ({"source": "Some Article"}, "source"),
    ({"limit": "5000"}, "limit must be between 0 and 2000"),
    ({"limit": "ten"}, "limit must be a whole number"),
    ({"offset": "-1"}, "offset must be between"),
    ({"lanes": "sideways"}, "lanes must be one of"),
])
def test_bad_parameters_raise_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        TimelineFilters.from_args(MultiDict(args))


def test_checked_everywhere_iris_reach_a_query(seeded_kb):
    for bad in ("no-scheme", "http://a b", "http://x/>", 'http://x/"'):
        with pytest.raises(ValueError):
            check_iri(bad)
        with pytest.raises(ValueError):
            event_details(seeded_kb, URLS, bad)
        with pytest.raises(ValueError):
            entity(seeded_kb, URLS, bad)
    with pytest.raises(ValueError):
        TimelineFilters(actors=("javascript alert",))
