"""Refuse SPARQL that would make the server call other hosts (SERVICE, LOAD), before it runs.

Every engine tried (rdflib, pyoxigraph, Oxigraph server) makes the outbound request, so the
parsed query is walked; when rdflib's parser cannot read a query (Oxigraph accepts more), the
keyword alone is refused, which errs on the safe side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

__all__ = ["QueryRefused", "refuse_outbound", "refuse_outbound_update"]

_SERVICE = "SERVICE (federated query) is not allowed: this server never queries other servers"
_LOAD = "LOAD is not allowed: this server never fetches data from other hosts; load files with `kb load`"


class QueryRefused(ValueError):
    """A query or update the server will not run."""


def refuse_outbound(sparql: str) -> None:
    _check(sparql, parseQuery, {"ServiceGraphPattern": _SERVICE}, {"SERVICE": _SERVICE})


def refuse_outbound_update(update: str) -> None:
    _check(update, parseUpdate, {"ServiceGraphPattern": _SERVICE, "Load": _LOAD}, {"SERVICE": _SERVICE, "LOAD": _LOAD})


def _check(text: str, parse: Any, forbidden: dict[str, str], keywords: dict[str, str]) -> None:
    try:
        tree = parse(text)
    except Exception:  # noqa: BLE001 - any parse failure: fall back to the keywords
        for keyword, message in keywords.items():
            if re.search(rf"(?i)\b{keyword}\b", text):
                raise QueryRefused(message) from None
        return
    found = _find(tree, set(forbidden))
    if found:
        raise QueryRefused(forbidden[found])


def _find(node: Any, names: set[str]) -> str | None:
    """The first forbidden node name in rdflib's parse tree (CompValue dicts, ParseResults, lists)."""
    name = getattr(node, "name", None)
    if isinstance(name, str) and name in names:
        return name
    children: Iterable[Any]
    if isinstance(node, dict):
        children = node.values()
    elif isinstance(node, (list, tuple, ParseResults)):
        children = node
    else:
        return None
    return next((found for child in children if (found := _find(child, names))), None)
