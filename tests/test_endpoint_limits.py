"""The endpoint's budgets: no call out however SERVICE is written, time, memory, bytes, fair turns."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers import LocalSite, local_site
from web import create_app

pytestmark = pytest.mark.slow

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUNGRY = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
SMALL = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def internal() -> Iterator[LocalSite]:
    """An internal service the server must never reach for a client."""
    secret = b'{"head":{"vars":["secret"]},"results":{"bindings":[{"secret":{"type":"literal","value":"internal"}}]}}'
    with local_site(lambda path: (secret, "application/sparql-results+json")) as site:
        yield site


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    app = create_app({"TESTING": True, "KB_STORE": str(tmp_path_factory.mktemp("limits") / "store"),
                      "KB_UPDATE_TOKEN": "t", "KB_QUERY_TIMEOUT": 4.0, "KB_QUERY_WORKERS": 1, "KB_LONG_QUERIES": 1,
                      "KB_LONG_QUERY_AFTER": 0.5, "KB_RESULT_BYTES": 4000, "KB_WORKER_MEMORY": 400,
                      "KB_CLIENT_QUERIES": 1, "KB_QUERY_QUEUE": 4})
    app.test_client().get("/sparql", query_string={"query": SMALL})  # start the workers
    yield app
    app.extensions["kb.queries"].close()
    app.extensions["kb"].close()


def _ask(app, query: str, client: str = "10.0.0.1", **headers: str):
    return app.test_client().get("/sparql", query_string={"query": query}, headers=headers,
                                 environ_base={"REMOTE_ADDR": client})


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p ?o sErViCe <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p ?o SERVICE#note\n<{url}>{{}} }}",
])
def test_a_disguised_federated_query_is_refused_and_nothing_is_called(limited, internal, template):
    response = _ask(limited, template.format(url=internal.url + "/sparql"))
    assert response.status_code == 403 and "SERVICE" in response.get_data(as_text=True)
    assert internal.requests == []


def test_an_update_that_calls_out_is_refused(limited, internal):
    for update in (f"LOAD <{internal.url}/data.ttl>", f"INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p trueSERVICE <{internal.url}> {{}} }}"):
        response = limited.test_client().post("/sparql", data=update, headers={
            "Content-Type": "application/sparql-update", "Authorization": "bearer t"})
        assert response.status_code == 403, response.get_data(as_text=True)
    assert internal.requests == []


def test_answers_are_capped_in_bytes_with_the_truncation_headers(limited):
    response = _ask(limited, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert len(response.data) <= 4000 and response.headers["X-KB-Truncated"] == "true"
    assert response.headers["X-KB-Result-Bytes-Limit"] == "4000"
    rows = json.loads(response.data)["results"]["bindings"]
    assert 0 < len(rows) == int(response.headers["X-KB-Result-Count"])
    csv = _ask(limited, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", Accept="text/csv")
    assert len(csv.data) <= 4000 and csv.headers["X-KB-Truncated"] == "true"


def test_a_query_past_the_memory_cap_is_stopped_and_the_server_goes_on(limited):
    response = _ask(limited, HUNGRY)
    assert response.status_code == 503 and "memory" in response.get_data(as_text=True)
    assert _ask(limited, SMALL).status_code == 200


def test_nesting_past_the_limit_is_refused_before_the_engine(limited):
    response = _ask(limited, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert response.status_code == 400 and "nests" in response.get_data(as_text=True)
    assert _ask(limited, SMALL).status_code == 200


def test_one_client_cannot_hold_more_than_its_share(limited):
    with ThreadPoolExecutor(2) as pool:
        heavy = pool.submit(_ask, limited, HEAVY, "10.0.0.7")
        time.sleep(0.3)
        second = _ask(limited, SMALL, "10.0.0.7")
        assert second.status_code == 429 and "Retry-After" in second.headers
        assert _ask(limited, SMALL, "10.0.0.8").status_code == 200, "another client is still served"
        assert heavy.result().status_code == 503


def test_long_queries_are_few_and_small_ones_keep_moving(limited):
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(_ask, limited, HEAVY, "10.0.1.1")
        time.sleep(0.8)  # the first is long by now, and holds the one long-query place
        started = time.monotonic()
        second = _ask(limited, HEAVY, "10.0.1.2")
        assert second.status_code == 503 and "long" in second.get_data(as_text=True)
        assert time.monotonic() - started < 2.5, "stopped when it became long, not at the time limit"
        started = time.monotonic()
        assert _ask(limited, SMALL, "10.0.1.3").status_code == 200
        assert time.monotonic() - started < 1.5
        assert first.result().status_code == 503  # the time limit


def test_the_budget_covers_the_wait_for_a_worker(limited):
    with ThreadPoolExecutor(3) as pool:
        heavies = [pool.submit(_ask, limited, HEAVY, f"10.0.2.{n}") for n in range(2)]
        time.sleep(0.2)
        started = time.monotonic()
        waiting = _ask(limited, HEAVY, "10.0.2.9")
        assert waiting.status_code == 503 and time.monotonic() - started < 5.5
        for heavy in heavies:
            heavy.result()


def test_a_large_query_is_checked_and_run_within_the_same_budget(limited):
    values = " ".join(f'"service note {n}"' for n in range(110_000))  # about 3.4 MB, and it says "service"
    started = time.monotonic()
    response = limited.test_client().post("/sparql", data=f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}",
                                          content_type="application/sparql-query", environ_base={"REMOTE_ADDR": "10.0.3.1"})
    assert response.status_code in (200, 503)
    assert time.monotonic() - started < 4.0 + 1.5, "the check is part of the 4 s budget, not before it"
