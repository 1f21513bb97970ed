"""The formats articles come in: plain text, the header and byline layouts, saved HTML pages,
JSON Lines corpora and folders of them, each bad article one clear error naming its file (and line)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kb.article import ArticleError, Document, document_from_parts, parse_article, read_article
from kb.inputs import ARTICLE_SUFFIXES, article_files, count_articles, read_documents, read_html, read_jsonl
from kb.rdf import article_graph
from kb.records import Records
from kb.resources import seed_articles
from kb.shapes import validate

SCHEMA_DATE = URIRef("http://schema.org/datePublished")
DATE_PATH = f"<{SCHEMA_DATE}>"  # as a shapes report shows it


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation, so offsets can be checked against the file
    return path


def _sentences(doc: Document) -> list[str]:
    return [doc.text[s.start:s.end] for s in doc.sentences]


def _assert_offsets_exact(doc: Document, path: Path | None = None) -> None:
    """Every sentence is a piece of the text as stored (and, for a file, as the file says)."""
    if path is not None:
        assert doc.text.encode("utf-8") == path.read_bytes()
    for span in [*doc.sentences, *doc.paragraphs, doc.body]:
        assert 0 <= span.start <= span.end <= len(doc.text)
    for sentence in _sentences(doc):
        assert sentence and sentence == sentence.strip() and sentence in doc.text


def _only(results: list[tuple[str, Document | ArticleError]]) -> Document | ArticleError:
    assert len(results) == 1, results
    return results[0][1]


# --- plain text ---------------------------------------------------------------------------

PLAIN = ("Ceasefire holds in Nagorno-Karabakh\r\n\r\n"
         "The ceasefire brokered by Russia held for a second day, officials said on Thursday.  Peacekeepers began to deploy.\r\n"
         "\r\n"
         "Protesters gathered in Yerevan last Friday! They demanded the prime minister's resignation.\r\n")


def test_plain_text_with_a_headline_line(tmp_path):
    path = _write(tmp_path / "ceasefire.txt", PLAIN)
    doc = read_article(path)
    assert (doc.headline, doc.author, doc.published, doc.slug) == ("Ceasefire holds in Nagorno-Karabakh", None, None, "ceasefire")
    assert doc.text[doc.body.start:].startswith("The ceasefire brokered")
    assert _sentences(doc) == [
        "The ceasefire brokered by Russia held for a second day, officials said on Thursday.",
        "Peacekeepers began to deploy.",
        "Protesters gathered in Yerevan last Friday!",
        "They demanded the prime minister's resignation.",
    ]
    _assert_offsets_exact(doc, path)


def test_plain_text_with_its_date_from_the_command_line(tmp_path):
    path = _write(tmp_path / "ceasefire.txt", PLAIN)
    doc = read_article(path, published=date(2020, 11, 12))
    assert doc.published == date(2020, 11, 12) and doc.headline == "Ceasefire holds in Nagorno-Karabakh"
    _assert_offsets_exact(doc, path)


@pytest.mark.parametrize("first_line, headline", [
    ("Officials met in Baku.", "Officials met in Baku."),  # short, but a sentence
    ("Why did they meet?", "Why did they meet?"),
    ("Officials of Turkey and Azerbaijan met in Baku on Tuesday to sign a protocol on culture and the arts, officials said",
     "Officials of Turkey and Azerbaijan met in Baku on Tuesday to sign a protocol on culture and the arts, officials said"),  # 21 words
])
def test_plain_text_whose_first_line_is_no_headline(tmp_path, first_line, headline):
    text = f"\n  {first_line}\n\nThe talks lasted two days. Armenia protested.\n"
    doc = parse_article(text, path=tmp_path / "talks.txt")
    assert doc.headline == headline and doc.published is None and doc.author is None
    assert doc.body.start == 0 and doc.body.end == len(text) and doc.text == text  # the body is the whole text
    headings = [section.heading for section in doc.sections]  # a short question line reads as a section heading
    assert _sentences(doc) == [first_line] * (first_line not in headings) + ["The talks lasted two days.", "Armenia protested."]
    _assert_offsets_exact(doc)


def test_a_long_first_sentence_is_cut_between_words(tmp_path):
    sentence = ("The foreign ministers of Turkey and Azerbaijan, meeting in Baku for the second time this year, "
                "signed a protocol on cultural cooperation that covers film, music, theatre and the restoration of monuments.")
    text = sentence + " Armenia protested.\n"
    doc = parse_article(text, path=tmp_path / "long.txt")
    assert len(doc.headline) <= 120 and sentence.startswith(doc.headline)
    assert sentence[len(doc.headline)] == " "  # cut at a word boundary
    assert doc.body.start == 0 and _sentences(doc) == [sentence, "Armenia protested."]


def test_one_line_of_text_is_an_article(tmp_path):
    doc = parse_article("just one line of text\n", path=tmp_path / "note.txt")
    assert doc.headline == "just one line of text" and _sentences(doc) == ["just one line of text"]


def test_a_headline_then_a_line_not_by_an_author_is_plain_text(tmp_path):
    text = "Headline\n\nWritten by nobody\n\nMarch 5, 2021\n\nBody.\n"
    doc = parse_article(text, path=tmp_path / "x.txt")
    assert (doc.headline, doc.author, doc.published) == ("Headline", None, None)
    assert doc.text[doc.body.start:].startswith("Written by nobody")


# --- the header and byline layouts ------------------------------------------------------------

def test_the_seed_article_is_read_as_before():
    (seed,) = seed_articles()
    doc = read_article(seed, published=date(1999, 1, 1))  # the article's own date wins
    assert (doc.headline, doc.author, doc.published) == (
        "Media buzzing over Turkey-Azerbaijan culture collaboration", "Amber Coakley", date(2021, 3, 5))
    assert doc.image_credit and doc.sections
    _assert_offsets_exact(doc, seed)


def test_the_headers_date_wins_over_the_command_line(tmp_path):
    path = _write(tmp_path / "mine.txt", "Title: Protests in Yerevan\nAuthor: Ana Müller\nDate: 2021-02-25\n\nCrowds gathered on Thursday.\r\n")
    doc = read_article(path, published=date(2020, 1, 1))
    assert (doc.headline, doc.author, doc.published) == ("Protests in Yerevan", "Ana Müller", date(2021, 2, 25))
    assert _sentences(doc) == ["Crowds gathered on Thursday."]
    _assert_offsets_exact(doc, path)


def test_a_header_without_date_takes_the_command_lines_or_is_refused(tmp_path):
    path = _write(tmp_path / "mine.txt", "Title: Protests in Yerevan\n\nCrowds gathered on Thursday.\n")
    assert read_article(path, published=date(2021, 2, 26)).published == date(2021, 2, 26)
    with pytest.raises(ArticleError, match=r"mine\.txt:1: the header has no Date: line"):
        read_article(path)


@pytest.mark.parametrize("text, line, fragment", [
    ("Headline\n\nBy Someone\n\nOctember 45, 2021\n\nBody.\n", 5, "cannot read the publication date"),
    ("Headline\n\nBy Someone\n\nthe 45th of Octember\n\nBody.\n", 5, "no year"),
    ("Headline\nBy Someone\nMarch 5, 2021\n", None, "not an article"),
    ("Title: x\nDate: 2021-03-05\nColour: red\n\nBody\n", 3, "unknown header field"),
])
def test_layout_errors_are_unchanged(tmp_path, text, line, fragment):
    path = _write(tmp_path / "bad.txt", text)
    with pytest.raises(ArticleError) as caught:
        read_article(path, published=date(2021, 3, 5))
    assert caught.value.line == line and fragment in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: " if line else f"{path}: ")


# --- files that are no text ------------------------------------------------------------------

@pytest.mark.parametrize("name, data, problem", [
    ("binary.txt", b"Title: x\nDate: 2021-03-05\n\n\x00\x01\x02 body\n", "a binary file, not text"),
    ("utf16.txt", "Headline\n\nSome text.\n".encode("utf-16"), "a binary file, not text"),
    ("latin1.txt", "Title: café\nDate: 2021-03-05\n\nTexte é\n".encode("latin-1"), "not UTF-8 text"),
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b" \n\n\t\n", "the file is empty"),
])
def test_files_that_are_no_text_are_refused(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert str(caught.value).startswith(f"{path}: ") and problem in str(caught.value)
    (entry,) = read_documents(path)  # the one entry point yields the error rather than raising it
    assert entry == (name, entry[1]) and isinstance(entry[1], ArticleError) and problem in str(entry[1])


# --- texts whose metadata comes apart ---------------------------------------------------------

def test_document_from_parts():
    text = "Talks\n\nOfficials met in Baku. They signed a protocol.\n"
    doc = document_from_parts(text, headline=" Talks  in Baku ", published=None, author="Ana Müller",
                              source="https://example.org/a", slug="talks", path="corpus.jsonl:3")
    assert (doc.headline, doc.author, doc.source, doc.slug, doc.path) == ("Talks in Baku", "Ana Müller", "https://example.org/a", "talks", "corpus.jsonl:3")
    assert doc.body.start == 0 and doc.body.end == len(text) and doc.text == text
    assert _sentences(doc) == ["Officials met in Baku.", "They signed a protocol."]
    assert [s.heading for s in doc.sections] == ["Talks"]


# --- HTML ----------------------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ceasefire holds in Nagorno-Karabakh | The Example Times</title>
<meta property="og:title" content="Ceasefire holds in Nagorno-Karabakh">
<meta name="author" content="Ana Müller">
<meta property="article:published_time" content="2020-11-12T08:30:00Z">
<link rel="canonical" href="https://news.example.org/world/ceasefire-holds.html">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/subscribe">Subscribe now</a></li></ul></nav></header>
<main>
<article>
<h1>Ceasefire holds in Nagorno-Karabakh</h1>
<p class="byline">By <span class="author">Ana Müller</span>, <time datetime="2020-11-12">November 12, 2020</time></p>
<p>The ceasefire brokered by Russia on Tuesday held for a second day, officials in Baku and Yerevan said on Thursday.</p>
<p>Russian peacekeepers began to deploy along the line of contact on Wednesday, the defence ministry in Moscow said.
About 2,000 troops are to be stationed in the region for five years.</p>
<h2>Protests in Yerevan</h2>
<p>In Yerevan, protesters gathered outside the parliament for a second night, demanding the resignation of Prime Minister
Nikol Pashinyan, who signed the agreement.</p>
<p>The fighting, which began on September 27, lasted 44 days and killed thousands of soldiers and civilians.</p>
</article>
</main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li>
<li><a href="/b">Weather: rain expected this weekend</a></li></ul></aside>
<footer><p>© 2020 The Example Times. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookies</a> · <a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""

NO_ARTICLE_PAGE = """<!DOCTYPE html><html><head><title>The Example Times</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><div class="promo"><a href="/subscribe">Subscribe now</a></div></main>
<footer><p>© 2020 The Example Times. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""


