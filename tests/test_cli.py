"""The kb command end to end: load, validate, query in standard formats, export, stats, remove."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kb.cli import main
from tests.helpers import seeded_copy


@pytest.fixture
def seeded(runner, monkeypatch):
    """The CLI over a store with the seed in it (a copy: loading the seed is tested once, below)."""
    seeded_copy(Path(os.environ["KB_STORE"]))
    return runner


def test_load_the_seed(runner):
    result = runner.invoke(main, ["load"])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output and "2021-03-05-turkey-azerbaijan" in result.output


def test_load_then_validate_conforms(seeded):
    result = seeded.invoke(main, ["validate"])
    assert result.exit_code == 0 and result.output.startswith("Conforms")


def test_validate_a_file_without_storing_it(seeded, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n<http://example.org/e> a sem:Event .\n", encoding="utf-8")
    result = seeded.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Does not conform" in result.output and "<http://example.org/e>" in result.output
    assert "Violation" in result.output
    stats = json.loads(seeded.invoke(main, ["stats", "--json"]).output)
    assert "file" not in " ".join(stats["sources"])


def test_query_table_and_standard_formats(seeded):
    sparql = "SELECT ?label WHERE { ?e a ekb:Ceasefire ; rdfs:label ?label }"
    table = seeded.invoke(main, ["query", sparql])
    assert table.exit_code == 0 and "Russian-brokered ceasefire" in table.output and "(1 row)" in table.output
    answer = json.loads(seeded.invoke(main, ["query", sparql, "--format", "json"]).output)
    assert answer["head"]["vars"] == ["label"]
    assert answer["results"]["bindings"][0]["label"]["value"].startswith("Russian-brokered ceasefire")
    rows = list(csv.reader(io.StringIO(seeded.invoke(main, ["query", sparql, "--format", "csv"]).output)))
    assert rows[0] == ["label"] and rows[1][0].startswith("Russian-brokered ceasefire")
    tsv = seeded.invoke(main, ["query", sparql, "--format", "tsv"]).output.splitlines()
    assert tsv[0] == "?label" and tsv[1].startswith('"Russian-brokered ceasefire')
    xml = seeded.invoke(main, ["query", sparql, "--format", "xml"]).output
    assert "<sparql" in xml and "Russian-brokered ceasefire" in xml


def test_query_from_file_ask_and_construct(seeded, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("PREFIX ekb: <https://w3id.org/eventkb/ontology#>\nASK { ?e a ekb:Ceasefire }\n", encoding="utf-8")
    assert seeded.invoke(main, ["query", f"@{query_file}"]).output.strip() == "yes"
    assert json.loads(seeded.invoke(main, ["query", f"@{query_file}", "--format", "json"]).output)["boolean"] is True
    construct = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a ekb:Ceasefire ; rdfs:label ?l }"
    graph = Graph().parse(data=seeded.invoke(main, ["query", construct, "--format", "turtle"]).output, format="turtle")
    assert len(graph) == 1
    refused = seeded.invoke(main, ["query", construct, "--format", "csv"])
    assert refused.exit_code == 1 and "is a graph" in refused.output


def test_malformed_query_names_line_and_column(seeded):
    result = seeded.invoke(main, ["query", "SELECT ?x WHERE {\n  ?x ?p \n"])
    assert result.exit_code == 1 and "malformed query" in result.output and "error at 3:" in result.output
    missing = seeded.invoke(main, ["query", "@/no/such/file.rq"])
    assert missing.exit_code == 1 and "cannot read the query file /no/such/file.rq" in missing.output


def test_command_errors_are_one_line(seeded, tmp_path):
    """The parser lists every token it expected, over several lines; a file that is not UTF-8 or
    cannot be written is an error, not a traceback."""
    malformed = seeded.invoke(main, ["query", "SELECT ?x WHERE {"])
    assert malformed.exit_code == 1 and len(malformed.output.splitlines()) == 1, malformed.output
    assert malformed.output.startswith('Error: malformed query: error at 1:18: expected one of "$"')
    assert len(malformed.output) <= len("Error: \n") + 500
    latin1 = tmp_path / "q.rq"
    latin1.write_bytes("SELECT * WHERE { ?s ?p 'Bakı' }".encode("cp1254"))
    unreadable = seeded.invoke(main, ["query", f"@{latin1}"])
    assert unreadable.exit_code == 1 and unreadable.output == (
        f"Error: cannot read the query file {latin1}: not UTF-8 text (invalid start byte at byte 27)\n")
    nowhere = tmp_path / "no-such-directory" / "out.trig"
    unwritable = seeded.invoke(main, ["export", "-o", str(nowhere)])
    assert unwritable.exit_code == 1 and unwritable.output == f"Error: cannot write {nowhere}: No such file or directory\n"


@pytest.mark.parametrize("fmt, parse_as", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_export_dataset_formats_round_trip(seeded, fmt, parse_as):
    result = seeded.invoke(main, ["export", "--format", fmt])
    assert result.exit_code == 0
    dataset = Dataset().parse(data=result.output, format=parse_as)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/eventkb/id/graph/2021-03-05-turkey-azerbaijan" in graphs
    assert "https://w3id.org/eventkb/ontology" in graphs


def test_export_one_graph_as_turtle_to_a_file(seeded, tmp_path):
    out = tmp_path / "seed.ttl"
    result = seeded.invoke(main, ["export", "--format", "turtle", "--graph", "2021-03-05-turkey-azerbaijan", "-o", str(out)])
    assert result.exit_code == 0
    graph = Graph().parse(out, format="turtle")
    assert 2500 < len(graph) < 5000
    unknown = seeded.invoke(main, ["export", "--graph", "no-such-article"])
    assert unknown.exit_code == 1 and "no article or file 'no-such-article'" in unknown.output


def test_stats_and_remove(seeded):
    stats = json.loads(seeded.invoke(main, ["stats", "--json"]).output)
    assert stats["events"] == 44 and stats["articles"] == 1 and stats["claims"] == 29
    assert stats["time expressions"] == 10 and stats["evidence"] == 136
    assert stats["sources"] == ["https://w3id.org/eventkb/id/graph/2021-03-05-turkey-azerbaijan"]
    human = seeded.invoke(main, ["stats"]).output
    assert "events: 44" in human
    removed = seeded.invoke(main, ["remove", "2021-03-05-turkey-azerbaijan"])
    assert removed.exit_code == 0 and "removed <https://w3id.org/eventkb/id/graph/2021-03-05-turkey-azerbaijan>" in removed.output
    after = json.loads(seeded.invoke(main, ["stats", "--json"]).output)
    assert after["events"] == 0 and after["sources"] == []
    again = seeded.invoke(main, ["remove", "2021-03-05-turkey-azerbaijan"])
    assert again.exit_code == 1 and "no article or file" in again.output


def test_store_option_beats_the_environment(runner, tmp_path):
    other = tmp_path / "other-store"
    assert runner.invoke(main, ["load", "--store", str(other)]).exit_code == 0
    assert json.loads(runner.invoke(main, ["stats", "--json", "--store", str(other)]).output)["events"] == 44
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["events"] == 0


def test_every_command_has_help(runner):
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
