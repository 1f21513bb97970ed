"""How the pages' queries grow with the store: the seed alone against a store of many articles.

    .venv/bin/python bench/web/scale.py [--articles N] [--events-per-article M] [--runs R]

Builds, in a temporary directory, a store with the seed article (the baseline) and one with
the seed plus N synthetic articles (by default 300 articles of 50 events each: about 480,000
triples), minted by kb/rdf.py from records shaped like curated ones (events with actors drawn
from one shared pool, dates, evidence quotes, and the tagger's time expressions). For each
store it times what the web pages call (kb/read/), median of R runs after one warm-up:
the timeline's first page, the filter facets (uncached, and as the web layer serves them
between writes), an actor page (the busiest actor), an event's details, an article page, and
the CSV export of every event (one run after a warm-up).
It prints the figures and each one's ratio to the seed-only baseline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from kb.article import Document, Span  # noqa: E402
from kb.extract import time_mentions  # noqa: E402
from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.namespaces import EKBD  # noqa: E402
from kb.rdf import article_graph  # noqa: E402
from kb.read.articles import article as read_article  # noqa: E402
from kb.read.entities import entity  # noqa: E402
from kb.read.events import event_details  # noqa: E402
from kb.read.params import TimelineFilters  # noqa: E402
from kb.read.table import events_csv  # noqa: E402
from kb.read.timeline import facets, timeline  # noqa: E402
from kb.records import Actor, Event, Evidence, Records  # noqa: E402
from kb.temporal import Precision, TimeSpan  # noqa: E402
from web.urls import URLS  # noqa: E402

ACTORS = 300
TYPES = ("talks", "Talks"), ("protest", "Protest"), ("statement", "Statement"), ("ceasefire", "Ceasefire")
VERBS = {"Talks": "held talks with", "Protest": "protested against", "Statement": "issued a statement on",
         "Ceasefire": "agreed a ceasefire with"}


def synthetic_records(number: int, events: int, rng: random.Random) -> Records:
    """An article of ``events`` dated events between pooled actors, each quoted as evidence."""
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
    sentences, event_records, used = [], [], set()
    text = f"Title: Synthetic report {number}\nAuthor: Bench Writer\nDate: {published.isoformat()}\n\n"
    body_start = len(text)
    for index in range(events):
        first, second = rng.sample(range(ACTORS), 2)
        used.update((first, second))
        _, event_type = rng.choice(TYPES)
        day = published - timedelta(days=rng.randrange(1, 700))
        sentence = (f"Actor {first} {VERBS[event_type]} Actor {second} on {day.strftime('%B')} {day.day}, {day.year}"
                    f" in round {index}. ")
        start = len(text)
        text += sentence
        sentences.append(Span(start, start + len(sentence) - 1))
        span = TimeSpan(f"{day.strftime('%B')} {day.day}, {day.year}", day.isoformat(), Precision.DAY, day, day)
        event_records.append(Event(
            key=f"event-{index}", label=f"Actor {first} and Actor {second}, round {index}", type=event_type,
            status="happened", time=span, roles={"participant": [f"actor-{first}", f"actor-{second}"]},
            evidence=[Evidence.at(text, start, start + len(sentence) - 1)]))
    document = Document(path=f"synthetic-{number}.txt", slug=f"synthetic-{number}", text=text,
                        headline=f"Synthetic report {number}", author="Bench Writer", published=published,
                        body=Span(body_start, len(text)), paragraphs=[Span(body_start, len(text))], sentences=sentences)
    actors = [Actor(key=f"actor-{key}", label=f"Actor {key}", type="Country") for key in sorted(used)]
    records = Records(document=document, actors=actors, events=event_records)
    records.times = time_mentions(document)
    return records


def build(path: Path, articles: int, events: int) -> tuple[KnowledgeBase, float]:
    """The seed, then the synthetic articles written straight to the store (the shapes gate is
    measured elsewhere: here only the size matters)."""
    kb = KnowledgeBase(path)
    kb.load_seed()
    rng = random.Random(1)
    began = time.perf_counter()
    for number in range(articles):
        graph_iri, graph = article_graph(synthetic_records(number, events, rng))
        kb.store.replace_graph(graph_iri, graph)
    kb.store.flush()
    return kb, time.perf_counter() - began


def median_ms(job: Callable[[], object], runs: int) -> float:
    job()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def busiest_actor(kb: KnowledgeBase) -> str:
    (row,) = kb.query("""SELECT ?actor (COUNT(?event) AS ?n) WHERE { ?event sem:hasActor ?actor }
                         GROUP BY ?actor ORDER BY DESC(?n) LIMIT 1""")
    return row["actor"].value


def figures(kb: KnowledgeBase, runs: int) -> dict[str, float]:
    """What each page costs on this store, in milliseconds."""
    from web.extensions import ReadCache  # the web layer's cache; imported here so kb/ needs no Flask

    actor = busiest_actor(kb)
    event = str(EKBD["event/2021-03-05-turkey-azerbaijan/ceasefire"])
    article = str(EKBD["article/2021-03-05-turkey-azerbaijan"])
    cache = ReadCache()
    return {
        "timeline, first page": median_ms(lambda: timeline(kb, URLS, TimelineFilters()), runs),
        "facets, uncached": median_ms(lambda: facets(kb, URLS), runs),
        "facets, between writes": median_ms(lambda: cache.get(kb, "facets", lambda: facets(kb, URLS)), runs),
        "timeline first page, between writes": median_ms(
            lambda: cache.get(kb, ("timeline", TimelineFilters()), lambda: timeline(kb, URLS, TimelineFilters())), runs),
        "actor page (busiest actor)": median_ms(lambda: entity(kb, URLS, actor), runs),
        "event details": median_ms(lambda: event_details(kb, URLS, event), runs),
        "article page": median_ms(lambda: read_article(kb, URLS, article), runs),
        "every event as CSV (one run)": median_ms(lambda: events_csv(kb), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--events-per-article", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        with KnowledgeBase(Path(directory) / "seed") as seed:
            seed.load_seed()
            baseline, seed_quads = figures(seed, arguments.runs), len(seed.store)
        large, seconds = build(Path(directory) / "large", arguments.articles, arguments.events_per_article)
        with large:
            scaled, large_quads = figures(large, arguments.runs), len(large.store)
            events = int(next(iter(large.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* sem:Event }")))["n"].value)
    print(f"baseline: the seed alone, {seed_quads:,} quads; large: the seed and {arguments.articles} synthetic articles, "
          f"{events:,} events, {large_quads:,} quads (written in {seconds:.0f} s)")
    print(f"median of {arguments.runs} runs after a warm-up, milliseconds\n")
    print(f"{'what':<38}{'seed':>10}{'large':>10}{'ratio':>8}")
    for name, value in scaled.items():
        print(f"{name:<38}{baseline[name]:>10.1f}{value:>10.1f}{value / baseline[name]:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