def test_a_saved_news_page(tmp_path):
    path = _write(tmp_path / "ceasefire-page.html", NEWS_PAGE)
    doc = read_html(path, published=date(1999, 1, 1))  # the page's own date wins
    assert (doc.headline, doc.author, doc.published) == ("Ceasefire holds in Nagorno-Karabakh", "Ana Müller", date(2020, 11, 12))
    assert doc.source == "https://news.example.org/world/ceasefire-holds.html" and doc.slug == "ceasefire-page"
    for boilerplate in ("Home", "Subscribe now", "Most read", "Celebrity chef", "Privacy policy", "All rights reserved"):
        assert boilerplate not in doc.text
    sentences = _sentences(doc)
    assert "The ceasefire brokered by Russia on Tuesday held for a second day, officials in Baku and Yerevan said on Thursday." in sentences
    assert "The fighting, which began on September 27, lasted 44 days and killed thousands of soldiers and civilians." in sentences
    assert "Protests in Yerevan" in [s.heading for s in doc.sections]
    assert doc.body.start == 0 and doc.body.end == len(doc.text)
    _assert_offsets_exact(doc)


def test_a_news_page_without_date_or_title(tmp_path):
    page = NEWS_PAGE.replace('<meta property="article:published_time" content="2020-11-12T08:30:00Z">', "")
    page = page.replace('<time datetime="2020-11-12">November 12, 2020</time>', "").replace("<title>Ceasefire holds in Nagorno-Karabakh | The Example Times</title>", "")
    page = page.replace('<meta property="og:title" content="Ceasefire holds in Nagorno-Karabakh">', "").replace("<h1>Ceasefire holds in Nagorno-Karabakh</h1>", "")
    path = _write(tmp_path / "undated.html", page)
    assert read_html(path).published is None
    doc = read_html(path, published=date(2020, 11, 12))
    assert doc.published == date(2020, 11, 12)
    assert doc.headline and doc.headline in doc.text  # the text's first line, or its first sentence
    assert len(doc.headline) <= 120


