"""Loading: every bad input is refused with one clear message, and the store stays exactly as it was."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kb.cli import main
from kb.knowledge_base import KnowledgeBase, LoadError, parse_rdf
from kb.store import EmbeddedStore
from tests.helpers import seeded_copy, write_article

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
    seeded_copy(_store_path(tmp_path))
    path = write_article(tmp_path, "meeting", BODY, GOOD_SIDECAR)
    result = runner.invoke(main, ["load", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _quads(tmp_path):
    store = EmbeddedStore(_store_path(tmp_path))
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


def test_plain_text_is_loaded_without_a_date(runner, tmp_path, loaded):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n\neggs\n", encoding="utf-8")
    result = runner.invoke(main, ["load", str(path)])
    assert result.exit_code == 0, result.output
    with KnowledgeBase(_store_path(tmp_path)) as kb:
        headlines = [row["headline"].value for row in kb.query("SELECT ?headline WHERE { ?a schema:identifier 'notes' ; schema:headline ?headline }")]
        dated = bool(kb.query("ASK { ?a schema:identifier 'notes' ; schema:datePublished ?date }"))
    assert (headlines, dated) == (["shopping list"], False)


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
    # One line: the first violation (begin after end), how many more, and the command that lists them all.
    assert message.splitlines() == [
        f"Error: {path}: refused by the shapes, nothing was stored. Violation: <http://example.org/e1> "
        "<http://semanticweb.cs.vu.nl/2009/11/sem/hasBeginTimeStamp>: The event begins after it ends: "
        "sem:hasBeginTimeStamp is later than sem:hasEndTimeStamp. Correct the dates. (value: '2021-03-05') "
        f"(and 1 more violation: `kb validate {path}` lists them all)"]
    report = runner.invoke(main, ["validate", str(path)])
    assert report.exit_code == 1 and "rdf-schema#label>: An event needs exactly one rdfs:label" in report.output


def test_broken_turtle_names_the_file_and_line(runner, tmp_path, loaded):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    message = _refused(runner, tmp_path, ["load", str(path)], str(path))
    assert message.splitlines() == [f'Error: {path}:4: not valid turtle: objectList expected at ^ in "ex:d^ ."']


_LONG_IRI = "<http://example.org/" + "x" * 5000
_BROKEN_RDF = [  # what rdflib says, cut to one line: the file, the line (and column) when rdflib gives it, the problem
    ("broken.ttl", "@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n",
     'broken.ttl:4: not valid turtle: objectList expected at ^ in "ex:d^ ."'),
    ("unbound.ttl", "ex:a ex:b ex:c .\n", 'unbound.ttl:1: not valid turtle: Prefix "ex:" not bound at ^ in "^ex:a ex:b ex:c ."'),
    ("string.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b "no end .\nex:c ex:d ex:e .\n',
     'string.ttl:2: not valid turtle: newline found in string literal at ^ in "ex:a ex:b "no end .^"'),
    ("long.ttl", f"@prefix ex: <http://example.org/> .\nex:a ex:b {_LONG_IRI} .\n",
     "long.ttl:2: not valid turtle: unterminated URI reference"),
    ("cut.ttl", "@prefix ex: <http://example.org/> . ex:a ex:b", "cut.ttl: not valid turtle: IndexError: string index out of range"),
    ("broken.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c . } }\n",
     'broken.trig:2: not valid trig: expected directive or statement at ^ in "ex:g { ex:a ex:b ex:c . } ^}"'),
    ("open.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c\n",
     "open.trig:3: not valid trig: EOF found after object"),
    ("broken.nq", "<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> .\n",
     "broken.nq: not valid nquads: Invalid line (Unrecognised object type): '<http://a> <http://b> .'"),
    ("long.nq", f"<http://a> <http://b> {_LONG_IRI} .\n",  # rdflib quotes the whole line: cut short
     "long.nq: not valid nquads: Invalid line (Failed to eat <([^:]+:[^\\s\"<>]*)> at <http://example.org/xxxxxxxxxx…"),
    ("broken.nt", "<http://a> <http://b> _:x _:y .\n", "broken.nt: not valid nt: Invalid line: _:y ."),
    ("broken.jsonld", '{\n  "@id": "http://example.org/a",\n  "http://example.org/b": \n}\n',
     "broken.jsonld:4:1: not valid json-ld: Expecting value"),
    ("broken.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
     '<rdf:Description rdf:about="http://a">\n</rdf:RDF>\n', "broken.rdf:4:3: not valid xml: mismatched tag"),
    ("twice.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
     '<rdf:Description rdf:about="http://a"><rdf:value rdf:resource="http://b" rdf:nodeID="b"/></rdf:Description>\n</rdf:RDF>\n',
     "twice.rdf:3:39: not valid xml: Property element cannot have both rdf:nodeID and rdf:resource"),
    ("latin1.ttl", "<http://a> <http://b> \"Bakı\" .\n".encode("cp1254"),
     "latin1.ttl: not valid turtle: not UTF-8 text (invalid start byte at byte 26)"),
]


@pytest.mark.parametrize("name, data, message", _BROKEN_RDF, ids=[case[0] for case in _BROKEN_RDF])
def test_broken_rdf_is_one_line_with_file_line_and_problem(name, data, message):
    with pytest.raises(LoadError) as refused:
        parse_rdf(data.encode() if isinstance(data, str) else data, name)
    text = str(refused.value)
    assert "\n" not in text and len(text) < 300, text
    if message.endswith("…"):
        assert text.startswith(message[:-1]) and text.endswith("…"), text
    else:
        assert text == message


def test_a_named_sidecar_must_exist(runner, tmp_path, loaded):
    missing = tmp_path / "elsewhere" / "meeting.toml"
    message = _refused(runner, tmp_path, ["load", str(loaded), "--sidecar", str(missing)])
    assert message.splitlines() == [f"Error: {missing}: cannot read the sidecar: No such file or directory"]


def test_an_rdf_file_takes_no_sidecar(runner, tmp_path, loaded):
    path = tmp_path / "mine.ttl"
    path.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    message = _refused(runner, tmp_path, ["load", str(path), "--sidecar", str(loaded.with_suffix(".toml"))])
    assert message.splitlines() == [f"Error: {path}: an RDF file has no sidecar; {loaded.with_suffix('.toml')} is for an article (.txt)"]


def test_unknown_file_type(runner, tmp_path, loaded):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    _refused(runner, tmp_path, ["load", str(path)], str(path), "unknown file type")


def test_bad_files_among_good_ones_are_each_refused_and_the_rest_loaded(runner, tmp_path, loaded):
    runner.invoke(main, ["remove", "meeting"])
    bad = write_article(tmp_path, "bad", BODY, GOOD_SIDECAR.replace('type = "talks"', 'type = "picnic"'))
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    nameless = tmp_path / "nameless.ttl"
    nameless.write_text("<http://example.org/e> a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> .\n", encoding="utf-8")
    after = write_article(tmp_path, "after", BODY, GOOD_SIDECAR)
    before = _quads(tmp_path)
    result = runner.invoke(main, ["load", str(loaded), str(bad), str(broken), str(nameless), str(after)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("  ")]  # not the warnings
    assert lines == [
        f"loaded {loaded}: {lines[0].split(': ')[1].split()[0]} triples into <https://w3id.org/eventkb/id/graph/meeting>",
        f"Error: {bad.with_suffix('.toml')}:7: [events.meeting] type 'picnic' is not one of: " + lines[1].split("is not one of: ")[1],
        f"Error: {broken}:2: not valid turtle: objectList expected at ^ in \"ex:a ex:b^ .\"",
        f"Error: {nameless}: refused by the shapes, nothing was stored. Violation: <http://example.org/e>: This event has no time: "
        "give at least one SEM timestamp (sem:hasBeginTimeStamp, sem:hasEndTimeStamp, sem:hasEarliestBeginTimeStamp, "
        "sem:hasLatestBeginTimeStamp, sem:hasEarliestEndTimeStamp, sem:hasLatestEndTimeStamp) or, if the source gives no time "
        f"at all, state ekb:undated true. (value: <http://example.org/e>) (and 1 more violation: `kb validate {nameless}` lists them all)",
        lines[4],
        "2 of 5 files loaded; 3 refused, nothing of them stored",
    ]
    assert lines[4].startswith(f"loaded {after}: ") and lines[4].endswith("<https://w3id.org/eventkb/id/graph/after>")
    assert "Error" not in result.stdout and result.stderr.splitlines()[-1] == lines[-1]
    stored = {quad[3] for quad in _quads(tmp_path) - before}
    assert stored == {"<https://w3id.org/eventkb/id/graph/meeting>", "<https://w3id.org/eventkb/id/graph/after>"}


def test_several_good_files_are_summed_up(runner, tmp_path, loaded):
    other = write_article(tmp_path, "other", BODY, GOOD_SIDECAR)
    result = runner.invoke(main, ["load", str(loaded), str(other)])
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "2 of 2 files loaded"
    assert result.stderr == ""


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
