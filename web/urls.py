"""Where pages live: every URL the web layer writes for an IRI (the read side asks, kb.read.types.Links).

Our data IRIs dereference at /id/<path>; the ontology's terms are sections of /ontology; anyone
else's http(s) IRIs (a researcher's own RDF files) get the same pages at /resource?iri=...;
identifiers elsewhere (Wikidata) are linked out as they are.
"""

from __future__ import annotations

from urllib.parse import urlencode

from kb.namespaces import EKB
from kb.read.params import ID_PATH, UNSAFE, local_path

__all__ = ["Urls", "URLS"]


class Urls:
    def entity(self, iri: str | None) -> str | None:
        if not iri:
            return None
        path = local_path(iri)
        if path is not None:
            return path
        if iri.startswith(str(EKB)):
            return "/ontology#" + iri[len(str(EKB)):]
        if iri.startswith(("http://", "https://")) and not UNSAFE.search(iri):
            return "/resource?" + urlencode({"iri": iri})
        return None

    def outside(self, iri: str) -> str | None:
        return iri if iri.startswith(("http://", "https://")) and not UNSAFE.search(iri) else None

    def evidence(self, source: str, anchor: str) -> str | None:
        page = self.entity(source)
        return f"{page}#{anchor}" if page and page.startswith(ID_PATH) else None


URLS = Urls()