@pytest.mark.parametrize("data, problem", [
    (NO_ARTICLE_PAGE.encode(), "no article text found in the HTML page"),
    (b"", "the file is empty"),
    (b"this is plain text saved with the wrong suffix, not a web page.\n", "not an HTML page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a binary file, not text"),
])
def test_html_that_holds_no_article(tmp_path, data, problem):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as caught:
        read_html(path)
    assert str(caught.value) == f"{path}: {caught.value.problem}" and problem in caught.value.problem
    assert isinstance(_only(list(read_documents(path))), ArticleError)


# --- JSON Lines -----------------------------------------------------------------------------------

def _jsonl(tmp_path: Path, *lines: object) -> Path:
    rows = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    return _write(tmp_path / "corpus.jsonl", "\n".join(rows) + "\n")


def test_a_json_lines_corpus(tmp_path):
    path = _jsonl(
        tmp_path,
        {"text": "Officials of Turkey met on March 2.\nThey signed a protocol.", "title": "Talks in Baku",
         "author": "Ana Müller", "date": "March 5, 2021", "url": "https://example.org/news/talks-in-baku.html"},
        "",
        "not json at all",
        "[1, 2, 3]",
        {"title": "No text here", "text": "   "},
        {"text": "An undated story.", "date": "the 45th of Octember 2021"},
        "   ",
        {"text": "Protests continued last Friday. Police watched.", "date": "2021-02-26T18:30:00+04:00"},
        {"text": "A record without date\n\nwhose first line is its title."},
    )
    results = list(read_jsonl(path, published=date(2021, 3, 1)))
    assert count_articles(path) == len(results) == 7
    assert [name for name, _ in results] == [f"corpus.jsonl:{n}" for n in (1, 3, 4, 5, 6, 8, 9)]  # blank lines skipped
    good = {name: result for name, result in results if isinstance(result, Document)}
    errors = {name: str(result) for name, result in results if isinstance(result, ArticleError)}
    assert errors == {
        "corpus.jsonl:3": f"{path}:3: not JSON: Expecting value (column 1)",
        "corpus.jsonl:4": f"{path}:4: not a JSON object (found list)",
        "corpus.jsonl:5": f'{path}:5: has no text: a record needs a non-empty "text"',
        "corpus.jsonl:6": errors["corpus.jsonl:6"],
    }
    assert errors["corpus.jsonl:6"].startswith(f"{path}:6: cannot read the date 'the 45th of Octember 2021'")
    first = good["corpus.jsonl:1"]
    assert (first.headline, first.author, first.published, first.source, first.slug) == (
        "Talks in Baku", "Ana Müller", date(2021, 3, 5), "https://example.org/news/talks-in-baku.html", "talks-in-baku")
    assert first.text == "Officials of Turkey met on March 2.\nThey signed a protocol." and first.body.start == 0
    assert _sentences(first) == ["Officials of Turkey met on March 2.", "They signed a protocol."]
    assert good["corpus.jsonl:8"].published == date(2021, 2, 26)
    assert good["corpus.jsonl:8"].headline == "Protests continued last Friday."
    last = good["corpus.jsonl:9"]
    assert (last.headline, last.published, last.author, last.source) == ("A record without date", date(2021, 3, 1), None, None)
    for doc in good.values():
        _assert_offsets_exact(doc)


