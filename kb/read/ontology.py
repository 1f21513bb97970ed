"""The ontology page (every class, property and individual, documented) and the example queries."""

from __future__ import annotations

import re
from typing import Literal

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kb.read.common import iri_ref, local_name, node, select, short_name, values
from kb.read.types import ExampleQuery, Links, OntologyTerm, OntologyTerms
from kb.resources import query_files

__all__ = ["ontology_terms", "example_queries"]

_TERM_KINDS = {"Class": "classes", "ObjectProperty": "properties", "DatatypeProperty": "properties",
               "AnnotationProperty": "properties", "NamedIndividual": "individuals"}
_SECTIONS = ("classes", "properties", "individuals")


def ontology_terms(kb: KnowledgeBase, links: Links) -> OntologyTerms:
    """Every class, property and individual of the ontology graph, with label, comment, the terms it
    refines (super class/property), domain, range, CAMEO code, for the /ontology page."""
    graph = iri_ref(str(ONTOLOGY_GRAPH))
    terms: dict[str, OntologyTerm] = {}
    for row in select(kb, f"""SELECT ?term ?kind ?label ?comment ?cameo WHERE {{ GRAPH {graph} {{
        {values("kind", (PREFIXES["owl"] + name for name in _TERM_KINDS))} ?term a ?kind . FILTER(isIRI(?term))
        OPTIONAL {{ ?term rdfs:label ?label }} OPTIONAL {{ ?term rdfs:comment ?comment }} OPTIONAL {{ ?term ekb:cameoCode ?cameo }}
    }} }} ORDER BY ?term"""):
        section = _TERM_KINDS[local_name(row["kind"])]
        term = terms.setdefault(row["term"], {
            **node(links, row["term"], row["label"]), "name": short_name(row["term"]), "local": local_name(row["term"]),
            "comment": row["comment"], "cameo": row["cameo"], "section": section, "kinds": [],
            "super": [], "domain": [], "range": [], "types": [],
        })
        term["section"] = min(term["section"], section, key=_SECTIONS.index)  # a class or property before an individual
        term["kinds"] = sorted({*term["kinds"], local_name(row["kind"])})
    related: dict[str, Literal["super", "domain", "range", "types"]] = {
        "rdfs:subClassOf": "super", "rdfs:subPropertyOf": "super", "rdfs:domain": "domain", "rdfs:range": "range",
        "rdf:type": "types"}
    for row in select(kb, f"""SELECT ?term ?property ?other WHERE {{ GRAPH {graph} {{
        VALUES ?property {{ {' '.join(related)} }} ?term ?property ?other . FILTER(isIRI(?term) && isIRI(?other))
    }} }} ORDER BY ?other"""):
        if row["term"] in terms and not row["other"].startswith(PREFIXES["owl"]):
            terms[row["term"]][related[short_name(row["property"])]].append({**node(links, row["other"]), "name": short_name(row["other"])})
    about = select(kb, f"""SELECT ?label ?comment ?version WHERE {{ GRAPH {graph} {{ {graph} a owl:Ontology
        OPTIONAL {{ {graph} rdfs:label ?label }} OPTIONAL {{ {graph} rdfs:comment ?comment }} OPTIONAL {{ {graph} owl:versionInfo ?version }}
    }} }} LIMIT 1""")
    ordered = sorted(terms.values(), key=lambda term: term["name"].lower())
    found = about[0] if about else {}
    return {
        "ontology": {"id": str(ONTOLOGY_GRAPH), "label": found.get("label"), "comment": found.get("comment"),
                     "version": found.get("version")},
        "classes": [term for term in ordered if term["section"] == "classes"],
        "properties": [term for term in ordered if term["section"] == "properties"],
        "individuals": [term for term in ordered if term["section"] == "individuals"],
    }


def example_queries() -> list[ExampleQuery]:
    """The competency questions shipped in ontology/queries, with the title and description their
    header comments give, for the query editor's examples."""
    queries: list[ExampleQuery] = []
    for path in query_files():
        text = path.read_text(encoding="utf-8")
        header = {match.group(1).lower(): match.group(2).strip()
                  for match in re.finditer(r"^#\s*(title|description)\s*:(.*)$", text, re.MULTILINE | re.IGNORECASE)}
        queries.append({"name": path.stem, "title": header.get("title", path.stem),
                        "description": header.get("description", ""), "query": text})
    return queries
