"""Dating an event through others and the DCT: on its own it raises DatingError; the sidecar adds file and line."""

from datetime import date

import pytest

from kb.annotations import AnnotationError, parse_sidecar
from kb.article import parse_article
from kb.dating import DateSpec, DatingError, date_event, direction_of
from kb.errors import KbError
from kb.temporal import Precision, TemporalError, TimeSpan, normalise

DCT = date(2021, 3, 5)
CEASEFIRE = normalise("November", DCT)  # 2020-11-01 .. 2020-11-30
REPORT = normalise("March 2", DCT)
SPANS: dict[str, TimeSpan | None] = {"ceasefire": CEASEFIRE, "report": REPORT, "talks": None}


def _date(spec: str | DateSpec, direction="past") -> TimeSpan:
    return date_event(spec, DCT, direction, SPANS.__getitem__)


def test_words_are_read_against_the_dct_in_the_direction_of_the_status():
    assert _date("November").value == "2020-11"
    assert _date("November", direction_of("planned")).value == "2021-11"
    assert [direction_of(status) for status in ("happened", "ongoing", "planned", "possible")] == ["past", "past", "future", "future"]


def test_a_duration_counted_back_from_the_event_it_ends_with():
    war = _date(DateSpec("a 44-day war", duration="P44D", ends_with="ceasefire"))
    assert (war.earliest_end, war.latest_end) == (date(2020, 11, 1), date(2020, 11, 30))
    assert (war.earliest_begin, war.latest_begin) == (date(2020, 9, 18), date(2020, 10, 17))


def test_ends_with_and_begins_with_take_the_other_events_span():
    ended = _date(DateSpec("the war it ended", ends_with="ceasefire"))
    assert (ended.value, ended.precision, ended.earliest_begin, ended.earliest_end, ended.latest_end) == (
        "2020-11", Precision.MONTH, None, date(2020, 11, 1), date(2020, 11, 30))
    begun = _date(DateSpec("the talks that opened it", begins_with="ceasefire"))
    assert (begun.earliest_begin, begun.latest_begin, begun.latest_end) == (date(2020, 11, 1), date(2020, 11, 30), None)


def test_open_bounds_begun_by_and_until_the_dct():
    feud = _date(DateSpec("continues", after="ceasefire", begun_by="report", until="dct"))
    assert feud.value == "PAST_REF"
    assert (feud.earliest_begin, feud.latest_begin, feud.earliest_end, feud.latest_end) == (
        date(2020, 11, 1), date(2021, 3, 2), DCT, None)
    before = _date(DateSpec("before publication", value="2020", before="dct"))
    assert (before.earliest_begin, before.latest_end) == (date(2020, 1, 1), date(2020, 12, 31))


def test_other_events_are_asked_for_only_when_needed():
    asked: list[str] = []

    def span_of(key: str) -> TimeSpan | None:
        asked.append(key)
        return SPANS[key]

    date_event(DateSpec("a 44-day war", duration="P44D", ends_with="ceasefire", before="dct"), DCT, "past", span_of)
    assert asked == ["ceasefire"]
    assert DateSpec("x", ends_with="ceasefire", after="dct", begun_by="report").events() == ["ceasefire", "report"]


@pytest.mark.parametrize("spec, fragment", [
    (DateSpec("a 44-day war", duration="P44D"), "a duration needs ends-with or begins-with"),
    (DateSpec("after the talks", after="talks"), "its date depends on 'talks', which is undated"),
    (DateSpec("still", until="tomorrow"), 'until must be "dct"'),
    (DateSpec("in 1993", value="1993", after="ceasefire"), "the bounds contradict each other"),
    ("the 45th of Octember", "cannot read a date"),
])
def test_mistakes_raise_a_dating_error_without_a_file(spec, fragment):
    with pytest.raises(DatingError, match=fragment) as caught:
        _date(spec)
    assert isinstance(caught.value, KbError) and not isinstance(caught.value, AnnotationError)
    assert "toml" not in str(caught.value) and "[events." not in str(caught.value), "the caller adds where"


def test_unreadable_words_keep_the_taggers_error_as_the_cause():
    with pytest.raises(DatingError) as caught:
        _date(DateSpec("a 44-day war", duration="44 days", ends_with="ceasefire"))
    assert isinstance(caught.value.__cause__, TemporalError)


ARTICLE = parse_article(
    "Title: Talks\nDate: 2021-03-05\n\nThe ceasefire of November ended a 44-day war.\n", path="talks.txt")
SIDECAR = """\
[events.ceasefire]
label = "Ceasefire"
type = "ceasefire"
date = "November"

[events.talks]
label = "Talks"
type = "talks"
undated = true

[events.war]
label = "War"
type = "armed-conflict"
date = { text = "a 44-day war", duration = "P44D", ends-with = "ceasefire" }
"""


@pytest.mark.parametrize("old, new, problem", [
    ('duration = "P44D", ends-with = "ceasefire"', 'duration = "P44D"',
     "[events.war] a duration needs ends-with or begins-with: the event whose time fixes it"),
    ('duration = "P44D", ends-with = "ceasefire"', 'after = "talks"',
     "[events.war] its date depends on 'talks', which is undated"),
    ('duration = "P44D", ends-with = "ceasefire"', 'until = "tomorrow"',
     '[events.war] until must be "dct" (still true at publication)'),
])
def test_the_sidecar_reports_the_same_mistake_with_file_and_line(old, new, problem):
    sidecar = SIDECAR.replace(old, new)
    assert sidecar != SIDECAR
    with pytest.raises(AnnotationError) as caught:
        parse_sidecar(sidecar, ARTICLE, "talks.toml")
    line = next(number for number, text in enumerate(sidecar.splitlines(), 1) if text.startswith("date = { text"))
    assert (caught.value.path, caught.value.line, caught.value.problem) == ("talks.toml", line, problem)
    assert str(caught.value) == f"talks.toml:{line}: {problem}"
    assert isinstance(caught.value.__cause__, DatingError)
