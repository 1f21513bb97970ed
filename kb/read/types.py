"""The records the read side returns (docs/web-api.md documents the JSON ones), and the links it needs.

Records are TypedDicts: the JSON API sends them as they are and the templates read them by key.
Where a record links to a page, the web layer says where (``Links``, web/urls.py): the read
side decides what links to what, never how a URL is written.
"""

from __future__ import annotations

from typing import Protocol, TypedDict

__all__ = [
    "Links", "Node", "EventType", "EventActor", "SourceRef", "Event", "Window", "TimelinePage", "ActorFacet",
    "TypeFacet", "SourceFacet", "Facets", "Related", "ClaimRef", "Quote", "EventDetails", "Property", "LiteralValue",
    "NamedNode", "Link", "Description", "Part", "Incoming", "EntityPage", "ArticleSpan", "Segment", "Block", "Image", "ArticlePage",
    "OntologyTerm", "OntologyAbout", "OntologyTerms", "ExampleQuery",
]


class Links(Protocol):
    def entity(self, iri: str | None) -> str | None:
        """Where a page shows this IRI, if anywhere."""

    def outside(self, iri: str) -> str | None:
        """A link out to another site (Wikidata), if it is a safe one."""

    def evidence(self, source: str, anchor: str) -> str | None:
        """Where on its article's page a quote is shown."""


class Node(TypedDict):
    id: str
    href: str | None
    label: str


class EventType(Node):
    param: str


class EventActor(Node):
    role: str | None


class SourceRef(TypedDict):
    id: str
    href: str | None
    headline: str


class Event(Node):
    types: list[EventType]
    status: str
    begin: str | None
    end: str | None
    earliestBegin: str | None
    latestBegin: str | None
    earliestEnd: str | None
    latestEnd: str | None
    precision: str | None
    timeText: str | None
    timeValue: str | None
    actors: list[EventActor]
    sources: list[SourceRef]
    when: str | None
    datetime: str | None
    origin: str                # "curated" (a sidecar, or data loaded as it is) or "automatic" (kb.extract)
    confidence: float | None   # the extraction's, 0..1; None for curated events


Window = TypedDict("Window", {"from": str | None, "to": str | None})


class TimelinePage(TypedDict):
    window: Window
    total: int
    offset: int
    limit: int
    events: list[Event]
    undated: list[Event]


class ActorFacet(Node):
    count: int
    param: str


class TypeFacet(TypedDict):
    id: str
    label: str
    count: int
    param: str


class SourceFacet(TypedDict):
    id: str
    href: str | None
    headline: str
    count: int
    param: str


class OriginFacet(TypedDict):
    id: str
    label: str
    count: int
    param: str


class Facets(TypedDict):
    actors: list[ActorFacet]
    types: list[TypeFacet]
    sources: list[SourceFacet]
    origins: list[OriginFacet]


class Related(Node):
    relation: str


class ClaimRef(Node):
    text: str | None
    by: list[Node]


class Quote(TypedDict):
    id: str
    anchor: str
    exact: str
    start: int
    end: int
    before: str
    after: str
    source: SourceRef
    href: str | None


class EventDetails(Event):
    places: list[Node]
    related: list[Related]
    claims: list[ClaimRef]
    evidence: list[Quote]


class Property(TypedDict):
    id: str
    name: str
    label: str | None
    href: str | None


class LiteralValue(TypedDict):
    property: Property
    value: str
    datatype: str | None
    language: str | None


class NamedNode(Node):
    name: str


class Link(TypedDict):
    property: Property
    target: Node


class Description(TypedDict):
    types: list[NamedNode]
    literals: list[LiteralValue]
    links: list[Link]


class Part(Description):
    id: str
    fragment: str


class Incoming(TypedDict):
    property: Property
    source: Node


class EntityPage(Node, Description):
    kinds: list[str]
    sameAs: list[Node]
    incoming: list[Incoming]
    incomingTruncated: bool
    parts: list[Part]
    evidence: list[Quote]
    event: EventDetails | None
    events: list[Event]
    eventsTotal: int
    eventsHere: list[Event]
    eventsHereTotal: int


class ArticleSpan(TypedDict):
    id: str
    anchor: str
    number: int
    start: int
    end: int
    exact: str
    kind: str
    body: Node


class Segment(TypedDict, total=False):
    text: str                       # plain text, or:
    evidence: ArticleSpan           # a highlighted span, nested
    first: bool
    last: bool
    children: list[Segment]


class Block(TypedDict):
    kind: str                       # "paragraph" or "heading"
    segments: list[Segment]


class Image(TypedDict):
    caption: str | None
    credit: str | None


class ArticlePage(Node):
    headline: str
    published: str | None
    author: Node | None
    url: str | None
    image: Image | None
    blocks: list[Block]
    evidence: list[ArticleSpan]


class OntologyTerm(Node):
    name: str
    local: str
    comment: str | None
    cameo: str | None
    section: str
    kinds: list[str]
    super: list[NamedNode]
    domain: list[NamedNode]
    range: list[NamedNode]
    types: list[NamedNode]


class OntologyAbout(TypedDict):
    id: str
    label: str | None
    comment: str | None
    version: str | None


class OntologyTerms(TypedDict):
    ontology: OntologyAbout
    classes: list[OntologyTerm]
    properties: list[OntologyTerm]
    individuals: list[OntologyTerm]


class ExampleQuery(TypedDict):
    name: str
    title: str
    description: str
    query: str
