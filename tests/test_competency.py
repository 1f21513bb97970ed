"""The competency questions (ontology/queries/*.rq) give the answers the seed article supports.

Each query file has its expected answer beside it, NN-name.srj: a standard SPARQL 1.1 Query Results
JSON document (full IRIs, literals with their datatype or language, unbound variables left out of
a row), the way the W3C test manifests pair a query with its result file. Every answer was worked
out from the article text and its curated annotation (kb/data/2021-03-05-turkey-azerbaijan.
{txt,toml}), not copied from the store: dates follow from the publication date 2021-03-05 ("on
March 2" is 2021-03-02, "the Russian-brokered ceasefire of November" is 2020-11, "This February"
is 2021-02), and string order is code point order, as SPARQL's ORDER BY has it ("The United ..."
sorts before "The international ...").

A file's head lists the variables compared (a query may select more, such as labels shown for
reading); its rows are in the query's order, and the test compares them in that order. An ASK
query's file is {"head": {}, "boolean": true|false}.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kb.knowledge_base import KnowledgeBase
from kb.resources import query_files
from kb.store import EmbeddedStore

# the evidence for the ceasefire, exactly as the article writes it (06-ceasefire-evidence.srj)
CEASEFIRE_QUOTE = ("the pause in the Karabakh conflict, which halted officially with the Russian-brokered "
                   "ceasefire of November")


def answer_file(query: Path) -> Path:
    """The expected answer of a query file: NN-name.srj beside NN-name.rq."""
    return query.with_suffix(".srj")


def answer(kb, query: Path) -> dict:
    """What the store answers to a query file, as a SPARQL 1.1 JSON results document."""
    return json.loads(kb.answer(query.read_text(encoding="utf-8"), "json"))


def test_every_query_file_has_its_answer_file_and_every_answer_file_its_query():
    (folder,) = {path.parent for path in query_files()}
    assert {path.stem for path in folder.glob("*.rq")} == {path.stem for path in folder.glob("*.srj")}


@pytest.mark.parametrize("query", query_files(), ids=lambda path: path.name)
def test_competency_question(seeded_kb, query):
    expected = json.loads(answer_file(query).read_text(encoding="utf-8"))
    actual = answer(seeded_kb, query)
    if "boolean" in expected:
        assert actual == expected
        return
    variables = expected["head"]["vars"]
    assert len(variables) == len(set(variables)), "a variable is listed twice"
    assert set(variables) <= set(actual["head"]["vars"]), f"the query does not select {set(variables) - set(actual['head']['vars'])}"
    for row in expected["results"]["bindings"]:
        assert set(row) <= set(variables), f"a row binds {set(row) - set(variables)}, which the head does not list"
    rows = [{name: value for name, value in row.items() if name in variables} for row in actual["results"]["bindings"]]
    expected_rows = expected["results"]["bindings"]
    if len(rows) == len(expected_rows):  # name the first row that differs, and pytest shows its differing variables
        for number, (row, expected_row) in enumerate(zip(rows, expected_rows, strict=False), 1):
            assert row == expected_row, f"row {number} of {answer_file(query).name}"
    assert rows == expected_rows


@pytest.mark.parametrize("path", query_files(), ids=lambda path: path.name)
def test_query_file_is_documented_and_runs(seeded_kb, path):
    assert re.fullmatch(r"\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.rq", path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"# title: \S.*\?", lines[0]), "the first line is '# title: <question>?'"
    assert re.fullmatch(r"# description: \S.+", lines[1]), "the second line is '# description: ...'"
    # Runs as it is elsewhere (YASGUI, curl, `kb query @file`): its own PREFIX lines, nothing predeclared.
    EmbeddedStore(None).query(path.read_text(encoding="utf-8"))
    result = answer(seeded_kb, path)
    assert "boolean" in result or (result["head"]["vars"] and result["results"]["bindings"])


def test_query_numbers_are_unique():
    numbers = [path.name[:2] for path in query_files()]
    assert len(numbers) == len(set(numbers))


def test_ceasefire_offsets_point_into_the_article(seed_path):
    # Worked out from the file itself: the quote occurs once, at code points 1147..1254.
    text = seed_path.read_text(encoding="utf-8")
    assert text.count(CEASEFIRE_QUOTE) == 1
    start = text.index(CEASEFIRE_QUOTE)
    assert (start, start + len(CEASEFIRE_QUOTE)) == (1147, 1254)
    # and they are the offsets the competency question's answer file states
    (query,) = [path for path in query_files() if path.name == "06-ceasefire-evidence.rq"]
    (row,) = json.loads(answer_file(query).read_text(encoding="utf-8"))["results"]["bindings"]
    assert (row["exact"]["value"], row["start"]["value"], row["end"]["value"]) == (CEASEFIRE_QUOTE, "1147", "1254")


def test_no_answer_repeats_a_row_when_articles_share_actors(tmp_path, seed_path):
    """A second article naming the same actors states their labels again in its own graph, and
    the union default graph of pyoxigraph 0.5 returns a triple once per graph holding it
    (oxigraph issue #1919): the example queries must not hand researchers the same row twice."""
    copy = tmp_path / "another-article.txt"
    shutil.copy(seed_path, copy)
    shutil.copy(seed_path.with_suffix(".toml"), copy.with_suffix(".toml"))
    with KnowledgeBase(tmp_path / "store") as kb:
        kb.load_seed()
        kb.load(copy)
        for path in query_files():
            result = answer(kb, path)
            rows = [json.dumps(row, sort_keys=True) for row in result.get("results", {}).get("bindings", [])]
            assert len(rows) == len(set(rows)), f"{path.name} repeats rows"
