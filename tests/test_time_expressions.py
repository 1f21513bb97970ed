"""Every loaded article, curated or not, gets the time expressions the tagger finds (kb/extract/times.py), stored with their words."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kb.article import parse_article
from kb.extract import time_mentions
from kb.namespaces import EKB, PROV, SEM
from kb.shapes import validate
from tests.helpers import write_article

ID = "https://w3id.org/eventkb/id/"
BODY = ("The ceasefire of November ended the fighting. Talks will resume in November.\n\n"
        "The war lasted 44 days; the conflict began decades ago. The ministers met on Tuesday.\n")

TIMES = """PREFIX ekb: <https://w3id.org/eventkb/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?time ?words ?type ?value ?begin ?end ?earliest ?latest ?exact ?start ?stop ?who WHERE {
  ?time a ekb:TimeExpression ; rdfs:label ?words ; ekb:timexType ?type ; ekb:timeValue ?value ;
        prov:wasAttributedTo ?who .
  ?annotation oa:hasBody ?time ; oa:hasTarget ?target .
  ?target oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?stop .
  OPTIONAL { ?time sem:hasBeginTimeStamp ?begin } OPTIONAL { ?time sem:hasEndTimeStamp ?end }
  OPTIONAL { ?time sem:hasEarliestBeginTimeStamp ?earliest } OPTIONAL { ?time sem:hasLatestEndTimeStamp ?latest }
} ORDER BY ?start"""


def _times(kb) -> list[dict[str, str | None]]:
    results = kb.query(TIMES)
    return [{name: row[name].value if name in row else None for name in results.variables} for row in results]


def test_an_article_without_a_sidecar_gets_its_dates(kb, tmp_path):
    path = write_article(tmp_path, "no-sidecar", BODY)
    kb.load(path)
    found = _times(kb)
    text = path.read_text(encoding="utf-8")
    assert [(row["words"], row["type"], row["value"]) for row in found] == [
        ("November", "DATE", "2020-11"),  # looks back: the ceasefire that ended the fighting
        ("November", "DATE", "2021-11"),  # looks forward: talks will resume
        ("44 days", "DURATION", "P44D"),
        ("decades ago", "DATE", "PAST_REF"),
        ("Tuesday", "DATE", "2021-03-02"),
    ]
    for row in found:
        assert text[int(row["start"]):int(row["stop"])] == row["exact"] == row["words"]
        assert row["who"] == str(EKB.TemporalTagger)
        assert row["time"] == f"{ID}time/no-sidecar/{row['start']}-{row['stop']}"
    november = found[0]
    assert (november["begin"], november["end"], november["earliest"], november["latest"]) == (
        "2020-11-01", "2020-11-30", "2020-11-01", "2020-11-30")
    assert found[2]["begin"] is None and found[2]["end"] is None, "a duration has a value, no dates"
    assert (found[3]["earliest"], found[3]["latest"]) == (None, "2001-03-05"), "decades ago: open begin, nothing invented"


def test_the_header_is_not_tagged(tmp_path):
    document = parse_article(
        "Title: Talks in March 2021\nAuthor: Ana Müller\nDate: 2021-03-05\n\nNothing dated here.\n", "header.txt")
    assert time_mentions(document) == []


def test_reloading_gives_the_same_triples(kb, tmp_path):
    path = write_article(tmp_path, "again", BODY)
    kb.load(path)
    first = set(kb.store.graph_ntriples(f"{ID}graph/again").splitlines())
    kb.load(path)
    assert set(kb.store.graph_ntriples(f"{ID}graph/again").splitlines()) == first and len(first) > 50


def test_curated_articles_keep_their_events_and_get_times_too(seeded_kb):
    (solution,) = seeded_kb.query("""PREFIX ekb: <https://w3id.org/eventkb/ontology#>
        SELECT (COUNT(DISTINCT ?time) AS ?times) (COUNT(DISTINCT ?event) AS ?events) WHERE {
          { ?time a ekb:TimeExpression } UNION { ?event a/rdfs:subClassOf* sem:Event } }""")
    assert (solution["times"].value, solution["events"].value) == ("10", "44")


def test_the_shapes_check_time_expressions():
    graph = Graph()
    node = URIRef(f"{ID}time/hand-made/0-8")
    graph.add((node, RDF.type, EKB.TimeExpression))
    graph.add((node, RDFS.label, Literal("November")))
    graph.add((node, EKB.timexType, Literal("MONTH")))
    graph.add((node, EKB.timeValue, Literal("2020-11")))
    graph.add((node, SEM.hasBeginTimeStamp, Literal("November")))
    graph.add((node, PROV.wasDerivedFrom, URIRef(f"{ID}article/hand-made")))
    report = validate(graph)
    messages = " ".join(problem.message for problem in report.problems)
    assert not report.conforms
    assert "ekb:timexType" in messages and "xsd:date" in messages
