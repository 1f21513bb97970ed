"""Score automatic extraction against curated sidecars: the seed article, the TBAQ documents tuned on,
and the TBAQ documents never looked at while tuning, untouched and three fresh sets (bench/extraction/tbaq.py),
each beside a baseline measured in the same run (one event per sentence that holds a time expression).

Events are matched one to one by overlapping evidence (the pairs that overlap most first); actors
likewise, or by the same key; an actor-event link is right when its event and its actor are both
matched and the curated event has that actor (in any role, or as its place: a country). A matched event's date agrees when
both give the same bounds (earliest begin, latest end); only curated events dated on the calendar
count (not those the sidecar places only before or after something: a TimeML PAST_REF).

    python bench/extraction/run.py [--set seed|tuning|untouched|fresh|fresh-2|fresh-3] [--show]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.extraction.tbaq import FRESH, FRESH_2, FRESH_3, TUNING, UNTOUCHED, article_name, write_articles  # noqa: E402
from kb.annotations import read_sidecar  # noqa: E402
from kb.article import Document, read_article  # noqa: E402
from kb.extract import extract  # noqa: E402
from kb.extract.times import dated_expressions  # noqa: E402
from kb.records import Actor, Event, Evidence, Records  # noqa: E402
from kb.resources import seed_articles  # noqa: E402


@dataclass
class Counts:
    """True positives and the sizes of both sides, summed over documents."""

    matched: int = 0
    automatic: int = 0
    curated: int = 0

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.automatic += other.automatic
        self.curated += other.curated

    def scores(self) -> tuple[float, float, float]:
        precision = self.matched / self.automatic if self.automatic else 0.0
        recall = self.matched / self.curated if self.curated else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class Score:
    events: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    dated: int = 0
    dates_right: int = 0

    def add(self, other: Score) -> None:
        self.events.add(other.events)
        self.actors.add(other.actors)
        self.links.add(other.links)
        self.dated += other.dated
        self.dates_right += other.dates_right


def _overlap(first: Sequence[Evidence], second: Sequence[Evidence]) -> float:
    """How much two records' evidence overlaps: the best Jaccard ratio of their spans (0: none)."""
    best = 0.0
    for a in first:
        for b in second:
            common = min(a.end, b.end) - max(a.start, b.start)
            if common > 0:
                best = max(best, common / (max(a.end, b.end) - min(a.start, b.start)))
    return best


