"""Curated stand-off annotations: a TOML sidecar beside an article -> records.

The sidecar names the article's actors, places, events and claims and gives their evidence by
quoting the article. This module checks everything a researcher can get wrong (an unknown type
or key, a quote that is not in the text or is there twice, a date that cannot be read) and
says where, with the sidecar's file and line. The format is documented in docs/model.md.
The records it returns are kb/records.py's, curated (their provenance's default); the dates
are worked out by kb/dating.py, whose errors this module gives the file and line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kb.article import Document
from kb.dating import DateSpec, DatingError, date_event, direction_of
from kb.errors import KbError
from kb.records import Actor, Claim, Event, Evidence, Place, Post, Records
from kb.temporal import TimeSpan
from kb.vocabulary import terms

__all__ = [
    "ACTOR_TYPES", "PLACE_TYPES", "EVENT_TYPES", "ROLES", "RELATIONS", "STATUSES",
    "AnnotationError", "read_sidecar", "parse_sidecar", "sidecar_path", "sidecar_beside",
]

# The sidecar's words (kb/vocabulary.py), each to the ontology class it names (its local name) or as they are.
ACTOR_TYPES = {word: term.local_name for word, term in terms("actor-type").items()}
PLACE_TYPES = {word: term.local_name for word, term in terms("place-type").items()}
EVENT_TYPES = {word: term.local_name for word, term in terms("event-type").items()}
ROLES = tuple(terms("role"))
RELATIONS = tuple(terms("relation"))
STATUSES = tuple(terms("status"))
ARTICLE = "article"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_ACTOR_FIELDS = {"label", "type", "wikidata", "part-of", "group-of", "nationality", "unnamed", "posts", "evidence"}
_PLACE_FIELDS = {"label", "type", "in", "wikidata", "evidence"}
_EVENT_FIELDS = {"label", "type", "status", "date", "undated", "actors", "place", "evidence", *RELATIONS}
_CLAIM_FIELDS = {"label", "text", "by", "about", "asserted-in", "quotation", "disputed-by", "evidence"}
_DATE_FIELDS = {"text", "value", "precision", "duration", "ends-with", "begins-with", "after", "before", "begun-by", "until"}
_POST_FIELDS = {"key", "label", "in"}


class AnnotationError(KbError, ValueError):
    """A sidecar that cannot be used; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


def sidecar_path(article_path: str | Path) -> Path:
    """Where an article's sidecar lives: beside it, same stem, ``.toml``."""
    return Path(article_path).with_suffix(".toml")


def sidecar_beside(article_path: str | Path) -> Path | None:
    """The sidecar an article has beside it, if it has one (then it wins over the automatic extraction)."""
    path = sidecar_path(article_path)
    return path if path.is_file() else None


