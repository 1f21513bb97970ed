"""What one small SPARQL Update costs as the store grows: the gate now, the old whole-store way, the engine alone.

    .venv/bin/python bench/update/run.py [--cache /tmp/eventkb-load-store] [--runs 20]

For the seed store (about 4.6k quads) and the load test's large store (about 1M quads, built
once by bench/load/build_store.py), on a copy of each, it times
- ``KnowledgeBase.apply_update`` of a one-triple INSERT DATA into a small graph of its own,
  and of the DELETE DATA that takes it out again (median of --runs each, after one warm-up
  that also starts the update worker): the scratch checkpoint, the worker's try, the
  comparison of the graphs the update can touch, their validation, and the one transaction
  that applies the change;
- the baseline, measured in the same run: the way updates were checked before (a scratch copy,
  every quad of the store gathered into a set before and after, the update applied to the store
  itself), once per store size;
- the floor: pyoxigraph's own ``Store.update`` of the same triple;
and the server process's resident memory before and after, since the old way kept the sets.
It prints each figure and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
for path in (REPOSITORY, REPOSITORY / "bench" / "load"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import pyoxigraph as ox  # noqa: E402
from build_store import DEFAULT_ARTICLES, DEFAULT_CACHE, DEFAULT_EVENTS, build, cached  # noqa: E402

from kb.knowledge_base import KnowledgeBase  # noqa: E402

NOTES = "http://example.org/bench/notes"
TRIPLE = (f"GRAPH <{NOTES}> {{ <http://example.org/bench/e{{n}}> a <https://w3id.org/eventkb/ontology#Talks> ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> \"Talks\" ; <https://w3id.org/eventkb/ontology#undated> true }")


def _insert(n: int) -> str:
    return "INSERT DATA { " + TRIPLE.replace("{n}", str(n)) + " }"


def _delete(n: int) -> str:
    return "DELETE DATA { " + TRIPLE.replace("{n}", str(n)) + " }"


def _resident_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _median_ms(action: Callable[[int], object], runs: int, first: int) -> float:
    times = []
    for n in range(first, first + runs):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _old_way(kb: KnowledgeBase, update: str, work: Path) -> None:
    """The check updates went through before: a scratch copy, every quad in a set before and after."""
    kb.store.backup(work / "scratch")
    scratch = ox.Store(str(work / "scratch"))
    before = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in scratch}
    scratch.update(update)
    after = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in scratch}
    assert before ^ after
    del scratch
    shutil.rmtree(work / "scratch")
    kb.store.update(update)


def measure(name: str, store: Path | None, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kb-bench-update-") as directory:
        work = Path(directory)
        if store is not None:
            shutil.copytree(store, work / "store")
        with KnowledgeBase(work / "store") as kb:
            if store is None:
                kb.load_seed()
            quads = len(kb.store)
            memory_before = _resident_mib()
            started = time.perf_counter()
            kb.apply_update(_insert(0))
            first_ms = (time.perf_counter() - started) * 1000
            insert_ms = _median_ms(lambda n: kb.apply_update(_insert(n)), runs, 1)
            delete_ms = _median_ms(lambda n: kb.apply_update(_delete(n)), runs, 1)
            memory_after = _resident_mib()
            baseline_ms = _median_ms(lambda n: _old_way(kb, _insert(n), work), 1, 10_000)
            floor_ms = _median_ms(lambda n: kb.store.update(_insert(n)), runs, 20_000)
    figures = {"quads": quads, "first update (starts the worker) ms": first_ms, "one-triple INSERT DATA ms": insert_ms,
               "one-triple DELETE DATA ms": delete_ms, "baseline: the old whole-store check ms": baseline_ms,
               "floor: pyoxigraph Store.update ms": floor_ms, "server RSS before MiB": memory_before,
               "server RSS after MiB": memory_after}
    print(f"\n== {name}: {quads:,} quads ==")
    for label, value in figures.items():
        ratio = f"   {baseline_ms / value:8.1f}x faster than the baseline" if label.startswith("one-triple") else ""
        print(f"  {label:45s} {value:12,.2f}{ratio}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the large store is kept")
    parser.add_argument("--runs", type=int, default=20, help="updates timed per figure (median)")
    arguments = parser.parse_args(argv)
    if cached(arguments.cache) is None:
        build(arguments.cache, DEFAULT_ARTICLES, DEFAULT_EVENTS)
    measure("seed store", None, arguments.runs)
    figures = measure("large store", arguments.cache / "store", arguments.runs)
    target = figures["one-triple INSERT DATA ms"] < 100
    print(f"\ntarget: a one-triple update under 100 ms at 1M quads: {figures['one-triple INSERT DATA ms']:.1f} ms "
          f"({'met' if target else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
