"""SHACL validation with readable reports: the gate every graph passes before it is stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyshacl
from pyshacl.rdfutil.inoculate import inoculate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import processor
from rdflib.term import Node

from kb.resources import ontology_file, shapes_file

__all__ = ["Problem", "Report", "validate", "validate_each", "ontology_graph", "shapes_graph"]

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Problem:
    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class Report:
    conforms: bool
    problems: list[Problem] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    def text(self) -> str:
        if not self.problems:
            return "Conforms: the data satisfies every shape."
        head = "Conforms, with warnings:" if self.conforms else f"Does not conform: {len(self.violations)} violation(s)."
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


@lru_cache(maxsize=1)
def _ontology_axioms() -> Graph:
    """What pyshacl would copy from the ontology into every data graph (its class and property axioms), copied once."""
    axioms = Graph()
    # It uses no more of its DataGraph argument than an rdflib Graph has.
    inoculate(axioms, ontology_graph())  # type: ignore[arg-type]
    return axioms


def validate(data: Graph) -> Report:
    """Validate a graph against the shapes, with the ontology's axioms mixed in for its class hierarchy.

    Warnings (sh:Warning, sh:Info) are reported but do not make the data non-conforming. The
    axioms are added to a fresh copy of the data rather than passing the ontology to pyshacl,
    which would copy them anew for each graph (half the time of validating a small one).
    """
    _prepare_sparql_once()
    mixed = Graph()
    mixed += _ontology_axioms()
    mixed += data
    conforms, results, text = pyshacl.validate(
        data_graph=mixed, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True, inplace=True,
    )
    if not isinstance(results, Graph):
        raise RuntimeError(f"the SHACL validator failed: {text}")
    problems = sorted(
        (_problem(results, result) for result in results.subjects(RDF.type, SH.ValidationResult)),
        key=lambda p: (p.severity != "Violation", p.focus, p.path or "", p.message),
    )
    return Report(conforms=bool(conforms), problems=problems)


@lru_cache(maxsize=1)
def _prepare_sparql_once() -> None:
    """Let rdflib parse each SPARQL text once per process, not on every evaluation.

    pyshacl hands the shapes' SPARQL targets and constraints to rdflib as text for every graph it
    validates, and rdflib parses them each time (pyparsing: 30-50 ms per small graph, more than
    the validation itself). A parsed and translated query is reusable, as prepareQuery's are.
    """
    evaluate = processor.SPARQLProcessor.query

    @lru_cache(maxsize=256)
    def prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Any:
        return processor.translateQuery(processor.parseQuery(text), base, dict(namespaces))

    def query(self: Any, query: Any, initBindings: Any = None, initNs: Any = None, base: Any = None,  # noqa: N803
              DEBUG: bool = False) -> Any:  # noqa: N803 - rdflib's own parameter names
        if isinstance(query, str):
            try:
                query = prepared(query, base, tuple(sorted((initNs or {}).items())))
            except TypeError:  # namespaces that cannot be a cache key: parse as rdflib would
                pass
        return evaluate(self, query, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign, assignment]


def validate_each(graphs: Iterable[Graph]) -> Report:
    """One report for several graphs, each validated on its own (cheaper than their union)."""
    reports = [validate(graph) for graph in graphs if len(graph)]
    return Report(conforms=all(r.conforms for r in reports), problems=[p for r in reports for p in r.problems])


def _problem(results: Graph, result: Node) -> Problem:
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    return Problem(
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        focus=_show(results.value(result, SH.focusNode)),
        path=_show(results.value(result, SH.resultPath)) if results.value(result, SH.resultPath) is not None else None,
        value=_show(results.value(result, SH.value)) if results.value(result, SH.value) is not None else None,
        message="; ".join(messages) or "constraint not satisfied",
    )


def _show(node: Node | None) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    return str(node) if node is not None else "?"