def test_json_lines_without_a_date_anywhere(tmp_path):
    path = _jsonl(tmp_path, {"text": "Officials met."})
    doc = _only(list(read_jsonl(path)))
    assert isinstance(doc, Document) and doc.published is None


def test_json_lines_slugs(tmp_path):
    path = _jsonl(
        tmp_path,
        {"text": "One.", "url": "https://example.org/2021/03/Talks%20in%20Baku.html?page=2"},
        {"text": "Two.", "url": "https://example.org/other/talks-in-baku/"},
        {"text": "Three.", "title": "Talks in Baku"},
        {"text": "Four.", "url": "https://example.org/", "title": "Protests in Yerevan"},
        {"text": "Five."},
        {"text": "Six.", "title": "Protests in Yerevan"},
    )
    slugs = [result.slug for _, result in read_jsonl(path) if isinstance(result, Document)]
    assert slugs == ["talks-in-baku", "talks-in-baku-2", "talks-in-baku-3", "protests-in-yerevan", "corpus-5", "protests-in-yerevan-2"]


def test_json_lines_keep_texts_with_unusual_line_breaks(tmp_path):
    text = "First part\u2028second part. Another sentence."
    path = _jsonl(tmp_path, {"text": text, "title": "Odd"}, {"text": "Next."})
    results = list(read_jsonl(path))
    assert [name for name, _ in results] == ["corpus.jsonl:1", "corpus.jsonl:2"]
    doc = results[0][1]
    assert isinstance(doc, Document) and doc.text == text


