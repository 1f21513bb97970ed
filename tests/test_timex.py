"""The temporal tagger (kb.temporal.find_times) and its command (kb timex)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.cli import main
from kb.temporal import Precision, TemporalError, TimeExpression, find_times, normalise

DCT = date(2021, 3, 5)
D = date.fromisoformat
SEED = Path(__file__).resolve().parent.parent / "kb" / "data" / "2021-03-05-turkey-azerbaijan.txt"

# Every value TimeML 1.2 allows that this tagger can give (TIMEX3 value, TimeML's ISO 8601 profile).
TIMEML_VALUE = re.compile(r"""
    (?:\d{4}|XXXX)
      (?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?
      (?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?
  | \d{3}X | \d{2}
  | P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|Q|DE|CE) | PT(?:\d+(?:\.\d+)?|X)[HMS]
  | P(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)? | PT(?:\d+[HMS]){2,}
  | PAST_REF | PRESENT_REF | FUTURE_REF
""", re.VERBOSE)


def only(text: str, dct: date = DCT) -> TimeExpression:
    found = find_times(text, dct)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, words, kind, value", [
    # The issue's examples, against a DCT of 2021-03-05 (a Friday).
    ("Talks were held on March 2.", "March 2", "DATE", "2021-03-02"),
    ("It ended with the ceasefire of November.", "November", "DATE", "2020-11"),
    ("The UN adopted a resolution in 1993.", "1993", "DATE", "1993"),
    ("Sales fell last year.", "last year", "DATE", "2020"),
    ("It was built in the 1990s.", "the 1990s", "DATE", "199X"),
    ("This February call to action was bypassed.", "This February", "DATE", "2021-02"),
    ("They met on Tuesday.", "Tuesday", "DATE", "2021-03-02"),
    ("He left two weeks ago.", "two weeks ago", "DATE", "2021-W07"),
    ("Profit rose in the fourth quarter.", "the fourth quarter", "DATE", "2020-Q4"),
    ("He spoke this morning.", "this morning", "TIME", "2021-03-05TMO"),
    ("The vote closed at 5 p.m.", "5 p.m.", "TIME", "2021-03-05T17:00"),
    ("Following a 44-day war, officials spoke.", "44-day", "DURATION", "P44D"),
    ("The dispute has lasted decades.", "decades", "DURATION", "PXDE"),
    ("Prices rose over the past three years.", "the past three years", "DURATION", "P3Y"),
    ("She runs every morning.", "every morning", "SET", "XXXX-XX-XXTMO"),
    ("The paper appears weekly.", "weekly", "SET", "P1W"),
    ("It was occupied decades ago.", "decades ago", "DATE", "PAST_REF"),
    ("Prices are now higher.", "now", "DATE", "PRESENT_REF"),
    ("More will come in the future.", "the future", "DATE", "FUTURE_REF"),
    ("The board meets every Tuesday.", "every Tuesday", "SET", "XXXX-WXX-2"),
    ("It was hot in the summer of 2020.", "the summer of 2020", "DATE", "2020-SU"),
    ("Earnings for fiscal 2020 rose.", "fiscal 2020", "DATE", "2020"),
    ("It lasted more than three years.", "more than three years", "DURATION", "P3Y"),
    ("They met again the next day.", "the next day", "DATE", "2021-03-06"),
    ("Events of the 20th century.", "the 20th century", "DATE", "19"),
    ("The storm hit yesterday afternoon.", "yesterday afternoon", "TIME", "2021-03-04TAF"),
])
def test_issue_examples(text, words, kind, value):
    found = only(text)
    assert (found.text, found.type, found.value) == (words, kind, value)
    assert text[found.start:found.end] == words


# Sentences and every expression the tagger must find in them (words, type, value), by the
# round of work that added the rule.
SECOND_ROUND = [
    # the tense of the sentence: a title or an initial does not end it, "will be paid" is no past tense
    ("Ms. Rivera, 61 years old, will replace John Q. Public June 3, the bank said.", [("June 3", "DATE", "2021-06-03")]),
    ("The dividend will be paid April 20 to holders of record.", [("April 20", "DATE", "2021-04-20")]),
    ("The crew planned to sail for Lisbon on Monday.", [("Monday", "DATE", "2021-03-08")]),
    # a month in the next two months is the coming one; the DCT's own month stays in its year
    ("Negotiators said the accord was signed and takes effect in April.", [("April", "DATE", "2021-04")]),
    ("The owners said the lease will expire at the end of March.", [("the end of March", "DATE", "2021-03")]),
    # "the year", "the month" of the report are dates; "the year ended June 30" is a duration
    ("Net income fell. For the year, revenue rose 4%.", [("the year", "DATE", "2021")]),
    ("The plant should reopen by the end of the month.", [("the end of the month", "DATE", "2021-03")]),
    ("Revenue was $9 million for the year ended June 30.", [("the year", "DURATION", "P1Y"), ("June 30", "DATE", "2020-06-30")]),
    ("Membership grew sharply over the past year.", [("the past year", "DATE", "2020")]),
    ("Sales in the current fiscal year should rise; in the latest fiscal year they fell.",
     [("the current fiscal year", "DATE", "2021"), ("the latest fiscal year", "DATE", "2020")]),
    ("The merger should close by year end.", [("year end", "DATE", "2021")]),
    # quarters in earnings reports: the quarter last named, a year before
    ("Profit rose in the third quarter, from $4 million in the 2020 period.",
     [("the third quarter", "DATE", "2020-Q3"), ("the 2020 period", "DATE", "2020-Q3")]),
    ("The charge was booked in the 2019 second quarter.", [("the 2019 second quarter", "DATE", "2019-Q2")]),
    ("Profit rose in the second quarter, up from the same period last year.",
     [("the second quarter", "DATE", "2020-Q2"), ("the same period last year", "DATE", "2019-Q2")]),
    ("Profit rose in the second quarter. Sales for last year's quarter were lower.",
     [("the second quarter", "DATE", "2020-Q2"), ("last year's quarter", "DATE", "2019-Q2")]),
    ("Profit rose in the fourth quarter. For the quarter a year ago, it had a loss.",
     [("the fourth quarter", "DATE", "2020-Q4"), ("the quarter a year ago", "DATE", "2019-Q4")]),
    ("Profit rose in the fourth quarter. In the year-ago fourth quarter, it had a loss.",
     [("the fourth quarter", "DATE", "2020-Q4"), ("year-ago fourth quarter", "DATE", "2019-Q4")]),
    # "soon" relating two events is no time; "as soon as possible" is the future
    ("Votes will be counted soon after the polls close.", []),
    ("They will leave as soon as Monday.", [("Monday", "DATE", "2021-03-08")]),
    ("The refund will be paid as soon as possible.", [("as soon as possible", "DATE", "FUTURE_REF")]),
    ("Costs will stay high in the near term.", [("the near term", "DATE", "FUTURE_REF")]),
    # "that day", "later that year": the day and the year last named
    ("The plant closed on Jan. 12, 2021. Later that day, workers protested.",
     [("Jan. 12, 2021", "DATE", "2021-01-12"), ("Later that day", "DATE", "2021-01-12")]),
    ("The firm moved to Ohio in 2015 and shut the old plant later that year.",
     [("2015", "DATE", "2015"), ("later that year", "DATE", "2015")]),
    ("The boat sank that day.", []),
    # sets and durations
    ("Pilgrims gather each October at the shrine.", [("each October", "SET", "XXXX-10")]),
    ("The index fell for six trading days.", [("six trading days", "DURATION", "P6D")]),
    ("It may take a couple of years.", [("a couple of years", "DURATION", "P2Y")]),
    # years spelled out with a month or a season; "two thousand years" and "High Noon" are no dates
    ("The tapes date from June nineteen eighty-two.", [("June nineteen eighty-two", "DATE", "1982-06")]),
    ("The flood of the spring of nineteen seventy-three was the worst.",
     [("the spring of nineteen seventy-three", "DATE", "1973-SP")]),
    ("The families kept the secret for two thousand years.", [("years", "DURATION", "PXY")]),
    ("The classic western High Noon was shown.", []),
    # "Tuesday's verdict": an event the report looks back on
    ("Lawyers will appeal Tuesday's verdict.", [("Tuesday", "DATE", "2021-03-02")]),
]

THIRD_ROUND = [
    # "Friday morning" is a part of a day (TIME); "Friday night" stays the day
    ("The ferry left Wednesday morning.", [("Wednesday morning", "TIME", "2021-03-03TMO")]),
    ("The vote ended Thursday evening.", [("Thursday evening", "TIME", "2021-03-04TEV")]),
    ("The vote ended Thursday night.", [("Thursday night", "DATE", "2021-03-04")]),
    # "the future" as an abstract noun is no time; "in the future" is
    ("She spoke of the future of farming.", []),
    ("Prices may rise in the future.", [("the future", "DATE", "FUTURE_REF")]),
    ("Prices may rise in the near future.", [("the near future", "DATE", "FUTURE_REF")]),
    # the adjective "recent" is no time; "recently" and "recent weeks" are
    ("The recent floods closed roads.", []),
    ("The roads closed recently.", [("recently", "DATE", "PAST_REF")]),
    ("Roads closed in recent weeks.", [("recent weeks", "DURATION", "PXW")]),
    # rates, idioms and names that only look like times
    ("The average daily output of the mill rose.", []),
    ("Guards patrol 24 hours a day, seven days a week.", []),
    ("The two quakes struck minutes apart.", []),
    ("A deal is a matter of weeks away.", []),
    ("On days when the river floods, the ferry stops.", []),
    ("He appeared on the show 48 Minutes.", []),
    ("The fire started in the early hours of Sunday.", [("Sunday", "DATE", "2021-02-28")]),
    ("The strike could last weeks or months.", [("weeks or months", "DURATION", "PXW")]),
    # "effective" dates look forward; counted quarters are months; Election Day
    ("The board named a new chair, effective Feb. 1.", [("Feb. 1", "DATE", "2022-02-01")]),
    ("The rise was spread over the next two quarters.", [("the next two quarters", "DURATION", "P6M")]),
    ("Both parties campaigned hard before Election Day.", [("Election Day", "DATE", "2020-11-03")]),
]

FOURTH_ROUND = [
    # halves: in the next smaller unit where it divides evenly, as TimeBank writes them
    ("They lived in the camps for 2 1/2 years.", [("2 1/2 years", "DURATION", "P2Y6M")]),
    ("The talks lasted two and a half years.", [("two and a half years", "DURATION", "P2Y6M")]),
    ("A pilot called a minute and a half later.", [("a minute and a half", "DURATION", "PT1M30S")]),
    ("The meeting took an hour and a half.", [("an hour and a half", "DURATION", "PT1H30M")]),
    ("The siege lasted a day and a half.", [("a day and a half", "DURATION", "P1DT12H")]),
    ("He spoke for half an hour.", [("half an hour", "DURATION", "PT30M")]),
    ("It aired a half-hour program.", [("a half-hour", "DURATION", "PT30M")]),
    ("The strike lasted half a year.", [("half a year", "DURATION", "P6M")]),
    ("The truce held for 1.5 weeks.", [("1.5 weeks", "DURATION", "P1.5W")]),
    # a range is one expression with its lower count
    ("Shipments resume within two to three weeks.", [("two to three weeks", "DURATION", "P2W")]),
    ("Deals are due in the next 12 to 18 months.", [("the next 12 to 18 months", "DURATION", "P12M")]),
    ("The trial may take one or two years.", [("one or two years", "DURATION", "P1Y")]),
    # a clock time with its date; "4 in the morning"; a part of the day before "yesterday"
    ("The offer expired at 5 p.m. EST, March 1.", [("5 p.m. EST, March 1", "TIME", "2021-03-01T17:00")]),
    ("The ferry left at 4 in the morning.", [("4 in the morning", "TIME", "2021-03-05T04:00")]),
    ("Shares rose in London at mid-afternoon yesterday.", [("mid-afternoon yesterday", "TIME", "2021-03-04TAF")]),
    # numeric dates: month first unless the first number cannot be a month, or the dots are European
    ("Polls closed on 3/4/2021.", [("3/4/2021", "DATE", "2021-03-04")]),
    ("Polls closed on 25/12/2020.", [("25/12/2020", "DATE", "2020-12-25")]),
    ("Polls closed on 10.11.2020.", [("10.11.2020", "DATE", "2020-11-10")]),
    ("Polls closed on 13/13/2020.", []),
    # a 24-hour clock after "at", with its zone and date
    ("The truce took hold at 00:00 Moscow time on November 10.",
     [("00:00 Moscow time on November 10", "TIME", "2020-11-10T00:00")]),
    # a range of days or years is two dates
    ("The summit met on April 24 and 25.", [("April 24", "DATE", "2021-04-24"), ("25", "DATE", "2021-04-25")]),
    ("Fighting raged on the night of November 9-10.", [("November 9", "DATE", "2020-11-09"), ("10", "DATE", "2020-11-10")]),
    ("Talks were held from 10 to 12 November.", [("10", "DATE", "2020-11-10"), ("12 November", "DATE", "2020-11-12")]),
    ("A quarter century passed.", [("A quarter century", "DURATION", "P25Y")]),
    ("Half a century passed.", [("Half a century", "DURATION", "P50Y")]),
    ("The war of 1991-1994 ended.", [("1991", "DATE", "1991"), ("1994", "DATE", "1994")]),
    ("Sales fell in 1990-91.", [("1990", "DATE", "1990"), ("91", "DATE", "1991")]),
    # not times: a stock price with a half, an hour 0 with a.m., a score, a phone number
    ("McCaw dropped 2 1/2 to 37 3/4.", []),
    ("The clock showed 0 a.m.", []),
    ("The score was 2:30 and the line 555-1212.", []),
]


@pytest.mark.parametrize("text, expected", SECOND_ROUND + THIRD_ROUND + FOURTH_ROUND)
def test_expressions_found(text, expected):
    assert [(found.text, found.type, found.value) for found in find_times(text, DCT)] == expected


def test_election_day_in_the_coming_weeks_is_the_coming_one():
    assert only("Both parties campaigned hard before Election Day.", date(2020, 10, 1)).value == "2020-11-03"


def test_tense_chooses_the_year_of_a_month():
    assert only("The ceasefire of November halted the war.").value == "2020-11"
    assert only("The two sides will meet again in November.").value == "2021-11"
    assert only("The company plans to open the plant next November.").value == "2021-11"


def test_modifiers_quantities_and_frequencies():
    early = only("The law takes effect early next year.")
    assert (early.text, early.value, early.mod) == ("early next year", "2022", "START")
    twice = only("The council meets twice a year.")
    assert (twice.type, twice.value, twice.freq) == ("SET", "P1Y", "2X")
    assert only("It meets every Tuesday.").quant == "EVERY"


def test_spans_bounds_and_precision():
    november = only("the ceasefire of November").span
    assert (november.begin, november.end, november.precision) == (D("2020-11-01"), D("2020-11-30"), Precision.MONTH)
    assert only("in the fourth quarter").span.precision is Precision.QUARTER
    assert only("a 44-day war").span is None and only("every morning").span is None


@pytest.mark.parametrize("text, earliest, latest", [
    ("It happened decades ago.", None, D("2001-03-05")),
    ("Armenia has held it since 1993.", D("1993-01-01"), None),
    ("They will talk in the future.", DCT, None),
])
def test_open_ended_expressions_have_open_bounds(text, earliest, latest):
    span = only(text).span
    assert (span.earliest_begin, span.latest_end) == (earliest, latest)


def test_seed_article():
    text = SEED.read_text(encoding="utf-8")
    found = {expression.text: (expression.type, expression.value) for expression in find_times(text, DCT)}
    assert found["March 5, 2021"] == ("DATE", "2021-03-05")
    assert found["March 2"] == ("DATE", "2021-03-02")
    assert found["November"] == ("DATE", "2020-11")
    assert found["March 4"] == ("DATE", "2021-03-04")
    assert found["This February"] == ("DATE", "2021-02")
    assert found["1993"] == ("DATE", "1993")
    assert found["decades ago"] == ("DATE", "PAST_REF")
    assert found["decades-old"] == ("DATE", "PAST_REF")
    assert found["44-day"] == ("DURATION", "P44D")
    assert found["Moving forward"] == ("DATE", "FUTURE_REF")
    for expression in find_times(text, DCT):
        assert text[expression.start:expression.end] == expression.text


def test_normalise_and_find_times_agree():
    for words in ("March 2", "the ceasefire of November", "This February", "in 1993", "decades ago", "two weeks ago"):
        assert normalise(words, DCT).value == only(words).value


@pytest.mark.parametrize("text", [
    "the 45th of Octember",
    "February 30 and May 45",
    "No dates here at all, only words: may, march, second, fall.",
    "Prices fell 2000 percent; 1,999 people came; 3.1999 is a number.",
    "",
])
def test_nothing_invented(text):
    assert find_times(text, DCT) == []


def test_odd_unicode():
    text = "Ｍａｒｃｈ ２ — ٢٠٢٠ \u200b\U0001F600 é\u0301 Ⅻ ﬁscal 𝟏𝟗𝟗𝟑 İstanbul on March\u00a02 and 2020"
    found = find_times(text, DCT)
    # only ASCII digits are numbers; a no-break space is a space
    assert [(expression.text, expression.value) for expression in found] == [("March\u00a02", "2021-03-02"), ("2020", "2020")]


def test_a_very_long_line_is_fast_and_complete():
    text = ("Talks began on March 2 and ended two weeks ago, " * 4000) + "x" * 100_000
    found = find_times(text, DCT)
    assert len(found) == 8000 and {expression.value for expression in found} == {"2021-03-02", "2021-W07"}


def test_a_dct_that_is_not_a_date_is_refused():
    with pytest.raises(TemporalError):
        find_times("March 2", "2021-03-05")  # type: ignore[arg-type]


WORDS = ["March 2", "November", "last year", "the 1990s", "ago", "two", "weeks", "every", "morning", "Friday",
         "5 p.m.", "the past", "decades", "44-day", "fiscal", "1993", "quarter", "fourth", "since", "early", "now",
         "next", "this", "of", "the", "in", "will", "said", "a", "year", "twice", "-", ",", ".", "'90s", "Q3",
         "1/2", "and a half", "half", "to", "or", "hour", "in the morning", "Nov. 6", "yesterday"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(st.text(max_size=12), st.sampled_from(WORDS)), max_size=30),
       dct=st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_any_text_gives_valid_expressions(pieces, dct):
    text = " ".join(pieces)
    found = find_times(text, dct)
    previous_end = 0
    for expression in found:
        assert 0 <= expression.start < expression.end <= len(text)
        assert expression.start >= previous_end  # in order, never overlapping
        previous_end = expression.end
        assert text[expression.start:expression.end] == expression.text
        assert expression.type in ("DATE", "TIME", "DURATION", "SET")
        assert TIMEML_VALUE.fullmatch(expression.value), expression.value
        span = expression.span
        if span and span.earliest_begin and span.latest_end:
            assert span.earliest_begin <= span.latest_end


# --- kb timex ------------------------------------------------------------------------------

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>example</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" temporalFunction="false" functionInDocument="CREATION_TIME">March 5, 2021</TIMEX3></DCT>
<TEXT>
The ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t9" type="DATE" value="XXXX">March 2</TIMEX3> &amp; will meet again in November.
</TEXT>
</TimeML>
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Talks were held on March 2. A 44-day war ended in November.\n", encoding="utf-8")
    return path


def test_cli_prints_one_expression_a_line(article):
    result = CliRunner().invoke(main, ["timex", "--dct", "2021-03-05", str(article)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "19\t26\tDATE\t2021-03-02\t2021-03-02/2021-03-02\tMarch 2",
        "30\t36\tDURATION\tP44D\t-\t44-day",
        "50\t58\tDATE\t2020-11\t2020-11-01/2020-11-30\tNovember",
    ]


def test_cli_json(article):
    result = CliRunner().invoke(main, ["timex", "--dct", "2021-03-05", "--format", "json", str(article)])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)[0]
    assert first == {"start": 19, "end": 26, "text": "March 2", "type": "DATE", "value": "2021-03-02", "mod": None,
                     "quant": None, "freq": None, "earliest": "2021-03-02", "latest": "2021-03-02", "precision": "day"}


@pytest.mark.parametrize("dct", ["2021-13-05", "yesterday", "05/03/2021", ""])
def test_cli_unreadable_dct_is_one_clear_message(article, dct):
    result = CliRunner().invoke(main, ["timex", "--dct", dct, str(article)])
    assert result.exit_code == (1 if dct else 2)
    if dct:
        assert result.output.strip() == f"Error: the publication date {dct!r} is not a date YYYY-MM-DD"


def test_cli_needs_dct_or_timeml(article):
    result = CliRunner().invoke(main, ["timex", str(article)])
    assert result.exit_code == 2 and "--dct" in result.output


def test_cli_timeml_file_and_directory(tmp_path):
    source = tmp_path / "in" / "doc.tml"
    source.parent.mkdir()
    source.write_text(TIMEML, encoding="utf-8")
    printed = CliRunner().invoke(main, ["timex", "--timeml", str(source)])
    assert printed.exit_code == 0, printed.output
    assert '<TIMEX3 tid="t1" type="DATE" value="2021-03-02">March 2</TIMEX3>' in printed.output
    assert '<TIMEX3 tid="t2" type="DATE" value="2021-11">November</TIMEX3>' in printed.output
    single = tmp_path / "one.tml"
    assert CliRunner().invoke(main, ["timex", "--timeml", str(source), "-o", str(single)]).exit_code == 0
    assert single.read_text(encoding="utf-8") == printed.output
    result = CliRunner().invoke(main, ["timex", "--timeml", str(source.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "doc.tml").read_text(encoding="utf-8") == printed.output


def test_cli_timeml_without_dct(tmp_path):
    source = tmp_path / "doc.tml"
    source.write_text(TIMEML.replace('functionInDocument="CREATION_TIME"', 'functionInDocument="NONE"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["timex", "--timeml", str(source)])
    assert result.exit_code == 1
    assert result.output.strip() == f'Error: {source}: no TIMEX3 with functionInDocument="CREATION_TIME" (the document creation time)'
