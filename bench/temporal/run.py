"""Benchmark our temporal tagger against HeidelTime on TimeBank and AQUAINT (TempEval-3 Task A).

    .venv/bin/python bench/temporal/run.py [--data DIR] [--part dev|held-out|both] [--out DIR]
                                           [--tagger MODULE:FUNCTION] [--no-timing]
    .venv/bin/python bench/temporal/run.py --gold DIR [--heideltime DIR] [--out DIR] ...

With ``--gold``, the documents are every .tml file of DIR instead (a test set nobody tuned on,
such as the TempEval-3 platinum set), all scored as one part, HeidelTime's output of the same
files beside them when ``--heideltime`` gives it; the speed is timed on its first 20 documents.

For every gold document of shared/timeml/tbaq/{TimeBank,AQUAINT}: take its DCT (the TIMEX3
with functionInDocument="CREATION_TIME") and its TEXT (tags removed, XML entities decoded),
call the tagger, write a system TimeML document with the tagger's TIMEX3s in TEXT (in memory;
on disk too with --out, so the official toolkit can score it), and score it against the gold
with tempeval.py. HeidelTime's output on the same documents (shared/timeml/heideltime-tbaq)
is scored beside it. Figures are given for the development split and the held-out split
(tempeval.split: in each corpus, file names sorted, index % 4 == 3 held out).

The tagger (default ``kb.temporal:find_times``) is called as ``find_times(text, dct)`` with
``text`` a str and ``dct`` a ``datetime.date``; it returns an iterable of objects with
``.start`` and ``.end`` (character offsets into ``text``, end exclusive), ``.type`` (DATE,
TIME, DURATION or SET) and ``.value`` (the TimeML value). Overlapping or out-of-range
expressions are dropped (and counted) so the output stays well-formed TimeML.

Speed (measured first, before the scoring pass; --no-timing skips it): the tagging time
(find_times calls only, the process pinned to one core) of the TE3-sized set, the first 20
held-out documents (AQUAINT's 18, then TimeBank's first 2), beside HeidelTime's ~4 s per
document measured on this machine (so ~80 s for 20 documents).

Exit status: 0; 1 if the tagger failed on a document or a document could not be scored;
2 if the tagger or the data cannot be found.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
sys.path.insert(0, str(HERE))
if str(REPOSITORY) not in sys.path:
    sys.path.insert(1, str(REPOSITORY))

import tempeval  # noqa: E402

HEIDELTIME_SECONDS_PER_DOCUMENT = 4.0  # measured on this machine (issue 4)
TE3_DOCUMENTS = 20  # the TempEval-3 platinum test set's size
TYPES = {"DATE", "TIME", "DURATION", "SET"}


class TaggerMissing(RuntimeError):
    pass


def load_tagger(spec: str):
    """The tagger function named by "module:function"."""
    module_name, _, function_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise TaggerMissing(f"cannot import {module_name} ({error})") from error
    function = getattr(module, function_name or "find_times", None)
    if not callable(function):
        raise TaggerMissing(
            f"{module_name}.{function_name or 'find_times'} does not exist yet: the tagger of "
            "issue 4 must provide find_times(text: str, dct: datetime.date) returning objects "
            "with .start, .end (offsets into text), .type (DATE/TIME/DURATION/SET) and .value"
        )
    return function


def document_dct(document: tempeval.TimeMLDocument) -> date:
    if not document.dct:
        raise tempeval.TimeMLError(f"{document.name}: no DCT (functionInDocument=\"CREATION_TIME\")")
    try:
        return date.fromisoformat(document.dct[:10])
    except ValueError as error:
        raise tempeval.TimeMLError(f"{document.name}: DCT {document.dct!r} is not a date") from error


class Tally:
    """Counts per (corpus, part, system), plus what went wrong."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, str], tempeval.Counts] = {}
        self.failures: list[str] = []
        self.dropped = 0
        self.bad_types = 0
        self.expressions = 0
        self.seconds = 0.0
        self.documents = 0
        self.words = 0

    def add(self, corpus: str, part: str, system: str, counts: tempeval.Counts) -> None:
        key = (corpus, part, system)
        self.counts[key] = self.counts.get(key, tempeval.Counts()) + counts

    def scores(self, corpora: list[str], part: str, system: str) -> tempeval.Scores:
        total = tempeval.Counts()
        for corpus in corpora:
            total = total + self.counts.get((corpus, part, system), tempeval.Counts())
        return tempeval.Scores(total)


