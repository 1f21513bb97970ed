"""Automatic extraction: an English news article in, its events, actors, places and claims out, as records.

The article is read paragraph by paragraph with the NLP pipeline (kb/nlp.py); the project's
temporal tagger dates what it finds (kb/extract/times.py). Every record says it was generated,
by which tool and pipeline, and how sure the tool is, so that researchers can tell it from
curated data; kb/extract/draft.py writes the same records as a sidecar to correct.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from kb.article import Document, shorten
from kb.errors import KbError
from kb.extract.actors import ActorBook, KnownActor
from kb.extract.claims import ClaimMention, find_claims
from kb.extract.events import Mention, TimeIndex, find_mentions
from kb.extract.gazetteer import shipped_gazetteer
from kb.extract.lexicon import COMPATIBLE_TYPES
from kb.extract.times import dated_expressions, time_mentions
from kb.nlp import Pipeline, pipeline
from kb.records import Claim, Event, Evidence, Extraction, Provenance, Records
from kb.settings import read_settings
from kb.temporal import TimeSpan
from kb.vocabulary import terms

__all__ = ["ExtractionError", "KnownActor", "extract", "check_extractable", "time_mentions", "TOOL"]

TOOL = "kb.extract"
# The commonest words of English news: their share tells English text from other languages (about 40% in news).
_ENGLISH = frozenset("""the of and to in a is that for on with as was by at it from said has have be are were his her
their not an this which who will would after but or its he she they been had more than also about over into can
we our i you one two new up out when there all some could told against last year government people""".split())
_WORD = re.compile(r"[^\W\d_]+")
# "NAIROBI, Kenya (AP) _", "WASHINGTON, August 13 (Xinhua) --": where and by whom a report was filed.
_DATELINE = re.compile(r"[A-Z][A-Z .,'-]+(?:,[\w .]+)?\s*\([A-Za-z .-]+\)\s*(?:_|--|—|-)")


_EVENT_CLASS = {word: term.local_name for word, term in terms("event-type").items()}
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})


def _plain_spaces(text: str) -> str:
    """No-break and thin spaces as plain ones, one character for one, so that offsets stay and names are found
    ("Fahrettin\u00a0Altun" is one name to the entity recogniser only with a plain space)."""
    return text.translate(_ODD_SPACES)


class ExtractionError(KbError, ValueError):
    """An article automatic extraction cannot read: too long, or not English. The message names it."""


def _tool_version() -> str:
    try:
        return version("eventkb")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def check_extractable(document: Document) -> None:
    """Refuse what extraction would get wrong or take too long over, before any work is done."""
    words = _WORD.findall(document.text[document.body.start:document.body.end] if document.body.end else document.text)
    limit = read_settings()["KB_MAX_ARTICLE_WORDS"]
    if len(words) > limit:
        raise ExtractionError(f"{document.path}: the article has {len(words):,} words; automatic extraction reads at most "
                              f"{limit:,} (KB_MAX_ARTICLE_WORDS): split it, or raise the limit")
    if len(words) >= 12:
        share = sum(word.lower() in _ENGLISH for word in words) / len(words)
        if share < 0.12:
            raise ExtractionError(f"{document.path}: the text does not look like English ({share:.0%} of its words are common "
                                  "English words, against about 40% in English news); automatic extraction reads English only")


def extract(document: Document, known: Mapping[str, KnownActor] | None = None, nlp: Pipeline | None = None) -> Records:
    """The article's events, actors, places and claims, found without a curator, and its time expressions."""
    check_extractable(document)
    nlp = nlp or pipeline()
    run = Extraction(TOOL, _tool_version(), nlp.description)
    provenance = Provenance("generated", agent=f"{TOOL} {run.version}")
    book = ActorBook(document.text, shipped_gazetteer(), provenance, dict(known or {}))
    if document.paragraphs:
        first = document.paragraphs[0]
        dateline = _DATELINE.match(document.text, first.start, first.end)
        book.dateline_end = dateline.end() if dateline else 0
    times = TimeIndex(dated_expressions(document), published=document.published)
    mentions: list[Mention] = []
    claims: list[ClaimMention] = []
    texts = [(_plain_spaces(document.text[p.start:p.end]), (index, p.start)) for index, p in enumerate(document.paragraphs)]
    for doc, (index, start) in nlp.language.pipe(texts, as_tuples=True):
        doc.user_data["offset"] = start
        for sentence in doc.sents:
            book.read_entities(sentence)
            found = list(find_mentions(sentence, index, book, times))
            said = list(find_claims(sentence, book, times))
            for mention in found:
                if mention.reference_ok and mention.time is not None:
                    times.reference, times.reference_paragraph = mention.time, index
            for claim in said:  # "police said Sunday ...": the narrative is at Sunday
                if claim.time is not None:
                    times.reference, times.reference_paragraph = claim.time, index
            if times.reference_paragraph < index - 1:
                times.reference = None
            mentions.extend(found)
            claims.extend(said)
    if document.author:  # the article's author, whose own assertions a curator would attribute to the article
        book.author(document.author)
    events, event_of_mention = _events(document, mentions, provenance)
    records = Records(document, actors=list(book.actors.values()), places=list(book.places.values()), events=events,
                      claims=_claims(document, claims, mentions, event_of_mention, book, provenance),
                      times=time_mentions(document), extraction=run)
    _confidences(records, book)
    return records


@dataclass
class _Draft:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def time(self) -> TimeSpan | None:
        """The most precise time its mentions give of their own, else one the narrative gave."""
        own = [m.time for m in self.mentions if m.time is not None and m.time_is_own]
        if own:
            return min(own, key=lambda span: (span.end - span.begin).days if span.begin and span.end else 10**6)
        return next((m.time for m in self.mentions if m.time is not None), None)

    def actors(self) -> set[str]:
        return {key for mention in self.mentions for keys in mention.roles.values() for key in keys}


