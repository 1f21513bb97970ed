import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.temporal import Precision, TemporalError, bounded, from_iso, normalise, parse_duration, shift_by_duration

DCT = date(2021, 3, 5)
D = date.fromisoformat


@pytest.mark.parametrize("words, direction, value, precision, begin, end", [
    ("March 2", "past", "2021-03-02", Precision.DAY, "2021-03-02", "2021-03-02"),
    ("on March 4", "past", "2021-03-04", Precision.DAY, "2021-03-04", "2021-03-04"),
    ("November", "past", "2020-11", Precision.MONTH, "2020-11-01", "2020-11-30"),
    ("the Russian-brokered ceasefire of November", "past", "2020-11", Precision.MONTH, "2020-11-01", "2020-11-30"),
    ("in November", "future", "2021-11", Precision.MONTH, "2021-11-01", "2021-11-30"),
    ("This February", "past", "2021-02", Precision.MONTH, "2021-02-01", "2021-02-28"),
    ("in 1993", "past", "1993", Precision.YEAR, "1993-01-01", "1993-12-31"),
    ("March 5, 2021", "past", "2021-03-05", Precision.DAY, "2021-03-05", "2021-03-05"),
    ("2 March 2021", "past", "2021-03-02", Precision.DAY, "2021-03-02", "2021-03-02"),
    ("November 2020", "future", "2020-11", Precision.MONTH, "2020-11-01", "2020-11-30"),
    ("2020-11-10", "past", "2020-11-10", Precision.DAY, "2020-11-10", "2020-11-10"),
    ("last year", "past", "2020", Precision.YEAR, "2020-01-01", "2020-12-31"),
    ("next month", "future", "2021-04", Precision.MONTH, "2021-04-01", "2021-04-30"),
    ("yesterday", "past", "2021-03-04", Precision.DAY, "2021-03-04", "2021-03-04"),
    ("Tuesday", "past", "2021-03-02", Precision.DAY, "2021-03-02", "2021-03-02"),
    ("the 1990s", "past", "199X", Precision.DECADE, "1990-01-01", "1999-12-31"),
    ("the fourth quarter", "past", "2020-Q4", Precision.QUARTER, "2020-10-01", "2020-12-31"),
    ("last summer", "past", "2020-SU", Precision.SEASON, "2020-06-01", "2020-08-31"),
    ("the 20th century", "past", "19", Precision.CENTURY, "1900-01-01", "1999-12-31"),
    ("three years ago", "past", "2018", Precision.YEAR, "2018-01-01", "2018-12-31"),
    ("two weeks ago", "past", "2021-W07", Precision.WEEK, "2021-02-15", "2021-02-21"),
])
def test_normalise(words, direction, value, precision, begin, end):
    span = normalise(words, DCT, direction)
    assert (span.value, span.precision, span.begin, span.end) == (value, precision, D(begin), D(end))
    assert span.text == words


@pytest.mark.parametrize("words, latest", [("decades ago", "2001-03-05"), ("decades-old", "2001-03-05"), ("years ago", "2019-03-05")])
def test_vague_past_has_an_open_begin(words, latest):
    span = normalise(words, DCT)
    assert span.value == "PAST_REF" and span.earliest_begin is None and span.latest_end == D(latest)


def test_future_reference_has_an_open_end():
    span = normalise("Moving forward", DCT, "future")
    assert span.value == "FUTURE_REF" and span.earliest_begin == DCT and span.latest_end is None


@pytest.mark.parametrize("words", ["the 45th of Octember", "February 30", "", "no time here", "in the months that followed"])
def test_unreadable_words_are_refused_not_invented(words):
    with pytest.raises(TemporalError):
        normalise(words, DCT)


def test_a_44_day_war_ending_in_november():
    war = shift_by_duration("a 44-day war", "P44D", normalise("November", DCT), anchor_is="end")
    assert (war.earliest_begin, war.latest_begin, war.earliest_end, war.latest_end) == (D("2020-09-18"), D("2020-10-17"), D("2020-11-01"), D("2020-11-30"))


def test_explicit_iso_with_precision():
    assert from_iso("x", "2020-11-10").precision is Precision.DAY
    widened = from_iso("x", "2020-11-10", "month")
    assert (widened.value, widened.begin, widened.end) == ("2020-11", D("2020-11-01"), D("2020-11-30"))
    with pytest.raises(TemporalError, match="less precise"):
        from_iso("x", "2020", "day")
    with pytest.raises(TemporalError):
        from_iso("x", "2020-13")
    with pytest.raises(TemporalError):
        from_iso("x", "November")


def test_durations_and_bounds():
    assert parse_duration("P44D").days == 44 and parse_duration("p2y").years == 2
    with pytest.raises(TemporalError):
        parse_duration("44 days")
    with pytest.raises(TemporalError, match="contradict"):
        bounded(normalise("1993", DCT), after=D("2000-01-01"))

VALID_VALUE = re.compile(r"^(\d{4}(-(\d{2}(-\d{2})?|W\d{2}|Q[1-4]|SP|SU|FA|WI))?|\d{3}X|\d{2}|PAST_REF|PRESENT_REF|FUTURE_REF)$")


@settings(max_examples=300, deadline=None)
@given(words=st.text(max_size=80), direction=st.sampled_from(["past", "future"]))
def test_any_text_gives_a_valid_span_or_a_clear_refusal(words, direction):
    try:
        span = normalise(words, DCT, direction)
    except TemporalError as error:
        assert str(error)
        return
    assert VALID_VALUE.match(span.value), span.value
    if span.earliest_begin and span.latest_end:
        assert span.earliest_begin <= span.latest_end


@settings(max_examples=200, deadline=None)
@given(month=st.sampled_from(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                              "October", "November", "December"]), day=st.integers(min_value=1, max_value=31),
       direction=st.sampled_from(["past", "future"]))
def test_month_day_lands_on_the_right_side_of_the_publication_date(month, day, direction):
    try:
        span = normalise(f"{month} {day}", DCT, direction)
    except TemporalError:
        return  # "February 30" and the like
    assert span.precision is Precision.DAY
    assert (span.begin <= DCT) if direction == "past" else (span.begin > DCT)
    assert abs((span.begin - DCT).days) <= 366
