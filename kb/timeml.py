"""Read TimeML documents and write them back with this project's TIMEX3 tags.

This is the one TimeML reader: ``kb timex --timeml`` tags documents with it, and the
TempEval-3 scorer (bench/temporal/tempeval.py) reads gold and system documents with it, so
the benchmark's tagger sees the text the product tags. That text is TEXT's content without
tags and with XML's entities decoded (the five named ones and character references: TimeML
is XML, not HTML); an offset map takes its offsets back to the file.

The TempEval-3 toolkit scores a tagger by comparing TimeML files, so ``retag`` must leave
every byte of a document alone except the TIMEX3 tags inside TEXT: it removes those and
inserts the ones ``kb.temporal.find_times`` gives.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Self

from kb.errors import KbError

if TYPE_CHECKING:
    from kb.temporal import TimeExpression

__all__ = [
    "TimeMLError", "Element", "Markup", "TimeMLDocument", "read_source", "read", "parse", "retag",
    "retag_file",
]


class TimeMLError(KbError, ValueError):
    """A document that cannot be read as TimeML, or that has no creation date to tag against."""


@dataclass(frozen=True)
class Element:
    """A TIMEX3 or EVENT in TEXT: its span and words in the plain text, and its attributes."""

    start: int
    end: int
    text: str
    attributes: dict[str, str] = field(hash=False)
    nested: bool = False  # it holds other tags (the TempEval-3 toolkit does not count such a TIMEX3)

    @property
    def tid(self) -> str:
        return self.attributes.get("tid", "")

    @property
    def type(self) -> str:
        return self.attributes.get("type", "")

    @property
    def value(self) -> str:
        return self.attributes.get("value", "")


_TEXT = re.compile(r"<TEXT(?:\s[^>]*)?>(?P<body>.*?)</TEXT\s*>", re.DOTALL)
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>(?:\s[^>]*?)?)(?P<empty>/?)>")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(?P<reference>#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_PIECE = re.compile(  # what TEXT's content is made of; comments and processing instructions hold no text
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<tag><[^>]*>)"
    rf"|(?P<entity>{_ENTITY.pattern})|(?P<chars>[^<&]+|[<&])",
    re.DOTALL,
)
_CREATION = re.compile(r"<TIMEX3\b[^>]*\bfunctionInDocument\s*=\s*[\"']CREATION_TIME[\"'][^>]*>")


def _character(entity: re.Match[str]) -> str:
    reference = entity["reference"]
    if reference in _NAMED:
        return _NAMED[reference]
    code = int(reference[2:], 16) if reference[1] == "x" else int(reference[1:])
    return chr(code) if code <= sys.maxunicode else "\ufffd"


def _attributes(raw: str) -> dict[str, str]:
    return {name: _ENTITY.sub(_character, double or single) for name, double, single in _ATTRIBUTE.findall(raw)}


@dataclass(eq=False)  # compared by identity: closing one removes it, not an equal twin
class _Opened:
    """A TIMEX3 or EVENT whose closing tag is still to come."""

    name: str
    start: int
    attributes: dict[str, str]
    nested: bool = False


@dataclass(frozen=True)
class Markup:
    """A TimeML document as written: TEXT as plain text, the TIMEX3s and EVENTs in it, its DCT.

    Only TEXT is required, since the scorer must read any document; tagging also needs a
    creation date, which :class:`TimeMLDocument` checks.
    """

    name: str  # names the document in error messages
    source: str
    text: str
    timexes: tuple[Element, ...]  # in text order (by start, then end)
    events: tuple[Element, ...]
    dct_value: str | None  # value of the TIMEX3 outside TEXT with functionInDocument="CREATION_TIME"
    dct_tid: str | None
    text_start: int  # TEXT's content is source[text_start:text_end]
    text_end: int
    offsets: tuple[int, ...]  # offsets[i]: where plain-text character i is in source; text_end last

    @classmethod
    def from_source(cls, source: str, name: str = "<string>") -> Self:
        """Read a document from its text (TIMEX3 or EVENT tags that do not pair up are an error)."""
        body = _TEXT.search(source)
        if body is None:
            raise TimeMLError(f"{name}: no <TEXT> element")
        text_start, text_end = body.span("body")
        creation = _CREATION.search(source, 0, body.start()) or _CREATION.search(source, body.end())
        dct = _attributes(creation.group()) if creation else {}

        pieces: list[str] = []
        offsets: list[int] = []  # one per plain-text character so far
        opened: list[_Opened] = []
        closed: list[tuple[_Opened, int]] = []  # with where each ends
        for piece in _PIECE.finditer(source, text_start, text_end):
            kind = piece.lastgroup
            if kind == "chars":
                pieces.append(piece.group())
                offsets.extend(range(piece.start(), piece.end()))
            elif kind == "entity":
                pieces.append(_character(piece))
                offsets.append(piece.start())
            elif kind == "cdata":
                pieces.append(piece["cdata"])
                offsets.extend(range(piece.start("cdata"), piece.end("cdata")))
            elif kind == "tag" and (tag := _TAG.fullmatch(piece.group())):
                element = tag["name"] in ("TIMEX3", "EVENT")
                if element and tag["close"]:
                    opening = next((o for o in reversed(opened) if o.name == tag["name"]), None)
                    if opening is None:
                        raise TimeMLError(f"{name}: </{tag['name']}> without its opening tag")
                    opened.remove(opening)
                    closed.append((opening, len(offsets)))
                for outer in opened:
                    outer.nested = True
                if element and not tag["close"]:
                    opening = _Opened(tag["name"], len(offsets), _attributes(tag["attrs"]))
                    if tag["empty"]:
                        closed.append((opening, len(offsets)))
                    else:
                        opened.append(opening)
        if opened:
            raise TimeMLError(f"{name}: <{opened[-1].name}> is never closed")
        offsets.append(text_end)
        text = "".join(pieces)
        closed.sort(key=lambda item: (item[0].start, item[1]))

        def elements(kind: str) -> tuple[Element, ...]:
            return tuple(Element(opening.start, end, text[opening.start:end], opening.attributes, opening.nested)
                         for opening, end in closed if opening.name == kind)

        return cls(name, source, text, elements("TIMEX3"), elements("EVENT"), dct.get("value"), dct.get("tid"),
                   text_start, text_end, tuple(offsets))


class TimeMLDocument(Markup):
    """A TimeML document to tag: one with a creation date, against which its dates are resolved."""

    @property
    def dct(self) -> date:
        """The creation date (:func:`parse` has checked that there is one)."""
        if self.dct_value is None:
            raise TimeMLError(
                f"{self.name}: no TIMEX3 with functionInDocument=\"CREATION_TIME\" (the document creation time)")
        try:
            return date.fromisoformat(self.dct_value[:10])
        except ValueError as error:
            raise TimeMLError(
                f"{self.name}: the creation time {self.dct_value!r} is not a date (YYYY-MM-DD)") from error


def parse(source: str, where: str = "<string>") -> TimeMLDocument:
    """Read a TimeML document to tag from its text; ``where`` names it in error messages."""
    if "<TimeML" not in source:
        raise TimeMLError(f"{where}: not a TimeML document (no <TimeML> element)")
    document = TimeMLDocument.from_source(source, where)
    document.dct  # noqa: B018 - an unreadable creation date is an error now, not when tagging
    return document


def read_source(path: Path) -> str:
    """A TimeML file's text (UTF-8), or a TimeMLError that says why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TimeMLError(f"{path}: cannot read it ({error})") from error


