"""Reproduction check: our TempEval-3 scorer on HeidelTime's output against the toolkit's figures.

    .venv/bin/python bench/temporal/score_heideltime.py [--data DIR]

Scores shared/timeml/heideltime-tbaq/{timebank,aquaint}/*.tml against the gold
shared/timeml/tbaq/{TimeBank,AQUAINT}/*.tml with bench/temporal/tempeval.py, prints the
figures beside the official TempEval-3 toolkit's (heideltime-tbaq/scores-*.txt) and exits
with 1 if any figure differs by more than 0.01 (percentage points) or any count differs;
2 if the data cannot be read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))  # the repository: tempeval reads TimeML with kb.timeml

import tempeval  # noqa: E402

TOLERANCE = 0.01  # percentage points; the toolkit prints two decimals

# (label, key in Scores.as_dict() / the official figures)
FIGURES = (
    ("strict P", "strict_precision"), ("strict R", "strict_recall"), ("strict F1", "strict_f1"),
    ("relaxed P", "relaxed_precision"), ("relaxed R", "relaxed_recall"), ("relaxed F1", "relaxed_f1"),
    ("value F1", "value_f1"), ("type F1", "type_f1"),
)
COUNTS = (
    ("gold TIMEX3", "gold", "gold"), ("system TIMEX3", "system", "system"),
    ("relaxed matches", "relaxed", "relaxed_gold"), ("same type", "type", "type"),
    ("same value", "value", "value"),
)


def check(root: Path) -> tuple[list[str], bool]:
    """The table's lines and whether every figure was reproduced."""
    lines: list[str] = []
    ok = True
    for name, gold_folder, heideltime_folder, scores_file in tempeval.CORPORA:
        official = tempeval.parse_official_scores(
            (root / "heideltime-tbaq" / scores_file).read_text(encoding="utf-8"))
        began = time.perf_counter()
        ours = tempeval.score_directories(root / "tbaq" / gold_folder,
                                          root / "heideltime-tbaq" / heideltime_folder)
        took = time.perf_counter() - began
        lines.append(f"{name}: {ours.counts.documents} documents, HeidelTime (news mode) "
                     f"against gold, scored in {took:.2f} s")
        lines.append(f"  {'figure':<16}{'ours':>10}{'official':>10}{'diff':>8}")
        figures = ours.as_dict()
        for label, key in FIGURES:
            difference = figures[key] - official[key]
            bad = abs(difference) > TOLERANCE
            ok &= not bad
            lines.append(f"  {label:<16}{figures[key]:>10.2f}{official[key]:>10.2f}"
                         f"{difference:>+8.3f}{'  MISMATCH' if bad else ''}")
        for label, official_key, our_key in COUNTS:
            if official_key not in official:
                continue
            mine = getattr(ours.counts, our_key)
            bad = mine != official[official_key]
            ok &= not bad
            lines.append(f"  {label:<16}{mine:>10d}{official[official_key]:>10d}"
                         f"{mine - official[official_key]:>+8d}{'  MISMATCH' if bad else ''}")
        lines.append("")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="the shared/timeml folder (default: ../shared/timeml beside the "
                             "repository, else /work/shared/timeml)")
    arguments = parser.parse_args(argv)
    try:
        root = arguments.data or tempeval.find_timeml_root()
        lines, ok = check(root)
    except (OSError, ValueError) as error:
        print(f"score_heideltime: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    if ok:
        print(f"Reproduced: every figure within {TOLERANCE} of the official toolkit's, "
              "every count equal.")
        return 0
    print("NOT reproduced: see MISMATCH above.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
