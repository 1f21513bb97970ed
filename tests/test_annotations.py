"""The sidecar loader: quotes become offsets, dates are normalised, mistakes are refused with file and line."""

from datetime import date

import pytest

from kb.annotations import AnnotationError, parse_sidecar
from kb.article import parse_article

ARTICLE = parse_article(
    "Title: Talks in Baku\nAuthor: Ana Müller\nDate: 2021-03-05\n\n"
    "Officials of Turkey and Azerbaijan met on March 2. The ceasefire of November ended a 44-day war. "
    "Turkey said it would open a centre in November. The ceasefire of November was fragile.\n",
    path="talks.txt",
)
GOOD = """\
[actors.turkey]
label = "Turkey"
type = "country"
wikidata = "Q43"

[actors.azerbaijan]
label = "Azerbaijan"
type = "country"

[events.meeting]
label = "Officials meet"
type = "talks"
date = "on March 2"
actors = { participant = ["turkey", "azerbaijan"] }
evidence = "Officials of Turkey and Azerbaijan met on March 2."

[events.ceasefire]
label = "Ceasefire"
type = "ceasefire"
date = "November"
ends = "war"
evidence = "The ceasefire of November ended a 44-day war."

[events.war]
label = "War"
type = "armed-conflict"
date = { text = "a 44-day war", duration = "P44D", ends-with = "ceasefire" }
actors = { party = ["azerbaijan"] }
place = "azerbaijan"

[events.centre]
label = "A centre opens"
type = "planned-initiative"
status = "planned"
date = "in November"
evidence = "Turkey said it would open a centre in November."

[claims.centre-promise]
label = "Turkey promises a centre"
by = ["turkey"]
about = ["centre", "azerbaijan"]
evidence = "Turkey said it would open a centre"
"""


def test_good_sidecar_resolves_quotes_and_dates():
    records = parse_sidecar(GOOD, ARTICLE, "talks.toml")
    events = {e.key: e for e in records.events}
    meeting = events["meeting"]
    (evidence,) = meeting.evidence
    assert ARTICLE.text[evidence.start:evidence.end] == evidence.exact
    assert meeting.time.value == "2021-03-02" and meeting.roles == {"participant": ["turkey", "azerbaijan"]}
    assert events["ceasefire"].time.value == "2020-11"
    assert events["ceasefire"].relations == [("ends", "war")]
    war = events["war"].time
    assert (war.earliest_end, war.latest_end) == (date(2020, 11, 1), date(2020, 11, 30))
    assert events["centre"].time.value == "2021-11", "a planned event looks forward"
    assert records.claims[0].by == ["turkey"] and records.actors[0].wikidata == "Q43"


def _error(sidecar: str) -> AnnotationError:
    with pytest.raises(AnnotationError) as caught:
        parse_sidecar(sidecar, ARTICLE, "talks.toml")
    return caught.value


def _line_of(sidecar: str, needle: str) -> int:
    return next(i for i, line in enumerate(sidecar.splitlines(), 1) if needle in line)


def test_quote_not_in_text():
    sidecar = GOOD.replace('evidence = "Turkey said it would open a centre in November."', 'evidence = "Turkey said it would close a centre."')
    error = _error(sidecar)
    assert "not in the article" in error.problem and error.line == _line_of(sidecar, "close a centre")
    assert str(error).startswith(f"talks.toml:{error.line}:")


def test_quote_with_straight_apostrophes_gets_a_hint():
    article = parse_article("Title: t\nDate: 2021-03-05\n\nThe minister’s words.\n", path="a.txt")
    with pytest.raises(AnnotationError, match="character for character"):
        parse_sidecar('[events.e]\nlabel = "x"\ntype = "statement"\nundated = true\nevidence = "The minister\'s words."\n', article, "a.toml")


def test_ambiguous_quote():
    sidecar = GOOD.replace('evidence = "The ceasefire of November ended a 44-day war."', 'evidence = "The ceasefire of November"')
    error = _error(sidecar)
    assert "ambiguous" in error.problem and error.line == _line_of(sidecar, 'evidence = "The ceasefire of November"')


