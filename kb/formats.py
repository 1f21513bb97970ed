"""Every format the project reads or writes, in one table: its name, media type, file suffixes,
rdflib's name for it, pyoxigraph's, and what it holds.

The CLI's --format choices, the endpoint's content negotiation and ?format= shortcuts, the export
downloads, the entity pages' RDF and the RDF file loader all look formats up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Format", "FORMATS", "by_name", "by_media_type", "by_suffix", "of_kind", "loadable_suffixes"]

Kind = Literal["graph", "dataset", "results"]


@dataclass(frozen=True)
class Format:
    name: str                       # --format, ?format=, export names
    media_type: str
    suffixes: tuple[str, ...]       # the first names downloads; all are read by the loader (RDF ones)
    rdflib: str | None              # rdflib's parser and serialiser name
    oxigraph: str                   # the member of pyoxigraph.RdfFormat or QueryResultsFormat
    kind: Kind                      # triples (graph), named graphs too (dataset), or SPARQL query results
    aliases: tuple[str, ...] = ()   # other media types clients send for it


FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", (".ttl", ".turtle"), "turtle", "TURTLE", "graph"),
    Format("ntriples", "application/n-triples", (".nt", ".ntriples"), "nt", "N_TRIPLES", "graph"),
    Format("rdfxml", "application/rdf+xml", (".rdf", ".owl"), "xml", "RDF_XML", "graph"),
    Format("jsonld", "application/ld+json", (".jsonld", ".json"), "json-ld", "JSON_LD", "dataset"),
    Format("trig", "application/trig", (".trig",), "trig", "TRIG", "dataset"),
    Format("nquads", "application/n-quads", (".nq", ".nquads"), "nquads", "N_QUADS", "dataset"),
    Format("json", "application/sparql-results+json", (".srj",), None, "JSON", "results", ("application/json",)),
    Format("xml", "application/sparql-results+xml", (".srx",), None, "XML", "results", ("application/xml",)),
    Format("csv", "text/csv", (".csv",), None, "CSV", "results"),
    Format("tsv", "text/tab-separated-values", (".tsv",), None, "TSV", "results"),
)
_BY_NAME = {entry.name: entry for entry in FORMATS}
_BY_MEDIA_TYPE = {media_type: entry for entry in FORMATS for media_type in (entry.media_type, *entry.aliases)}
_BY_SUFFIX = {suffix: entry for entry in FORMATS if entry.kind != "results" for suffix in entry.suffixes}


def by_name(name: str) -> Format:
    return _BY_NAME[name]


def by_media_type(media_type: str) -> Format | None:
    return _BY_MEDIA_TYPE.get(media_type)


def by_suffix(suffix: str) -> Format | None:
    """The RDF format a file suffix says (".ttl", any case)."""
    return _BY_SUFFIX.get(suffix.lower())


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    return tuple(entry for entry in FORMATS if entry.kind in kinds)


def loadable_suffixes() -> list[str]:
    """The file suffixes the RDF loader reads, for messages and pages."""
    return sorted(_BY_SUFFIX)
