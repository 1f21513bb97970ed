"""The guard against federated queries, LOAD and deep nesting, judged by the engine itself.

A local HTTP server stands in for an internal service: whenever pyoxigraph, given a text,
actually calls it, the guard must have refused that text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.resources import query_files
from kb.sparql_guard import MAX_NESTING, QueryRefused, check_query, check_update
from tests.helpers import LocalSite, local_site


def _answer(path: str) -> tuple[bytes, str]:
    if path.endswith(".ttl"):
        return b"<http://e/loaded> <http://e/p> 1 .\n", "text/turtle"
    return b'{"head":{"vars":[]},"results":{"bindings":[{}]}}', "application/sparql-results+json"


@pytest.fixture(scope="module")
def service() -> Iterator[LocalSite]:
    with local_site(_answer) as site:
        yield site


def _store() -> ox.Store:
    store = ox.Store()
    for obj in (ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                ox.Literal("x"), ox.NamedNode("http://e/o")):
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), obj))
    return store


def _engine_calls_out(service: LocalSite, text: str, update: bool = False) -> bool:
    """Run the text in pyoxigraph, unguarded, and say whether it called the local service."""
    before = len(service.requests)
    store = _store()
    try:
        if update:
            store.update(text, prefixes={"ex": "http://e/"})
        else:
            results = store.query(text, prefixes={"ex": "http://e/"})
            if not isinstance(results, ox.QueryBoolean):
                list(results)
    except (SyntaxError, OSError, ValueError):
        pass
    return len(service.requests) > before


def _refused(check, text: str) -> bool:
    try:
        check(text)
    except QueryRefused:
        return True
    return False


# Texts the engine reads as federated although a grammar-following parser does not.
DISGUISES = [
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}/sparql> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ FILTER(true)SERVICE <{url}/sparql> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o sErViCe<{url}/sparql>{{}} }}",
    "SELECT * WHERE {{ ?s ?p ?o SERVICE#comment\n<{url}/sparql>{{}} }}",
    "SELECT * WHERE {{ ?s ?p ?o SERVICE SILENT <{url}/sparql> {{}} }}",
    "SELECT * WHERE {{ ?s ex:p ?o.SERVICE <{url}/sparql> {{}} }}",
    "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/sparql> {{}} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o SERVICE <{url}/sparql> {{}} }}",
    "DESCRIBE ?s WHERE {{ ?s ?p ?o SERVICE <{url}/sparql> {{}} }}",
    "SELECT * WHERE {{ ?s ?p ?o {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {{}} }} }} }}",
]
UPDATE_DISGUISES = [
    "LOAD <{url}/data.ttl>",
    "loAD<{url}/data.ttl>",
    "LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://e/g>",
    "INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p trueSERVICE <{url}/sparql> {{}} }}",
    "DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o SERVICE <{url}/sparql> {{}} }}",
]


@pytest.mark.parametrize("template", DISGUISES)
def test_the_engine_calls_out_for_each_disguise_and_the_guard_refuses_it(service, template):
    text = template.format(url=service.url)
    assert _engine_calls_out(service, text), "precondition: the engine really runs this as a federated query"
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(text)


@pytest.mark.parametrize("template", UPDATE_DISGUISES)
def test_updates_that_call_out_are_refused(service, template):
    text = template.format(url=service.url)
    assert _engine_calls_out(service, text, update=True), "precondition: the engine really calls out for this update"
    with pytest.raises(QueryRefused, match="SERVICE|LOAD"):
        check_update(text)


_BEFORE = ["?s ?p ", "?s ?p true", "?s ?p false", "?s ?p ?o", "?s ?p ?o .", "?s ?p ?o ;", "FILTER(true)",
           "FILTER(?o)", "?s ?p 'x'", '?s ?p "x"', "?s <http://e/p> ?o", "?s ex:p ?o", "?s ex:p ex:o.",
           "?s ?p ?o #c\n", "OPTIONAL { ?s ?p ?o }", "{ ?s ?p ?o }", "BIND(1 AS ?z)", "?s ?p ?o .a",
           "?s ?p ?o }", "?s ?p ?o FILTER(?o<", "?s ?p ?o VALUES ?v {", "?s ?p ?o MINUS {", "?s ?p ?o FILTER EXISTS {"]
_SEPARATORS = ["", " ", "\n", "#x\n", "\t", "\r\n"]
_AFTER = ["", " }", " } }", "} ", ">", "'", '"']


@st.composite
def federated_looking(draw: st.DrawFn, url: str) -> str:
    keyword = "".join(c.upper() if draw(st.booleans()) else c for c in "service")
    silent = draw(st.sampled_from(["", " SILENT", "silent "]))
    parts = [draw(st.sampled_from(_BEFORE)), draw(st.sampled_from(_SEPARATORS)), keyword, silent,
             draw(st.sampled_from(_SEPARATORS)), f"<{url}/sparql>", draw(st.sampled_from(_SEPARATORS)),
             draw(st.sampled_from(["{}", "{ ?a ?b ?c }", "{ ?s ?p ?o }"])), draw(st.sampled_from(_AFTER))]
    return "SELECT * WHERE { " + "".join(parts) + " }"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whenever_the_engine_calls_out_the_guard_has_refused(service, data):
    text = data.draw(federated_looking(service.url))
    if _engine_calls_out(service, text):
        assert _refused(check_query, text), f"the engine called out for a text the guard let through: {text!r}"


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.name)
def test_the_example_queries_pass(path):
    check_query(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "SELECT ?service WHERE { ?service a ?type }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType ?t ; schema:availableService ?x }",
    "SELECT * WHERE { ?s ?p 'the Foreign Intelligence Service' }",
    'SELECT * WHERE { ?s ?p """SERVICE <http://127.0.0.1/> {}""" }',
    "SELECT * WHERE { <http://example.org/service> ?p ?o }  # a SERVICE comment",
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?s a sd:Service }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) }",
])
def test_texts_that_only_mention_service_pass(text):
    check_query(text)


def test_load_and_service_words_in_update_data_pass():
    check_update("INSERT DATA { <http://example.org/load> <http://example.org/service> 'LOAD SERVICE' }")


def test_deep_nesting_is_refused_before_the_engine_sees_it():
    check_query("SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING)
    for text in ("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1),
                 "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"):
        with pytest.raises(QueryRefused, match="nests"):
            check_query(text)
    with pytest.raises(QueryRefused, match="nests"):
        check_update("INSERT DATA " + "{" * 3000 + "}" * 3000)


def test_brackets_inside_strings_and_comments_do_not_count():
    check_query("SELECT * WHERE { ?s ?p '" + "{" * 500 + "' # " + "(" * 500 + "\n}")