@pytest.mark.parametrize("record, problem", [
    ({"text": 42}, 'has no text: "text" must be a string'),
    ({"title": "No text"}, "has no text"),
    ({"text": "x", "title": ["a"]}, '"title" must be a string'),
    ({"text": "x", "date": "March 5"}, "cannot read the date 'March 5': it has no year"),
    ({"text": "x", "date": 20210305}, "cannot read the date 20210305"),
])
def test_bad_json_lines_records(tmp_path, record, problem):
    path = _jsonl(tmp_path, {"text": "Fine."}, record)
    (_, first), (name, error) = read_jsonl(path)
    assert isinstance(first, Document) and name == "corpus.jsonl:2"
    assert isinstance(error, ArticleError) and error.line == 2 and str(error).startswith(f"{path}:2: ") and problem in str(error)


def test_a_json_lines_file_that_is_not_text(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n')
    (name, error), = read_jsonl(path)
    assert name == "corpus.jsonl" and isinstance(error, ArticleError) and str(error).startswith(f"{path}: not UTF-8 text")


# --- folders ----------------------------------------------------------------------------------------

def test_a_folder_of_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder / "b-plain.txt", PLAIN)
    _write(folder / "b-plain.toml", "[actors.x]\n")  # a sidecar
    _write(folder / "a-page.html", NEWS_PAGE)
    _write(folder / "c-corpus.jsonl", json.dumps({"text": "One."}) + "\n" + "oops\n")
    _write(folder / "d-header.text", "Title: T\nDate: 2021-03-05\n\nBody text.\n")
    (folder / "0-binary.txt").write_bytes(b"\x00\x01")
    _write(folder / ".hidden.txt", "Hidden\n\nNot an article of ours.\n")
    _write(folder / "notes.md", "# notes\n")
    (folder / "sub").mkdir()
    _write(folder / "sub" / "deeper.txt", "Deeper\n\nNot read.\n")
    assert [p.name for p in article_files(folder)] == ["0-binary.txt", "a-page.html", "b-plain.txt", "c-corpus.jsonl", "d-header.text"]
    results = list(read_documents(folder, published=date(2021, 3, 4)))
    assert count_articles(folder) == len(results) == 6
    assert [name for name, _ in results] == ["0-binary.txt", "a-page.html", "b-plain.txt", "c-corpus.jsonl:1", "c-corpus.jsonl:2", "d-header.text"]
    kinds = [type(result).__name__ for _, result in results]
    assert kinds == ["ArticleError", "Document", "Document", "Document", "ArticleError", "Document"]
    docs = {name: result for name, result in results if isinstance(result, Document)}
    assert docs["b-plain.txt"].published == date(2021, 3, 4) and docs["a-page.html"].published == date(2020, 11, 12)
    assert docs["d-header.text"].published == date(2021, 3, 5)
    assert str(results[0][1]) == f"{folder / '0-binary.txt'}: a binary file, not text"
    assert str(results[4][1]).startswith(f"{folder / 'c-corpus.jsonl'}:2: not JSON")


