"""Events in a parsed sentence: which words name one, who takes part in which role, where, when,
whether it happened, and which mentions are the same event.

A verb or noun of the trigger table (kb/extract/lexicon.py) names an event. Its actors come from
the dependency parse: the subject acts, the object undergoes, prepositions say the rest ("with",
"against", "between", "by"). Its time is the time expression attached to it, else the one of
the verb it is coordinated with, else the reference time of the narrative (the date of the
sentences just before, as a reader would take it) when it is told in the simple past; otherwise
it stays undated. Planned, possible and negated events are told apart by their auxiliaries and
the verbs that govern them ("will", "may", "vowed to", "refused to").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kb.dating import DatingError, date_event
from kb.extract.actors import ActorBook, _offsets
from kb.extract.gazetteer import shipped_gazetteer
from kb.extract.lexicon import (
    AUTHORITY_NOUNS,
    CONSEQUENCE_VERBS,
    FUTURE_AUXILIARIES,
    GROUP_NOUNS,
    MEDIA_NOUNS,
    NEGATING_HEADS,
    NOUN_ONLY_AFTER,
    NOUN_TRIGGERS,
    PLACE_PREPOSITIONS,
    PLANNED_MODIFIERS,
    PLANNING_HEADS,
    POSSIBILITY_MODALS,
    POSSIBILITY_NOUNS,
    POSSIBLE_MODIFIERS,
    PREPOSITION_ROLES,
    RECEIVING_VERBS,
    RELATIVES,
    REPORTING_VERBS,
    REQUEST_HEADS,
    SENT_THINGS,
    SIGNED_DOCUMENTS,
    SPEECH_ACT_VERBS,
    STATEMENT_VERBS,
    SUPPORT_VERBS,
    TITLES,
    VERB_TRIGGERS,
    Trigger,
)
from kb.temporal import Precision, TimeExpression, TimeSpan

if TYPE_CHECKING:  # spaCy is imported only where extraction runs: it takes most of a second
    from spacy.tokens import Span, Token

__all__ = ["Mention", "find_mentions", "TimeIndex"]

_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
_CLAUSE_BREAKS = frozenset({"conj", "cc", "advcl", "parataxis", "ccomp", "punct", "relcl", "mark", "dep", "appos", "acl"})
_AIMED = frozenset({"sanctions", "attack", "bombing", "military-strike", "threat", "condemnation", "accusation"})
_VIOLENT = frozenset({"attack", "bombing", "killing", "massacre", "clash", "military-strike"})
_NOUN_BREAKS = frozenset({"relcl", "appos", "conj", "cc", "punct", "acl"})


@dataclass
class Mention:
    """One mention of an event in the text, with what the sentence says about it."""

    trigger: Token
    type: str
    status: str
    roles: dict[str, list[str]]
    places: list[str]
    time: TimeSpan | None
    time_is_own: bool  # the mention's own words (or its clause) date it, not the narrative
    start: int
    end: int
    confidence: float
    is_noun: bool
    definite: bool  # "the bombing", "last week's attacks": probably an event told before
    reference_ok: bool = field(default=False)  # may set the narrative's reference time


@dataclass
class TimeIndex:
    """The tagger's time expressions of the article, by the tokens they cover, and the narrative's reference time."""

    expressions: list[TimeExpression]
    reference: TimeSpan | None = None
    reference_paragraph: int = -1
    published: date | None = None

    def attached(self, sentence: Span) -> dict[int, TimeExpression]:
        """Each date or time in the sentence by the token it hangs from (the verb or noun it modifies)."""
        base = sentence.doc.user_data.get("offset", 0)
        found: dict[int, TimeExpression] = {}
        for expression in self.expressions:
            if expression.span is None or expression.type not in ("DATE", "TIME"):
                continue
            start, end = expression.start - base, expression.end - base
            if start < sentence.start_char or end > sentence.end_char:
                continue
            tokens = [token for token in sentence if token.idx < end and token.idx + len(token) > start]
            if not tokens:
                continue
            inside = {token.i for token in tokens}
            head = next((token for token in tokens if token.head.i not in inside), tokens[0])
            anchor = head.head
            while anchor.dep_ in ("prep", "pobj", "npadvmod", "nummod", "compound") and anchor.head.i != anchor.i and anchor.pos_ not in ("VERB", "AUX", "NOUN", "PROPN"):
                anchor = anchor.head
            if anchor.pos_ == "PROPN" and anchor.dep_ in ("nsubj", "nsubjpass") and head.dep_ in ("npadvmod", "compound", "appos"):
                anchor = anchor.head  # "President Bill Clinton Thursday condemned": the day is the verb's
            found.setdefault(anchor.i, expression)
        return found


def find_mentions(sentence: Span, paragraph: int, actors: ActorBook, times: TimeIndex) -> Iterator[Mention]:
    """The event mentions of one sentence, in text order."""
    attached = times.attached(sentence)
    claimed_nouns: set[int] = set()
    for token in sentence:
        if token.i in claimed_nouns:
            continue
        found = _trigger(token)
        if found is None:
            continue
        trigger, event_token, support = found
        if support is not None:
            claimed_nouns.add(event_token.i)
        status = _status(support or event_token)
        if status is None:
            continue
        mention = _mention(sentence, event_token, support, trigger, status, actors, attached, times, paragraph)
        if mention is not None:
            yield mention


def _trigger(token: Token) -> tuple[Trigger, Token, Token | None] | None:
    """The trigger a token is, as (what it names, the word that names the event, the support verb if any)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" or token.pos_ == "AUX" and lemma in VERB_TRIGGERS:
        return _verb_trigger(token, lemma)
    if token.pos_ in ("NOUN", "PROPN") and (not token.ent_type_ or token.ent_type_ == "EVENT" or _names_an_event(token)):
        return _noun_trigger(token)
    return None


