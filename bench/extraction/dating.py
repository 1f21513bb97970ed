"""How well automatic events are dated, against TimeBank's and AQUAINT's own links from events to dates.

    .venv/bin/python bench/extraction/dating.py [--part dev|test|both] [--show N]

The hand sidecars date 25 events of the tuning set: too few to develop the dating rules on. The
TimeML gold of TBAQ links many events to a time expression (TLINK IS_INCLUDED, DURING or
SIMULTANEOUS to a DATE TIMEX3 with a calendar value, or to the creation time): a reader's date
for that event. This script extracts every document (as an article, the way tbaq.py writes it),
finds the automatic event whose evidence holds each linked event word (the smallest one), and
counts how often its date has the gold value: right, wrong (another date), or left undated.

The documents of the held-out sets (untouched and fresh) are left out. The rest is split by name
into a dev part (to look at) and a test part (only its figures, to see whether a rule carries
over); --show lists dev mistakes only.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from bench.extraction.tbaq import FRESH, FRESH_2, FRESH_3, TIMEML, UNTOUCHED, article_text  # noqa: E402
from kb.article import parse_article  # noqa: E402
from kb.extract import extract  # noqa: E402
from kb.records import Event  # noqa: E402
from kb.timeml import read  # noqa: E402

HELD_OUT = frozenset(UNTOUCHED + FRESH + FRESH_2 + FRESH_3)
_LINKED = ("IS_INCLUDED", "DURING", "SIMULTANEOUS")
_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TLINK = re.compile(r"<TLINK\b[^>]*>")
_MAKEINSTANCE = re.compile(r"<MAKEINSTANCE\b[^>]*>")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*"([^"]*)\"""")


@dataclass
class Tally:
    counts: Counter

    def line(self, name: str) -> str:
        c = self.counts
        found = c["right"] + c["wrong"] + c["undated"]
        share = c["right"] / found if found else 0.0
        return (f"{name}: {c['gold']} gold dated events, {found} found by the extractor: {c['right']} right ({share:.2f}), "
                f"{c['wrong']} wrong, {c['undated']} undated")


def part_of(document: str) -> str:
    return "dev" if int(hashlib.sha1(document.encode()).hexdigest(), 16) % 2 == 0 else "test"


def gold_dates(source: str, dct_tid: str | None, dct_value: str | None, timexes, events) -> dict[int, str]:
    """Each linked event word's start (in TimeML's plain text) and the calendar value of its date."""
    instance_of = {}
    for tag in _MAKEINSTANCE.findall(source):
        attributes = dict(_ATTRIBUTE.findall(tag))
        instance_of[attributes.get("eiid", "")] = attributes.get("eventID", "")
    value_of = {timex.tid: timex.value for timex in timexes if timex.type == "DATE"}
    if dct_tid and dct_value:
        value_of[dct_tid] = dct_value[:10]
    start_of = {event.attributes.get("eid", ""): event.start for event in events}
    dates: dict[int, str] = {}
    for tag in _TLINK.findall(source):
        attributes = dict(_ATTRIBUTE.findall(tag))
        value = value_of.get(attributes.get("relatedToTime", ""), "")
        event = instance_of.get(attributes.get("eventInstanceID", ""))
        if attributes.get("relType") in _LINKED and event in start_of and _CALENDAR.match(value):
            dates.setdefault(start_of[event], value)
    return dates


def holder(events: list[Event], offset: int) -> Event | None:
    """The automatic event whose evidence holds the offset; the smallest such evidence wins."""
    best: tuple[int, Event] | None = None
    for event in events:
        for evidence in event.evidence:
            if evidence.start <= offset < evidence.end and (best is None or evidence.end - evidence.start < best[0]):
                best = (evidence.end - evidence.start, event)
    return best[1] if best else None


def score(document: str, tally: Tally, mistakes: list[str] | None) -> None:
    timeml = read(TIMEML / f"{document}.tml")
    text = article_text(document)
    body = timeml.text.strip()
    shift = text.index(body) - (len(timeml.text) - len(timeml.text.lstrip()))
    article = parse_article(text, path=f"{document}.txt")
    events = extract(article).events
    for start, value in gold_dates(timeml.source, timeml.dct_tid, timeml.dct_value, timeml.timexes, timeml.events).items():
        tally.counts["gold"] += 1
        event = holder(events, start + shift)
        if event is None:
            continue
        mine = event.time.value if event.time else None
        verdict = "undated" if mine is None else "right" if mine == value else "wrong"
        tally.counts[verdict] += 1
        if mistakes is not None and verdict != "right":
            word = text[start + shift:].split(None, 1)[0]
            mistakes.append(f"  {document} {verdict:<8} gold {value:<10} ours {mine or '-':<10} {word!r} in {event.evidence[0].exact[:80]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--show", type=int, default=0, help="list this many dev mistakes")
    options = parser.parse_args()
    documents = sorted(f"{path.parent.name}/{path.stem}" for path in TIMEML.glob("*/*.tml"))
    documents = [document for document in documents if document not in HELD_OUT]
    mistakes: list[str] = []
    for part in ("dev", "test"):
        if options.part not in (part, "both"):
            continue
        tally = Tally(Counter())
        for document in (d for d in documents if part_of(d) == part):
            score(document, tally, mistakes if part == "dev" and options.show else None)
        print(tally.line(f"{part} ({sum(1 for d in documents if part_of(d) == part)} documents)"))
    for line in mistakes[: options.show]:
        print(line)


if __name__ == "__main__":
    main()
