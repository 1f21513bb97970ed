"""How fast the automatic extraction loads articles nobody annotated, and whether memory stays flat.

    .venv/bin/python bench/extraction/speed.py [--articles 1000] [--workers 2] [--single 10]

The articles are made at run time from the TBAQ newswire in ../shared/timeml (never copied into
the project; the four untouched documents of the quality benchmark are left out): each joins
whole paragraphs of consecutive documents until it has 1,000 words, with the first one's
creation date as its publication date, so every article differs. Into a fresh store it measures
- one article end to end, ``KnowledgeBase.load`` (reading, extraction, graph, shapes, one
  transaction), median and slowest of ``--single`` articles after one warm-up, and where that
  time goes (extraction, graph, shapes, store);
- the floor, measured in the same run: spaCy's pipeline alone over the same texts;
- a corpus of ``--articles`` such articles through ``KnowledgeBase.load_corpus`` with
  ``--workers`` processes (articles per second), and for comparison the first tenth of it with
  one process; the resident memory of the writing process and of the workers, sampled every
  tenth of the corpus, so growth would show.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from bench.extraction.tbaq import TIMEML, UNTOUCHED  # noqa: E402
from kb.article import parse_article  # noqa: E402
from kb.extract import extract  # noqa: E402
from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.nlp import pipeline  # noqa: E402
from kb.rdf import article_graph  # noqa: E402
from kb.shapes import validate  # noqa: E402
from kb.timeml import read  # noqa: E402

WORDS = 1000


def _documents() -> list[tuple[str, list[str]]]:
    """Every TBAQ document but the untouched ones: its creation date and its paragraphs."""
    left_out = {f"{name}.tml" for name in UNTOUCHED}
    found = []
    for path in sorted(TIMEML.glob("*/*.tml")):
        if f"{path.parent.name}/{path.name}" in left_out:
            continue
        timeml = read(path)
        paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", timeml.text) if block.strip()]
        found.append((timeml.dct.isoformat(), paragraphs))
    return found


def write_articles(target: Path, count: int) -> list[Path]:
    """``count`` articles of about 1,000 words each, each starting at another document."""
    documents = _documents()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        first = number % len(documents)
        dct, paragraphs, words, step = documents[first][0], [], 0, 0
        while words < WORDS:
            for paragraph in documents[(first + step * 7 + number // len(documents)) % len(documents)][1]:
                paragraphs.append(paragraph)
                words += len(paragraph.split())
                if words >= WORDS:
                    break
            step += 1
        path = target / f"article-{number:04d}.txt"
        path.write_text(f"Title: Benchmark article {number}\nDate: {dct}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def _children(pid: int) -> list[int]:
    """Children of any of the process's threads: the pool starts its replacement workers from a thread of its own."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def single_articles(folder: Path, articles: list[Path]) -> None:
    nlp = pipeline()
    with KnowledgeBase(folder / "single-store") as kb:
        kb.load(articles[0])  # warm-up: spaCy, the shapes, the store
        timings, parts = [], {"extraction": [], "graph": [], "shapes": [], "store": []}
        floor = []
        for path in articles[1:]:
            started = time.perf_counter()
            kb.load(path)
            timings.append(time.perf_counter() - started)
            document = parse_article(path.read_text(encoding="utf-8"), path=str(path))
            started = time.perf_counter()
            list(nlp.language.pipe(paragraph for paragraph in (document.text[p.start:p.end] for p in document.paragraphs)))
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            records = extract(document, kb.known_actors())
            parts["extraction"].append(time.perf_counter() - started)
            started = time.perf_counter()
            graph_iri, graph = article_graph(records)
            parts["graph"].append(time.perf_counter() - started)
            started = time.perf_counter()
            validate(graph)
            parts["shapes"].append(time.perf_counter() - started)
            started = time.perf_counter()
            kb.store.replace_graph(str(graph_iri), graph.serialize(format="nt", encoding="utf-8"))
            parts["store"].append(time.perf_counter() - started)
    words = statistics.median(len(path.read_text(encoding="utf-8").split()) for path in articles[1:])
    median = statistics.median(timings)
    print(f"one article end to end (kb load, {words:.0f} words; median of {len(timings)}): {median * 1000:.0f} ms, "
          f"slowest {max(timings) * 1000:.0f} ms (target < 500 ms: {'met' if max(timings) < 0.5 else 'NOT met'})")
    print("  where it goes (medians): " + ", ".join(f"{name} {statistics.median(values) * 1000:.0f} ms" for name, values in parts.items()))
    spacy_alone = statistics.median(floor)
    print(f"  floor, spaCy's pipeline alone over the same paragraphs: {spacy_alone * 1000:.0f} ms "
          f"(end to end is {median / spacy_alone:.1f}x it)")


def corpus(folder: Path, articles: int, workers: int, label: str) -> float:
    corpus_folder = folder / "corpus"
    store = folder / f"corpus-store-{label}"
    samples = []
    loaded = failed = 0
    with KnowledgeBase(store) as kb:
        started = time.perf_counter()
        for number, outcome in enumerate(kb.load_corpus(corpus_folder, workers=workers, expected=articles), 1):
            loaded, failed = loaded + (outcome.prepared is not None), failed + (outcome.prepared is None)
            if number % max(1, articles // 10) == 0 or number == articles:
                elapsed = time.perf_counter() - started
                workers_rss = [_rss_mib(child) for child in _children(os.getpid())]
                samples.append((number, elapsed, _rss_mib(os.getpid()), workers_rss))
            if number == articles:
                break
        seconds = time.perf_counter() - started
    rate = loaded / seconds
    print(f"corpus, {label}: {loaded} of {articles} articles loaded ({failed} failed) in {seconds:.1f} s: "
          f"{rate:.2f} articles per second")
    for number, elapsed, main, children in samples:
        print(f"  after {number:5d} articles ({elapsed:6.1f} s): writer {main:6.0f} MiB, workers "
              + (", ".join(f"{rss:.0f}" for rss in children) or "-") + " MiB")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single", type=int, default=10)
    options = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    with tempfile.TemporaryDirectory(prefix="eventkb-extraction-speed-") as scratch:
        folder = Path(scratch)
        written = write_articles(folder / "corpus", options.articles)
        single_articles(folder, written[: options.single + 1])
        tenth = max(options.articles // 10, 1)
        (folder / "subset").mkdir()
        for path in written[:tenth]:
            (folder / "subset" / path.name).symlink_to(path)
        one_rate = _subset_rate(folder, tenth)
        rate = corpus(folder, options.articles, options.workers, f"{options.workers} workers")
        print(f"  {options.workers} workers against one process: {rate / one_rate:.2f}x "
              f"(target >= 5 articles per second: {'met' if rate >= 5 else 'NOT met'})")


def _subset_rate(folder: Path, articles: int) -> float:
    """The baseline: the corpus's first tenth in the writing process alone."""
    with KnowledgeBase(folder / "subset-store") as kb:
        started = time.perf_counter()
        loaded = sum(outcome.prepared is not None for outcome in kb.load_corpus(folder / "subset", workers=1))
        seconds = time.perf_counter() - started
    print(f"corpus, one process (first {articles} articles): {loaded} loaded in {seconds:.1f} s: {loaded / seconds:.2f} articles per second")
    return loaded / seconds


if __name__ == "__main__":
    main()
