"""Loading: every bad input is refused with one clear message, and the store stays exactly as it was."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kb.cli import main
from kb.knowledge_base import KnowledgeBase
from kb.store import Store
from tests.helpers import write_article

GOOD_SIDECAR = """\
[actors.turkey]
label = "Turkey"
type = "country"

[events.meeting]
label = "Officials meet"
type = "talks"
date = "on March 2"
actors = { participant = ["turkey"] }
evidence = "Officials of Turkey met on March 2."
"""
BODY = "Officials of Turkey met on March 2.\n"


def _store_path(tmp_path):
    return tmp_path / "cli-store"


@pytest.fixture
def loaded(runner, tmp_path):
    """The CLI's store with the seed and one small article loaded; returns its quads."""
    assert runner.invoke(main, ["load"]).exit_code == 0
    path = write_article(tmp_path, "meeting", BODY, GOOD_SIDECAR)
    result = runner.invoke(main, ["load", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _quads(tmp_path):
    store = Store(_store_path(tmp_path))
    try:
        return store.quads()
    finally:
        store.close()


def _refused(runner, tmp_path, args, *fragments):
    before = _quads(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    message = result.stderr if hasattr(result, "stderr") else result.output
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in result.output
    assert _quads(tmp_path) == before, "a refused load changed the store"
    return message


def test_reloading_is_idempotent(runner, tmp_path, loaded):
    before = _quads(tmp_path)
    assert runner.invoke(main, ["load", str(loaded)]).exit_code == 0
    assert runner.invoke(main, ["load"]).exit_code == 0
    assert _quads(tmp_path) == before


def test_reloading_replaces_the_articles_graph(runner, tmp_path, loaded):
    loaded.with_suffix(".toml").write_text(GOOD_SIDECAR.replace("Officials meet", "Officials hold talks"), encoding="utf-8")
    assert runner.invoke(main, ["load", str(loaded)]).exit_code == 0
    with KnowledgeBase(_store_path(tmp_path)) as kb:
        labels = [row["label"].value for row in kb.query("SELECT ?label WHERE { ekbd:event\\/meeting\\/meeting rdfs:label ?label }")]
    assert labels == ["Officials hold talks"]


def test_not_an_article(runner, tmp_path, loaded):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n\neggs\n", encoding="utf-8")
    _refused(runner, tmp_path, ["load", str(path)], str(path), "not an article")


def test_unreadable_date_line(runner, tmp_path, loaded):
    path = write_article(tmp_path, "baddate", BODY, header="Headline\n\nBy Someone\n\nthe 45th of Octember 2021\n\n")
    _refused(runner, tmp_path, ["load", str(path)], f"{path}:5", "cannot read the publication date")


@pytest.mark.parametrize("old, new, where, problem", [
    ('label = "Turkey"', 'label = "Turkey', "meeting.toml:2", "TOML syntax error"),
    ('type = "talks"', 'type = "picnic"', "meeting.toml:7", "'picnic' is not one of"),
    ("met on March 2.", "met on March 3.", "meeting.toml:10", "is not in the article"),  # the quote
    ('"on March 2"', '"sometime soonish-ish"', "meeting.toml:8", "cannot read a date"),
])
def test_a_sidecar_mistake_names_its_file_and_line(runner, tmp_path, loaded, old, new, where, problem):
    path = write_article(tmp_path, "meeting", BODY, GOOD_SIDECAR.replace(old, new))
    _refused(runner, tmp_path, ["load", str(path)], where, problem)


def test_rdf_that_violates_the_shapes(runner, tmp_path, loaded):
    path = tmp_path / "mine.ttl"
    path.write_text(
        "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<http://example.org/e1> a sem:Event ;\n"
        "  sem:hasBeginTimeStamp \"2021-03-05\"^^xsd:date ; sem:hasEndTimeStamp \"2021-03-01\"^^xsd:date .\n",
        encoding="utf-8",
    )
    message = _refused(runner, tmp_path, ["load", str(path)], str(path), "<http://example.org/e1>", "nothing was stored")
    assert "label" in message


def test_broken_turtle_names_the_file_and_line(runner, tmp_path, loaded):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    _refused(runner, tmp_path, ["load", str(path)], str(path), "not valid turtle", "line 4")


def test_unknown_file_type(runner, tmp_path, loaded):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    _refused(runner, tmp_path, ["load", str(path)], str(path), "unknown file type")


def test_one_bad_file_among_good_ones_stores_the_good_ones_before_it(runner, tmp_path, loaded):
    bad = write_article(tmp_path, "bad", BODY, GOOD_SIDECAR.replace('type = "talks"', 'type = "picnic"'))
    result = runner.invoke(main, ["load", str(loaded), str(bad)])
    assert result.exit_code == 1 and "picnic" in result.output


def test_unreadable_store_path(tmp_path, runner):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a store", encoding="utf-8")
    result = runner.invoke(main, ["load", "--store", str(blocker)])
    assert result.exit_code == 1 and f"cannot open the store at {blocker}" in result.output
    assert blocker.read_text(encoding="utf-8") == "not a store"


def test_valid_rdf_file_is_loaded_into_its_own_graph(tmp_path):
    kb = KnowledgeBase(tmp_path / "store")
    path = tmp_path / "hand-made.trig"
    path.write_text(
        "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/g> { <http://example.org/e1> a sem:Event ; rdfs:label \"Sitzung — Ереван\" ;\n"
        "  sem:hasBeginTimeStamp \"2021-03-01\"^^xsd:date ; sem:hasEndTimeStamp \"2021-03-05\"^^xsd:date . }\n",
        encoding="utf-8",
    )
    result = kb.load(path)
    assert result.graph == "https://w3id.org/eventkb/id/graph/file/hand-made-trig"
    (row,) = kb.query('SELECT ?label WHERE { GRAPH ?g { <http://example.org/e1> rdfs:label ?label } }')
    assert row["label"].value == "Sitzung — Ереван"
    assert kb.remove("hand-made.trig") == result.graph
    assert not kb.store.has_graph(result.graph)


@pytest.mark.parametrize("suffix, rdflib_format", [(".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"), (".jsonld", "json-ld"), (".rdf", "xml")])
def test_every_rdf_format_loads_into_a_graph_of_its_own(tmp_path, suffix, rdflib_format):
    source = Graph().parse(data=(
        "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/e2> a sem:Event ; rdfs:label \"Échange à Bakı\" ; sem:hasBeginTimeStamp \"1993-04-30\"^^xsd:date .\n"),
        format="turtle")
    path = tmp_path / f"mine{suffix}"
    if rdflib_format == "nquads":  # the same triples, inside a named graph
        text = "".join(line.rstrip()[:-1] + "<http://example.org/g> .\n" for line in source.serialize(format="nt").splitlines() if line.strip())
    else:
        text = source.serialize(format=rdflib_format)
    path.write_text(text, encoding="utf-8")
    with KnowledgeBase(tmp_path / "store") as kb:
        result = kb.load(path)
        assert result.graph.endswith(f"/graph/file/mine-{suffix[1:]}")
        (row,) = kb.query("SELECT ?label WHERE { <http://example.org/e2> rdfs:label ?label }")
        assert row["label"].value == "Échange à Bakı"