def _names_an_event(token: Token) -> bool:
    """The last word of a name that is an event's: "the Khojaly Massacre", "the Karabakh War"."""
    trigger = NOUN_TRIGGERS.get(token.lower_)
    return trigger is not None and trigger.confidence >= 0.6 and any(e.end == token.i + 1 and e.start < token.i for e in token.doc.ents)


def _verb_trigger(token: Token, lemma: str) -> tuple[Trigger, Token, Token | None] | None:
    for child in token.children:
        if child.dep_ == "dobj" and lemma in SUPPORT_VERBS:
            noun = child.lemma_.lower() if child.lemma_.lower() in NOUN_TRIGGERS else child.lower_
            if noun in NOUN_TRIGGERS and (noun not in NOUN_ONLY_AFTER or lemma in NOUN_ONLY_AFTER[noun]):
                return NOUN_TRIGGERS[noun], child, token
            if noun in SIGNED_DOCUMENTS and lemma == "sign":
                return VERB_TRIGGERS["sign"], token, None
    if lemma in ("adopt", "pass", "approve") and any(child.dep_ == "dobj" and child.lemma_.lower() == "resolution" for child in token.children):
        return Trigger("resolution-adoption", "agent", None), token, None
    if lemma == "call" and any(child.dep_ == "prep" and child.lower_ in ("on", "for") for child in token.children):
        return Trigger("appeal", "agent", "addressee"), token, None
    if lemma == "bring" and any(child.dep_ == "prep" and any(g.lower_ == "justice" for g in child.children) for child in token.children):
        return Trigger("trial", "agent", "target", 0.5), token, None  # "bring them to justice"
    if lemma == "hand" and any(child.dep_ == "prt" and child.lower_ == "over" for child in token.children):
        return Trigger("expulsion", "agent", "target", 0.5), token, None  # "handed over to the United States"
    if lemma in ("send", "dispatch"):
        sent = next((SENT_THINGS[c.lemma_.lower()] for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in SENT_THINGS), None)
        if sent is None and token.dep_ == "acl" and token.head.lemma_.lower() in SENT_THINGS:
            sent = SENT_THINGS[token.head.lemma_.lower()]
        return (Trigger(sent, "agent", None, 0.5), token, None) if sent else None
    if lemma in ("find", "hunt", "search", "track") and not _people_undergo(token) and \
            not any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children) and lemma != "hunt":
        return None  # "found a rifle", "tracked the markets": an investigation looks for people
    if lemma in CONSEQUENCE_VERBS and _tells_an_event(token):
        return None  # "the bombings killed 258 people": the bombing is the event
    if lemma == "report" and not _media_subject(token):
        return None  # "were reported killed", "the correspondent reports": not a report that is news
    if lemma in ("release", "free") and not _people_undergo(token):
        return None  # "a statement released by the Kremlin"
    if lemma in SPEECH_ACT_VERBS and not _actor_like_subject(token):
        return None  # "the plan calls for cooperation", "a treaty calling for border demarcation"
    if lemma in STATEMENT_VERBS and not any(child.dep_ in ("ccomp", "xcomp") or child.lower_ == "responsibility" for child in token.children):
        return None  # "has claimed so many lives": a statement says something
    trigger = VERB_TRIGGERS.get(lemma)
    if trigger is None or token.dep_ in ("amod", "compound"):
        return None
    for child in token.children:  # "brokered a ceasefire": one event, the verb's roles and the noun's words
        if child.dep_ == "dobj":
            named = NOUN_TRIGGERS.get(child.lemma_.lower()) or NOUN_TRIGGERS.get(child.lower_)
            if named is not None and named.type == trigger.type:
                return trigger, child, token
    return trigger, token, None


