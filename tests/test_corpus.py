"""Loading what nobody annotated through the CLI: single articles of every format, corpora with bad
articles in them, and the draft-and-correct loop of `kb extract`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.cli import main
from kb.knowledge_base import KnowledgeBase
from kb.store.base import Solutions
from tests.helpers import write_article

GOOD = ("Foreign ministers of Armenia and Azerbaijan met in Geneva on Monday.\n\n"
        "Russian President Vladimir Putin said the talks were useful.\n")
PAGE = """<!DOCTYPE html><html><head><title>Talks in Geneva | The Example Times</title>
<meta property="article:published_time" content="2021-05-03T08:30:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Talks in Geneva</h1>
<p>Foreign ministers of Armenia and Azerbaijan met in Geneva on Monday, officials said.</p>
<p>The talks were the first since the ceasefire that ended the war in November, and both sides said they would meet again next month.</p>
</article><footer><p>Privacy policy</p></footer></body></html>
"""


def _graphs(store: Path) -> dict[str, int]:
    with KnowledgeBase(store) as kb:
        rows = kb.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/eventkb/id/graph/')) } GROUP BY ?g")
        assert isinstance(rows, Solutions)
        return {str(row["g"].value).rsplit("/", 1)[1]: int(row["n"].value) for row in rows}


def _event_types(store: Path, graph: str) -> list[str]:
    with KnowledgeBase(store) as kb:
        rows = kb.query(f"SELECT ?type WHERE {{ GRAPH <https://w3id.org/eventkb/id/graph/{graph}> "
                        "{ ?e ekb:eventStatus ?status ; a ?type } } ORDER BY ?type")
        assert isinstance(rows, Solutions)
        return [str(row["type"].value).rsplit("#", 1)[1] for row in rows]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder as researchers have them: good articles among files that are not articles at all."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(folder, "geneva", GOOD)
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    (folder / "menu.html").write_text("<html><body><nav>Home</nav><footer>Privacy</footer></body></html>", encoding="utf-8")
    write_article(folder, "french", "Les ministres des affaires étrangères se sont rencontrés à Genève lundi. "
                                    "Le président a dit que les pourparlers étaient utiles et que la paix était possible.\n")
    write_article(folder, "huge", "The talks went on. " * 25_000)
    (folder / "notes.md").write_text("not an article suffix, not read\n", encoding="utf-8")
    lines = [
        {"text": "Protesters gathered in Yerevan on Thursday to demand the resignation of Prime Minister Nikol Pashinyan.",
         "title": "Protest in Yerevan", "date": "2021-02-25", "url": "https://example.org/protest"},
        "{not json",
        {"title": "No text"},
        {"text": "NATO announced new exercises in Poland next month.", "date": "the 45th of Octember"},
        {"text": "NATO announced new exercises in Poland next month.", "date": "2021-03-01", "title": "Exercises"},
    ]
    (folder / "wire.jsonl").write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
                                       encoding="utf-8")
    return folder


def _errors(output: str) -> dict[str, str]:
    """Each `Error:` line by the article it names."""
    found = {}
    for line in output.splitlines():
        if line.startswith("Error: "):
            where, _, problem = line[len("Error: "):].partition(": ")
            found[Path(where).name] = problem
    return found


def test_a_corpus_reports_each_bad_article_and_loads_the_rest(runner, corpus, tmp_path):
    result = runner.invoke(main, ["load", "--workers", "1", str(corpus)])
    assert result.exit_code == 1
    errors = _errors(result.output)
    assert set(errors) == {"binary.txt", "empty.txt", "menu.html", "french.txt", "huge.txt", "wire.jsonl:2", "wire.jsonl:3", "wire.jsonl:4"}
    assert errors["binary.txt"] == "a binary file, not text"
    assert errors["empty.txt"] == "the file is empty: not an article"
    assert errors["menu.html"].startswith("no article text found in the HTML page")
    assert "does not look like English" in errors["french.txt"]
    assert "100,000 words; automatic extraction reads at most 50,000 (KB_MAX_ARTICLE_WORDS)" in errors["huge.txt"]
    assert errors["wire.jsonl:2"].startswith("not JSON")
    assert errors["wire.jsonl:3"].startswith("has no text")
    assert "45th of Octember" in errors["wire.jsonl:4"]
    summary = re.search(r"(\d+) articles, (\d+) loaded, (\d+) failed; (\d+) events, (\d+) actor mentions, (\d+) claims; "
                        r"[\d.]+ articles per second", result.output)
    assert summary is not None
    articles, loaded, failed, events, actors, claims = map(int, summary.groups())
    assert (articles, loaded, failed) == (12, 4, 8)
    assert events >= 4 and actors >= 6 and claims >= 2
    store = tmp_path / "cli-store"
    assert set(_graphs(store)) == {"geneva", "page", "protest", "exercises"}  # what loaded (a line by its url), nothing of the rest
    assert "Meeting" in _event_types(store, "geneva") and "Meeting" in _event_types(store, "page")


def test_a_refused_article_leaves_what_was_stored_before(runner, corpus, tmp_path):
    single = tmp_path / "single"
    single.mkdir()
    article = write_article(single, "geneva", GOOD)
    assert runner.invoke(main, ["load", str(article)]).exit_code == 0
    before = _graphs(tmp_path / "cli-store")
    article.write_text(article.read_text(encoding="utf-8").replace("Date: 2021-03-05", "Date: someday"), encoding="utf-8")
    result = runner.invoke(main, ["load", str(single)])
    assert result.exit_code == 1 and "geneva.txt:3" in _errors(result.output)
    assert "1 articles, 0 loaded, 1 failed" in result.output
    assert _graphs(tmp_path / "cli-store") == before


@pytest.mark.slow
def test_a_corpus_in_worker_processes_gives_the_same_store(runner, corpus, tmp_path, monkeypatch):
    """Both cores, in order, and the same graphs as one process gives."""
    assert runner.invoke(main, ["load", "--workers", "1", str(corpus)]).exit_code == 1
    alone = _graphs(tmp_path / "cli-store")
    monkeypatch.setenv("KB_STORE", str(tmp_path / "parallel"))
    result = runner.invoke(main, ["load", "--workers", "2", str(corpus)])
    assert result.exit_code == 1 and "12 articles, 4 loaded, 8 failed" in result.output
    assert _graphs(tmp_path / "parallel") == alone


def test_plain_text_takes_its_date_from_the_command_line(runner, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Ministers of Armenia and Azerbaijan met in Geneva on Monday.\n", encoding="utf-8")
    assert runner.invoke(main, ["load", "--date", "2021-05-05", str(plain)]).exit_code == 0
    with KnowledgeBase(tmp_path / "cli-store") as kb:
        rows = kb.query("SELECT ?begin WHERE { ?e a ekb:Meeting ; sem:hasBeginTimeStamp ?begin }")
        assert isinstance(rows, Solutions)
        assert [str(row["begin"].value) for row in rows] == ["2021-05-03"]


def test_plain_text_without_a_date_loads_undated(runner, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Ministers of Armenia and Azerbaijan met in Geneva on Monday.\n", encoding="utf-8")
    result = runner.invoke(main, ["load", str(plain)])
    assert result.exit_code == 0, result.output
    assert "datePublished" in result.output  # the shapes warn that the article has no publication date
    with KnowledgeBase(tmp_path / "cli-store") as kb:
        rows = kb.query("SELECT ?e ?begin WHERE { ?e a ekb:Meeting OPTIONAL { ?e sem:hasBeginTimeStamp ?begin } }")
        assert isinstance(rows, Solutions)
        assert [row.get("begin") for row in rows] == [None]  # "on Monday" of an unknown week: never invented


def test_a_saved_page_loads_with_its_own_date(runner, tmp_path):
    page = tmp_path / "talks.html"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(main, ["load", str(page)])
    assert result.exit_code == 0, result.output
    with KnowledgeBase(tmp_path / "cli-store") as kb:
        rows = kb.query("SELECT ?date WHERE { ?a schema:datePublished ?date }")
        assert isinstance(rows, Solutions)
        assert [str(row["date"].value) for row in rows] == ["2021-05-03"]
    assert "Meeting" in _event_types(tmp_path / "cli-store", "talks")


def test_extract_prints_a_draft_that_loads_as_the_curated_annotation(runner, tmp_path):
    article = write_article(tmp_path, "geneva", GOOD)
    printed = runner.invoke(main, ["extract", str(article)])
    assert printed.exit_code == 0 and printed.output.startswith("# Draft annotation of")
    assert runner.invoke(main, ["load", str(article)]).exit_code == 0
    automatic = _event_types(tmp_path / "cli-store", "geneva")
    written = runner.invoke(main, ["extract", str(article), "-o", str(article.with_suffix(".toml"))])
    assert written.exit_code == 0 and article.with_suffix(".toml").read_text(encoding="utf-8") == printed.output
    assert runner.invoke(main, ["load", str(article)]).exit_code == 0  # now with the draft as its sidecar
    assert _event_types(tmp_path / "cli-store", "geneva") == automatic
    with KnowledgeBase(tmp_path / "cli-store") as kb:
        assert kb.query("ASK { ?e ekb:eventStatus ?status ; prov:wasGeneratedBy ?activity . ?activity a ekb:Curation }")
        assert not kb.query("ASK { ?e ekb:eventStatus ?status ; prov:wasGeneratedBy ?activity . ?activity a ekb:Extraction }")


def test_extract_names_what_it_cannot_read(runner, tmp_path):
    french = write_article(tmp_path, "french", "Les ministres se sont rencontrés à Genève lundi et ont signé un accord de paix.\n")
    result = runner.invoke(main, ["extract", str(french)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {french}: ") and "does not look like English" in result.output


def test_extract_drafts_one_article_not_a_corpus(runner, corpus):
    result = runner.invoke(main, ["extract", str(corpus / "wire.jsonl")])
    assert result.exit_code == 1 and "a corpus (a folder or JSON Lines file); kb extract drafts one article" in result.output
