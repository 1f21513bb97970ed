"""Reading TimeML documents and writing them back with our TIMEX3 tags (kb.timeml)."""

import re
import xml.etree.ElementTree as ElementTree
from datetime import date

import pytest

from kb.timeml import Markup, TimeMLError, parse, retag

# A small document written for these tests (no corpus text): an EVENT, a SIGNAL, an entity,
# an existing TIMEX3 to be replaced, an expression that straddles an EVENT's end, a TLINK after TEXT.
DOCUMENT = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>test-0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" temporalFunction="false" functionInDocument="CREATION_TIME">2021-03-05</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t5" type="DATE" value="2021-03-02" temporalFunction="false" functionInDocument="NONE">March 2</TIMEX3>.
Trade &amp; culture <EVENT eid="e2" class="OCCURRENCE">grew</EVENT> over the past three years, and talks will resume next week.
A <EVENT eid="e3" class="OCCURRENCE">war last</EVENT> year lasted 44 days.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>
"""


def test_parse_reads_dct_text_and_gold_timexes():
    document = parse(DOCUMENT)
    assert document.dct == date(2021, 3, 5)
    assert "Trade & culture grew" in document.text and "<" not in document.text
    [gold] = document.timexes
    assert (gold.text, gold.type, gold.value) == ("March 2", "DATE", "2021-03-02")
    assert document.text[gold.start:gold.end] == "March 2"


def test_markup_reads_any_document_for_the_scorer():
    # no date to tag against, yet readable: the DCT as written, the EVENTs, the offsets back to the file
    source = DOCUMENT.replace('value="2021-03-05"', 'value="sometime"')
    markup = Markup.from_source(source, "doc.tml")
    assert (markup.dct_value, markup.dct_tid) == ("sometime", "t0")
    assert [event.text for event in markup.events] == ["met", "grew", "war last"]
    assert source[markup.offsets[markup.text.index("culture")]:].startswith("culture")
    with pytest.raises(TimeMLError, match="not a date"):
        parse(source, "doc.tml")


def test_only_xml_entities_are_decoded():
    markup = Markup.from_source("<TimeML><TEXT>1990&#150;91 &amp; &#x41; &nbsp;</TEXT></TimeML>")
    assert markup.text == "1990\x9691 & A &nbsp;"  # TimeML is XML: &#150; is U+0096, &nbsp; is no entity


def test_retag_replaces_timex3_and_keeps_every_other_byte():
    tagged, expressions = retag(DOCUMENT)
    ElementTree.fromstring(tagged.encode())  # well-formed
    strip = lambda source: re.sub(r"</?TIMEX3\b[^>]*>", "", source[source.index("<TEXT>"):])  # noqa: E731
    assert strip(tagged) == strip(DOCUMENT)
    assert tagged[:tagged.index("<TEXT>")] == DOCUMENT[:DOCUMENT.index("<TEXT>")]
    assert tagged.endswith('</TEXT>\n<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>\n</TimeML>\n')
    assert 'tid="t5"' not in tagged and 'functionInDocument="NONE"' not in tagged
    assert '<SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t1" type="DATE" value="2021-03-02">March 2</TIMEX3>.' in tagged
    assert '<TIMEX3 tid="t2" type="DURATION" value="P3Y">the past three years</TIMEX3>' in tagged
    assert '<TIMEX3 tid="t3" type="DATE" value="2021-W10">next week</TIMEX3>' in tagged
    assert '<TIMEX3 tid="t4" type="DURATION" value="P44D">44 days</TIMEX3>' in tagged
    # "last year" straddles the end of an EVENT: tagging it would cross the element, so it is left out
    assert "war last</EVENT> year lasted" in tagged
    assert [expression.value for expression in expressions] == ["2021-03-02", "P3Y", "2021-W10", "P44D"]
    # the output reads back with the same expressions at the same places
    assert [(t.start, t.end, t.value) for t in parse(tagged).timexes] == [(e.start, e.end, e.value) for e in expressions]


@pytest.mark.parametrize("source, message", [
    ("just some text", "not a TimeML document"),
    ("<TimeML><DOCID>x</DOCID></TimeML>", "no <TEXT> element"),
    ("<TimeML><TEXT>March 2</TEXT></TimeML>", "no TIMEX3 with functionInDocument"),
    ('<TimeML><DCT><TIMEX3 tid="t0" value="March 5" functionInDocument="CREATION_TIME"/></DCT><TEXT>x</TEXT></TimeML>',
     "the creation time 'March 5' is not a date"),
])
def test_errors_are_clear(source, message):
    with pytest.raises(TimeMLError, match=re.escape(message)):
        parse(source, "doc.tml")
