"""The record model: who made a record (its provenance) travels with it; the sidecar's records are curated."""

from dataclasses import fields

import pytest

from kb.annotations import parse_sidecar, read_sidecar, sidecar_path
from kb.article import parse_article, read_article
from kb.records import Actor, Claim, Event, Place, Provenance, Records, TimeMention
from kb.resources import seed_articles

ARTICLE = parse_article("Title: Talks in Baku\nDate: 2021-03-05\n\nTurkey and Azerbaijan met in Baku on March 2.\n", path="talks.txt")
SIDECAR = """\
[actors.turkey]
label = "Turkey"
type = "country"

[actors.azerbaijan]
label = "Azerbaijan"
type = "country"
evidence = "Azerbaijan"

[places.baku]
label = "Baku"
type = "city"
in = "azerbaijan"

[events.meeting]
label = "Officials meet"
type = "talks"
date = "on March 2"
actors = { participant = ["turkey", "azerbaijan"] }
place = "baku"

[claims.met]
label = "The article says they met"
by = ["article"]
about = ["meeting"]
"""


def _made(records: Records) -> list:
    return [*records.actors, *records.places, *records.events, *records.claims]


def test_the_default_provenance_is_curated():
    assert Provenance() == Provenance(kind="curated", agent=None, confidence=None)
    event = Event(key="e", label="E", type="Talks", status="happened", time=None)
    assert event.provenance.kind == "curated"


def test_everything_a_sidecar_gives_is_curated():
    records = parse_sidecar(SIDECAR, ARTICLE, "talks.toml")
    made = _made(records)
    assert {type(record) for record in made} == {Actor, Place, Event, Claim}
    assert all(record.provenance == Provenance() for record in made)


def test_the_seed_sidecar_is_curated():
    for article in seed_articles():
        records = read_sidecar(sidecar_path(article), read_article(article))
        assert records.events and all(record.provenance.kind == "curated" for record in _made(records))


def test_what_can_be_generated_carries_provenance_and_time_mentions_do_not():
    """Time mentions are always the tagger's (kb/rdf.py attributes them to ekb:TemporalTagger)."""
    for record_class in (Actor, Place, Event, Claim):
        assert "provenance" in {f.name for f in fields(record_class)}, record_class
    assert "provenance" not in {f.name for f in fields(TimeMention)}


def test_a_generated_record_names_its_tool_and_may_give_a_confidence():
    made = Provenance(kind="generated", agent="kb.extract 0.1", confidence=0.8)
    claim = Claim(key="c", label="C", text=None, by=["article"], provenance=made)
    assert (claim.provenance.kind, claim.provenance.agent, claim.provenance.confidence) == ("generated", "kb.extract 0.1", 0.8)
    with pytest.raises(AttributeError):
        made.confidence = 1.0  # type: ignore[misc]  # frozen: shared by every record a run makes


@pytest.mark.parametrize("arguments, fragment", [
    ({"kind": "guessed"}, "not 'curated' or 'generated'"),
    ({"kind": "generated"}, "needs its agent"),
    ({"kind": "generated", "agent": "tool 1.0", "confidence": 1.5}, "between 0 and 1"),
    ({"confidence": -0.1}, "between 0 and 1"),
])
def test_a_provenance_that_means_nothing_is_refused(arguments, fragment):
    with pytest.raises(ValueError, match=fragment):
        Provenance(**arguments)
