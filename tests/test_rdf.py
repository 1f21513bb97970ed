"""kb/rdf.py: the vocabulary contract holds for every triple minted from the seed."""

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.compare import isomorphic

from kb.knowledge_base import read_records
from kb.namespaces import EKB, EKBD, OA, PROV, SCHEMA, SEM
from kb.rdf import article_graph, article_iri
from tests.helpers import write_article

ARTICLE = article_iri("2021-03-05-turkey-azerbaijan")


def test_loading_twice_gives_the_same_graph(seed_path):
    first_iri, first = article_graph(read_records(seed_path))
    second_iri, second = article_graph(read_records(seed_path))
    assert first_iri == second_iri == EKBD["graph/2021-03-05-turkey-azerbaijan"]
    assert set(first) == set(second) and isomorphic(first, second)
    assert not any(isinstance(term, type(None)) for triple in first for term in triple)


def test_article_metadata(seed_records, seed_path):
    _, graph = article_graph(seed_records)
    assert (ARTICLE, RDF.type, SCHEMA.NewsArticle) in graph
    assert graph.value(ARTICLE, SCHEMA.datePublished) == Literal("2021-03-05", datatype=XSD.date)
    assert str(graph.value(ARTICLE, SCHEMA.headline)) == "Media buzzing over Turkey-Azerbaijan culture collaboration"
    assert graph.value(graph.value(ARTICLE, SCHEMA.author), RDFS.label) == Literal("Amber Coakley")
    assert str(graph.value(ARTICLE, SCHEMA.articleBody)).encode() == seed_path.read_bytes()


def test_every_item_is_derived_from_the_article(seed_records):
    _, graph = article_graph(seed_records)
    curation = next(graph.subjects(RDF.type, EKB.Curation))
    subjects = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and "#" not in str(s)} - {ARTICLE, curation}
    missing = [s for s in subjects if (s, PROV.wasDerivedFrom, ARTICLE) not in graph]
    assert subjects and not missing
    assert (curation, PROV.used, ARTICLE) in graph, "the curation is the activity that read the article"


def test_curated_records_say_they_are_curated(seed_records):
    _, graph = article_graph(seed_records)
    curation = next(graph.subjects(RDF.type, EKB.Curation))
    for kind in (EKB.Ceasefire, EKB.Claim, EKB.Country):
        for node in graph.subjects(RDF.type, kind):
            assert (node, PROV.wasGeneratedBy, curation) in graph
    assert not list(graph.subjects(EKB.confidence, None)), "a curator gives no confidence"
    assert not list(graph.subjects(RDF.type, EKB.Extraction))


def test_evidence_selectors_point_at_the_quote(seed_records):
    _, graph = article_graph(seed_records)
    body = str(graph.value(ARTICLE, SCHEMA.articleBody))
    annotations = list(graph.subjects(RDF.type, OA.Annotation))
    assert len(annotations) >= 100
    for annotation in annotations:
        target = graph.value(annotation, OA.hasTarget)
        assert graph.value(target, OA.hasSource) == ARTICLE
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        exact = str(graph.value(selectors[OA.TextQuoteSelector], OA.exact))
        start = graph.value(selectors[OA.TextPositionSelector], OA.start).toPython()
        end = graph.value(selectors[OA.TextPositionSelector], OA.end).toPython()
        assert body[start:end] == exact


def test_events_are_typed_dated_and_sourced(seed_records):
    _, graph = article_graph(seed_records)
    events = {s for s, t in graph.subject_objects(RDF.type) if t in {EKB[n] for n in ("Talks", "Ceasefire", "ArmedConflict")}}
    assert len(events) >= 3
    for event in events:
        assert graph.value(event, RDFS.label) is not None
        assert any(True for _ in graph.subjects(OA.hasBody, event)), f"{event} has no evidence"
    ceasefire = EKBD["event/2021-03-05-turkey-azerbaijan/ceasefire"]
    assert graph.value(ceasefire, SEM.hasBeginTimeStamp) == Literal("2020-11-01", datatype=XSD.date)
    assert graph.value(ceasefire, SEM.hasEndTimeStamp) == Literal("2020-11-30", datatype=XSD.date)
    assert graph.value(ceasefire, SEM.hasEarliestBeginTimeStamp) == Literal("2020-11-01", datatype=XSD.date)
    assert graph.value(ceasefire, SEM.hasLatestEndTimeStamp) == Literal("2020-11-30", datatype=XSD.date)
    assert graph.value(ceasefire, EKB.timePrecision) == EKB.Month
    assert graph.value(ceasefire, EKB.timeValue) == Literal("2020-11")
    assert (ceasefire, EKB.mediator, EKBD["actor/russia"]) in graph


def test_every_role_is_also_sem_has_actor(seed_records):
    _, graph = article_graph(seed_records)
    roles = {EKB[name] for name in ("agent", "participant", "signatory", "mediator", "party", "target", "claimant",
                                     "author", "addressee", "speaker", "publisher", "supporter", "affected")}
    role_triples = [(s, o) for s, p, o in graph if p in roles]
    assert len(role_triples) >= 50
    assert all((s, SEM.hasActor, o) in graph for s, o in role_triples)


def test_groups_belong_to_their_article_and_named_actors_are_shared(seed_records):
    _, graph = article_graph(seed_records)
    assert (EKBD["actor/turkey"], RDF.type, EKB.Country) in graph
    assert (EKBD["actor/2021-03-05-turkey-azerbaijan/some-media-outlets"], RDF.type, EKB.Group) in graph
    assert (EKBD["actor/some-media-outlets"], None, None) not in graph


def test_unicode_round_trips(tmp_path):
    path = write_article(tmp_path, "unicode", "Ağdam’s “Zəfər” — Ереван met 北京 on March 2.\n",
                         '[actors.agdam]\nlabel = "Ağdam’s “Zəfər”"\ntype = "group"\n\n'
                         '[events.m]\nlabel = "Ереван — 北京 meeting"\ntype = "talks"\ndate = "March 2"\n'
                         'actors = { participant = ["agdam"] }\nevidence = "Ağdam’s “Zəfər” — Ереван met 北京 on March 2."\n')
    _, graph = article_graph(read_records(path))
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {"Ağdam’s “Zəfər”", "Ереван — 北京 meeting", "Ana Müller"} <= labels
    exact = next(graph.objects(None, OA.exact))
    assert str(exact) == "Ağdam’s “Zəfər” — Ереван met 北京 on March 2."