def test_repeated_words_are_told_apart_by_occurrence():
    article = parse_article("Title: t\nDate: 2021-03-05\n\nTurkey signed it. Turkey signed it. Turkey signed it.\n", path="a.txt")
    event = '[events.e]\nlabel = "x"\ntype = "agreement-signing"\nundated = true\nevidence = '
    (second,) = parse_sidecar(event + '[{ quote = "Turkey signed it.", occurrence = 2 }]\n', article, "a.toml").events[0].evidence
    assert (second.start, second.exact) == (article.text.index("Turkey") + 18, "Turkey signed it.")
    with pytest.raises(AnnotationError, match=r"occurs 3 times, not 4"):
        parse_sidecar(event + '{ quote = "Turkey signed it.", occurrence = 4 }\n', article, "a.toml")
    for bad in ('{ quote = "Turkey", occurrence = 0 }', '{ quote = "Turkey" }', '{ quote = "Turkey", occurrence = "2" }'):
        with pytest.raises(AnnotationError, match=r"occurrence = N"):
            parse_sidecar(event + bad + "\n", article, "a.toml")


def test_toml_syntax_error_has_a_line():
    error = _error(GOOD.replace('label = "War"', 'label = "War'))
    assert "TOML syntax error" in error.problem and error.line == _line_of(GOOD, 'label = "War"')


@pytest.mark.parametrize("old, new, fragment, needle", [
    ('type = "talks"', 'type = "summit-of-doom"', "type 'summit-of-doom' is not one of", 'type = "summit-of-doom"'),
    ('date = "on March 2"', 'date = "the 45th of Octember"', "cannot read a date", "Octember"),
    ('date = "on March 2"', 'date = "February 30"', "not a calendar date", "February 30"),
    ('participant = ["turkey", "azerbaijan"]', 'participant = ["turkey", "armenia"]', "'armenia', which is not a known actor", "armenia"),
    ('participant = ["turkey", "azerbaijan"]', 'mastermind = ["turkey"]', "unknown role 'mastermind'", "mastermind"),
    ('ends = "war"', 'ends = "peace"', "'peace', which is not a known event", 'ends = "peace"'),
    ('wikidata = "Q43"', 'wikidata = "Turkey"', "not a Wikidata item identifier", 'wikidata = "Turkey"'),
    ('label = "Officials meet"', 'lable = "Officials meet"', "unknown field 'lable'", "lable"),
    ('duration = "P44D"', 'duration = "44 days"', "not an ISO 8601 duration", "44 days"),
    ('by = ["turkey"]', 'by = []', "needs 'by'", "[claims.centre-promise]"),
])
def test_mistakes_are_refused_with_the_line(old, new, fragment, needle):
    sidecar = GOOD.replace(old, new)
    assert sidecar != GOOD
    error = _error(sidecar)
    assert fragment in error.problem, error.problem
    assert error.line == _line_of(sidecar, needle)


def test_missing_date_needs_undated():
    sidecar = GOOD.replace('date = "on March 2"\n', "")
    assert "needs a date, or undated = true" in _error(sidecar).problem
    records = parse_sidecar(sidecar.replace('type = "talks"', 'type = "talks"\nundated = true'), ARTICLE, "talks.toml")
    assert next(e for e in records.events if e.key == "meeting").time is None


def test_circular_dates():
    sidecar = GOOD.replace('date = "November"', 'date = { text = "The ceasefire", ends-with = "war" }')
    assert "circle" in _error(sidecar).problem


def test_open_bounds_from_other_events_and_the_dct():
    sidecar = GOOD + '\n[events.aftermath]\nlabel = "Aftermath"\ntype = "political-crisis"\ndate = { text = "since the ceasefire", after = "ceasefire", until = "dct" }\n'
    aftermath = next(e for e in parse_sidecar(sidecar, ARTICLE, "t.toml").events if e.key == "aftermath").time
    assert (aftermath.earliest_begin, aftermath.latest_begin, aftermath.latest_end) == (date(2020, 11, 1), date(2021, 3, 5), None)


def test_begun_by_bounds_the_begin_by_a_report_of_it():
    """ "On March 2, officials said the feud continues": it began by March 2, not just by the DCT."""
    sidecar = GOOD + ('\n[events.feud]\nlabel = "Feud"\ntype = "dispute"\n'
                      'date = { text = "continues", after = "ceasefire", begun-by = "meeting", until = "dct" }\n')
    feud = next(e for e in parse_sidecar(sidecar, ARTICLE, "t.toml").events if e.key == "feud").time
    assert (feud.earliest_begin, feud.latest_begin, feud.earliest_end, feud.latest_end) == (
        date(2020, 11, 1), date(2021, 3, 2), date(2021, 3, 5), None)
    unknown = sidecar.replace('begun-by = "meeting"', 'begun-by = "nothing"')
    assert "'nothing', which is not a known event" in _error(unknown).problem
