"""Records -> one rdflib Graph per article: the only module that mints triples.

IRIs are built from the article's slug and the sidecar's keys, so loading the same article
twice gives the same graph. docs/model.md shows every triple this module writes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kb.article import Document, slugify
from kb.namespaces import EKB, EKBD, OA, ORG, PREFIXES, PROV, SCHEMA, SEM, WD
from kb.records import Actor, Claim, Event, Evidence, Place, Provenance, Records, TimeMention
from kb.temporal import Precision, TimeSpan
from kb.vocabulary import terms

__all__ = [
    "article_graph", "vocabulary_graph", "service_description", "article_graph_iri", "article_iri", "file_graph_iri",
]

ROLE_PROPERTIES = {word: URIRef(term.iri) for word, term in terms("role").items()}
RELATION_PROPERTIES = {word: URIRef(term.iri) for word, term in terms("relation").items()}
STATUS_INDIVIDUALS = {word: URIRef(term.iri) for word, term in terms("status").items()}
PRECISION_INDIVIDUALS = {precision: EKB[precision.value.capitalize()] for precision in Precision}


def article_iri(slug: str) -> URIRef:
    return EKBD[f"article/{slug}"]


def article_graph_iri(slug: str) -> URIRef:
    return EKBD[f"graph/{slug}"]


def file_graph_iri(path: str | Path) -> URIRef:
    """The named graph of an RDF file loaded as it is: one per file name."""
    return EKBD[f"graph/file/{slugify(Path(path).name)}"]


def vocabulary_graph(graph_iri: URIRef, graph: Graph, digest: str) -> Graph:
    """The ontology or shapes as stored: the file's triples plus its digest, so an unchanged file is not rewritten."""
    stored = Graph()
    stored += graph
    stored.add((graph_iri, SCHEMA.sha256, Literal(digest)))
    return stored


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(endpoint: str, update_enabled: bool) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint, for clients that look before they query."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = URIRef(f"{endpoint}#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update_enabled:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))  # and not BasicFederatedQuery: SERVICE is refused
    for result_format in (FORMATS["SPARQL_Results_JSON"], FORMATS["SPARQL_Results_XML"], FORMATS["SPARQL_Results_CSV"],
                          FORMATS["SPARQL_Results_TSV"], FORMATS["Turtle"], FORMATS["N-Triples"], FORMATS["JSON-LD"],
                          FORMATS["RDF_XML"], FORMATS["TriG"]):
        graph.add((service, SD.resultFormat, result_format))
    dataset = URIRef(f"{endpoint}#dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.comment, Literal("The default graph is the union of all named graphs: one per article or loaded file, plus the ontology and the SHACL shapes.")))
    return graph


def article_graph(records: Records) -> tuple[URIRef, Graph]:
    """The article's named graph IRI and its triples."""
    return _GraphBuilder(records).build()


class _GraphBuilder:
    def __init__(self, records: Records) -> None:
        self.records = records
        self.document: Document = records.document
        self.slug = self.document.slug
        self.article = article_iri(self.slug)
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.place_iris = {place.key: self.place(place.key) for place in records.places}
        self.article_scoped = {actor.key for actor in records.actors if actor.type == "Group" or actor.unnamed}
        self.activity = EKBD[f"extraction/{self.slug}"] if records.extraction else EKBD[f"curation/{self.slug}"]

    def add(self, subject: Node, predicate: URIRef, obj: Node | None) -> None:
        if obj is not None:
            self.graph.add((subject, predicate, obj))

    def actor(self, key: str) -> URIRef:
        """Named actors are shared across articles; groups and unnamed people belong to their article."""
        return EKBD[f"actor/{self.slug}/{key}"] if key in self.article_scoped else EKBD[f"actor/{key}"]

    def place(self, key: str) -> URIRef:
        return EKBD[f"place/{key}"]

    def event(self, key: str) -> URIRef:
        return EKBD[f"event/{self.slug}/{key}"]

    def claim(self, key: str) -> URIRef:
        return EKBD[f"claim/{self.slug}/{key}"]

    def place_or_country(self, key: str) -> URIRef:
        return self.place_iris.get(key) or self.actor(key)

    def build(self) -> tuple[URIRef, Graph]:
        self.article_metadata()
        self.add_activity()
        for actor in self.records.actors:
            self.add_actor(actor)
        for place in self.records.places:
            self.add_place(place)
        for event in self.records.events:
            self.add_event(event)
        for claim in self.records.claims:
            self.add_claim(claim)
        for mention in self.records.times:
            self.add_time_mention(mention)
        return article_graph_iri(self.slug), self.graph

    def derived(self, subject: URIRef) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.article)

    def add_activity(self) -> None:
        """What made the article's records: its curation (a sidecar), or a run of the automatic extraction."""
        activity, extraction = self.activity, self.records.extraction
        self.add(activity, PROV.used, self.article)
        if extraction is None:
            self.add(activity, RDF.type, EKB.Curation)
            self.add(activity, RDFS.label, Literal(f"Curation of {self.slug}"))
            return
        self.add(activity, RDF.type, EKB.Extraction)
        self.add(activity, RDFS.label, Literal(f"Automatic extraction of {self.slug}"))
        self.add(activity, PROV.wasAssociatedWith, EKB.EventExtractor)
        self.add(activity, EKB.toolVersion, Literal(f"{extraction.tool} {extraction.version}"))
        self.add(activity, EKB.nlpPipeline, Literal(extraction.pipeline))

    def generated(self, subject: URIRef, provenance: Provenance, confidence_here: bool = True) -> None:
        """Which activity made a record; a generated one says how sure the tool is (on the record, or on its evidence)."""
        self.add(subject, PROV.wasGeneratedBy, self.activity)
        if provenance.confidence is not None and confidence_here:
            self.add(subject, EKB.confidence, Literal(f"{provenance.confidence:.2f}", datatype=XSD.decimal))

    def article_metadata(self) -> None:
        doc, article = self.document, self.article
        self.add(article, RDF.type, SCHEMA.NewsArticle)
        self.add(article, SCHEMA.headline, Literal(doc.headline))
        if doc.published is not None:  # None: a plain text loaded without --date
            self.add(article, SCHEMA.datePublished, Literal(doc.published.isoformat(), datatype=XSD.date))
        self.add(article, SCHEMA.articleBody, Literal(doc.text))
        self.add(article, SCHEMA.identifier, Literal(self.slug))
        if doc.source:
            self.add(article, SCHEMA.url if doc.source.startswith(("http://", "https://")) else SCHEMA.publisher, Literal(doc.source))
        if doc.author:
            author = self.actor(slugify(doc.author))
            self.add(article, SCHEMA.author, author)
            self.add(author, RDF.type, EKB.Person)
            self.add(author, RDFS.label, Literal(doc.author))
            self.derived(author)
        if doc.image_caption or doc.image_credit:
            image = URIRef(f"{article}#image")
            self.add(article, SCHEMA.image, image)
            self.add(image, RDF.type, SCHEMA.ImageObject)
            self.add(image, SCHEMA.caption, Literal(doc.image_caption) if doc.image_caption else None)
            self.add(image, SCHEMA.creditText, Literal(doc.image_credit) if doc.image_credit else None)

    def add_evidence(self, kind: str, key: str, body: URIRef, evidence: list[Evidence], provenance: Provenance | None = None) -> None:
        """Each quote as a Web Annotation; an actor's or place's annotations carry how it was found, as it is shared."""
        for number, item in enumerate(evidence, start=1):
            annotation = EKBD[f"evidence/{self.slug}/{kind}-{key}-{number}"]
            target, quote, position = (URIRef(f"{annotation}#{part}") for part in ("target", "quote", "position"))
            if provenance is not None:
                self.generated(annotation, provenance)
            self.add(annotation, RDF.type, OA.Annotation)
            self.add(annotation, OA.motivatedBy, OA.identifying)
            self.add(annotation, OA.hasBody, body)
            self.add(annotation, OA.hasTarget, target)
            self.derived(annotation)
            self.add(target, RDF.type, OA.SpecificResource)
            self.add(target, OA.hasSource, self.article)
            self.add(target, OA.hasSelector, quote)
            self.add(target, OA.hasSelector, position)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(item.exact))
            self.add(quote, OA.prefix, Literal(item.prefix) if item.prefix else None)
            self.add(quote, OA.suffix, Literal(item.suffix) if item.suffix else None)
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(item.start, datatype=XSD.nonNegativeInteger))
            self.add(position, OA.end, Literal(item.end, datatype=XSD.nonNegativeInteger))

    def add_actor(self, actor: Actor) -> None:
        node = self.actor(actor.key)
        self.add(node, RDF.type, EKB[actor.type])
        self.add(node, RDFS.label, Literal(actor.label))
        self.add(node, SCHEMA.sameAs, WD[actor.wikidata] if actor.wikidata else None)
        self.add(node, ORG.subOrganizationOf, self.actor(actor.part_of) if actor.part_of else None)
        self.add(node, EKB.groupOf, self.actor(actor.group_of) if actor.group_of else None)
        self.add(node, SCHEMA.nationality, self.actor(actor.nationality) if actor.nationality else None)
        for post in actor.posts:
            post_node = EKBD[f"post/{post.key}"]
            self.add(node, ORG.holds, post_node)
            self.add(post_node, RDF.type, ORG.Post)
            self.add(post_node, RDFS.label, Literal(post.label))
            self.add(post_node, ORG.heldBy, node)
            self.add(post_node, ORG.postIn, self.actor(post.organisation) if post.organisation else None)
            self.derived(post_node)
        self.derived(node)
        self.generated(node, actor.provenance, confidence_here=False)
        self.add_evidence("actor", actor.key, node, actor.evidence, actor.provenance)

    def add_place(self, place: Place) -> None:
        node = self.place(place.key)
        self.add(node, RDF.type, EKB[place.type])
        self.add(node, RDFS.label, Literal(place.label))
        self.add(node, SCHEMA.containedInPlace, self.place_or_country(place.within) if place.within else None)
        self.add(node, SCHEMA.sameAs, WD[place.wikidata] if place.wikidata else None)
        self.derived(node)
        self.generated(node, place.provenance, confidence_here=False)
        self.add_evidence("place", place.key, node, place.evidence, place.provenance)

    def add_event(self, event: Event) -> None:
        node = self.event(event.key)
        self.add(node, RDF.type, EKB[event.type])
        self.add(node, RDFS.label, Literal(event.label))
        self.add(node, EKB.eventStatus, STATUS_INDIVIDUALS[event.status])
        for role, keys in event.roles.items():
            for key in keys:
                self.add(node, ROLE_PROPERTIES[role], self.actor(key))
                self.add(node, SEM.hasActor, self.actor(key))
        for key in event.places:
            self.add(node, SEM.hasPlace, self.place_or_country(key))
        for relation, target in event.relations:
            self.add(node, RELATION_PROPERTIES[relation], self.event(target))
            if relation == "sub-event-of":
                self.add(self.event(target), SEM.hasSubEvent, node)
        self.add_time(node, event.time)
        self.derived(node)
        self.generated(node, event.provenance)
        self.add_evidence("event", event.key, node, event.evidence)

    def add_time(self, node: URIRef, span: TimeSpan | None) -> None:
        if span is None:
            self.add(node, EKB.undated, Literal(True))
            return
        self.add(node, EKB.timeText, Literal(span.text))
        self.add(node, EKB.timeValue, Literal(span.value))
        self.add(node, EKB.timePrecision, PRECISION_INDIVIDUALS[span.precision] if span.precision else None)
        self.add(node, SEM.hasBeginTimeStamp, _date(span.begin))
        self.add(node, SEM.hasEndTimeStamp, _date(span.end))
        exact_day = span.precision is Precision.DAY and span.begin == span.end and span.begin is not None
        if not exact_day:
            self.add(node, SEM.hasEarliestBeginTimeStamp, _date(span.earliest_begin))
            self.add(node, SEM.hasLatestBeginTimeStamp, _date(span.latest_begin))
            self.add(node, SEM.hasEarliestEndTimeStamp, _date(span.earliest_end))
            self.add(node, SEM.hasLatestEndTimeStamp, _date(span.latest_end))

    def add_time_mention(self, mention: TimeMention) -> None:
        """A time expression the tagger found: a sem:Time with its value and bounds, attributed to the tagger."""
        expression = mention.expression
        key = f"{expression.start}-{expression.end}"
        node = EKBD[f"time/{self.slug}/{key}"]
        self.add(node, RDF.type, EKB.TimeExpression)
        self.add(node, RDFS.label, Literal(expression.text))
        self.add(node, EKB.timexType, Literal(expression.type))
        if expression.span is not None:
            self.add_time(node, expression.span)
        else:  # a duration or a set: a value, no dates
            self.add(node, EKB.timeText, Literal(expression.text))
            self.add(node, EKB.timeValue, Literal(expression.value))
        self.add(node, PROV.wasAttributedTo, EKB.TemporalTagger)
        self.derived(node)
        self.add_evidence("time", key, node, [mention.evidence])

    def add_claim(self, claim: Claim) -> None:
        node = self.claim(claim.key)
        self.add(node, RDF.type, EKB.Claim)
        self.add(node, RDFS.label, Literal(claim.label))
        self.add(node, SCHEMA.text, Literal(claim.text) if claim.text else None)
        for source in claim.by:
            self.add(node, PROV.wasAttributedTo, self.article if source == "article" else self.actor(source))
        for key in claim.about:
            self.add(node, EKB.about, self.reference(key))
        self.add(node, EKB.assertedIn, self.event(claim.asserted_in) if claim.asserted_in else None)
        self.add(node, EKB.quotation, Literal(claim.quotation) if claim.quotation else None)
        for key in claim.disputed_by:
            self.add(node, EKB.disputedBy, self.actor(key))
        self.derived(node)
        self.generated(node, claim.provenance)
        self.add_evidence("claim", claim.key, node, claim.evidence)

    def reference(self, key: str) -> URIRef:
        """Any sidecar key (claims may be about actors, places, events or other claims)."""
        if key in self.place_iris:
            return self.place_iris[key]
        if any(event.key == key for event in self.records.events):
            return self.event(key)
        if any(claim.key == key for claim in self.records.claims):
            return self.claim(key)
        return self.actor(key)


def _date(value) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD.date) if value is not None else None
