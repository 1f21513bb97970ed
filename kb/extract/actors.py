"""Who the article's words name: one actor per person, country, organisation or group, across the
article and across the store.

A name is looked up in the store's known actors, then in the shipped gazetteer, and only then
becomes a new actor, keyed by its name so that the same name in another article is the same
actor. A person introduced with a title ("Azerbaijani Minister of Culture Anar Karimov") gets the
post and its country; a later bare surname ("Karimov") or "he" is that person. Groups
("protesters", "over 100 U.S. politicians") and unnamed officials belong to their article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.article import slugify
from kb.extract.gazetteer import Entry, Gazetteer
from kb.extract.lexicon import AUTHORITY_NOUNS, GROUP_NOUNS, PERSON_TITLES, PORTFOLIO_WORDS, TITLES
from kb.records import Actor, Evidence, Place, Post, Provenance

if TYPE_CHECKING:  # spaCy is imported only where extraction runs: it takes most of a second
    from spacy.tokens import Span, Token

__all__ = ["KnownActor", "ActorBook"]

ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
_COUNTS = {"two": 2, "three": 3, "four": 4, "both": 2}
_FACILITY = re.compile(r"\b(Library|Museum|Hospital|University|Airport|Stadium|Hotel|Square|Palace|Cathedral|Mosque|Church|"
                       r"Synagogue|Bridge|Base|Prison|Centre|Center|Hall)$")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "its", "their", "his", "her"})
_HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir"})
_ORGANISATION_WORDS = (
    ("government-body", re.compile(r"\b(Ministry|Department|Council|Parliament|Congress|Senate|Police|Army|Navy|Forces|Court|"
                                   r"Agency|Bureau|Office|Commission|Government|Administration|Embassy|Assembly|Cabinet|Service)\b")),
    ("media-outlet", re.compile(r"\b(Times|Post|News|Press|Television|TV|Radio|Herald|Journal|Tribune|Gazette|Tass|Xinhua|Interfax)\b")),
    ("intergovernmental-organisation", re.compile(r"\b(United Nations|International|Union|Alliance|Organization of|Organisation of|League)\b")),
)


@dataclass(frozen=True)
class KnownActor:
    """An actor the store already holds (its key, label, type as a sidecar word, and other labels)."""

    key: str
    label: str
    type: str
    alternative_labels: tuple[str, ...] = ()


@dataclass
class _Person:
    key: str
    surname: str
    title: str | None = None


MENTIONS_KEPT = 3
"""Mentions of one actor or place kept as evidence: where the article first names it. Every mention
would make the graph of a long article (and the draft) several times larger and add nothing."""


@dataclass
class ActorBook:
    """The actors and places of one article, as they are found; each lookup records the mention as evidence."""

    text: str
    gazetteer: Gazetteer
    provenance: Provenance
    known: Mapping[str, KnownActor] = field(default_factory=dict)  # by lower-case label
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    dateline_end: int = 0  # offset where the dateline ends: nothing before it is an actor
    _persons: list[_Person] = field(default_factory=list)
    _mentioned: set[tuple[str, int, int]] = field(default_factory=set)

    # --- entry points ---------------------------------------------------------------------

    def actors_of(self, token: Token) -> list[str]:
        """The actors a role phrase headed by ``token`` names, with those coordinated with it ("Kenya and Tanzania")."""
        keys: list[str] = []
        for head in (token, *token.conjuncts, *_people_parsed_under_of(token)):
            if self._in_dateline(head):
                continue
            persons = self._persons_counted(head)
            found = persons if persons else [self._actor_of_head(head)]
            keys.extend(key for key in found if key and key not in keys)
        return keys

    def place_of(self, token: Token) -> str | None:
        """The place (or country, which is a place too) a phrase headed by ``token`` names."""
        entity = _entity_of(token)
        if entity is None or entity.label_ not in PLACE_ENTITIES:
            return None
        name = _clean_name(entity)
        country = self.gazetteer.by_name(name)
        if country is not None and country.type == "country":
            return self._from_entry(country, entity)
        if entity.label_ == "GPE" and self.gazetteer.country_of_demonym(name):
            return None
        return self._place(entity, name)

    def read_entities(self, sentence: Span) -> None:
        """Every named actor of a sentence is an actor of the article, whether or not it takes part in an event:
        people, organisations, countries (by name or by demonym: "a Saudi terrorist"), and a country's institutions."""
        for entity in sentence.ents:
            if self._in_dateline(entity.root):
                continue
            listed = self.gazetteer.by_name(_clean_name(entity))
            if listed is not None and entity.label_ not in ("NORP", "DATE", "CARDINAL"):  # "The Economist" read as a title
                self._from_entry(listed, entity)
            elif entity.label_ in ("PERSON", "ORG") or entity.label_ == "GPE" and self._country_entry(entity):
                self._named(entity)
            elif entity.label_ == "NORP":
                country = self.gazetteer.country_of_demonym(_clean_name(entity))
                if country is not None:
                    self._from_entry(country, entity)
        for words, entry in self.gazetteer.names_in(sentence):  # the names the entity recogniser missed
            if not self._in_dateline(words.root) and not _inside_another_name(words):
                self._from_entry(entry, words)
        for token in sentence:
            if token.lemma_.lower() in AUTHORITY_NOUNS and self._country_in(token):
                self._authority(token)

    def _in_dateline(self, token: Token) -> bool:
        """The dateline ("UNITED NATIONS (AP) _") names where a report was filed and by whom, not an actor."""
        return token.doc.user_data.get("offset", 0) + token.idx < self.dateline_end

    def _persons_counted(self, head: Token) -> list[str]:
        """"The two presidents", "the pair", "both leaders": the people the text has just named."""
        count = next((_COUNTS[child.lower_] for child in head.children if child.lower_ in _COUNTS and child.dep_ in ("nummod", "det", "predet")), None)
        if head.lemma_.lower() == "pair" and any(child.lower_ == "the" for child in head.children):
            count = 2
        if count is None or not any(child.lower_ in ("the", "both") for child in head.children) or \
                head.lemma_.lower() not in TITLES | GROUP_NOUNS | {"pair"}:
            return []
        recent: list[str] = []
        for person in reversed(self._persons):
            if person.key not in recent and _counted_among(head.lemma_.lower(), person.title):
                recent.append(person.key)
        return recent[:count][::-1] if len(recent) >= count else []

    def person_named(self, word: str) -> str | None:
        """The person of the article a surname or title stands for ("Karimov", "the president")."""
        lowered = word.lower()
        for person in reversed(self._persons):
            if person.surname.lower() == lowered or person.title and person.title.lower().split()[-1] == lowered:
                return person.key
        return None

    def author(self, name: str) -> str:
        """The article's author, as the article graph names her (kb/rdf.py): a person by her name."""
        return self._add(slugify(name), name, "person", None, 0.9)

    def last_person(self) -> str | None:
        return self._persons[-1].key if self._persons else None

    # --- actors -----------------------------------------------------------------------------

    def _actor_of_head(self, head: Token) -> str | None:
        if head.pos_ == "PRON":
            return self.last_person() if head.lower_ in ("he", "she", "him", "her") else None
        entity = _entity_of(head)
        if entity is not None and entity.label_ in ACTOR_ENTITIES:
            if entity.label_ == "NORP":
                return self._demonym_group(head, entity)
            if entity.label_ == "GPE" and self._country_entry(entity) is None:
                return self._capital(entity)
            return self._named(entity)
        lemma = head.lemma_.lower()
        if head.pos_ == "PROPN" and lemma not in GROUP_NOUNS and lemma not in AUTHORITY_NOUNS:
            entry = self.gazetteer.by_name(_phrase(head, with_relatives=False))
            return self._from_entry(entry, head.doc[head.i:head.i + 1]) if entry else None
        if lemma in AUTHORITY_NOUNS:
            return self._authority(head)
        named = _person_within(head)
        if named is not None and (lemma in PERSON_TITLES or lemma in GROUP_NOUNS):
            return self._named(named)
        if lemma in GROUP_NOUNS or lemma in PERSON_TITLES:
            known = self.person_named(head.text) if lemma in PERSON_TITLES else None
            return known or self._group(head)
        return None

    def _named(self, entity: Span) -> str | None:
        """The actor a name names; None for a place the entity recogniser took for one (it is kept as a place)."""
        name = _clean_name(entity)
        if _FACILITY.search(name):  # "the Harry Truman Library", even when tagged as a person
            self._place(entity, name, kind="Site")
            return None
        if entity.label_ == "PERSON" and self.gazetteer.country_of_capital(name):  # "Yerevan", read as a person
            self._place(entity, name, kind="City")
            return None
        demonym_of = self.gazetteer.country_of_demonym(name) if entity.label_ == "PERSON" else None
        if demonym_of is not None:  # "Azerbaijani officials": the country's word, read as a person's name
            return self._from_entry(demonym_of, entity)
        if entity.label_ == "PERSON":
            return self._person(entity, name)
        introduced = self.person_named(name) if " " not in name else None
        if introduced:  # "Kavan", tagged as an organisation, after "Jan Kavan"
            return self._mention(introduced, entity)
        known_person = self._known_surname(name) if " " not in name else None
        if known_person is not None:  # "Bayramov", tagged as an organisation, whom the store knows as "Jeyhun Bayramov"
            return self._add(known_person.key, known_person.label, "person", entity, 0.7)
        entry = self.gazetteer.by_name(name)
        if entry is not None:
            return self._from_entry(entry, entity)
        known = self.known.get(name.lower())
        if known is not None:
            return self._add(known.key, known.label, known.type, entity, 0.9)
        organisation_type = next((kind for kind, words in _ORGANISATION_WORDS if words.search(name)), "organisation")
        key = self._add(slugify(name), name, organisation_type, entity, 0.7)
        country = self._country_in(entity.root)
        if country and organisation_type == "government-body" and not self.actors[key].part_of:
            self.actors[key].part_of = country
        return key

    def _person(self, entity: Span, name: str) -> str:
        words = [word for word in name.split() if word.lower() not in _HONORIFICS]
        name = " ".join(words) or name
        if len(words) == 1:
            earlier = self.person_named(words[0])
            if earlier:
                return self._mention(earlier, entity)
        entry = self.gazetteer.by_name(name)
        if entry is not None:  # an organisation the entity recogniser took for a person
            return self._from_entry(entry, entity)
        # a bare surname is first the person the store knows by a full name ("Jeyhun Bayramov" for "Bayramov")
        known = (self._known_surname(words[0]) if len(words) == 1 else None) or self.known.get(name.lower())
        key = known.key if known else slugify(name)
        label = known.label if known else name
        is_new = key not in self.actors
        key = self._add(key, label, "person", entity, 0.85 if len(words) > 1 else 0.6)
        actor = self.actors[key]
        if is_new or not actor.posts:  # the post may come with a later mention ("Ukrainian President Leonid Kuchma")
            title, country = self._title_of(entity)
            if is_new:
                self._persons.append(_Person(key, words[-1], title))
            actor.nationality = actor.nationality or country
            if title:
                post_label = f"{title} of {self.actors[country].label}" if country and country in self.actors else title
                post_key = slugify(post_label) if country else f"{key}-{slugify(title)}"
                actor.posts.append(Post(post_key, post_label, country))
        return key

    def _known_surname(self, surname: str) -> KnownActor | None:
        matches = [actor for actor in self.known.values()
                   if actor.type == "person" and len(actor.label.split()) > 1 and actor.label.split()[-1] == surname]
        return matches[0] if len(matches) == 1 else None

    def _title_of(self, entity: Span) -> tuple[str | None, str | None]:
        """A post said before the name ("Azerbaijani Minister of Culture Anar Karimov") or beside it in apposition."""
        words = _title_run(entity)
        if not words:
            root = entity.root
            appositions = [child for child in root.children if child.dep_ == "appos" and _has_title(child.subtree)]
            if root.dep_ == "appos" and root.head.lemma_.lower() in TITLES:
                appositions.append(root.head)
            if appositions:
                outside = range(entity.start, entity.end)
                words = [t for t in appositions[0].subtree if t.i not in outside and t.dep_ not in ("punct", "det", "appos", "relcl")]
        if not _has_title(words):
            return None, None
        country = None
        kept = []
        for token in words:
            entry = self.gazetteer.country_of_demonym(token.text) or self._country_token(token)
            if entry is not None and country is None:
                country = self._from_entry(entry, token.doc[token.i:token.i + 1])
                continue
            if token.text not in ("'s", "’s") and token.pos_ != "DET":
                plural_title = token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in TITLES  # "Presidents X of A and Y of B"
                kept.append(token.lemma_.capitalize() if plural_title else token.text)
        while kept and kept[-1].lower() in ("of", "for", "and"):
            kept.pop()
        title = " ".join(kept).strip(" ,")
        if not title or title.lower() in _HONORIFICS:
            return None, country
        country = country or self._country_after(entity)
        return title[0].upper() + title[1:], country

    def _country_after(self, entity: Span) -> str | None:
        """"Foreign Minister Jeyhun Bayramov of Azerbaijan": the country a titled name is "of"."""
        for preposition in (child for child in entity.root.children if child.dep_ == "prep" and child.lower_ == "of"):
            for pobj in (child for child in preposition.children if child.dep_ == "pobj"):
                entry = self._country_token(pobj) or self.gazetteer.by_name(pobj.text)
                if entry is not None and entry.type == "country":
                    return self._from_entry(entry, pobj.doc[pobj.i:pobj.i + 1])
        return None

    def _country_token(self, token: Token) -> Entry | None:
        entry = self.gazetteer.by_name(token.text)
        return entry if entry is not None and entry.type == "country" else None

    def _country_entry(self, entity: Span) -> Entry | None:
        entry = self.gazetteer.by_name(_clean_name(entity))
        return entry if entry is not None and entry.type == "country" else None

    def _capital(self, entity: Span) -> str | None:
        """A capital acting ("Moscow said") is its government's country; any other city is no actor."""
        entry = self.gazetteer.country_of_capital(_clean_name(entity))
        return self._from_entry(entry, entity) if entry else None

    def _country_in(self, head: Token) -> str | None:
        """The country a phrase's modifiers name: "Kenyan police", "the U.S. government", "Kenya's trade minister"."""
        for child in head.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                entry = self.gazetteer.country_of_demonym(child.text) or self._country_token(child)
                if entry is None and child.ent_type_ == "GPE":
                    entity = _entity_of(child)
                    entry = self._country_entry(entity) if entity is not None else None
                if entry is not None:
                    return self._from_entry(entry, child.doc[child.i:child.i + 1], evidence=False)
        return None

    def _authority(self, head: Token) -> str:
        country = self._country_in(head)
        label = _phrase(head)
        if country:
            label = f"{self.actors[country].label} {head.lemma_.lower()}" if head.lemma_.lower() != "government" else f"Government of {self.actors[country].label}"
            key = self._add(slugify(label), label, "government-body", head.doc[head.left_edge.i:head.i + 1], 0.7)
            self.actors[key].part_of = country
            return key
        return self._add(slugify(label), label, "government-body", head.doc[head.left_edge.i:head.i + 1], 0.5, unnamed=True)

    def _group(self, head: Token) -> str:
        span = head.doc[_phrase_start(head):head.i + 1]
        label = _phrase(head)
        plural = head.tag_ in ("NNS", "NNPS") or head.lemma_.lower() in ("people", "crowd", "mob", "family", "delegation", "group")
        key = self._add(slugify(label), label[0].upper() + label[1:], "group" if plural else "person", span, 0.6, unnamed=True)
        country = self._country_in(head)
        if country and plural:
            self.actors[key].group_of = self.actors[key].group_of or country
        elif country and not plural:
            self.actors[key].nationality = self.actors[key].nationality or country
        return key

    def _demonym_group(self, head: Token, entity: Span) -> str | None:
        """"Five Iraqis", "ethnic Albanians": people of a nationality; a bare adjective ("Kenyan") names no one."""
        if head.tag_ not in ("NNPS", "NNS") and head.dep_ in ("amod", "compound"):
            return None
        entry = self.gazetteer.country_of_demonym(entity.root.text)
        key = self._group(head)
        if entry is not None:
            actor = self.actors[key]
            country = self._from_entry(entry, entity, evidence=False)
            if actor.type == "group":
                actor.group_of = actor.group_of or country
            else:
                actor.nationality = actor.nationality or country
        return key

    def _from_entry(self, entry: Entry, words: Span, evidence: bool = True) -> str:
        if entry.part_of and entry.part_of not in self.actors:
            parent = self.gazetteer.entries[entry.part_of]
            self._add(parent.key, parent.label, parent.type, None, 0.95, wikidata=parent.wikidata)
        key = self._add(entry.key, entry.label, entry.type, words if evidence else None, 0.95, wikidata=entry.wikidata)
        self.actors[key].part_of = self.actors[key].part_of or entry.part_of
        return key

    def _add(self, key: str, label: str, kind: str, words: Span | None, confidence: float,
             wikidata: str | None = None, unnamed: bool = False) -> str:
        key = key or "actor"
        if key not in self.actors:
            self.actors[key] = Actor(key, label, _CLASS[kind], wikidata=wikidata, unnamed=unnamed, provenance=self.provenance)
            self.confidence[key] = confidence
        if words is not None:
            self._mention(key, words)
        return key

    def _mention(self, key: str, words: Span) -> str:
        start, end = _offsets(words)
        evidence = self.actors[key].evidence
        if (key, start, end) not in self._mentioned and end > start and len(evidence) < MENTIONS_KEPT:
            self._mentioned.add((key, start, end))
            evidence.append(Evidence.at(self.text, start, end))
        return key

    # --- places -----------------------------------------------------------------------------

    def _place(self, entity: Span, name: str, kind: str | None = None) -> str:
        key = slugify(name)
        if key not in self.places:
            kind = kind or {"GPE": "City", "LOC": "Region", "FAC": "Site"}.get(entity.label_, "Site")
            self.places[key] = Place(key, name, kind, provenance=self.provenance)
            self.confidence[f"place:{key}"] = 0.6
            within = self._place_within(entity)
            if within:
                self.places[key].within = within
        start, end = _offsets(entity)
        if (f"place:{key}", start, end) not in self._mentioned and len(self.places[key].evidence) < MENTIONS_KEPT:
            self._mentioned.add((f"place:{key}", start, end))
            self.places[key].evidence.append(Evidence.at(self.text, start, end))
        return key

    def _place_within(self, entity: Span) -> str | None:
        """"Nairobi, Kenya": the country written beside a city."""
        following = entity.doc[entity.end:entity.end + 3]
        if len(following) >= 2 and following[0].text == ",":
            candidate = _entity_of(following[1])
            if candidate is not None:
                entry = self._country_entry(candidate)
                if entry is not None:
                    return self._from_entry(entry, candidate)
        return None


