"""The TempEval-3 Task A scorer of bench/temporal/tempeval.py.

Tiny TimeML documents written here (never excerpts of the corpora) pin down each rule of the
official toolkit; the last test checks that the scorer reproduces the toolkit's figures for
HeidelTime on TimeBank and AQUAINT, read at run time from shared/timeml beside the
repository (it fails, never skips, when that data is missing).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


te = _load("tempeval", REPOSITORY / "bench" / "temporal" / "tempeval.py")


def timeml(body: str, dct: str = "2021-03-05") -> str:
    """A TimeML document with ``body`` as TEXT; T(...) helpers below write the TIMEX3s."""
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>test</DOCID>\n'
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n'
        f"<TEXT>\n{body}\n</TEXT>\n</TimeML>\n"
    )


def T(words: str, type_: str = "DATE", value: str = "2021-03-02", tid: str = "t1") -> str:
    return f'<TIMEX3 tid="{tid}" type="{type_}" value="{value}">{words}</TIMEX3>'


def doc(body: str, name: str = "test.tml"):
    return te.parse_timeml(timeml(body), name)


def scores(*pairs: tuple[str, str]):
    return te.score((doc(gold), doc(system)) for gold, system in pairs)


# -- reading ------------------------------------------------------------------------------------

def test_offsets_are_over_text_without_tags_and_with_entities_decoded():
    document = doc(f'Bonds &amp; <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> on {T("March 2")}.')
    (timex,) = document.timexes
    assert document.text[timex.start:timex.end] == "March 2"
    assert "Bonds & rose on March 2." in document.text
    assert (timex.type, timex.value, timex.tid) == ("DATE", "2021-03-02", "t1")
    assert document.dct == "2021-03-05" and document.dct_tid == "t0"
    assert [document.text[e.start:e.end] for e in document.events] == ["rose"]


def test_malformed_xml_and_missing_text_are_errors():
    with pytest.raises(te.TimeMLError, match="well-formed"):
        te.parse_timeml(timeml("an <EVENT>open tag"), "bad.tml")
    with pytest.raises(te.TimeMLError, match="no <TEXT>"):
        te.parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>", "none.tml")


# -- matching -----------------------------------------------------------------------------------

def test_exact_match_scores_everything_100_and_the_dct_is_not_counted():
    body = f"The talks began {T('Tuesday')} and ended {T('two days later', 'DATE', '2021-03-04', 't2')}."
    result = scores((body, body))
    assert (result.counts.gold, result.counts.system) == (2, 2)
    for name, figure in result.as_dict().items():
        assert figure == pytest.approx(100.0), name


def test_partial_overlap_is_a_relaxed_but_not_a_strict_match():
    gold = f"The ceasefire of {T('November 10, 2020', value='2020-11-10')} held."
    system = f"The ceasefire of {T('November 10', value='2020-11-10')}, 2020 held."
    result = scores((gold, system))
    assert result.strict_f1 == 0.0
    assert result.relaxed_precision == result.relaxed_recall == result.relaxed_f1 == pytest.approx(100.0)
    assert result.value_f1 == result.type_f1 == pytest.approx(100.0)


def test_an_expression_ending_inside_a_word_still_overlaps():
    # "a day" closes inside the token "day-long": any overlap is a relaxed match
    gold = f"They held a {T('day-long', 'DURATION', 'P1D')} strike."
    system = f"They held {T('a day', 'DURATION', 'P1D')}-long strike."
    result = scores((gold, system))
    assert result.counts.relaxed_gold == 1 and result.counts.strict_gold == 0
    assert result.value_f1 == pytest.approx(100.0)


def test_two_tags_in_one_token_overlap_as_the_toolkit_sees_it():
    # the toolkit pairs by tokens: "2020" and "21" share the token "2020-21", no character
    gold = f"The {T('2020', value='2020')}-21 season."
    system = f"The 2020-{T('21', value='2021')} season."
    result = scores((gold, system))
    assert (result.counts.relaxed_gold, result.counts.strict_gold, result.counts.value) == (1, 0, 0)
    assert te.tokenize("The 2020-21 season.") == [(0, 3), (4, 11), (12, 18), (18, 19)]


def test_wrong_value_counts_against_value_f1_only():
    gold = f"Shares fell {T('on Tuesday', value='2021-03-02')}."
    system = f"Shares fell {T('on Tuesday', value='2021-03-09')}."
    result = scores((gold, system))
    assert result.strict_f1 == result.relaxed_f1 == result.type_f1 == pytest.approx(100.0)
    assert result.value_f1 == 0.0
    assert result.counts.value == 0 and result.counts.type == 1


def test_wrong_type_counts_against_type_f1_only():
    gold = f"The war lasted {T('44 days', 'DURATION', 'P44D')}."
    system = f"The war lasted {T('44 days', 'DATE', 'P44D')}."
    result = scores((gold, system))
    assert result.type_f1 == 0.0
    assert result.value_f1 == result.relaxed_f1 == pytest.approx(100.0)


def test_missed_and_spurious_expressions():
    gold = (f"Talks opened {T('Tuesday')} and resume {T('next week', value='2021-W10', tid='t2')}"
            f" in the capital.")
    system = (f"Talks opened {T('Tuesday')} and resume next week in "
              f"{T('the capital', value='PRESENT_REF', tid='t9')}.")
    result = scores((gold, system))
    counts = result.counts
    assert (counts.gold, counts.system, counts.relaxed_gold, counts.strict_gold) == (2, 2, 1, 1)
    assert result.strict_precision == result.strict_recall == pytest.approx(50.0)
    assert result.relaxed_f1 == pytest.approx(50.0)
    assert result.value_f1 == pytest.approx(50.0)  # value accuracy 100% x relaxed F1 50%


def test_nothing_found_and_nothing_to_find():
    empty = scores(("No dates here.", "No dates here."))
    assert empty.counts.gold == empty.counts.system == 0
    assert empty.relaxed_f1 == 100.0  # the toolkit's convention
    missed = scores((f"It ended {T('Tuesday')}.", "It ended Tuesday."))
    assert missed.relaxed_recall == missed.relaxed_f1 == missed.value_f1 == 0.0


def test_one_system_expression_over_two_gold_ones_is_paired_once():
    gold = f"From {T('Monday', tid='t1')} to {T('Friday', tid='t2', value='2021-03-05')} the talks ran."
    system = f"From {T('Monday to Friday', 'DURATION', 'P5D')} the talks ran."
    result = scores((gold, system))
    assert (result.counts.gold, result.counts.system, result.counts.relaxed_gold) == (2, 1, 1)
    assert result.relaxed_precision == pytest.approx(100.0)
    assert result.relaxed_recall == pytest.approx(50.0)


def test_attribute_f1_is_accuracy_on_relaxed_matches_times_relaxed_f1():
    gold = (f"{T('Monday', tid='t1', value='2021-03-01')} and {T('Tuesday', tid='t2')} and "
            f"{T('Wednesday', tid='t3', value='2021-03-03')} passed.")
    system = (f"{T('Monday', tid='t1', value='2021-03-01')} and {T('Tuesday', tid='t2', value='XXXX')}"
              f" and Wednesday passed.")
    result = scores((gold, system))
    assert result.relaxed_precision == pytest.approx(100.0)
    assert result.relaxed_recall == pytest.approx(200 / 3)
    relaxed_f1 = 2 * 1.0 * (2 / 3) / (1.0 + 2 / 3)
    assert result.relaxed_f1 == pytest.approx(100 * relaxed_f1)
    assert result.value_accuracy == pytest.approx(50.0)
    assert result.value_f1 == pytest.approx(50.0 * relaxed_f1)


def test_several_documents_are_micro_averaged():
    one = (f"It began {T('Monday')}.", f"It began {T('Monday')}.")
    three = (f"{T('May', tid='t1', value='2021-05')}, {T('June', tid='t2', value='2021-06')} and "
             f"{T('July', tid='t3', value='2021-07')} were dry.", "May, June and July were dry.")
    result = scores(one, three)
    assert result.counts.documents == 2
    assert (result.counts.gold, result.counts.system, result.counts.relaxed_gold) == (4, 1, 1)
    assert result.relaxed_recall == pytest.approx(25.0)  # micro; the macro average would be 50
    assert result.relaxed_precision == pytest.approx(100.0)


def test_an_expression_holding_other_tags_is_not_counted():
    gold = 'It rained <TIMEX3 tid="t1" type="DATE" value="2021-03"><SIGNAL sid="s1">in</SIGNAL> March</TIMEX3>.'
    system = f"It rained in {T('March', value='2021-03')}."
    result = scores((gold, system))
    assert (result.counts.gold, result.counts.system, result.counts.relaxed_gold) == (0, 1, 0)


def test_different_text_is_refused():
    with pytest.raises(te.TextMismatch, match="differ at character"):
        te.count_document(doc(f"It fell {T('Tuesday')}."), doc(f"It rose {T('Tuesday')}."))


# -- writing system documents, the split, the toolkit's output -------------------------------------

def test_system_timeml_inserts_tags_and_keeps_the_text():
    gold = doc(f"Prices &lt;rose&gt; {T('on March 2')} &amp; {T('last week', value='2021-W08', tid='t2')}.")
    text = gold.text
    at = text.index("March 2")
    expressions = [
        SimpleNamespace(start=at, end=at + 7, type="DATE", value="2021-03-02"),
        SimpleNamespace(start=at + 2, end=at + 5, type="DATE", value="overlap"),  # dropped
        SimpleNamespace(start=0, end=len(text) + 1, type="DATE", value="out of range"),  # dropped
    ]
    source, dropped = te.system_timeml(gold, expressions)
    assert dropped == 2
    system = te.parse_timeml(source, "system.tml")
    assert system.text == gold.text
    assert system.dct == "2021-03-05"
    assert [(system.text[t.start:t.end], t.value) for t in system.timexes] == [("March 2", "2021-03-02")]
    counts = te.count_document(gold, system)
    assert (counts.gold, counts.system, counts.relaxed_gold, counts.strict_gold, counts.value) == (2, 1, 1, 0, 1)


def test_split_holds_out_every_fourth_document():
    names = [f"doc{i:02d}.tml" for i in range(10)]
    development, held_out = te.split(reversed(names))
    assert held_out == ["doc03.tml", "doc07.tml"]
    assert development == [n for n in names if n not in held_out]
    assert [te.is_held_out(i) for i in range(8)] == [False, False, False, True] * 2


def test_official_output_is_parsed():
    output = "\n".join([
        "=== Event Performance ===", "Strict Match\tF1\tP\tR", "\t\t0.0\t0.0\t0.0",
        "TIMEX FEATURE EXTRACTION PERFORMANCE",
        "total gold timex or total features in gold data: 10",
        "total gold timex or total features in system data: 8",
        "matching timex: 7",
        "matching type: 6 , accuracy: 0.857 , precision: 0.75 , recall: 0.6",
        "matching value: 5 , accuracy: 0.714 , precision: 0.625 , recall: 0.5", "", "",
        "=== Timex Performance ===", "Strict Match\tF1\tP\tR", "\t\t55.56\t62.5\t50.0",
        "Relaxed Match\tF1\tP\tR", "\t\t77.78\t87.5\t70.0",
        "Attribute F1\tValue\tType", "\t\t55.56\t66.67", "",
    ])
    figures = te.parse_official_scores(output)
    assert figures["strict_f1"] == 55.56 and figures["relaxed_recall"] == 70.0
    assert (figures["value_f1"], figures["type_f1"]) == (55.56, 66.67)
    assert (figures["gold"], figures["system"], figures["relaxed"], figures["type"], figures["value"]) == (10, 8, 7, 6, 5)


# -- reproduction of the official figures for HeidelTime -------------------------------------------

def _timeml_root() -> Path:
    beside = Path(__file__).resolve().parents[2] / "shared" / "timeml"
    for candidate in (beside, Path("/work/shared/timeml")):
        if candidate.is_dir():
            return candidate
    pytest.fail(
        f"The TimeML development data is missing: neither {beside} nor /work/shared/timeml exists. "
        "This test checks that bench/temporal/tempeval.py reproduces the official TempEval-3 "
        "toolkit's figures for HeidelTime; put shared/timeml (tbaq/ and heideltime-tbaq/) beside "
        "the repository."
    )


@pytest.mark.parametrize("corpus, gold_folder, heideltime_folder, scores_file", te.CORPORA)
def test_reproduces_the_official_heideltime_figures(corpus, gold_folder, heideltime_folder, scores_file):
    root = _timeml_root()
    official = te.parse_official_scores((root / "heideltime-tbaq" / scores_file).read_text(encoding="utf-8"))
    began = time.perf_counter()
    ours = te.score_directories(root / "tbaq" / gold_folder, root / "heideltime-tbaq" / heideltime_folder)
    assert time.perf_counter() - began < 10
    counts = ours.counts
    assert (counts.gold, counts.system, counts.relaxed_gold, counts.type, counts.value) == (
        official["gold"], official["system"], official["relaxed"], official["type"], official["value"])
    figures = ours.as_dict()
    for name in ("strict_precision", "strict_recall", "strict_f1", "relaxed_precision",
                 "relaxed_recall", "relaxed_f1", "value_f1", "type_f1"):
        assert abs(figures[name] - official[name]) <= 0.01, (corpus, name, figures[name], official[name])


# -- run.py on a test set of one's own ---------------------------------------------------------

def test_run_scores_a_test_set_folder_beside_heideltime(tmp_path, capsys):
    run = _load("run", REPOSITORY / "bench" / "temporal" / "run.py")
    gold, heideltime, out = tmp_path / "gold", tmp_path / "heideltime", tmp_path / "out"
    gold.mkdir()
    heideltime.mkdir()
    (gold / "a.tml").write_text(timeml(f"The talks of {T('March 2')} ended {T('last year', value='2020', tid='t2')}."))
    (gold / "b.tml").write_text(timeml(f"They met {T('in 1993', value='1993')}."))
    (heideltime / "a.tml").write_text(timeml(f"The talks of {T('March 2', value='2021-03-01')} ended last year."))
    (heideltime / "b.tml").write_text(timeml(f"They met in {T('1993', value='1993')}."))
    assert run.main(["--gold", str(gold), "--heideltime", str(heideltime), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    ours = next(line for line in printed.splitlines() if line.startswith("gold test (2)") and "ours" in line)
    theirs = next(line for line in printed.splitlines() if line.startswith("gold test (2)") and "HeidelTime" in line)
    # ours finds "March 2", "last year" and "1993" (not "in"): all three relaxed matches with the right value
    assert ours.split()[-6:] == ["100.00", "100.00", "100.00", "100.00", "3", "3"]
    # HeidelTime's output: two of three found, one value wrong
    assert theirs.split()[-2:] == ["3", "2"]
    assert "Speed" in printed and sorted(path.name for path in out.iterdir()) == ["a.tml", "b.tml"]


def test_run_refuses_an_empty_test_set(tmp_path, capsys):
    run = _load("run", REPOSITORY / "bench" / "temporal" / "run.py")
    assert run.main(["--gold", str(tmp_path)]) == 2
    assert "no .tml files" in capsys.readouterr().err