def _same_event(draft: _Draft, mention: Mention) -> bool:
    """Whether a later noun tells an event already found ("the bombings" after "bombs exploded").

    A verb always tells an event of its own: two "called for"s by the same leaders are two appeals.
    """
    first = draft.first
    if not mention.is_noun or COMPATIBLE_TYPES.get(first.type, first.type) != COMPATIBLE_TYPES.get(mention.type, mention.type):
        return False
    if any(earlier.trigger.doc is mention.trigger.doc and mention.trigger in earlier.trigger.conjuncts for earlier in draft.mentions):
        return True  # "its sympathy and condolences": one act told in coordinated words
    if mention.time_is_own and draft.time is not None and mention.time is not None and not _overlapping(mention.time, draft.time):
        return False
    theirs = {key for keys in mention.roles.values() for key in keys}
    return mention.definite or bool(theirs & draft.actors())


def _told_about(drafts: list[_Draft], mention: Mention) -> _Draft | None:
    """The earlier event a verb with no actors and no date of its own tells more of ("11 were killed in Tanzania"
    after the bombings, "the bomb that exploded in Nairobi"): it is dated as that one was."""
    if mention.is_noun or mention.time is not None or any(mention.roles.get(role) for role in ("agent", "party", "participant")):
        return None
    if mention.type not in ("killing", "death", "bombing", "attack"):
        return None
    return next((draft for draft in reversed(drafts) if COMPATIBLE_TYPES.get(draft.first.type, draft.first.type) == "attack"), None)


def _overlapping(first: TimeSpan, second: TimeSpan) -> bool:
    """Two times that may be the same: "last month" and "Aug. 7" overlap; "Friday" and "Thursday" do not."""
    if None in (first.begin, first.end, second.begin, second.end):
        return True
    return first.begin <= second.end and second.begin <= first.end  # type: ignore[operator]


def _events(document: Document, mentions: list[Mention], provenance: Provenance) -> tuple[list[Event], dict[int, str]]:
    drafts: list[_Draft] = []
    for mention in mentions:
        candidates = [draft for draft in reversed(drafts) if _same_event(draft, mention)]
        target = next((draft for draft in candidates if draft.first.type == mention.type), candidates[0] if candidates else None)
        if target is None:
            earlier = _told_about(drafts, mention)
            if earlier is not None:
                mention.time = earlier.time
            drafts.append(_Draft([mention]))
        else:
            target.mentions.append(mention)
    events: list[Event] = []
    event_of_mention: dict[int, str] = {}
    counts: dict[str, int] = {}
    for draft in drafts:
        first = draft.first
        counts[first.type] = counts.get(first.type, 0) + 1
        key = f"{first.type}-{counts[first.type]}"
        roles: dict[str, list[str]] = {}
        places: list[str] = []
        evidence: list[Evidence] = []
        for mention in draft.mentions:
            event_of_mention[id(mention)] = key
            for role, keys in mention.roles.items():
                roles.setdefault(role, [])
                roles[role].extend(k for k in keys if k not in roles[role])
            places.extend(p for p in mention.places if p not in places)
            if not any(e.start == mention.start and e.end == mention.end for e in evidence):
                evidence.append(Evidence.at(document.text, mention.start, mention.end))
        statuses = [m.status for m in draft.mentions]
        status = "happened" if "happened" in statuses else statuses[0]
        confidence = min(0.95, max(m.confidence for m in draft.mentions) + 0.05 * (len(draft.mentions) - 1))
        events.append(Event(key, _label(document.text[first.start:first.end]), _EVENT_CLASS[first.type], status,
                            draft.time, roles=roles, places=places, evidence=evidence,
                            provenance=Provenance("generated", provenance.agent, round(confidence, 2))))
    return events, event_of_mention


def _claims(document: Document, found: list[ClaimMention], mentions: list[Mention], event_of_mention: dict[int, str],
            book: ActorBook, provenance: Provenance) -> list[Claim]:
    claims = []
    for number, claim in enumerate(found, start=1):
        content = " ".join(document.text[claim.content_start:claim.content_end].split())
        about = [event_of_mention[id(m)] for m in mentions
                 if claim.content_start <= m.start and m.end <= claim.content_end and id(m) in event_of_mention]
        asserted_in = next((event_of_mention[id(m)] for m in mentions
                            if m.trigger.i == claim.verb.i and m.trigger.doc is claim.verb.doc and id(m) in event_of_mention), None)
        speaker = book.actors[claim.speakers[0]].label
        claims.append(Claim(f"claim-{number}", _label(f"{speaker}: {content}"), content,
                            claim.speakers, about=list(dict.fromkeys(about)), asserted_in=asserted_in, quotation=claim.quotation,
                            evidence=[Evidence.at(document.text, claim.start, claim.end)],
                            provenance=Provenance("generated", provenance.agent, claim.confidence)))
    return claims


def _label(words: str) -> str:
    """A name for the timeline: the words on one line, cut between words past 120 characters."""
    label = " ".join(words.split())
    return label if len(label) <= 120 else shorten(label, 119) + "…"


def _confidences(records: Records, book: ActorBook) -> None:
    """Actors and places carry how sure the tool is of them: a name from the gazetteer more than a guessed group."""
    for actor in records.actors:
        actor.provenance = Provenance("generated", actor.provenance.agent, book.confidence.get(actor.key))
    for place in records.places:
        place.provenance = Provenance("generated", place.provenance.agent, book.confidence.get(f"place:{place.key}"))