def tag_document(tagger, gold: tempeval.TimeMLDocument, tally: Tally):
    """The tagger's expressions for one gold document (timed)."""
    dct = document_dct(gold)
    began = time.perf_counter()
    expressions = list(tagger(gold.text, dct))
    tally.seconds += time.perf_counter() - began
    tally.documents += 1
    tally.words += len(gold.text.split())
    tally.expressions += len(expressions)
    tally.bad_types += sum(1 for e in expressions if getattr(e, "type", None) not in TYPES)
    return expressions


def score_document(tagger, path: Path, heideltime: Path | None, corpus: str, part: str, out: Path | None,
                   tally: Tally) -> None:
    """Tag one gold document, score it (and HeidelTime's output of it, if given); failures are tallied."""
    try:
        gold = tempeval.read_timeml(path)
        try:
            expressions = tag_document(tagger, gold, tally)
        except Exception as error:  # noqa: BLE001 - scored as finding nothing
            tally.failures.append(f"{corpus}/{path.name}: the tagger failed: {type(error).__name__}: {error}")
            expressions = []
        source, dropped = tempeval.system_timeml(gold, expressions)
        tally.dropped += dropped
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / path.name).write_text(source, encoding="utf-8")
        system = tempeval.parse_timeml(source, path.name)
        tally.add(corpus, part, "ours", tempeval.count_document(gold, system))
        if heideltime is not None:
            tally.add(corpus, part, "HeidelTime", tempeval.count_document(gold, tempeval.read_timeml(heideltime)))
    except Exception as error:  # noqa: BLE001 - report every document that fails
        tally.failures.append(f"{corpus}/{path.name}: {type(error).__name__}: {error}")


def evaluate(tagger, root: Path, parts: list[str], out: Path | None, tally: Tally) -> None:
    for corpus, gold_folder, heideltime_folder, _ in tempeval.CORPORA:
        for part in parts:
            for path in tempeval.corpus_files(root, gold_folder, part):
                score_document(tagger, path, root / "heideltime-tbaq" / heideltime_folder / path.name, corpus, part,
                               out / heideltime_folder if out is not None else None, tally)


def gold_files(folder: Path) -> list[Path]:
    """The TimeML files of a test set folder, sorted by name."""
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise FileNotFoundError(f"no .tml files in {folder}")
    return files


def evaluate_test_set(tagger, gold: Path, heideltime: Path | None, out: Path | None, tally: Tally) -> None:
    """Score every document of a test set nobody tuned on (the TempEval-3 platinum set, say)."""
    for path in gold_files(gold):
        score_document(tagger, path, heideltime / path.name if heideltime is not None else None, gold.name, "test",
                       out, tally)


def table(tally: Tally, parts: list[str], corpora: list[str]) -> list[str]:
    header = (f"{'documents':<24}{'system':<12}{'strict F1':>10}{'relaxed P':>10}{'relaxed R':>10}"
              f"{'relaxed F1':>11}{'value F1':>10}{'type F1':>9}{'gold':>6}{'found':>7}")
    lines = [header, "-" * len(header)]
    rows = [(name, [name]) for name in corpora] + ([("both", corpora)] if len(corpora) > 1 else [])
    for part in parts:
        for label, chosen in rows:
            for system in ("ours", "HeidelTime"):
                s = tally.scores(chosen, part, system)
                if s.counts.documents == 0:
                    continue
                lines.append(
                    f"{label + ' ' + part + ' (' + str(s.counts.documents) + ')':<24}{system:<12}"
                    f"{s.strict_f1:>10.2f}{s.relaxed_precision:>10.2f}{s.relaxed_recall:>10.2f}"
                    f"{s.relaxed_f1:>11.2f}{s.value_f1:>10.2f}{s.type_f1:>9.2f}"
                    f"{s.counts.gold:>6}{s.counts.system:>7}")
        lines.append("")
    return lines


