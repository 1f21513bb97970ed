"""The project's words for kinds, roles, relations and statuses, in one table: how a sidecar writes
each, the ontology term it stands for, its English label, and how a relation reads the other way.

The sidecar reader takes its allowed words from here, kb/rdf.py the IRIs it mints, and the pages
the wording of relations; tests/test_vocabulary.py checks the table against ontology/eventkb.ttl
and ontology/shapes.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kb.namespaces import EKB, SEM

__all__ = ["Kind", "Term", "TERMS", "terms", "by_iri", "relation_wording"]

Kind = Literal["actor-type", "place-type", "event-type", "role", "relation", "status"]


@dataclass(frozen=True)
class Term:
    kind: Kind
    word: str                       # as a sidecar writes it
    iri: str                        # the term it stands for (ekb:, or SEM's own)
    label: str                      # in English, as the ontology labels it
    inverse: str | None = None      # a relation seen from its other end ("ended by")
    inverse_iri: str | None = None  # a property that states the same link the other way (sem:hasSubEvent)

    @property
    def local_name(self) -> str:
        return self.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _all(kind: Kind, *entries: tuple[str, str, str]) -> tuple[Term, ...]:
    return tuple(Term(kind, word, str(EKB[name]), label) for word, name, label in entries)


TERMS: tuple[Term, ...] = (
    *_all("actor-type", ("person", "Person", "person"), ("country", "Country", "country"),
          ("organisation", "Organisation", "organisation"), ("government-body", "GovernmentBody", "government body"),
          ("intergovernmental-organisation", "IntergovernmentalOrganisation", "intergovernmental organisation"),
          ("media-outlet", "MediaOutlet", "media outlet"), ("group", "Group", "group of people")),
    *_all("place-type", ("region", "Region", "region"), ("city", "City", "city"), ("site", "Site", "site")),
    *_all("event-type", ("talks", "Talks", "talks"), ("agreement-signing", "AgreementSigning", "agreement signing"),
          ("planned-initiative", "PlannedInitiative", "planned initiative"), ("cooperation", "Cooperation", "cooperation"),
          ("support", "Support", "support"), ("armed-conflict", "ArmedConflict", "armed conflict"),
          ("ceasefire", "Ceasefire", "ceasefire"), ("protest", "Protest", "protest"), ("demand", "Demand", "demand"),
          ("storming", "Storming", "storming"), ("political-crisis", "PoliticalCrisis", "political crisis"),
          ("dispute", "Dispute", "dispute"), ("resolution-adoption", "ResolutionAdoption", "resolution adoption"),
          ("letter", "Letter", "letter"), ("report", "Report", "report"), ("statement", "Statement", "statement"),
          ("appeal", "Appeal", "appeal"), ("claim", "Claiming", "claiming"), ("condemnation", "Condemnation", "condemnation"),
          ("occupation", "Occupation", "occupation"), ("heritage-destruction", "HeritageDestruction", "heritage destruction"),
          ("ethnic-cleansing", "EthnicCleansing", "ethnic cleansing"), ("massacre", "Massacre", "massacre"),
          ("refusal", "Refusal", "refusal"), ("sanctions", "Sanctions", "sanctions"),
          # general news: crime, justice, violence, diplomacy, office, disaster
          ("meeting", "Meeting", "meeting"), ("visit", "Visit", "visit"), ("accusation", "Accusation", "accusation"),
          ("threat", "Threat", "threat"), ("investigation", "Investigation", "investigation"),
          ("arrest", "Arrest", "arrest or charge"), ("trial", "Trial", "trial"),
          ("expulsion", "Expulsion", "expulsion"), ("release", "Release", "release"), ("attack", "Attack", "attack"),
          ("bombing", "Bombing", "bombing"), ("killing", "Killing", "killing"),
          ("military-strike", "MilitaryStrike", "military strike"), ("clash", "Clash", "clash"),
          ("military-deployment", "MilitaryDeployment", "military deployment"),
          ("withdrawal", "Withdrawal", "withdrawal"), ("aid", "Aid", "aid"), ("accession", "Accession", "accession"),
          ("decision", "Decision", "decision"), ("election", "Election", "election"),
          ("resignation", "Resignation", "resignation"), ("appointment", "Appointment", "appointment"),
          ("death", "Death", "death"), ("ceremony", "Ceremony", "ceremony"), ("disaster", "Disaster", "disaster")),
    *_all("role", *((word, word, word) for word in (
        "agent", "participant", "signatory", "mediator", "party", "target", "claimant", "author", "addressee", "speaker",
        "publisher", "supporter", "affected"))),
    Term("relation", "ends", str(EKB.ends), "ends", "ended by"),
    Term("relation", "follows", str(EKB.follows), "follows", "followed by"),
    Term("relation", "causes", str(EKB.causes), "causes", "caused by"),
    Term("relation", "responds-to", str(EKB.respondsTo), "responds to", "responded to by"),
    Term("relation", "sub-event-of", str(SEM.subEventOf), "sub-event of", "has sub-event", str(SEM.hasSubEvent)),
    Term("relation", "related-to", str(EKB.relatedTo), "related to", "related to"),
    *_all("status", ("happened", "Happened", "happened"), ("ongoing", "Ongoing", "ongoing"),
          ("planned", "Planned", "planned"), ("possible", "Possible", "possible")),
)
_BY_IRI = {term.iri: term for term in TERMS}
_BY_INVERSE_IRI = {term.inverse_iri: term for term in TERMS if term.inverse_iri}


def terms(kind: Kind) -> dict[str, Term]:
    """The terms of one kind by their sidecar word, in the table's order."""
    return {term.word: term for term in TERMS if term.kind == kind}


def by_iri(iri: str) -> Term | None:
    return _BY_IRI.get(iri)


def relation_wording(property_iri: str, label: str | None, outgoing: bool) -> str:
    """How a link between two events reads from one of them: "ends", or from the other end "ended by".

    A property outside the table reads as its label (or its name) and, the other way, with "(inverse)".
    """
    term, reversed_link = _BY_IRI.get(property_iri), False
    if term is None and property_iri in _BY_INVERSE_IRI:
        term, reversed_link = _BY_INVERSE_IRI[property_iri], True
    if term is None:
        name = label or property_iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return name if outgoing else f"{name} (inverse)"
    return term.label if outgoing != reversed_link else (term.inverse or f"{term.label} (inverse)")