_CLASS = {"person": "Person", "country": "Country", "organisation": "Organisation", "government-body": "GovernmentBody",
          "intergovernmental-organisation": "IntergovernmentalOrganisation", "media-outlet": "MediaOutlet", "group": "Group"}


def _has_title(tokens: Iterable[Token]) -> bool:
    return any((token.lower_ in TITLES or token.lemma_.lower() in TITLES) and token.lower_ not in PORTFOLIO_WORDS - {"vice", "prime", "justice"}
               for token in tokens)


def _title_run(entity: Span) -> list[Token]:
    """The words of a title written right before a name: capitalised words, "of", a demonym or a country."""
    doc = entity.doc
    index = entity.start - 1
    words: list[Token] = []
    while index >= entity.sent.start and len(words) < 8:
        token = doc[index]
        if token.text in ("'s", "’s"):  # "Kenya's Trade Minister": the country is the possessor
            words.insert(0, token)
        elif token.is_title or token.is_upper and token.is_alpha or token.lower_ in ("of", "for", "and") and words or token.lower_ in TITLES:
            words.insert(0, token)
        elif token.text.endswith(".") and token.text[0].isupper():  # "U.S."
            words.insert(0, token)
        else:
            break
        index -= 1
    while words and words[0].lower_ in ("of", "for", "and", "'s", "’s"):
        words.pop(0)
    return words


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    return next((entity for entity in token.doc.ents if entity.start <= token.i < entity.end), None)


