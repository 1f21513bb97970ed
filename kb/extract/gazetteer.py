"""The gazetteer the project ships (kb/data/gazetteer.toml): countries with their names, demonyms and
capitals, and international organisations, government bodies and news outlets with their names.

It lets "Turkish", "the U.S.", "Ankara said" and "UN" name one actor each, with a Wikidata QID where
one was verified (kb/data/GAZETTEER.md says against what).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["Entry", "Gazetteer", "shipped_gazetteer"]


@dataclass(frozen=True)
class Entry:
    """A country or organisation: its key (the actor's IRI key), label, actor type, QID and what it is part of."""

    key: str
    label: str
    type: str  # a sidecar actor type: country, intergovernmental-organisation, government-body, organisation, media-outlet
    wikidata: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Entry]
    names: dict[str, str]     # a name as written -> key
    demonyms: dict[str, str]  # "Turkish", "Turks" -> country key
    capitals: dict[str, str]  # "Ankara" -> country key

    def by_name(self, name: str) -> Entry | None:
        """The entry a name names: as written, without or with a leading "the", or with its dots dropped ("U.N." is "UN")."""
        for candidate in _spellings(name):
            key = self.names.get(candidate)
            if key:
                return self.entries[key]
        return None

    def names_in(self, words: Span) -> Iterator[tuple[Span, Entry]]:
        """Every name of the gazetteer written in a stretch of text, longest first where they overlap: what
        the entity recogniser misses ("the ITAR-Tass news agency", "police in the Comoros archipelago")."""
        doc, start = words.doc, words.start
        while start < words.end:
            found = None
            if doc[start].text[:1].isupper():
                for end in range(min(words.end, start + _LONGEST_NAME), start, -1):
                    key = self.names.get(doc[start:end].text)
                    if key:
                        found = (doc[start:end], self.entries[key])
                        break
            if found:
                yield found
                start = found[0].end
            else:
                start += 1

    def country_of_demonym(self, word: str) -> Entry | None:
        key = self.demonyms.get(word) or self.demonyms.get(word.rstrip("s"))
        return self.entries[key] if key else None

    def country_of_capital(self, name: str) -> Entry | None:
        key = self.capitals.get(name)
        return self.entries[key] if key else None


_LONGEST_NAME = 12  # tokens: "Organization for Security and Co - operation in Europe" is nine


def _spellings(name: str) -> list[str]:
    name = " ".join(name.split())
    bare = name[4:] if name.lower().startswith("the ") else name
    return [name, bare, bare.replace(".", ""), bare.removesuffix("'s").removesuffix("’s"), f"The {bare}"]  # "Economist" for "The Economist"


@functools.cache
def shipped_gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    data = tomllib.loads(resources.files("kb.data").joinpath("gazetteer.toml").read_text(encoding="utf-8"))
    entries: dict[str, Entry] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for key, raw in data.get("countries", {}).items():
        entries[key] = Entry(key, raw["label"], "country", raw.get("wikidata"))
        for word in raw.get("demonyms", []):
            demonyms.setdefault(word, key)
        if raw.get("capital"):
            capitals.setdefault(raw["capital"], key)
    for key, raw in data.get("organisations", {}).items():
        entries[key] = Entry(key, raw["label"], raw.get("type", "organisation"), raw.get("wikidata"), raw.get("part-of"))
    for section in ("countries", "organisations"):
        for key, raw in data.get(section, {}).items():
            for name in [raw["label"], *raw.get("names", [])]:
                names.setdefault(name, key)
    return Gazetteer(entries, names, demonyms, capitals)
