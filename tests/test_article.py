from datetime import date

import pytest

from kb.article import ArticleError, parse_article, read_article


def test_seed_layout_metadata(seed_path):
    doc = read_article(seed_path)
    assert doc.slug == "2021-03-05-turkey-azerbaijan"
    assert doc.headline == "Media buzzing over Turkey-Azerbaijan culture collaboration"
    assert doc.author == "Amber Coakley"
    assert doc.published == date(2021, 3, 5)
    assert doc.image_caption == "Above image, the Azerbaijani and Turkish flags fly together."
    assert doc.image_credit == "“Azeri and Turkish flags” by Francisco Anzola is licensed under CC BY 2.0"


def test_text_is_the_file_exactly(seed_path):
    doc = read_article(seed_path)
    assert doc.text.encode("utf-8") == seed_path.read_bytes()
    assert doc.text.startswith("Media buzzing") and doc.text.endswith("cultural alliance.")


def test_sections_and_sentences(seed_path):
    doc = read_article(seed_path)
    assert [s.heading for s in doc.sections] == [
        "Regional controversy", "Controversy in the Western World",
        "Views in the international community", "What’s next for Azerbaijan-Turkey?",
    ]
    sentences = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sentences[0] == "Turkey and Azerbaijan have deepened their cultural relations, to the chagrin of the Armenian community."
    assert "On March 4, The Economist reported that, despite the demands made by the public, Pashinyan continues to refuse to resign." in sentences
    assert sentences[-1].endswith("cultural alliance.")
    assert all(not s.startswith(" ") for s in sentences)
    start = doc.text.index("On March 4")
    around = doc.sentence_around(start + 3, start + 10)
    assert doc.text[around.start:around.end].startswith("On March 4") and doc.text[around.start:around.end].endswith("resign.")


def test_header_format(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("Title: Protests in Yerevan\nAuthor: Ana Müller\nDate: 2021-02-25\nSource: https://example.org/a\n\nCrowds gathered on Thursday.\r\n", encoding="utf-8")
    doc = read_article(path)
    assert (doc.headline, doc.author, doc.published, doc.source) == ("Protests in Yerevan", "Ana Müller", date(2021, 2, 25), "https://example.org/a")
    assert doc.text[doc.body.start:].startswith("Crowds gathered") and doc.text.endswith("\r\n")


@pytest.mark.parametrize("text, line, fragment", [
    ("", None, "empty"),
    # plain text ("just one line of text", a headline without a 'By' line) is read now: tests/test_inputs.py
    ("Headline\nBy Someone\nMarch 5, 2021\n", None, "not an article"),
    ("Headline\n\nBy Someone\n\nthe 45th of Octember\n\nBody.\n", 5, "no year"),
    ("Headline\n\nBy Someone\n\nOctember 45, 2021\n\nBody.\n", 5, "cannot read the publication date"),
    ("Title: x\nDate: soon 2021-13-45\n\nBody\n", 2, "cannot read the publication date"),
    ("Title: x\nAuthor: y\n\nBody\n", 1, "no Date"),
    ("Title: x\nDate: 2021-03-05\nColour: red\n\nBody\n", 3, "unknown header field"),
])
def test_bad_articles_say_what_and_where(text, line, fragment):
    with pytest.raises(ArticleError) as caught:
        parse_article(text, path="bad.txt")
    assert caught.value.line == line
    assert fragment in str(caught.value) and str(caught.value).startswith("bad.txt")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title: café\nDate: 2021-03-05\n\nTexte é\n".encode("latin-1"))
    with pytest.raises(ArticleError, match="not UTF-8"):
        read_article(path)