def read_sidecar(path: str | Path, document: Document) -> Records:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise AnnotationError(path, None, f"not UTF-8 text ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise AnnotationError(path, None, f"cannot read the sidecar: {error.strerror}") from error
    return parse_sidecar(source, document, path)


def parse_sidecar(source: str, document: Document, path: str | Path = "<sidecar>") -> Records:
    """Check and resolve a sidecar's TOML against its article."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise AnnotationError(path, int(match.group(1)) if match else None, f"TOML syntax error: {error}") from error
    return _SidecarReader(data, source, document, Path(path)).read()


def _is_quote(value: object) -> bool:
    """A quote, or a table that says which occurrence of a quote the article repeats."""
    if isinstance(value, dict):
        return (set(value) == {"quote", "occurrence"} and isinstance(value["quote"], str) and bool(value["quote"])
                and type(value["occurrence"]) is int and value["occurrence"] >= 1)
    return isinstance(value, str) and bool(value)


class _Locator:
    """Finds the line of a table or a field in the sidecar's source, for error messages."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines()

    def table(self, kind: str, key: str) -> int | None:
        header = re.compile(r"^\s*\[\s*" + re.escape(kind) + r"\s*\.\s*\"?" + re.escape(key) + r"\"?\s*\]")
        return next((i + 1 for i, line in enumerate(self.lines) if header.match(line)), None)

    def field(self, kind: str, key: str, name: str, needle: str | None = None) -> int | None:
        start = self.table(kind, key)
        if start is None:
            return None
        end = next((i for i in range(start, len(self.lines)) if re.match(r"^\s*\[", self.lines[i])), len(self.lines))
        if needle:
            probe = needle[:40]
            found = next((i + 1 for i in range(start, end) if probe in self.lines[i]), None)
            if found:
                return found
        assign = re.compile(r"^\s*\"?" + re.escape(name) + r"\"?\s*=")
        return next((i + 1 for i in range(start, end) if assign.match(self.lines[i])), start)


class _SidecarReader:
    def __init__(self, data: dict[str, Any], source: str, document: Document, path: Path) -> None:
        self.data, self.document, self.path = data, document, path
        self.locate = _Locator(source)
        self.raw_events: dict[str, dict[str, Any]] = {}
        self.times: dict[str, TimeSpan | None] = {}
        self.resolving: list[str] = []

    def fail(self, line: int | None, problem: str) -> AnnotationError:
        return AnnotationError(self.path, line, problem)

    def read(self) -> Records:
        unknown = set(self.data) - {"article", "actors", "places", "events", "claims"}
        if unknown:
            raise self.fail(None, f"unknown top-level table(s) {sorted(unknown)} (use actors, places, events, claims)")
        tables = {kind: self._tables(kind) for kind in ("actors", "places", "events", "claims")}
        records = Records(document=self.document)
        records.actors = [self._actor(key, raw) for key, raw in tables["actors"].items()]
        actor_keys = {a.key for a in records.actors}
        records.places = [self._place(key, raw, actor_keys) for key, raw in tables["places"].items()]
        place_keys = {p.key for p in records.places} | {a.key for a in records.actors if a.type == "Country"}
        self.raw_events = tables["events"]
        records.events = [self._event(key, raw, actor_keys, place_keys) for key, raw in tables["events"].items()]
        all_keys = actor_keys | place_keys | set(tables["events"]) | set(tables["claims"])
        records.claims = [self._claim(key, raw, actor_keys, all_keys) for key, raw in tables["claims"].items()]
        self._check_actor_references(records.actors, actor_keys)
        return records

    def _tables(self, kind: str) -> dict[str, dict[str, Any]]:
        tables = self.data.get(kind, {})
        if not isinstance(tables, dict):
            raise self.fail(None, f"'{kind}' must be tables such as [{kind}.some-key]")
        for key, value in tables.items():
            if not _KEY.match(key):
                raise self.fail(self.locate.table(kind, key), f"the key {key!r} in [{kind}.{key}] must use lower-case letters, digits and hyphens")
            if not isinstance(value, dict):
                raise self.fail(None, f"{kind}.{key} must be a table [{kind}.{key}]")
        return tables

    def _check_fields(self, kind: str, key: str, raw: dict[str, Any], allowed: set[str]) -> None:
        for name in raw:
            if name not in allowed:
                raise self.fail(self.locate.field(kind, key, name), f"[{kind}.{key}] has an unknown field {name!r} (known: {', '.join(sorted(allowed))})")

    def _string(self, kind: str, key: str, raw: dict[str, Any], name: str, required: bool = False) -> str | None:
        value = raw.get(name)
        if value is None:
            if required:
                raise self.fail(self.locate.table(kind, key), f"[{kind}.{key}] needs a {name!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self.locate.field(kind, key, name), f"[{kind}.{key}] {name} must be a non-empty string")
        return value

    def _label(self, kind: str, key: str, raw: dict[str, Any]) -> str:
        label = self._string(kind, key, raw, "label", required=True)
        assert label is not None  # required=True raised otherwise
        return label

    def _keys(self, kind: str, key: str, raw: dict[str, Any], name: str, known: set[str], what: str, extra: tuple[str, ...] = ()) -> list[str]:
        value = raw.get(name, [])
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(self.locate.field(kind, key, name), f"[{kind}.{key}] {name} must be a key or a list of keys")
        for reference in values:
            if reference not in known and reference not in extra:
                raise self.fail(self.locate.field(kind, key, name, reference), f"[{kind}.{key}] {name} refers to {reference!r}, which is not a known {what}")
        return values

    def _choice(self, kind: str, key: str, raw: dict[str, Any], name: str, choices: dict[str, str] | tuple[str, ...], default: str | None = None) -> str:
        value = raw.get(name, default)
        if not isinstance(value, str) or value not in choices:
            listed = ", ".join(choices)
            raise self.fail(self.locate.field(kind, key, name) if name in raw else self.locate.table(kind, key),
                            f"[{kind}.{key}] {name} {value!r} is not one of: {listed}")
        return choices[value] if isinstance(choices, dict) else value

    def _evidence(self, kind: str, key: str, raw: dict[str, Any]) -> list[Evidence]:
        value = raw.get("evidence", [])
        quotes = [value] if isinstance(value, (str, dict)) else value
        if not isinstance(quotes, list) or not all(_is_quote(quote) for quote in quotes):
            raise self.fail(self.locate.field(kind, key, "evidence"),
                            f"[{kind}.{key}] evidence must be a quote, {{ quote = …, occurrence = N }}, or a list of them")
        return [self._find_quote(kind, key, quote) if isinstance(quote, str) else
                self._find_quote(kind, key, quote["quote"], quote["occurrence"]) for quote in quotes]

    def _find_quote(self, kind: str, key: str, quote: str, occurrence: int | None = None) -> Evidence:
        """The quote's one place in the text; or its n-th, for words the article repeats character for character."""
        text = self.document.text
        start = text.find(quote)
        line = self.locate.field(kind, key, "evidence", quote)
        if start < 0:
            hint = ""
            if _loose(quote) in _loose(text):
                hint = " (it is there with other quote marks, apostrophes or spaces: copy it character for character; the article may use ’ “ ” or a no-break space)"
            raise self.fail(line, f"[{kind}.{key}] the quote {_short(quote)!r} is not in the article {self.document.path}{hint}")
        if occurrence is not None:
            for seen in range(1, occurrence):
                start = text.find(quote, start + 1)
                if start < 0:
                    raise self.fail(line, f"[{kind}.{key}] the quote {_short(quote)!r} occurs {seen} times, not {occurrence}")
            return Evidence.at(text, start, start + len(quote))
        again = text.find(quote, start + 1)
        if again >= 0:
            raise self.fail(line, f"[{kind}.{key}] the quote {_short(quote)!r} is ambiguous: it occurs at offsets {start} and {again}; "
                                  "quote more words, or say which with { quote = …, occurrence = N }")
        return Evidence.at(text, start, start + len(quote))

    def _actor(self, key: str, raw: dict[str, Any]) -> Actor:
        self._check_fields("actors", key, raw, _ACTOR_FIELDS)
        wikidata = self._string("actors", key, raw, "wikidata")
        if wikidata and not re.fullmatch(r"Q[1-9]\d*", wikidata):
            raise self.fail(self.locate.field("actors", key, "wikidata"), f"[actors.{key}] wikidata {wikidata!r} is not a Wikidata item identifier such as Q43")
        posts = raw.get("posts", [])
        if not isinstance(posts, list) or not all(isinstance(p, dict) for p in posts):
            raise self.fail(self.locate.field("actors", key, "posts"), f"[actors.{key}] posts must be a list of tables {{ key = …, label = …, in = … }}")
        parsed_posts = []
        for post in posts:
            unknown = set(post) - _POST_FIELDS
            if unknown or not isinstance(post.get("key"), str) or not _KEY.match(post["key"]) or not isinstance(post.get("label"), str):
                raise self.fail(self.locate.field("actors", key, "posts"), f"[actors.{key}] each post needs key (lower-case-with-hyphens) and label, and may have in; found {sorted(post)}")
            parsed_posts.append(Post(post["key"], post["label"], post.get("in")))
        unnamed = raw.get("unnamed", False)
        if not isinstance(unnamed, bool):
            raise self.fail(self.locate.field("actors", key, "unnamed"), f"[actors.{key}] unnamed must be true or false")
        return Actor(
            key=key,
            label=self._label("actors", key, raw),
            type=self._choice("actors", key, raw, "type", ACTOR_TYPES),
            wikidata=wikidata,
            part_of=self._string("actors", key, raw, "part-of"),
            group_of=self._string("actors", key, raw, "group-of"),
            nationality=self._string("actors", key, raw, "nationality"),
            unnamed=unnamed,
            posts=parsed_posts,
            evidence=self._evidence("actors", key, raw),
        )

    def _check_actor_references(self, actors: list[Actor], actor_keys: set[str]) -> None:
        for actor in actors:
            references = [("part-of", actor.part_of), ("group-of", actor.group_of), ("nationality", actor.nationality)]
            references += [("posts", post.organisation) for post in actor.posts]
            for name, reference in references:
                if reference and reference not in actor_keys:
                    raise self.fail(self.locate.field("actors", actor.key, name, reference), f"[actors.{actor.key}] {name} refers to {reference!r}, which is not a known actor")

    def _place(self, key: str, raw: dict[str, Any], actor_keys: set[str]) -> Place:
        self._check_fields("places", key, raw, _PLACE_FIELDS)
        within = self._string("places", key, raw, "in")
        known = set(self.data.get("places", {})) | actor_keys
        if within and within not in known:
            raise self.fail(self.locate.field("places", key, "in"), f"[places.{key}] in refers to {within!r}, which is not a known place or country")
        return Place(
            key=key,
            label=self._label("places", key, raw),
            type=self._choice("places", key, raw, "type", PLACE_TYPES),
            within=within,
            wikidata=self._string("places", key, raw, "wikidata"),
            evidence=self._evidence("places", key, raw),
        )

    def _event(self, key: str, raw: dict[str, Any], actor_keys: set[str], place_keys: set[str]) -> Event:
        self._check_fields("events", key, raw, _EVENT_FIELDS)
        roles_raw = raw.get("actors", {})
        if not isinstance(roles_raw, dict):
            raise self.fail(self.locate.field("events", key, "actors"), f"[events.{key}] actors must be a table of role = [actor keys], e.g. {{ signatory = [\"turkey\"] }}")
        roles: dict[str, list[str]] = {}
        for role in roles_raw:
            if role not in ROLES:
                raise self.fail(self.locate.field("events", key, "actors", role), f"[events.{key}] unknown role {role!r} (known: {', '.join(ROLES)})")
            roles[role] = self._keys("events", key, roles_raw, role, actor_keys, "actor")
        relations = [(name, target) for name in RELATIONS for target in self._keys("events", key, raw, name, set(self.raw_events), "event")]
        return Event(
            key=key,
            label=self._label("events", key, raw),
            type=self._choice("events", key, raw, "type", EVENT_TYPES),
            status=self._choice("events", key, raw, "status", STATUSES, default="happened"),
            time=self._time(key),
            roles=roles,
            places=self._keys("events", key, raw, "place", place_keys, "place or country"),
            relations=relations,
            evidence=self._evidence("events", key, raw),
        )

    def _claim(self, key: str, raw: dict[str, Any], actor_keys: set[str], all_keys: set[str]) -> Claim:
        self._check_fields("claims", key, raw, _CLAIM_FIELDS)
        by = self._keys("claims", key, raw, "by", actor_keys, "actor", extra=(ARTICLE,))
        if not by:
            raise self.fail(self.locate.table("claims", key), f"[claims.{key}] needs 'by': who makes the claim (actor keys, or \"article\" for the article's own assertion)")
        asserted_in = self._string("claims", key, raw, "asserted-in")
        if asserted_in and asserted_in not in self.raw_events:
            raise self.fail(self.locate.field("claims", key, "asserted-in"), f"[claims.{key}] asserted-in refers to {asserted_in!r}, which is not a known event")
        return Claim(
            key=key,
            label=self._label("claims", key, raw),
            text=self._string("claims", key, raw, "text"),
            by=by,
            about=self._keys("claims", key, raw, "about", all_keys, "actor, place, event or claim"),
            asserted_in=asserted_in,
            quotation=self._string("claims", key, raw, "quotation"),
            disputed_by=self._keys("claims", key, raw, "disputed-by", actor_keys, "actor"),
            evidence=self._evidence("claims", key, raw),
        )

    # --- time -------------------------------------------------------------------------

    def _time(self, key: str) -> TimeSpan | None:
        """An event's time, resolving the events it refers to first (ends-with, after, ...)."""
        if key in self.times:
            return self.times[key]
        if key in self.resolving:
            cycle = " -> ".join(self.resolving[self.resolving.index(key):] + [key])
            raise self.fail(self.locate.field("events", key, "date"), f"[events.{key}] the dates refer to each other in a circle: {cycle}")
        self.resolving.append(key)
        try:
            span = self._read_time(key, self.raw_events[key])
        finally:
            self.resolving.pop()
        self.times[key] = span
        return span

    def _read_time(self, key: str, raw: dict[str, Any]) -> TimeSpan | None:
        line = self.locate.field("events", key, "date")
        undated = raw.get("undated", False)
        if not isinstance(undated, bool):
            raise self.fail(self.locate.field("events", key, "undated"), f"[events.{key}] undated must be true or false")
        if "date" not in raw:
            if not undated:
                raise self.fail(self.locate.table("events", key), f"[events.{key}] needs a date, or undated = true when the text gives no time")
            return None
        if undated:
            raise self.fail(line, f"[events.{key}] has both a date and undated = true")
        spec = raw["date"]
        if not isinstance(spec, (str, dict)):
            raise self.fail(line, f"[events.{key}] date must be the words of the text or a table {{ text = …, … }}")
        try:
            return date_event(spec if isinstance(spec, str) else self._date_spec(key, spec, line),
                              self.document.published, direction_of(raw.get("status", "happened")), self._time)
        except DatingError as error:
            raise self.fail(line, f"[events.{key}] {error}") from error

    def _date_spec(self, key: str, spec: dict[str, Any], line: int | None) -> DateSpec:
        """A date table's values, checked against the sidecar: known fields, the words, known events."""
        unknown = set(spec) - _DATE_FIELDS
        if unknown:
            raise self.fail(line, f"[events.{key}] date has unknown field(s) {sorted(unknown)} (known: {', '.join(sorted(_DATE_FIELDS))})")
        text = spec.get("text")
        if not isinstance(text, str) or not text.strip():
            raise self.fail(line, f"[events.{key}] date needs text: the words of the article that give the time")
        date_spec = DateSpec(
            text=text,
            value=str(spec["value"]) if "value" in spec else None,
            precision=spec.get("precision"),
            duration=spec.get("duration"),
            ends_with=spec.get("ends-with"),
            begins_with=spec.get("begins-with"),
            after=spec.get("after"),
            before=spec.get("before"),
            begun_by=spec.get("begun-by"),
            until=spec.get("until"),
        )
        for reference in date_spec.events():
            if reference not in self.raw_events:
                raise self.fail(line, f"[events.{key}] date refers to {reference!r}, which is not a known event (or \"dct\")")
        return date_spec


def _loose(text: str) -> str:
    """Text with quote marks, apostrophes and spaces made plain, to explain a near miss."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
    return re.sub(r"\s+", " ", text.translate(table))


def _short(quote: str) -> str:
    return quote if len(quote) <= 60 else quote[:57] + "..."
