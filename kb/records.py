"""The record model: what an article reports, as plain typed values, before any triple exists.

Records are the one shape that the readers of an article produce and kb/rdf.py consumes: the
curated sidecar (kb/annotations.py) and automatic extraction (kb/extract/times.py) both fill them, so
kb/rdf.py mints the same triples whoever found a fact. Keys are the sidecar's table keys
(lower-case letters, digits, hyphens); types are the ontology's class names ("Country",
"Ceasefire"); roles, relations and statuses are the sidecar's names (docs/model.md), which
kb/rdf.py maps to properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kb.article import Document
from kb.temporal import TimeExpression, TimeSpan

__all__ = ["Provenance", "Extraction", "Evidence", "Post", "Actor", "Place", "Event", "Claim", "TimeMention", "Records"]


@dataclass(frozen=True)
class Provenance:
    """Who made a record: a curator, through a sidecar (the default), or a tool that generated it.

    A generated record names its tool and version in ``agent`` ("kb.extract 0.3") and may say
    how sure the tool is (``confidence``, 0..1), so that researchers can tell a curated fact
    from a guess and filter on it. A curator's ``agent`` may name the person.
    """

    kind: Literal["curated", "generated"] = "curated"
    agent: str | None = None
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("curated", "generated"):
            raise ValueError(f"provenance kind {self.kind!r} is not 'curated' or 'generated'")
        if self.kind == "generated" and not self.agent:
            raise ValueError("a generated record needs its agent: the tool (and version) that made it")
        if self.confidence is not None and not 0 <= self.confidence <= 1:
            raise ValueError(f"confidence {self.confidence!r} is not between 0 and 1")


@dataclass(frozen=True)
class Extraction:
    """The run of a tool that generated an article's records: the tool, its version, the NLP pipeline it read with.

    kb/rdf.py makes it a prov:Activity that every generated record of the article points to
    (prov:wasGeneratedBy), so that a query can tell what a tool found, and with what.
    """

    tool: str
    version: str
    pipeline: str


@dataclass(frozen=True)
class Evidence:
    """The exact words of the article that support a record, with their offsets (a Web Annotation)."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str

    @classmethod
    def at(cls, text: str, start: int, end: int) -> Evidence:
        """The quote ``text[start:end]`` with enough context on each side to find it again."""
        return cls(text[start:end], start, end, text[max(0, start - 32):start], text[end:end + 32])


@dataclass(frozen=True)
class Post:
    """A position an actor holds ("Foreign Minister of Azerbaijan"), in an organisation (an actor key)."""

    key: str
    label: str
    organisation: str | None


@dataclass
class Actor:
    """A person, country, organisation or group; ``type`` is its ontology class, the other keys are actor keys."""

    key: str
    label: str
    type: str
    wikidata: str | None = None
    part_of: str | None = None
    group_of: str | None = None
    nationality: str | None = None
    unnamed: bool = False  # the text does not name it ("a police spokesman"): it belongs to its article, like a group
    posts: list[Post] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    provenance: Provenance = Provenance()


@dataclass
class Place:
    """A region, city or site; ``within`` is the key of the place or country it lies in."""

    key: str
    label: str
    type: str
    within: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    provenance: Provenance = Provenance()


@dataclass
class Event:
    """Something that happened (or is planned): who did it in which role, where, when, and how it relates to others.

    ``time`` is None when the text gives no time at all; ``roles`` maps a role to actor keys,
    ``relations`` are (relation, event key) pairs.
    """

    key: str
    label: str
    type: str
    status: str
    time: TimeSpan | None
    roles: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    provenance: Provenance = Provenance()


@dataclass
class Claim:
    """What someone asserts (``by``: actor keys, or "article" for the article's own assertion), kept apart from fact."""

    key: str
    label: str
    text: str | None
    by: list[str]
    about: list[str] = field(default_factory=list)
    asserted_in: str | None = None
    quotation: str | None = None
    disputed_by: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class TimeMention:
    """A time expression the tagger found (kb/extract/times.py), and its words in the article.

    No provenance field: a mention is always the tagger's, and kb/rdf.py says so (ekb:TemporalTagger).
    """

    expression: TimeExpression
    evidence: Evidence


@dataclass
class Records:
    """Everything known about one article, ready for kb/rdf.py: curated or generated, and the tagger's times.

    ``extraction`` names the run that generated the records marked generated (None: all curated).
    """

    document: Document
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    extraction: Extraction | None = None
