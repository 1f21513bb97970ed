"""What the server refuses to run: federated queries, LOAD, and nesting deep enough to crash the engine.

pyoxigraph exposes no parse tree, and its parser is more lenient than the SPARQL grammar: it
matches keywords without a word boundary (``trueSERVICE <...>`` is ``true`` then ``SERVICE``).
So the check follows the engine's own lexical rules (spargebra's grammar, 0.5): it explores
every way the engine could cut the text into tokens, skipping only what the engine can only
read as a string, a comment, an IRI, a variable or a prefixed name, and refuses the text if
any of those ways reaches the keyword, in any case. tests/test_sparql_guard.py runs the engine
itself as the judge. A second wall (kb/sandbox.py) makes the processes that run queries and
updates unable to open a network connection at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.errors import KbError

__all__ = ["QueryRefused", "QueryTooDeep", "MAX_NESTING", "OUTBOUND", "check_query", "check_update", "update_scope",
           "reads_only_its_scope"]

MAX_NESTING = 100  # groups, brackets and parentheses; the engine's stack gives out near 3,000

OUTBOUND = "SERVICE and LOAD are not allowed: this server never contacts other servers"
_SERVICE = "SERVICE (federated query) is not allowed: this server never queries other servers"
_LOAD = "LOAD is not allowed: this server never fetches data from other hosts; load files with `kb load`"
_NESTING = f"the query nests groups, brackets or parentheses more than {MAX_NESTING} deep, more than this server runs"


class QueryRefused(KbError, ValueError):
    """A query or update the server will not run."""

    http_status = 403


class QueryTooDeep(QueryRefused):
    """Nesting the engine's stack may not survive."""

    http_status = 400


def check_query(text: str) -> None:
    _check(text, {"SERVICE": _SERVICE})


def check_update(text: str) -> None:
    _check(text, {"SERVICE": _SERVICE, "LOAD": _LOAD})


def _check(text: str, forbidden: dict[str, str]) -> None:
    if _nesting(text) > MAX_NESTING:
        raise QueryTooDeep(_NESTING)
    for variant in _variants(text):
        lowered = variant.lower()
        for keyword, message in forbidden.items():
            if keyword.lower() in lowered and _reaches(variant, keyword):
                raise QueryRefused(message)


def _variants(text: str) -> Iterator[str]:
    """The text, and with its \\u escapes decoded as the SPARQL spec says an engine may do first."""
    yield text
    if "\\u" in text or "\\U" in text:
        yield _CODEPOINT.sub(lambda m: _decode(m.group(0)), text)


def _decode(escape: str) -> str:
    try:
        return chr(int(escape[2:], 16))
    except (ValueError, OverflowError):
        return escape


# --- the engine's lexical rules (spargebra 0.5 grammar, rules of the same names) -------------

_HEX = "[0-9A-Fa-f]"
_CODEPOINT = re.compile(rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}")
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf"'\\]"""
_PN_CHARS_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
                  "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"[{_PN_CHARS}:]|{_PLX}"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}][{_PN_CHARS}]*(?:\.+[{_PN_CHARS}]+)*"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:{_LOCAL_CHAR})*(?:\.+(?:{_LOCAL_CHAR})+)?"

_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*")
# Lexemes the engine can only read one way: what they hold is never a keyword.
_STRING = "|".join([
    rf"'''(?:(?:''|')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''",
    rf'"""(?:(?:""|")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""',
    rf"'(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'",
    rf'"(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*"',
])
_VARIABLE = rf"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PNAME = rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"
_OPAQUE = re.compile("|".join([
    _STRING,
    _VARIABLE,
    _PNAME,
    rf"_:[{_PN_CHARS_U}0-9][{_PN_CHARS}]*(?:\.+[{_PN_CHARS}]+)*",
    r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?",
    r"[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?",
]))
# An IRI, or a less-than sign: which one depends on the parse, so both ways are followed.
_IRIREF = re.compile(rf'<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>')
_OPENS = re.compile("['#]")
_KEYWORDS = sorted("""
    ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT CONSTRUCT
    CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE DISTINCT DROP
    ENCODE_FOR_URI EXISTS FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT HAVING HOURS IF IN INSERT INTO IRI
    LANG LANGDIR LANGMATCHES LATERAL LCASE LIMIT LOAD MAX MD5 MIN MINUS MINUTES MONTH MOVE NAMED NOT
    NOW OBJECT OFFSET OPTIONAL ORDER PREDICATE PREFIX RAND REDUCED REGEX REPLACE ROUND SAMPLE SECONDS
    SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384 SHA512 SILENT STR STRAFTER STRBEFORE STRDT STRENDS
    STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID SUBJECT SUBSTR SUM TIMEZONE TO TRIPLE TZ UCASE UNDEF
    UNION URI USING UUID VALUES VERSION WHERE WITH YEAR HASLANG HASLANGDIR ISBLANK ISIRI ISLITERAL
    ISNUMERIC ISTRIPLE ISURI SAMETERM A TRUE FALSE
""".split())
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # as the engine compares
_KEYWORDS_BY_INITIAL: dict[str, list[str]] = {}
for _keyword in _KEYWORDS:
    _KEYWORDS_BY_INITIAL.setdefault(_keyword[0], []).append(_keyword)