def _person_within(head: Token) -> Span | None:
    """A person named inside a title's phrase ("Minister of Culture Anar Karimov") or beside it in apposition."""
    for token in head.subtree:
        if token.ent_type_ == "PERSON" and (token.head.i == head.i or token.dep_ in ("compound", "appos", "flat")):
            entity = _entity_of(token)
            if entity is not None and (token.head.i == head.i or token.head.head.i == head.i):
                return entity
    return None


_SUBORDINATE = ("spokes", "aide", "adviser", "advisor", "official", "envoy", "deputy", "assistant", "secretary")


def _counted_among(word: str, title: str | None) -> bool:
    """Whether a person with this title is one of "the two presidents" or "both leaders" (not their spokesman)."""
    if title is None:
        return True
    if word in TITLES - GROUP_NOUNS:
        return word in title.lower()
    return not any(part in title.lower() for part in _SUBORDINATE)


def _people_parsed_under_of(token: Token) -> list[Token]:
    """"Kuchma of Ukraine and Yeltsin of Russia": the parser hangs the second person on "Ukraine"."""
    return [conjunct for preposition in token.children if preposition.dep_ == "prep" and preposition.lower_ == "of"
            for pobj in preposition.children if pobj.dep_ == "pobj"
            for conjunct in pobj.conjuncts if conjunct.ent_type_ == "PERSON"]