def _match(curated: Sequence, automatic: Sequence, similarity: Callable[[object, object], float]) -> dict[int, int]:
    """One-to-one matching, most similar pairs first: automatic index -> curated index."""
    pairs = sorted(((similarity(c, a), ci, ai) for ci, c in enumerate(curated) for ai, a in enumerate(automatic)), reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for value, ci, ai in pairs:
        if value <= 0:
            break
        if ai not in matched and ci not in used:
            matched[ai] = ci
            used.add(ci)
    return matched


def _actor_similarity(curated: Actor, automatic: Actor) -> float:
    same_key = 1.0 if curated.key == automatic.key or curated.label.lower() == automatic.label.lower() else 0.0
    return max(same_key, _overlap(curated.evidence, automatic.evidence))


def _calendar_dated(event: Event) -> bool:
    """Dated on the calendar: not undated, and not only placed before or after something ("PAST_REF" and its like)."""
    return event.time is not None and not event.time.value.endswith("_REF")


def _bounds(event: Event) -> tuple[object, object] | None:
    return (event.time.earliest_begin, event.time.latest_end) if event.time else None


def _links(records: Records) -> set[tuple[str, str]]:
    """Each (event, actor) pair: an actor in any role, or a country that is the event's place (countries are actors)."""
    actors = {actor.key for actor in records.actors}
    return {(event.key, key) for event in records.events
            for key in [*(k for keys in event.roles.values() for k in keys), *(p for p in event.places if p in actors)]}


def score(curated: Records, automatic: Records) -> Score:
    result = Score()
    events = _match(curated.events, automatic.events, lambda c, a: _overlap(c.evidence, a.evidence))
    actors = _match(curated.actors, automatic.actors, _actor_similarity)
    result.events = Counts(len(events), len(automatic.events), len(curated.events))
    result.actors = Counts(len(actors), len(automatic.actors), len(curated.actors))
    curated_links = _links(curated)
    actor_key = {automatic.actors[ai].key: curated.actors[ci].key for ai, ci in actors.items()}
    right = 0
    automatic_links = _links(automatic)
    event_key = {automatic.events[ai].key: curated.events[ci].key for ai, ci in events.items()}
    for event, actor in automatic_links:
        if (event_key.get(event), actor_key.get(actor)) in curated_links:
            right += 1
    result.links = Counts(right, len(automatic_links), len(curated_links))
    for ai, ci in events.items():
        expected = _bounds(curated.events[ci])
        if _calendar_dated(curated.events[ci]) and expected is not None:
            result.dated += 1
            result.dates_right += _bounds(automatic.events[ai]) == expected
    return result


def baseline(document: Document) -> Records:
    """One event per sentence that holds a date, dated by it, with no actors."""
    records = Records(document)
    for expression in dated_expressions(document):
        if expression.span is None:
            continue
        sentence = document.sentence_around(expression.start, expression.end)
        if any(e.evidence[0].start == sentence.start for e in records.events):
            continue
        records.events.append(Event(f"e{len(records.events)}", "", "statement", "happened", expression.span,
                                    evidence=[Evidence.at(document.text, sentence.start, sentence.end)]))
    return records


def _documents(folder: Path, which: str) -> list[tuple[Path, Path]]:
    if which == "seed":
        return [(article, article.with_suffix(".toml")) for article in seed_articles()]
    chosen = {"tuning": TUNING, "untouched": UNTOUCHED, "fresh": FRESH, "fresh-2": FRESH_2, "fresh-3": FRESH_3}[which]
    write_articles(folder, chosen)
    return [(folder / f"{article_name(d)}.txt", folder / f"{article_name(d)}.toml") for d in chosen]


def _line(name: str, result: Score) -> str:
    e, a, link = result.events.scores(), result.actors.scores(), result.links.scores()
    dates = f"{result.dates_right}/{result.dated} = {result.dates_right / result.dated:.2f}" if result.dated else "n/a"
    return (f"  {name:<9} events P {e[0]:.2f} R {e[1]:.2f} F1 {e[2]:.2f} ({result.events.matched}/{result.events.automatic}/{result.events.curated})"
            f" | actors P {a[0]:.2f} R {a[1]:.2f} F1 {a[2]:.2f} | links P {link[0]:.2f} R {link[1]:.2f} F1 {link[2]:.2f} | dates {dates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("seed", "tuning", "untouched", "fresh", "fresh-2", "fresh-3"), action="append")
    parser.add_argument("--show", action="store_true", help="print each document's unmatched events")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for which in options.set or ("seed", "tuning", "untouched", "fresh", "fresh-2", "fresh-3"):
            total, total_baseline = Score(), Score()
            print(f"{which}:")
            for article, sidecar in _documents(Path(scratch), which):
                document = read_article(article)
                curated = read_sidecar(sidecar, document)
                automatic = extract(document)
                result, result_baseline = score(curated, automatic), score(curated, baseline(document))
                total.add(result)
                total_baseline.add(result_baseline)
                if options.show:
                    print(_line(article.stem[:9], result))
                    _show(curated, automatic)
            print(_line("extractor", total))
            print(_line("baseline", total_baseline))


def _show(curated: Records, automatic: Records) -> None:
    events = _match(curated.events, automatic.events, lambda c, a: _overlap(c.evidence, a.evidence))
    for ai, event in enumerate(automatic.events):
        mark = f"= {curated.events[events[ai]].key}" if ai in events else "+ (not curated)"
        mine = event.time.value if event.time else "-"
        theirs = curated.events[events[ai]].time if ai in events else None
        if ai in events and (theirs.value if theirs else "-") != mine:
            mine += f" (curated {theirs.value if theirs else '-'})"
        print(f"      {mark:<40} {event.type:<18} {mine:<12} {event.evidence[0].exact[:90]!r}")
    for ci, event in enumerate(curated.events):
        if ci not in events.values():
            print(f"      - {event.key:<38} {event.type:<18} {event.time.value if event.time else '-':<12} {event.evidence[0].exact[:90]!r}")


if __name__ == "__main__":
    main()