def _reaches(text: str, keyword: str) -> bool:
    """Whether some way of reading ``text`` as engine tokens meets ``keyword`` as a token."""
    seen: set[int] = set()
    pending = [0]
    while pending:
        start = pending.pop()
        position = space.end() if (space := _SPACE.match(text, start)) else start
        if position in seen or position >= len(text):
            continue
        seen.add(position)
        upper = text[position:position + 20].translate(_ASCII_UPPER)
        keywords = [k for k in _KEYWORDS_BY_INITIAL.get(upper[:1], ()) if upper.startswith(k)]
        if keyword in keywords:
            return True
        following = [position + len(k) for k in keywords]
        if (opaque := _OPAQUE.match(text, position)) and opaque.end() > position:
            following.append(opaque.end())
        if text[position] == "<" and (iri := _IRIREF.match(text, position)):
            following.append(iri.end())
            # Read as a less-than sign instead, no keyword can start inside (no '{' or space fits
            # there), but a quote or '#' inside opens a string or a comment that runs on past it.
            if (opening := _OPENS.search(text, position, iri.end())) is not None:
                following.append(opening.start())
        if not following:  # punctuation, or a character no rule of the engine starts with
            following.append(position + 1)
        pending.extend(following)
    return False


_BRACKETS = re.compile("|".join([_STRING, r"#[^\r\n]*", _IRIREF.pattern, r"[{(\[]", r"[})\]]"]))


def _nesting(text: str) -> int:
    """The deepest nesting of groups, brackets and parentheses outside strings, comments and IRIs."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        token = match.group(0)
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth = max(0, depth - 1)
    return deepest


_TOKEN = re.compile("|".join([
    f"(?P<string>{_STRING})", r"(?P<comment>#[^\r\n]*)", f"(?P<iri>{_IRIREF.pattern})", f"(?P<variable>{_VARIABLE})",
    f"(?P<pname>{_PNAME})", r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)", r"(?P<space>\s+)", r"(?P<other>.)",
]), re.DOTALL)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_UNBOUNDED_WORDS = {"ALL", "NAMED", "BASE"}  # CLEAR ALL, DROP NAMED, relative IRIs


def update_scope(text: str, prefixes: dict[str, str]) -> frozenset[str] | None:
    """The graphs an update may change: every IRI it writes out, and "" for the default graph.

    Comparing just these before and after an update is what keeps a small update cheap on a
    large store. None when the update names graphs some other way (GRAPH ?g, ALL, NAMED,
    BASE, a relative IRI, an undeclared prefix): then every graph must be compared.
    """
    declared, scope = dict(prefixes), {""}
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]
    for index, (kind, value) in enumerate(tokens):
        before = tokens[index - 1][1].upper() if index else ""
        if kind == "word" and value.upper() in _UNBOUNDED_WORDS:
            return None
        if kind == "variable" and before in ("GRAPH", "WITH", "INTO", "TO"):
            return None
        if kind == "iri":
            iri = _CODEPOINT.sub(lambda m: _decode(m.group(0)), value[1:-1])
            if not _ABSOLUTE.match(iri):
                return None
            scope.add(iri)
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            if before == "PREFIX" and index + 1 < len(tokens) and tokens[index + 1][0] == "iri":
                declared[prefix] = tokens[index + 1][1][1:-1]
            elif prefix not in declared:
                return None
            else:
                scope.add(declared[prefix] + local.replace("\\", ""))
    return frozenset(scope)


def reads_only_its_scope(text: str) -> bool:
    """Whether the update reads nothing but the graphs it names: no WHERE (INSERT DATA, DELETE DATA,
    CLEAR, DROP, CREATE, ADD, MOVE, COPY), so it can be tried on just those graphs."""
    return not any(m.lastgroup == "word" and m.group().upper() == "WHERE" for m in _TOKEN.finditer(text))