def read(path: Path) -> TimeMLDocument:
    """Read a TimeML file to tag."""
    return parse(read_source(path), str(path))


def _balanced(body: str, begin: int, end: int) -> bool:
    depth = 0
    for tag in _TAG.finditer(body, begin, end):
        if not tag["empty"]:
            depth += -1 if tag["close"] else 1
            if depth < 0:
                return False
    return depth == 0


def _free_tids(source: str) -> Iterator[str]:
    """t1, t2, ... skipping the tids the document still holds (the DCT's t0)."""
    taken = set(re.findall(r"\btid\s*=\s*[\"']([^\"']*)[\"']", source))
    number = 1
    while True:
        if f"t{number}" not in taken:
            yield f"t{number}"
        number += 1


def retag(source: str, where: str = "<string>") -> tuple[str, list[TimeExpression]]:
    """The document with its TIMEX3 tags in TEXT replaced by ours, and the expressions tagged.

    An expression whose tags would cross another element's (part of an EVENT) is left out:
    the output stays well-formed.
    """
    from kb.temporal import find_times  # not at the top: the scorer reads TimeML here, whatever it scores

    document = parse(source, where)
    body = source[document.text_start:document.text_end]
    body = re.sub(r"</?TIMEX3\b[^>]*>", "", body)
    stripped = source[:document.text_start] + body + source[document.text_end:]
    plain = parse(stripped, where)
    tids = _free_tids(stripped)
    inserts: list[tuple[int, str]] = []
    kept: list[TimeExpression] = []
    for expression in find_times(plain.text, plain.dct):
        begin = plain.offsets[expression.start] - plain.text_start
        final = plain.offsets[expression.end - 1]
        entity = _ENTITY.match(stripped, final)
        end = (entity.end() if entity else final + 1) - plain.text_start
        if not _balanced(body, begin, end):
            continue
        attributes = f'tid="{next(tids)}" type="{expression.type}" value="{expression.value}"'
        for name in ("mod", "quant", "freq"):
            if getattr(expression, name):
                attributes += f' {name}="{html.escape(getattr(expression, name))}"'
        inserts.append((begin, f"<TIMEX3 {attributes}>"))
        inserts.append((end, "</TIMEX3>"))
        kept.append(expression)
    pieces, last = [], 0
    for at, tag in sorted(inserts, key=lambda item: (item[0], item[1].startswith("<TIMEX3"))):
        pieces.append(body[last:at])
        pieces.append(tag)
        last = at
    pieces.append(body[last:])
    return source[:document.text_start] + "".join(pieces) + source[document.text_end:], kept


def retag_file(source: Path, target: Path) -> list[TimeExpression]:
    """Tag one TimeML file into another (the same file if they are the same path)."""
    document = read(source)
    tagged, expressions = retag(document.source, str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(tagged, encoding="utf-8")
    return expressions