def one_core() -> str:
    """Pin this process to one CPU for the timing (Linux); say which."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def held_out_files(root: Path) -> list[Path]:
    return [path for _, folder, _, _ in sorted(tempeval.CORPORA, key=lambda c: c[0])
            for path in tempeval.corpus_files(root, folder, "held-out")]


def timing(tagger, files: list[Path]) -> list[str]:
    documents = [tempeval.read_timeml(path) for path in files[:TE3_DOCUMENTS]]
    inputs = [(document.text, document_dct(document)) for document in documents]
    words = sum(len(text.split()) for text, _ in inputs)
    core = one_core()
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        for text, dct in inputs:
            list(tagger(text, dct))
        runs.append(time.perf_counter() - began)
    heideltime = HEIDELTIME_SECONDS_PER_DOCUMENT * len(inputs)
    return [
        f"Speed ({core}): the TE3-sized set, {len(inputs)} documents, {words} words",
        f"  tagging time: first run {runs[0]:.3f} s, best of 3 {min(runs):.3f} s, "
        f"median {statistics.median(runs):.3f} s  (target: under 2 s)",
        f"  HeidelTime: ~{HEIDELTIME_SECONDS_PER_DOCUMENT:.0f} s/document here, ~{heideltime:.0f} s; "
        f"ours is {heideltime / runs[0]:.0f}x faster (first run), {heideltime / min(runs):.0f}x (best)"
        "  (target: at least 100x)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="the shared/timeml folder (default: ../shared/timeml beside the "
                             "repository, else /work/shared/timeml)")
    parser.add_argument("--part", choices=("dev", "held-out", "both"), default="both")
    parser.add_argument("--out", type=Path, default=None,
                        help="also write our system TimeML files to OUT/{timebank,aquaint}/ (with --gold: to OUT/)")
    parser.add_argument("--gold", type=Path, default=None,
                        help="instead of TimeBank and AQUAINT, score every .tml file of this folder: a test set "
                             "nobody tuned on, such as the TempEval-3 platinum set")
    parser.add_argument("--heideltime", type=Path, default=None,
                        help="with --gold: HeidelTime's output of the same documents (same file names), scored beside ours")
    parser.add_argument("--tagger", default="kb.temporal:find_times",
                        help="the tagger, as MODULE:FUNCTION (default kb.temporal:find_times)")
    parser.add_argument("--no-timing", action="store_true", help="skip the speed measurement")
    arguments = parser.parse_args(argv)

    began = time.perf_counter()
    try:
        tagger = load_tagger(arguments.tagger)
    except TaggerMissing as error:
        print(f"run.py: no tagger to benchmark: {error}", file=sys.stderr)
        return 2
    imported = time.perf_counter() - began
    if arguments.heideltime is not None and arguments.gold is None:
        parser.error("--heideltime goes with --gold")
    try:
        if arguments.gold is not None:
            timed, parts, corpora = gold_files(arguments.gold), ["test"], [arguments.gold.name]
        else:
            root = arguments.data or tempeval.find_timeml_root()
            timed = held_out_files(root)
            parts = ["dev", "held-out"] if arguments.part == "both" else [arguments.part]
            corpora = [name for name, *_ in tempeval.CORPORA]
    except FileNotFoundError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2

    # time first, on a fresh tagger: nothing it may cache from the scoring pass helps it
    speed = [] if arguments.no_timing else timing(tagger, timed)
    tally = Tally()
    if arguments.gold is not None:
        evaluate_test_set(tagger, arguments.gold, arguments.heideltime, arguments.out, tally)
    else:
        evaluate(tagger, root, parts, arguments.out, tally)

    print("TempEval-3 Task A (TIMEX3), our scorer (bench/temporal/tempeval.py, which reproduces the "
          "official toolkit)")
    if arguments.gold is None:
        print("split: in each corpus, file names sorted, index % 4 == 3 held out of tuning "
              "(TimeBank 138 dev / 45 held-out, AQUAINT 55 / 18)")
    print()
    print("\n".join(table(tally, parts, corpora)))
    print(f"tagger {arguments.tagger}: imported in {imported:.3f} s; {tally.expressions} expressions "
          f"on {tally.documents} documents ({tally.words} words) in {tally.seconds:.3f} s, "
          f"{tally.seconds / max(tally.documents, 1) * 1000:.1f} ms/document")
    if tally.dropped:
        print(f"  {tally.dropped} expressions dropped (overlapping another, or out of range)")
    if tally.bad_types:
        print(f"  {tally.bad_types} expressions with a type that is not DATE/TIME/DURATION/SET")
    if arguments.out is not None:
        written = arguments.out if arguments.gold is not None else f"{arguments.out}/timebank and {arguments.out}/aquaint"
        print(f"  system TimeML written to {written} (the official toolkit can score them against the same gold files)")
    if tally.failures:
        print(f"\n{len(tally.failures)} documents failed:")
        for failure in tally.failures:
            print("  " + failure)
    if speed:
        print()
        print("\n".join(speed))
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