def _noun_trigger(token: Token) -> tuple[Trigger, Token, Token | None] | None:
    lemma = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    trigger = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(token.lower_)
    if lemma == "report" and token.dep_ == "nsubj" and token.head.lemma_.lower() in REPORTING_VERBS:
        return Trigger("report", "publisher", None, 0.5), token, None  # "media reports said ..."
    if trigger is None or lemma in NOUN_ONLY_AFTER:
        return None
    if token.dep_ == "compound":
        return None  # "an economic cooperation plan", "bomb attack": the head noun names what it is
    if lemma == "march" and token.text[0].isupper():
        return None
    if lemma == "expansion" and not any(child.dep_ == "prep" and child.lower_ == "into" for child in token.children):
        return None  # "the alliance's expansion into Eastern Europe", not economic expansion
    if lemma == "demonstration" and any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children):
        return None  # "a demonstration of the fact"
    return trigger, token, None


def _tells_an_event(verb: Token) -> bool:
    """A verb whose subject is an event noun, or that happened "in" one: "the blast killed", "were killed in the bombing"."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "agent") and child.lemma_.lower() in NOUN_TRIGGERS:
            return True
        if child.dep_ in ("prep", "agent"):
            if any(grand.dep_ == "pobj" and grand.lemma_.lower() in NOUN_TRIGGERS for grand in child.children):
                return True
    return False


def _people_undergo(verb: Token) -> bool:
    """Someone (not something) is released: a person, a group, people."""
    patients = [child for child in verb.children if child.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        patients.append(verb.head)
    return any(p.ent_type_ in ("PERSON", "NORP") or p.lemma_.lower() in GROUP_NOUNS or p.pos_ == "PRON" for p in patients)


def _actor_like_subject(verb: Token) -> bool:
    """A speech act needs a speaker: a named actor, a group, an institution or a pronoun for one (or no subject at all)."""
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("acl", "relcl"):
        subject = verb.head if verb.dep_ == "acl" else next((c for c in verb.head.children if c.dep_ == "nsubj"), verb.head)
    if subject is None:
        return True
    if subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
        subject = verb.head  # "the plan, which calls for ..."
    return bool(subject.ent_type_) and subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subject.pos_ == "PRON" and subject.lower_ != "it" \
        or subject.lemma_.lower() in GROUP_NOUNS | AUTHORITY_NOUNS | TITLES | RELATIVES \
        or any(child.dep_ == "appos" and child.ent_type_ == "PERSON" for child in subject.children)


def _media_subject(verb: Token) -> bool:
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("acl", "relcl"):
        subject = verb.head
    if subject is None:
        return False
    outlet = shipped_gazetteer().by_name(subject.text)  # "The Economist", which the entity recogniser may not see
    return subject.ent_type_ == "ORG" or subject.lemma_.lower() in MEDIA_NOUNS or outlet is not None and outlet.type == "media-outlet"


def _requested(token: Token) -> bool:
    """An event only asked or called for: "called on all states to cooperate ... leading to the arrest"."""
    current, through_complement = token, False
    for _ in range(8):
        if current.dep_ in ("xcomp", "ccomp") or current.dep_ == "pobj" and current.head.lower_ == "for":
            through_complement = True
        if current.head.i == current.i:
            return False
        current = current.head
        if through_complement and current.lemma_.lower() in REQUEST_HEADS | {"call", "urge", "appeal"}:
            return True
    return False


def _status(token: Token) -> str | None:
    """happened, ongoing, planned or possible; None when the text says it did not happen or only asks for it."""
    if any(child.dep_ == "neg" for child in token.children):
        return None
    if any(child.dep_ == "det" and child.lower_ in ("no", "any") for child in token.children):
        return None
    if token.pos_ in ("NOUN", "PROPN"):
        if _requested(token):
            return None
        modifiers = {child.lower_ for child in token.children if child.dep_ in ("amod", "compound", "nmod", "poss")}
        governor = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ == "pobj" and token.head.lower_ == "for" and governor.lemma_.lower() in REQUEST_HEADS | {"call", "press", "push", "appeal", "plan", "prepare"}:
            return None
        if token.dep_ == "dobj" and token.head.lemma_.lower() in NEGATING_HEADS | REQUEST_HEADS:
            return None
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in POSSIBILITY_NOUNS:
            return "possible"
        if modifiers & PLANNED_MODIFIERS:
            return "planned"
        if modifiers & POSSIBLE_MODIFIERS:
            return "possible"
        if token.dep_ in ("nsubj", "nsubjpass"):  # "joint projects will follow", "talks could resume"
            auxiliaries = {child.lower_ for child in token.head.children if child.dep_ in ("aux", "auxpass")}
            if auxiliaries & FUTURE_AUXILIARIES:
                return "planned"
            if auxiliaries & POSSIBILITY_MODALS:
                return "possible"
        return "happened"
    auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
    status = "happened"
    if auxiliaries & FUTURE_AUXILIARIES:
        status = "planned"
    elif auxiliaries & POSSIBILITY_MODALS:
        status = "possible"
    elif token.tag_ == "VBG" and auxiliaries & {"is", "are", "am", "'re", "'s"}:
        status = "ongoing"
    if any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in token.children):
        status = "possible"
    governor, link = token, token
    for _ in range(3):  # "vowed to hunt down", "refused to resign", "urged all states to cooperate", "will try to visit"
        if link.dep_ not in ("xcomp", "ccomp", "advcl") or link.head.i == link.i:
            break
        governor = link.head
        lemma = governor.lemma_.lower()
        if link.dep_ == "xcomp" and lemma in NEGATING_HEADS:
            return None
        if link.dep_ in ("xcomp",) and lemma in REQUEST_HEADS:
            return None
        if link.dep_ == "xcomp" and lemma in PLANNING_HEADS:
            status = "planned"
        if link.dep_ == "xcomp" and lemma == "be":  # "is to sign"
            status = "planned"
        governor_auxiliaries = {child.lower_ for child in governor.children if child.dep_ == "aux"}
        if link.dep_ == "xcomp" and governor_auxiliaries & FUTURE_AUXILIARIES:
            status = "planned"
        if any(child.dep_ == "neg" for child in governor.children) and link.dep_ == "xcomp":
            return None
        link = governor
    return status


def _mention(sentence: Span, token: Token, support: Token | None, trigger: Trigger, status: str, actors: ActorBook,
             attached: dict[int, TimeExpression], times: TimeIndex, paragraph: int) -> Mention | None:
    verb = support or (token if token.pos_ in ("VERB", "AUX") else None)
    roles: dict[str, list[str]] = {}

    places: list[str] = []

    def add(role: str | None, head: Token) -> None:
        if role is None:
            return
        owners: list[str] = []
        if role == trigger.object and trigger.type in _VIOLENT:
            owners, where = _owner_and_setting(head, actors)
            places.extend(where)
        for key in [*actors.actors_of(head), *owners]:
            if key not in roles.setdefault(role, []):
                roles[role].append(key)

    subject_role = trigger.subject or "agent"
    if support is not None and support.lemma_.lower() in RECEIVING_VERBS and trigger.object:
        # "Azerbaijan received support from Turkey": the subject undergoes it, the from-phrase gives it
        subject_role = trigger.object
        for giver in (g for child in support.children if child.dep_ == "prep" and child.lower_ == "from"
                      for g in child.children if g.dep_ == "pobj"):
            add(trigger.subject, giver)
    if verb is not None:
        subject = _subject(verb)
        passive = any(child.dep_ in _PASSIVE_SUBJECTS or child.dep_ == "auxpass" for child in verb.children)
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                add(subject_role, child)
            elif child.dep_ in _PASSIVE_SUBJECTS:
                add(trigger.object, child)
            elif child.dep_ == "prep" or child.dep_ == "dative" and child.pos_ == "ADP":  # "signed a letter to Biden"
                _preposition(child, trigger, subject_role, add, places, actors)
            elif child.dep_ in ("dobj", "dative") and child.i != token.i:
                if trigger.type == "visit" and actors.place_of(child):
                    places.append(actors.place_of(child) or "")
                else:
                    add(trigger.object, child)
            elif child.dep_ == "agent":
                for pobj in child.children:
                    add(subject_role, pobj)
        if subject is not None and not roles.get(subject_role) and not passive:
            add(subject_role, subject)
        if verb.dep_ == "relcl" and not roles:
            add(trigger.object if passive else subject_role, verb.head)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a resolution co-sponsored by Kenya": the noun undergoes it
            add(trigger.object, verb.head)
    if support is not None or verb is None:
        noun = token
        for child in noun.children:
            if child.dep_ == "poss":
                add(subject_role, child)
            elif child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
                if trigger.type in _VIOLENT and child.ent_type_ == "GPE" and child.dep_ == "compound" and actors.place_of(child):
                    places.append(actors.place_of(child) or "")  # "the Kenya bombing": where, not who
                    continue
                role = "mediator" if child.lower_.endswith("-brokered") else (subject_role if support is None else trigger.object)
                add(role, child)
            elif child.dep_ == "prep":
                _preposition(child, trigger, subject_role, add, places, actors)
    time, own = _time_of(token, support, attached)
    if own and time is not None and times.published is not None and _looks_ahead(verb, status):
        time = _ahead(time, times.published)
    start, end = _evidence(token, support)
    confidence = trigger.confidence + 0.1 * bool(roles) + 0.1 * (time is not None and own) + 0.05 * (verb is not None)
    is_noun = verb is None
    definite = is_noun and any(child.dep_ in ("det", "poss") and child.lower_ not in ("a", "an") for child in token.children)
    mention = Mention(token, trigger.type, status, roles, [place for place in places if place], time, own,
                      start, end, round(min(confidence, 0.95), 2), is_noun, definite)
    narrated_by = verb if not is_noun else _governor(token)
    if time is None and status == "happened" and _simple_past(narrated_by) and times.reference is not None \
            and paragraph - times.reference_paragraph <= 1:
        mention.time = times.reference  # told on in the simple past: the day the narrative is at
    mention.reference_ok = own and time is not None and not is_noun and status == "happened" and _main_clause(verb)
    return mention


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with or that controls it ("vowed to hunt down")."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in _SUBJECTS:
                return child
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            return None
    return None


def _owner_and_setting(target: Token, actors: ActorBook) -> tuple[list[str], list[str]]:
    """Whose a target of violence is and where it stands: "the U.S. embassies in Kenya and Tanzania"."""
    owners: list[str] = []
    places: list[str] = []
    for head in (target, *target.conjuncts):
        for child in head.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.ent_type_ in ("GPE", "NORP"):
                owners.extend(actors.actors_of(child))
            elif child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                for pobj in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
                    places.extend(key for key in (actors.place_of(place) for place in (pobj, *pobj.conjuncts)) if key)
    return owners, places


def _preposition(preposition: Token, trigger: Trigger, subject_role: str, add, places: list[str], actors: ActorBook) -> None:
    word = preposition.lower_
    for pobj in preposition.children:
        if pobj.dep_ != "pobj":
            continue
        if word in PLACE_PREPOSITIONS:
            place = actors.place_of(pobj)
            if place:
                places.append(place)
                for conjunct in pobj.conjuncts:
                    other = actors.place_of(conjunct)
                    if other:
                        places.append(other)
                continue
        if word == "of":
            add(trigger.object, pobj)
        elif word in PREPOSITION_ROLES:
            role = PREPOSITION_ROLES[word]
            if word == "by":
                role = subject_role
            elif word == "with":
                role = subject_role if subject_role in ("participant", "party") else "participant"
            elif word == "on" and trigger.type in _AIMED:
                role = "target"  # "imposed sanctions on Armenia", "an attack on the embassy"
            elif word in ("to", "on") and trigger.type not in ("appeal", "letter", "visit", "statement"):
                continue
            add(role, pobj)


def _looks_ahead(verb: Token | None, status: str) -> bool:
    """A planned or possible event, or one told in the present ("meet Monday" in a news report), is ahead."""
    return status in ("planned", "possible") or verb is not None and verb.tag_ in ("VBP", "VBZ") and \
        not any(child.dep_ == "aux" for child in verb.children)


def _ahead(span: TimeSpan, published: date) -> TimeSpan:
    """"Will meet on Thursday", "would be traveling Thursday": the Thursday to come, where the tagger read
    the words as looking back. A date whose words give its year is left as it is."""
    if span.end is None or span.end >= published or any(character.isdigit() for character in span.text):
        return span
    try:
        return date_event(span.text, published, "future", lambda key: None)
    except DatingError:
        return span


def _time_of(token: Token, support: Token | None, attached: dict[int, TimeExpression]) -> tuple[TimeSpan | None, bool]:
    """The time expression hanging from the trigger (or its support verb, or the verb it is coordinated with)."""
    for candidate in (support, token):
        if candidate is None:
            continue
        if candidate.i in attached:
            return attached[candidate.i].span, True
        for child in candidate.subtree:
            if child.i in attached and child.head.i == candidate.i:
                return attached[child.i].span, True
    verb = support or token
    if verb.dep_ == "conj" and verb.head.i in attached and verb.pos_ == verb.head.pos_:
        return attached[verb.head.i].span, True
    governor = _governor(token) if support is None else None
    if governor is not None and governor.i in attached:
        return attached[governor.i].span, True  # "the bombings on Aug. 7 killed", "joined NATO Friday at a ceremony"
    told = next((child for child in token.children if child.dep_ == "relcl" and child.i in attached and any(
        grandchild.dep_ in ("nsubj", "nsubjpass") and grandchild.lower_ in ("that", "which") for grandchild in child.children)), None)
    if token.pos_ == "NOUN" and told is not None:  # "the revolution that brought Castro to power 42 years ago"
        return attached[told.i].span, True
    return _time_of_what_it_explains(verb, attached), False


def _time_of_what_it_explains(verb: Token, attached: dict[int, TimeExpression]) -> TimeSpan | None:
    """"Last year, officials assailed Ukraine for holding exercises with NATO": an act told as the reason or
    the means of a dated one falls in the same month or year; not on the same day, which would be a guess."""
    if verb.pos_ != "VERB" or verb.dep_ != "pcomp" or verb.head.lower_ not in ("for", "by", "over"):
        return None
    governor = verb.head.head
    expression = attached.get(governor.i) if governor.pos_ == "VERB" else None
    span = expression.span if expression is not None else None
    return span if span is not None and span.precision in (Precision.MONTH, Precision.YEAR) else None


def _governor(noun: Token) -> Token | None:
    """The verb whose time is a noun event's own: one it is the setting of ("at a ceremony"), or that tells what it did."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("at", "during", "in", "after", "on", "upon"):
        holder = noun.head.head
        if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ in ("dobj", "attr"):  # "joined NATO at a ceremony"
            holder = holder.head
        return holder if holder.pos_ in ("VERB", "AUX") else None
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass") and noun.head.lemma_.lower() in SUPPORT_VERBS | CONSEQUENCE_VERBS:
        return noun.head
    if noun.dep_ == "nsubj" and _tells_it_happened(noun.head):  # "the bombings occurred on Friday"
        return noun.head
    return None