def _inside_another_name(words: Span) -> bool:
    """"Jordan" in "Michael Jordan", "Georgia" in "the Bank of Georgia": part of a longer name, not this one."""
    return any(entity.label_ in ("PERSON", "ORG", "WORK_OF_ART", "EVENT", "FAC", "LAW", "PRODUCT")
               and entity.start <= words.start and words.end <= entity.end and (entity.start, entity.end) != (words.start, words.end)
               for entity in words.doc.ents)


def _clean_name(entity: Span) -> str:
    words = [token for token in entity if token.text not in ("'s", "’s", "'", "’")]
    while words and words[0].lower_ in _DETERMINERS:
        words = words[1:]
    return "".join(token.text_with_ws for token in words).strip() or entity.text


def _phrase_start(head: Token) -> int:
    """Where a noun phrase starts once its determiner is left out ("the anti-government demonstrators")."""
    start = head.left_edge.i
    while start < head.i and head.doc[start].lower_ in _DETERMINERS:
        start += 1
    return start


def _phrase(head: Token, with_relatives: bool = False) -> str:
    """A noun phrase's words up to its head (no relative clause, no determiner): a group's label."""
    tokens = head.doc[_phrase_start(head):head.i + 1]
    return " ".join(token.text for token in tokens if token.dep_ != "punct" or token.text == "-").replace(" - ", "-")


def _offsets(words: Span) -> tuple[int, int]:
    """Offsets into the document's text: spaCy's doc carries the paragraph's start in its user data."""
    base = words.doc.user_data.get("offset", 0)
    return base + words.start_char, base + words.end_char
