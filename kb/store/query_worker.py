"""The job a query worker does: check the query, run it on a checkpoint, write a capped answer.

Runs inside a confined worker process (kb/workers.py), so it imports only what it needs and
starts fast when a worker is replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kb.errors import KbError
from kb.formats import Format, by_name, of_kind
from kb.sparql_guard import OUTBOUND, QueryRefused, check_query

__all__ = ["Answer", "QueryJob", "NotAcceptable", "QuerySyntaxError", "answer"]

_RESULTS = of_kind("results")
_GRAPHS = of_kind("graph", "dataset")


class NotAcceptable(KbError, ValueError):
    """No format the client accepts fits the answer."""

    http_status = 406


class QuerySyntaxError(KbError, ValueError):
    """The parser's message, with line and column."""

    http_status = 400


@dataclass(frozen=True)
class QueryJob:
    checkpoint: str
    sparql: str
    accept: list[str]
    default_graphs: list[str]
    named_graphs: list[str]
    row_limit: int
    byte_limit: int
    prefixes: dict[str, str]


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    count: int | None        # rows or triples; None for ASK
    truncated: bool          # the row or byte limit cut the answer


_opened: dict[str, ox.Store] = {}


def answer(job: QueryJob) -> Answer:
    """The worker's handler: refuse what must not run, then answer from the checkpoint."""
    check_query(job.sparql)
    if job.checkpoint not in _opened:
        _opened.clear()
        _opened[job.checkpoint] = ox.Store.read_only(job.checkpoint)
    options: dict[str, Any] = {"prefixes": job.prefixes}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    try:
        results = _opened[job.checkpoint].query(job.sparql, **options)
    except SyntaxError as error:
        raise QuerySyntaxError(f"malformed query: {error}") from None
    except PermissionError:  # the network filter stopped a call out that got past the guard
        raise QueryRefused(OUTBOUND) from None
    if isinstance(results, ox.QueryTriples):
        return _graph_answer(results, job)
    media_type, chosen = _choose(job.accept, _RESULTS, by_name("json"), "SELECT/ASK results")
    result_format = getattr(ox.QueryResultsFormat, chosen.oxigraph)
    if isinstance(results, ox.QueryBoolean):
        return Answer(results.serialize(format=result_format) or b"", media_type, None, False)
    return _rows_answer(results, media_type, result_format, job)


def _rows_answer(results: ox.QuerySolutions, media_type: str, result_format: ox.QueryResultsFormat, job: QueryJob) -> Answer:
    variables = [variable.value for variable in results.variables]
    bindings: list[dict[str, dict[str, str]]] = []
    size, truncated = 0, False
    for row in islice(results, job.row_limit + 1):
        binding = _binding(row, variables)
        size += len(json.dumps(binding, ensure_ascii=False))
        if len(bindings) == job.row_limit or size > job.byte_limit:
            truncated = True
            break
        bindings.append(binding)
    while True:
        body = _serialize_rows(variables, bindings, result_format)
        if len(body) <= job.byte_limit or not bindings:
            return Answer(body, media_type, len(bindings), truncated)
        bindings, truncated = bindings[: len(bindings) * job.byte_limit // len(body)], True


def _serialize_rows(variables: list[str], bindings: list[dict[str, dict[str, str]]], result_format: ox.QueryResultsFormat) -> bytes:
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if result_format == ox.QueryResultsFormat.JSON:
        return document
    return ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON).serialize(format=result_format) or b""


def _graph_answer(results: ox.QueryTriples, job: QueryJob) -> Answer:
    media_type, chosen = _choose(job.accept, _GRAPHS, by_name("turtle"), "a graph (CONSTRUCT/DESCRIBE)")
    rdf_format = getattr(ox.RdfFormat, chosen.oxigraph)
    triples: list[ox.Triple] = []
    size, truncated = 0, False
    for triple in islice(results, job.row_limit + 1):
        size += len(str(triple))
        if len(triples) == job.row_limit or size > job.byte_limit:
            truncated = True
            break
        triples.append(triple)
    while True:
        body = ox.serialize(triples, format=rdf_format, prefixes=job.prefixes) or b""
        if len(body) <= job.byte_limit or not triples:
            return Answer(body, media_type, len(triples), truncated)
        triples, truncated = triples[: len(triples) * job.byte_limit // len(body)], True


def _binding(row: ox.QuerySolution, variables: list[str]) -> dict[str, dict[str, str]]:
    """One row in the SPARQL 1.1 JSON results format."""
    binding = {}
    for name in variables:
        term = row[name]
        if term is None:
            continue
        if isinstance(term, ox.NamedNode):
            binding[name] = {"type": "uri", "value": term.value}
        elif isinstance(term, ox.BlankNode):
            binding[name] = {"type": "bnode", "value": term.value}
        elif isinstance(term, ox.Literal):
            value = {"type": "literal", "value": term.value}
            if term.language:
                value["xml:lang"] = term.language
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["datatype"] = term.datatype.value
            binding[name] = value
        else:  # an RDF 1.2 triple term: give its N-Triples form rather than lose it
            binding[name] = {"type": "literal", "value": str(term)}
    return binding


def _choose(accept: list[str], offered: tuple[Format, ...], default: Format, what: str) -> tuple[str, Format]:
    """The first acceptable media type we can write, and its format; ``*/*`` or nothing means our default."""
    if not accept:
        return default.media_type, default
    for media_type in accept:
        match = next((f for f in offered if media_type in (f.media_type, *f.aliases)), None)
        if match is not None:
            return media_type, match
        if media_type.endswith("/*"):
            family = media_type.split("/")[0] + "/"
            if media_type == "*/*" or default.media_type.startswith(family):
                return default.media_type, default
            match = next((f for f in offered if f.media_type.startswith(family)), None)
            if match is not None:
                return match.media_type, match
    offers = ", ".join(f.media_type for f in offered)
    raise NotAcceptable(f"the answer is {what}; it can be given as {offers}, none of which the request accepts")
