"""Refuse hostile RDF uploads before rdflib spends the server's network, disk, CPU or memory on them.

The /validate page parses files from anyone and `kb load` uses the same parser, so each check
here runs on the raw bytes, or on the store the parse fills, and raises `InputRefused` with one
line that names the file and nothing the file pointed at.
"""

from __future__ import annotations

import json
import xml.parsers.expat
from typing import TYPE_CHECKING, Any

from rdflib import Dataset
from rdflib.plugins.stores.memory import Memory

from kb.errors import KbError

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TripleType

__all__ = ["InputRefused", "TooManyTriples", "bounded_dataset", "refuse_remote_contexts", "refuse_xml_entities"]

MAX_JSON_DEPTH = 200


class InputRefused(KbError, ValueError):
    """An upload the server will not parse; the message is safe to show to whoever sent it."""


class TooManyTriples(InputRefused):
    """The parse went past the triple limit; the store does not know the file, so the caller names it.

    `str(error)` is the sentence without the file: report it as f"{name}: {error}".
    """

    def __init__(self, limit: int) -> None:
        super().__init__(f"the file holds more than {limit} triples, the most this server accepts in one upload (KB_MAX_TRIPLES)")
        self.limit = limit


def refuse_remote_contexts(data: bytes, name: str) -> None:
    """Refuse JSON-LD that names a context elsewhere, since rdflib would GET it or read it from disk.

    Every scheme is refused with the same sentence (no echo of the reference), so an upload can
    neither make the server send requests nor learn which local paths exist. The walk covers the
    whole document because contexts hide in node objects, term definitions and lists; an
    "@import" key is refused wherever it is. Input that is not JSON is left to rdflib to reject.
    """
    too_deep = InputRefused(f"{name}: the JSON is nested deeper than {MAX_JSON_DEPTH} levels, more than this server accepts")
    try:
        document = json.loads(data)
    except RecursionError:
        raise too_deep from None
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too): rdflib says why
        return
    # An explicit stack: a hostile depth must not exhaust the interpreter's own.
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise too_deep
        if isinstance(value, dict):
            if "@import" in value or ("@context" in value and _names_another_document(value["@context"])):
                raise InputRefused(f"{name}: JSON-LD contexts must be written inline; this server never fetches a context from another place")
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _names_another_document(context: Any) -> bool:
    # rdflib flattens nested lists of contexts, so a string at any list depth is a reference.
    if isinstance(context, list):
        return any(_names_another_document(item) for item in context)
    return isinstance(context, str)


class _EntityDeclared(Exception):
    pass


class _PrologEnded(Exception):
    pass


def refuse_xml_entities(data: bytes, name: str) -> None:
    """Refuse XML whose DOCTYPE declares entities, before any is expanded ("billion laughs").

    expat reads the prolog twice: from the bytes (BOM or declared encoding, e.g. UTF-16, which
    hides an ASCII search) and as UTF-8 text, which is how rdflib hands `data=` bytes to its
    SAX parser whatever the declaration says; a file malformed one way may be valid the other.
    Entities can only be declared before the root element, so each read stops there. Other
    malformed XML is left to rdflib to report.
    """
    readings: list[bytes | str] = [data]
    try:
        readings.append(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass  # rdflib cannot read it as text either
    for reading in readings:
        if _declares_entity(reading):
            raise InputRefused(f"{name}: XML entity declarations are not accepted (they can expand without bound); remove the DOCTYPE's entities")


def _declares_entity(reading: bytes | str) -> bool:
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(*_: object) -> None:
        raise _EntityDeclared

    def root(*_: object) -> None:
        raise _PrologEnded

    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(reading, True)
    except _EntityDeclared:
        return True
    except (_PrologEnded, xml.parsers.expat.ExpatError, ValueError):  # ValueError: a multi-byte encoding expat lacks
        pass
    return False


class _BoundedMemory(Memory):
    """rdflib's in-memory store that stops the parse filling it once it holds more than a limit."""

    def __init__(self, max_triples: int) -> None:
        super().__init__()
        self.max_triples = max_triples
        self.held = 0

    def add(self, triple: _TripleType, context: _ContextType, quoted: bool = False) -> None:
        before = self.__len__(context)
        super().add(triple, context, quoted)
        if self.__len__(context) > before:
            self.held += 1
            if self.held > self.max_triples:
                raise TooManyTriples(self.max_triples)


def bounded_dataset(max_triples: int | None) -> Dataset:
    """A Dataset to parse an upload into that raises `TooManyTriples` before a huge file fills memory.

    Every parser here (turtle, trig, nquads, nt, json-ld, xml) adds through the store's `add`
    (addN falls back to it), so the parse stops at the first triple past the limit. A triple
    counts once per graph it is in; a repeated line costs nothing and is not counted.
    `None` gives a plain, unbounded Dataset.
    """
    if max_triples is None:
        return Dataset()
    return Dataset(store=_BoundedMemory(max_triples))
