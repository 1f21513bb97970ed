"""Claims: what someone is reported to say ("X said ...", "according to X", "``...,'' X was quoted as
saying"), attributed to the speaker with the words as evidence, never taken as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.extract.actors import ActorBook, _offsets
from kb.extract.events import TimeIndex
from kb.extract.lexicon import REPORTING_VERBS
from kb.temporal import TimeSpan

if TYPE_CHECKING:  # spaCy is imported only where extraction runs: it takes most of a second
    from spacy.tokens import Span, Token

__all__ = ["ClaimMention", "find_claims"]

_QUOTED = re.compile(r"``(.+?)''|“(.+?)”|\"(.+?)\"", re.S)
_CONTENT = ("ccomp", "xcomp", "dobj", "parataxis")


@dataclass
class ClaimMention:
    """One reported statement: who says it, what (its words in the article), and the clause that reports it."""

    speakers: list[str]
    verb: Token
    content_start: int
    content_end: int
    start: int
    end: int
    quotation: str | None
    confidence: float
    time: TimeSpan | None = None  # when it was said, where the sentence says ("said Sunday")


def find_claims(sentence: Span, actors: ActorBook, times: TimeIndex) -> Iterator[ClaimMention]:
    """The reported statements of one sentence whose speaker is an actor."""
    attached = times.attached(sentence)
    for token in sentence:
        if token.lower_ == "according" and token.dep_ == "prep":
            to = next((child for child in token.children if child.lower_ == "to"), None)
            source = next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None
            speakers = actors.actors_of(source) if source is not None else []
            if speakers:
                head = token.head
                content = [t for t in head.subtree if t.i not in set(x.i for x in token.subtree)]
                yield _claim(sentence, speakers, token, content or list(head.subtree), 0.7)
            continue
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        speaker = _speaker(token)
        if speaker is None:
            continue
        speakers = actors.actors_of(speaker)
        if not speakers:
            continue
        content = [t for child in token.children if child.dep_ in _CONTENT for t in child.subtree]
        if token.lemma_.lower() == "quote":  # "was quoted as saying": what is said hangs from "saying"
            content = [t for child in token.subtree if child.lemma_.lower() == "say" for grand in child.children
                       if grand.dep_ in _CONTENT for t in grand.subtree] or [t for t in sentence if t.dep_ == "ccomp" for t in t.subtree]
        if not content:
            continue
        said_at = attached.get(token.i) if token.dep_ == "ROOT" else None
        yield _claim(sentence, speakers, token, content, 0.8 if speaker.ent_type_ else 0.6, said_at.span if said_at else None)


def _speaker(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj",) or child.dep_ == "nsubjpass" and verb.lemma_.lower() == "quote":
            return child
    if verb.dep_ in ("conj",) and verb.head.lemma_.lower() in REPORTING_VERBS:
        return _speaker(verb.head)
    return None


def _claim(sentence: Span, speakers: list[str], verb: Token, content: list[Token], confidence: float,
           time: TimeSpan | None = None) -> ClaimMention:
    tokens = sorted(content, key=lambda t: t.i)
    first, last = tokens[0].i, tokens[-1].i
    doc = sentence.doc
    while last > first and doc[last].is_punct:
        last -= 1
    while first < last and doc[first].is_punct:
        first += 1
    content_start, content_end = _offsets(doc[first:last + 1])
    start, end = _offsets(sentence)
    quoted = _QUOTED.search(sentence.text)
    quotation = next(group for group in quoted.groups() if group) if quoted else None
    return ClaimMention(speakers, verb, content_start, content_end, start, end,
                        " ".join(quotation.split()).strip(" ,") if quotation else None, confidence, time)