def _tells_it_happened(verb: Token) -> bool:
    """"Occurred", "happened", "took place": a verb that says only when and where its subject happened."""
    lemma = verb.lemma_.lower()
    return lemma in ("occur", "happen", "erupt", "unfold") or lemma == "take" and any(
        child.dep_ == "dobj" and child.lower_ == "place" for child in verb.children)


def _main_clause(verb: Token | None) -> bool:
    """The sentence's own statement, not a relative or adverbial clause that steps aside ("which they signed last May")."""
    current = verb
    while current is not None and current.dep_ == "conj":
        current = current.head
    return current is not None and current.dep_ in ("ROOT", "ccomp") and (current.dep_ == "ROOT" or current.head.dep_ == "ROOT")


def _simple_past(verb: Token | None) -> bool:
    """Told in the simple past ("expelled", "was questioned"), not the past perfect that steps back in time."""
    if verb is None:
        return False
    auxiliaries = [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if "had" in auxiliaries or "'d" in auxiliaries:
        return False
    return verb.tag_ == "VBD" or verb.tag_ == "VBN" and (any(word in ("was", "were") for word in auxiliaries) or verb.dep_ in ("acl", "conj"))


def _evidence(token: Token, support: Token | None) -> tuple[int, int]:
    """The clause (or noun phrase) that tells the event: its subject, its words and their objects, nothing coordinated
    and no clause of its own inside ("which the two presidents signed last May" is another event's)."""
    head = support or token
    breaks = _CLAUSE_BREAKS if head.pos_ in ("VERB", "AUX") else _NOUN_BREAKS
    selected = [head, *(t for child in head.children if child.dep_ not in breaks and not _setting_event(head, child)
                        for t in _phrase_tokens(child))]
    if head.pos_ in ("VERB", "AUX"):
        subject = next((child for child in head.children if child.dep_ in _SUBJECTS + _PASSIVE_SUBJECTS), None)
        if subject is not None and subject.i < head.i:
            selected.extend(_phrase_tokens(subject))
    sentence = head.sent
    indices = sorted(t.i for t in selected if sentence.start <= t.i < sentence.end)
    first, last = indices[0], indices[-1]
    doc = head.doc
    while last > first and (doc[last].is_punct and doc[last].text not in (")", "''", "”", "’")):
        last -= 1
    while first < last and doc[first].is_punct and doc[first].text not in ("(", "``", "“"):
        first += 1
    return _offsets(doc[first:last + 1])


def _setting_event(noun: Token, child: Token) -> bool:
    """"The pause in the Karabakh conflict": the conflict is an event of its own, not words of the pause's evidence."""
    return noun.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in ("in", "of", "after", "during") and \
        any(pobj.dep_ == "pobj" and pobj.lemma_.lower() in NOUN_TRIGGERS and pobj.lemma_.lower() != noun.lemma_.lower()
            for pobj in child.children)


def _phrase_tokens(token: Token) -> list[Token]:
    """A phrase's words without the clauses nested in it (relative, adverbial or complement clauses)."""
    words = [token]
    for child in token.children:
        if child.dep_ not in ("relcl", "advcl", "ccomp", "parataxis", "acl") or child.tag_ == "VBN" and child.dep_ == "acl":
            words.extend(_phrase_tokens(child))
    return words
