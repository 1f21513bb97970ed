"""The web layer's cache of the timeline's answers: kept until the next write, never stale."""

from types import SimpleNamespace

from web.extensions import ReadCache


def test_an_answer_is_kept_until_the_store_changes():
    kb, cache, calls = SimpleNamespace(generation=0), ReadCache(), []

    def compute():
        calls.append(kb.generation)
        return {"generation": kb.generation}

    assert cache.get(kb, "facets", compute) == {"generation": 0}
    assert cache.get(kb, "facets", compute) == {"generation": 0} and calls == [0], "asked again: not computed again"
    kb.generation = 1  # a load, an update or a removal
    assert cache.get(kb, "facets", compute) == {"generation": 1} and calls == [0, 1]


def test_a_write_while_computing_is_not_hidden():
    kb, cache = SimpleNamespace(generation=0), ReadCache()

    def compute_during_a_write():
        kb.generation += 1  # another thread writes while this answer is computed
        return "stale"

    assert cache.get(kb, "page", compute_during_a_write) == "stale"
    assert cache.get(kb, "page", lambda: "fresh") == "fresh", "the answer computed across a write is not kept"


def test_only_the_latest_answers_are_kept():
    kb, cache = SimpleNamespace(generation=0), ReadCache(size=2)
    for key in ("a", "b", "c"):
        cache.get(kb, key, lambda key=key: key.upper())
    assert cache.get(kb, "a", lambda: "again") == "again", "the oldest answer made room"
    assert cache.get(kb, "c", lambda: "again") == "C"


def test_one_request_computes_while_the_others_wait_for_its_answer():
    import threading
    import time

    kb, cache, calls = SimpleNamespace(generation=0), ReadCache(), []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return "answer"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(kb, "export", slow))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["answer"] * 5 and calls == [1]


def test_a_request_that_cannot_get_its_answer_in_time_is_told_to_come_back():
    import threading
    import time

    import pytest

    from kb.admission import Overloaded

    kb, cache = SimpleNamespace(generation=0), ReadCache(concurrent=1, wait=0.2)
    busy = threading.Thread(target=cache.get, args=(kb, "a", lambda: time.sleep(1) or "a"))
    busy.start()
    time.sleep(0.05)
    with pytest.raises(Overloaded) as refused:
        cache.get(kb, "b", lambda: "b")
    assert refused.value.http_status == 503
    busy.join()
