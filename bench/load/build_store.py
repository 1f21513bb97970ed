"""Build the large store the load test runs against (about 1M quads), once, into a cache directory.

    .venv/bin/python bench/load/build_store.py [--cache /tmp/eventkb-load-store] [--articles 330] [--events-per-article 50]

The seed article (through the shapes gate, as `kb load` does) plus ARTICLES synthetic articles
from bench/web/scale.py (``synthetic_records``: events between actors of one shared pool,
dated, each with its evidence quote, plus the tagger's time expressions), minted by
kb.rdf.article_graph and written straight to the store, as scale.py does (the shapes gate is
measured elsewhere; here only the size matters). 330 articles of 50 events make about 1.0M
quads.

Layout of the cache directory: ``store/`` (the pyoxigraph store) and ``build.json`` (how it was
built: parameters, quads, seconds). A build goes to a temporary directory beside it and is
renamed into place only when complete, so an interrupted build is never reused. run.py calls
this script when the cache has no complete store, and copies the store before serving it, so
a run never changes the cache.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
for path in (REPOSITORY, REPOSITORY / "bench" / "web"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

DEFAULT_CACHE = Path("/tmp/eventkb-load-store")
DEFAULT_ARTICLES = 330
DEFAULT_EVENTS = 50


def cached(cache: Path) -> dict | None:
    """The build record of a complete store in CACHE, or None."""
    record = cache / "build.json"
    if (cache / "store").is_dir() and record.is_file():
        try:
            return json.loads(record.read_text())
        except ValueError:
            return None
    return None


def build(cache: Path, articles: int, events: int, *, progress: bool = True) -> dict:
    """Build the store into CACHE (replacing what is there) and return its build record."""
    from scale import synthetic_records  # bench/web/scale.py

    from kb.knowledge_base import KnowledgeBase
    from kb.rdf import article_graph

    cache.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=cache.name + ".building-", dir=cache.parent))
    try:
        kb = KnowledgeBase(work / "store")
        with kb:
            kb.load_seed()
            rng = random.Random(1)
            for number in range(articles):
                graph_iri, graph = article_graph(synthetic_records(number, events, rng))
                kb.store.replace_graph(graph_iri, graph)
                if progress and (number + 1) % 25 == 0:
                    print(f"  {number + 1}/{articles} articles, {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
            kb.store.flush()
            quads = len(kb.store)
            graphs = len(kb.store.graphs())
        record = {"articles": articles, "events_per_article": events, "quads": quads, "named_graphs": graphs,
                  "seconds": round(time.perf_counter() - began, 1), "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (work / "build.json").write_text(json.dumps(record, indent=2) + "\n")
        if cache.exists():
            shutil.rmtree(cache)
        work.rename(cache)
        return record
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"cache directory (default {DEFAULT_CACHE})")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help=f"synthetic articles (default {DEFAULT_ARTICLES})")
    parser.add_argument("--events-per-article", type=int, default=DEFAULT_EVENTS, help=f"default {DEFAULT_EVENTS}")
    parser.add_argument("--force", action="store_true", help="rebuild even if the cache holds a complete store")
    arguments = parser.parse_args(argv)
    record = None if arguments.force else cached(arguments.cache)
    if record is None:
        print(f"building {arguments.articles} synthetic articles into {arguments.cache} ...", file=sys.stderr, flush=True)
        record = build(arguments.cache, arguments.articles, arguments.events_per_article)
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
