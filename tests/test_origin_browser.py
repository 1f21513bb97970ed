"""Curated or automatic in a real browser: automatic events are marked on the timeline and the
"curated / automatic" facet filters them, against `kb serve` over the seed and one article nobody
annotated."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kb.knowledge_base import KnowledgeBase
from tests.browser_fixtures import RequestLog
from tests.conftest import serving
from tests.test_browser import DRAWN, drawn_events, hrefs, open_timeline, timeline
from tests.test_origin import AUTOMATIC_ARTICLE


@pytest.fixture(scope="module")
def mixed_server(tmp_path_factory):
    """`kb serve` over the seed and one article nobody annotated, loaded before it starts."""
    folder = tmp_path_factory.mktemp("mixed-live")
    article = folder / "talks-in-moscow.txt"
    article.write_text(AUTOMATIC_ARTICLE, encoding="utf-8")
    with KnowledgeBase(folder / "store") as kb:
        kb.load_seed()
        kb.load(article)
    with serving(folder / "store", folder / "server.log") as server:
        yield server


@pytest.fixture
def request_log(mixed_server) -> RequestLog:
    """This module's pages come from its own server: requests anywhere else are blocked."""
    return RequestLog(mixed_server.url)


def test_automatic_events_are_marked_and_can_be_filtered_out(page, mixed_server):
    automatic = hrefs(timeline(mixed_server, origin="automatic")["events"])
    assert automatic
    open_timeline(page, mixed_server, "?from=2020-11-01&to=2021-03-31")
    marked = page.eval_on_selector_all("#timeline .vis-item.origin-automatic .item-content[data-event]",
                                       "els => els.map(e => e.getAttribute('data-event'))")
    assert sorted(set(marked)) == sorted(automatic)
    expect(page.locator(f"{DRAWN}[data-event='{automatic[0]}'] .origin-badge")).to_have_text(re.compile(r"^automatic 0\.\d\d$"))
    page.click(f"{DRAWN}[data-event='{automatic[0]}']")
    expect(page.locator("#event-details")).to_contain_text("found by the automatic extraction")

    page.click(".facet-origin summary")
    page.locator(".facet-origin").get_by_label(re.compile(r"^curated \(\d+\)$")).check()
    expect(page).to_have_url(re.compile(r"[?&]origin=curated"))
    page.wait_for_function("() => !document.querySelector('#timeline .vis-item.origin-automatic')")
    assert not set(drawn_events(page)) & set(automatic)
    assert set(drawn_events(page)) == set(hrefs(timeline(mixed_server, origin="curated", **{"from": "2020-11-01", "to": "2021-03-31"})["events"]))
