"""The namespaces the project writes and reads, their prefixes, and the graphs of its own vocabulary.

One table: kb/rdf.py mints with them, queries get the prefixes predeclared, pages shorten IRIs
with them (ekb:Ceasefire).
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, Namespace, URIRef

__all__ = ["EKB", "EKBD", "SEM", "OA", "SCHEMA", "ORG", "PROV", "WD", "PREFIXES", "ONTOLOGY_GRAPH", "SHAPES_GRAPH"]

EKB = Namespace("https://w3id.org/eventkb/ontology#")
EKBD = Namespace("https://w3id.org/eventkb/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/eventkb/ontology")
SHAPES_GRAPH = URIRef("https://w3id.org/eventkb/shapes")

PREFIXES = {
    "ekb": str(EKB), "ekbd": str(EKBD), "sem": str(SEM), "oa": str(OA), "schema": str(SCHEMA),
    "org": str(ORG), "prov": str(PROV), "wd": str(WD), "rdf": str(RDF), "rdfs": str(RDFS),
    "owl": str(OWL), "xsd": str(XSD),
}
