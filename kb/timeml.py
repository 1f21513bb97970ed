"""Read TimeML documents and write them back with this project's TIMEX3 tags.

The TempEval-3 toolkit scores a tagger by comparing TimeML files, so ``retag`` must leave
every byte of a document alone except the TIMEX3 tags inside TEXT: it removes those and
inserts the ones ``kb.temporal.find_times`` gives. The text the tagger sees is TEXT's content
without tags and with XML entities decoded; an offset map takes its offsets back to the file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from kb.temporal import TimeExpression, find_times

__all__ = ["TimeMLError", "GoldTimex", "TimeMLDocument", "read", "parse", "retag", "retag_file"]


class TimeMLError(ValueError):
    """A file that is not a TimeML document this module can tag."""


@dataclass(frozen=True)
class GoldTimex:
    """A TIMEX3 already in TEXT: where it is in the plain text and its attributes."""

    start: int
    end: int
    text: str
    attributes: dict[str, str] = field(hash=False)

    @property
    def type(self) -> str:
        return self.attributes.get("type", "")

    @property
    def value(self) -> str:
        return self.attributes.get("value", "")


@dataclass(frozen=True)
class TimeMLDocument:
    """A TimeML document: its source, DCT, TEXT as plain text and the TIMEX3s TEXT holds."""

    source: str
    dct: date
    text: str
    timexes: list[GoldTimex]
    text_start: int  # where TEXT's content begins in source
    text_end: int
    offsets: list[int]  # offsets[i]: where plain-text character i is in source; one past the end last


_TEXT = re.compile(r"<TEXT(?:\s[^>]*)?>(?P<body>.*?)</TEXT\s*>", re.DOTALL)
_TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>[^>]*?)(?P<empty>/)?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DCT_TAG = re.compile(r"<TIMEX3\b[^>]*\bfunctionInDocument\s*=\s*[\"']CREATION_TIME[\"'][^>]*>")


def _attributes(raw: str) -> dict[str, str]:
    return {name: html.unescape(double if double or not single else single) for name, double, single in _ATTR.findall(raw)}


def _dct(source: str, where: str) -> date:
    tag = _DCT_TAG.search(source)
    if not tag:
        raise TimeMLError(f"{where}: no TIMEX3 with functionInDocument=\"CREATION_TIME\" (the document creation time)")
    value = _attributes(tag.group()).get("value", "")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise TimeMLError(f"{where}: the creation time {value!r} is not a date (YYYY-MM-DD)") from error


def parse(source: str, where: str = "<string>") -> TimeMLDocument:
    """Read a TimeML document from its text; ``where`` names it in error messages."""
    if "<TimeML" not in source:
        raise TimeMLError(f"{where}: not a TimeML document (no <TimeML> element)")
    body = _TEXT.search(source)
    if not body:
        raise TimeMLError(f"{where}: no <TEXT> element")
    dct = _dct(source, where)
    start, end = body.span("body")
    chars: list[str] = []
    offsets: list[int] = []
    timexes: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = start
    for token in re.finditer(r"<[^>]*>|&[^;&<\s]*;|[^<&]+|&", source[start:end]):
        raw = token.group()
        at = start + token.start()
        if raw.startswith("<"):
            tag = _TAG.fullmatch(raw)
            if tag and tag["name"] == "TIMEX3":
                if tag["close"] and open_timex:
                    begin, attrs = open_timex
                    timexes.append(GoldTimex(begin, len(chars), "".join(chars[begin:]), attrs))
                    open_timex = None
                elif not tag["close"]:
                    open_timex = (len(chars), _attributes(tag["attrs"]))
        elif raw.startswith("&") and _ENTITY.fullmatch(raw):
            decoded = html.unescape(raw)
            chars.extend(decoded)
            offsets.extend([at] * len(decoded))
        else:
            chars.extend(raw)
            offsets.extend(range(at, at + len(raw)))
        position = at + len(raw)
    offsets.append(position)
    return TimeMLDocument(source, dct, "".join(chars), timexes, start, end, offsets)


def read(path: Path) -> TimeMLDocument:
    """Read a TimeML file."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TimeMLError(f"{path}: cannot read it ({error})") from error
    return parse(source, str(path))


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
