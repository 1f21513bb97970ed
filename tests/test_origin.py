"""Curated or automatic: the JSON API, its facet and filter, the pages and the CSV export tell them apart."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.helpers import app_over

AUTOMATIC_ARTICLE = ("Title: Talks in Moscow\nDate: 2021-01-12\n\n"
                     "The leaders of Armenia and Azerbaijan met in Moscow on Monday. "
                     "Russian President Vladimir Putin said the talks were useful.\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The seed (curated) and one article nobody annotated, in one store."""
    with app_over(tmp_path_factory.mktemp("mixed"), "talks-in-moscow.txt", AUTOMATIC_ARTICLE, seed=True) as app:
        yield app.test_client()


def _everything(client, **params) -> list[dict]:
    answer = client.get("/api/timeline", query_string={"limit": 2000, **params}).get_json()
    return answer["events"] + answer["undated"]


def test_the_facet_counts_each_origin(mixed):
    origins = {facet["id"]: facet["count"] for facet in mixed.get("/api/facets").get_json()["origins"]}
    automatic = [event for event in _everything(mixed) if event["origin"] == "automatic"]
    assert origins == {"curated": 44, "automatic": len(automatic)} and automatic


def test_the_filter_keeps_one_origin(mixed):
    automatic = _everything(mixed, origin="automatic")
    assert automatic and {event["origin"] for event in automatic} == {"automatic"}
    assert all(0 < event["confidence"] <= 1 for event in automatic)
    meeting = next(event for event in automatic if "met in Moscow" in event["label"])
    assert (meeting["begin"], meeting["end"]) == ("2021-01-11", "2021-01-11")
    curated = _everything(mixed, origin="curated")
    assert len(curated) == 44 and {event["origin"] for event in curated} == {"curated"}
    assert {event["confidence"] for event in curated} == {None}
    assert len(_everything(mixed, origin=["curated", "automatic"])) == len(_everything(mixed)) == 44 + len(automatic)


def test_an_unknown_origin_is_a_clear_400(mixed):
    response = mixed.get("/api/timeline?origin=guessed")
    assert response.status_code == 400
    assert "origin must be curated or automatic, not 'guessed'" in response.get_data(as_text=True)


def test_the_event_details_say_what_made_it(mixed):
    meeting = next(event for event in _everything(mixed, origin="automatic") if "met in Moscow" in event["label"])
    details = mixed.get("/api" + meeting["href"].replace("/id/", "/events/", 1)).get_json()
    assert details["origin"] == "automatic" and details["confidence"] == meeting["confidence"]
    page = mixed.get(meeting["href"]).get_data(as_text=True)
    assert 'class="origin-badge"' in page and "found by the automatic extraction" in page


def test_the_timeline_page_marks_automatic_events_and_offers_the_filter(mixed):
    page = mixed.get("/").get_data(as_text=True)
    for origin in ("curated", "automatic"):
        assert re.search(f'<input type="checkbox" name="origin" [^>]*value="{origin}"', page)
    assert page.count('class="origin-badge"') == len(_everything(mixed, origin="automatic"))
    only_curated = mixed.get("/?origin=curated").get_data(as_text=True)
    assert 'class="origin-badge"' not in only_curated


def test_the_csv_export_has_origin_and_confidence(mixed):
    rows = list(csv.DictReader(io.StringIO(mixed.get("/export?format=csv").get_data(as_text=True))))
    by_origin: dict[str, list[dict]] = {}
    for row in rows:
        by_origin.setdefault(row["origin"], []).append(row)
    assert set(by_origin) == {"curated", "automatic"} and len(by_origin["curated"]) == 44
    assert {row["confidence"] for row in by_origin["curated"]} == {""}
    assert all(0 < float(row["confidence"]) <= 1 for row in by_origin["automatic"])
