"""Whatever text comes in, the extraction either refuses it by name or produces data the shapes
accept, every evidence quote at its offsets, and a draft that reads back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.annotations import parse_sidecar
from kb.article import parse_article
from kb.extract import ExtractionError, extract
from kb.extract.draft import draft_sidecar
from kb.rdf import article_graph
from kb.shapes import validate

# News-like pieces: names the gazetteer and the entity recogniser know, triggers, reporting verbs,
# time expressions, and the typography of real articles (curly quotes, dashes, no-break spaces).
SUBJECTS = ["Turkey", "Azerbaijani Minister of Culture Anar Karimov", "President Joe Biden", "the UN Security Council",
            "protesters", "Armenia's prime minister", "NATO", "Russian President Vladimir Putin", "over 100 U.S. politicians",
            "Karimov", "the two presidents", "police", "the government", "Ilham Aliyev", "a spokesman", "the OSCE Minsk Group"]
VERBS = ["signed a protocol with", "met", "accused", "condemned", "visited", "refused to meet", "will visit", "attacked",
         "may sanction", "said it would support", "stormed", "called on", "did not sign an agreement with", "arrested",
         "held talks with", "resigned after meeting", "adopted a resolution on", "threatened"]
OBJECTS = ["Azerbaijan", "Armenia", "Nagorno-Karabakh", "the ministry in Baku", "Ankara", "the European Union",
           "the rebels", "Yerevan", "the ceasefire", "journalists", "the protesters"]
TIMES = ["", " on Tuesday", " on March 2", " last November", " in 1993", " on 30 April", " next week", " in the 1990s",
         " decades ago", " for 44 days", " yesterday", " on Nov. 10, 2020", " two years later", " this year"]
TAILS = [".", ", officials said.", ", according to the ministry.", ".\u201d", " \u2014 a first.", "!", "?", "..."]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def sentences(draw) -> str:
    sentence = draw(st.sampled_from(SUBJECTS)) + " " + draw(st.sampled_from(VERBS)) + " " + draw(st.sampled_from(OBJECTS))
    sentence += draw(st.sampled_from(TIMES)) + draw(st.sampled_from(TAILS))
    if draw(st.booleans()):
        sentence = "\u201c" + sentence.rstrip(".") + ",\u201d " + draw(st.sampled_from(SUBJECTS)) + " said."
    if draw(st.integers(0, 4)) == 0:
        sentence = sentence.replace(" ", "\u00a0", 1) + draw(NOISE)
    return sentence[0].upper() + sentence[1:]


@st.composite
def bodies(draw) -> str:
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=4))
    body = "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)
    if draw(st.booleans()):
        body = draw(st.sampled_from(["BAKU, March 5 (Reuters) - ", "YEREVAN \u2014 ", ""])) + body
    return body + "\n"


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies(), dated=st.booleans())
def test_random_news_text_gives_data_the_shapes_accept(body, dated):
    header = "Title: A generated article\nDate: 2021-03-05\n\n" if dated else ""  # plain text has no date
    document = parse_article(header + body, path="generated.txt")
    try:
        records = extract(document)
    except ExtractionError as refused:
        assert str(refused).startswith("generated.txt: ")
        return
    text = document.text
    for item in (*records.actors, *records.places, *records.events, *records.claims):
        for evidence in item.evidence:
            assert text[evidence.start:evidence.end] == evidence.exact
    for mention in records.times:
        assert text[mention.evidence.start:mention.evidence.end] == mention.evidence.exact
    _, graph = article_graph(records)
    report = validate(graph)
    assert report.conforms, [str(problem) for problem in report.problems]
    curated = parse_sidecar(draft_sidecar(records), document, "draft.toml")
    assert [event.type for event in curated.events] == [event.type for event in records.events]