def test_one_entry_point_for_each_kind_of_path(tmp_path):
    assert set(ARTICLE_SUFFIXES.values()) == {"text", "html", "jsonl"}
    missing = _only(list(read_documents(tmp_path / "nowhere.txt")))
    assert isinstance(missing, ArticleError) and str(missing) == f"{tmp_path / 'nowhere.txt'}: no such file or folder"
    other = _only(list(read_documents(_write(tmp_path / "notes.md", "# notes\n"))))
    assert isinstance(other, ArticleError) and str(other).startswith(f"{tmp_path / 'notes.md'}: not an article file")
    (tmp_path / "empty").mkdir()
    assert list(read_documents(tmp_path / "empty")) == [] and count_articles(tmp_path / "empty") == 0
    assert count_articles(tmp_path / "nowhere.txt") == count_articles(tmp_path / "notes.md") == 1


# --- the article graph and the shapes ------------------------------------------------------------

def test_an_undated_article_conforms_with_a_warning(tmp_path):
    doc = read_article(_write(tmp_path / "ceasefire.txt", PLAIN))
    _, graph = article_graph(Records(document=doc))
    assert not list(graph.triples((None, SCHEMA_DATE, None)))
    report = validate(graph)
    assert report.conforms, report.text()
    assert [p.severity for p in report.problems if p.path == DATE_PATH] == ["Warning"]
    message = next(p.message for p in report.problems if p.path == DATE_PATH)
    assert "no publication date" in message and "last Friday" in message


def test_the_publication_date_is_still_checked(tmp_path):
    doc = read_article(_write(tmp_path / "ceasefire.txt", PLAIN), published=date(2020, 11, 12))
    _, graph = article_graph(Records(document=doc))
    (subject,) = set(graph.subjects(SCHEMA_DATE, None))
    assert graph.value(subject, SCHEMA_DATE) == Literal(date(2020, 11, 12))
    assert not [p for p in validate(graph).problems if p.path == DATE_PATH]
    two_dates = Graph() + graph
    two_dates.add((subject, SCHEMA_DATE, Literal(date(2020, 11, 13))))
    assert any(p.severity == "Violation" and p.path == DATE_PATH for p in validate(two_dates).problems)
    not_a_date = Graph() + graph
    not_a_date.remove((subject, SCHEMA_DATE, None))
    not_a_date.add((subject, SCHEMA_DATE, Literal("last Friday")))
    assert any(p.severity == "Violation" and p.path == DATE_PATH for p in validate(not_a_date).problems)
