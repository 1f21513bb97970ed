"""The pages in a real browser: Debian's chromium, headless, driven by Playwright, against `kb serve`.

One browser for the session (tests/browser_fixtures.py), a fresh context per test. Every request
is recorded and anything for another origin is blocked and fails its test; uncaught JavaScript
errors and dialogs fail their test too. What the tests expect is read from the JSON API of the
same server and checked against what the seed article says (44 events: 32 dated, 12 undated).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

SEED = "2021-03-05-turkey-azerbaijan"
SEED_ARTICLE = f"https://w3id.org/eventkb/id/article/{SEED}"
SEED_DATED, SEED_UNDATED = 32, 12
CEASEFIRE = f"/id/event/{SEED}/ceasefire"
CEASEFIRE_LABEL = "Russian-brokered ceasefire halts the Karabakh conflict"
RUSSIA = "/id/actor/russia"

# what an item of the drawn timeline is: vis-timeline's item, holding timeline.js's content
DRAWN = "#timeline .vis-item .item-content[data-event]"
JS_UNDATED = "#timeline-lists section.undated ul.event-list > li"


# --- talking to the server directly ------------------------------------------------------

def get_json(server, path: str, **params):
    url = server.url + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=30) as r:
        return json.loads(r.read())


def sparql_select(server, query: str) -> list[dict]:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())["results"]["bindings"]


def sparql_update(server, update: str) -> tuple[int, str]:
    req = urllib.request.Request(server.url + "/sparql", data=update.encode(), method="POST", headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {server.token}"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def timeline(server, **params) -> dict:
    """/api/timeline with every event on one page."""
    answer = get_json(server, "/api/timeline", limit=2000, **params)
    assert len(answer["events"]) + len(answer["undated"]) == answer["total"], "one page holds every event"
    return answer


def hrefs(events) -> list[str]:
    return [event["href"] for event in events]


def events_from_elsewhere(server) -> int:
    """Events in the store that do not come from the seed article (none unless another test added some)."""
    rows = sparql_select(server, f"""
        PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
          ?e a/rdfs:subClassOf* sem:Event .
          FILTER NOT EXISTS {{ ?e prov:wasDerivedFrom <{SEED_ARTICLE}> }}
        }}""")
    return int(rows[0]["n"]["value"])


# --- reading the page ----------------------------------------------------------------------

def open_timeline(page, server, query: str = ""):
    page.goto(server.url + "/" + query)
    timeline_ready(page)


def timeline_ready(page):
    """Wait until timeline.js has drawn what /api/timeline gave and built the filters."""
    page.wait_for_selector("#timeline.enhanced")
    page.wait_for_function("() => { const t = document.getElementById('timeline');"
                           " return !t.hasAttribute('aria-busy') && document.querySelector('.timeline-status').textContent; }")
    page.wait_for_selector("#timeline-filters .facet-actor input[type=checkbox]", state="attached")  # the facets are in


def drawn_events(page) -> list[str]:
    """The distinct events drawn on the timeline (an event has several items when lanes are on)."""
    found = page.eval_on_selector_all(DRAWN, "els => els.map(e => e.getAttribute('data-event'))")
    return list(dict.fromkeys(found))


def js_undated(page) -> list[str]:
    """The undated list (an event whose IRI is not this server's has a plain name, not a link)."""
    return page.eval_on_selector_all(JS_UNDATED + " .event-link", "els => els.map(a => a.getAttribute('data-event'))")


def query_of(url: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


# --- 1. every event ------------------------------------------------------------------------

def test_the_timeline_draws_every_seed_event(page, live_server):
    api = timeline(live_server)
    seed = timeline(live_server, source=SEED)
    assert (len(seed["events"]), len(seed["undated"]), seed["total"]) == (SEED_DATED, SEED_UNDATED, 44)
    assert api["total"] == 44 + events_from_elsewhere(live_server)

    open_timeline(page, live_server)
    page.wait_for_selector(".vis-item")
    drawn, undated = drawn_events(page), js_undated(page)
    assert len(drawn) + len(undated) == api["total"]
    assert page.locator(DRAWN).count() == len(drawn), "without lanes, one item per event"
    assert sorted(drawn) == sorted(hrefs(api["events"])), "every dated event is drawn once"
    assert undated == hrefs(api["undated"]), "the undated events are listed apart"
    assert set(hrefs(seed["events"])) <= set(drawn) and set(hrefs(seed["undated"])) <= set(undated)
    # the month of the ceasefire, a few pixels of a thirty-year axis, is still a bar one can see and click
    bar = page.locator(f"#timeline .vis-item.vis-range:has(.item-content[data-event='{CEASEFIRE}'])").bounding_box()
    assert bar["width"] >= 8
    # the server's own list is there for no-JS readers and is hidden once the timeline is drawn
    assert page.locator("#timeline-list").is_hidden() and page.locator("#undated-list").is_hidden()


# --- 2. filters ------------------------------------------------------------------------------

def test_a_filter_narrows_the_timeline_and_lives_in_the_url(page, live_server):
    russia = timeline(live_server, actor=RUSSIA)
    assert hrefs(russia["events"]) == [CEASEFIRE] and russia["undated"] == []
    ceasefires = timeline(live_server, type="Ceasefire")
    assert hrefs(ceasefires["events"]) == [CEASEFIRE] and ceasefires["undated"] == []

    open_timeline(page, live_server)
    assert len(drawn_events(page)) == len(timeline(live_server)["events"])
    page.click(".facet-actor summary")
    page.locator(".facet-actor").get_by_label(re.compile(r"^Russia \(\d+\)$")).check()
    expect(page).to_have_url(re.compile(r"[?&]actor="))
    assert query_of(page.url)["actor"] == [RUSSIA]
    page.wait_for_function(f"() => document.querySelectorAll('{DRAWN}').length === 1")
    assert drawn_events(page) == [CEASEFIRE] and js_undated(page) == []

    # the URL is a shareable link: loading it again keeps the filter
    page.reload()
    timeline_ready(page)
    assert query_of(page.url)["actor"] == [RUSSIA]
    assert drawn_events(page) == [CEASEFIRE] and js_undated(page) == []
    assert page.locator(f".facet-actor input[value='{RUSSIA}']").is_checked()
    expect(page.locator(".facet-actor summary")).to_contain_text("(1 selected)")
    expect(page.locator("details.facet-actor")).to_have_attribute("open", "")  # open, as the no-JS form has it

    # swap the actor for a type: the URL follows
    page.locator(f".facet-actor input[value='{RUSSIA}']").uncheck()
    page.wait_for_function(f"() => document.querySelectorAll('{DRAWN}').length > 1")
    assert "actor" not in query_of(page.url)
    page.click(".facet-type summary")
    page.locator(".facet-type").get_by_label(re.compile(r"^ceasefire \(\d+\)$")).check()
    expect(page).to_have_url(re.compile(r"[?&]type=Ceasefire"))
    page.wait_for_function(f"() => document.querySelectorAll('{DRAWN}').length === 1")
    assert drawn_events(page) == [CEASEFIRE] and js_undated(page) == []


# --- 3. details with the evidence --------------------------------------------------------------

def test_clicking_an_event_shows_its_details_and_evidence(page, live_server):
    event = get_json(live_server, "/api/events/" + CEASEFIRE.removeprefix("/id/"))
    assert event["label"] == CEASEFIRE_LABEL and event["timeText"] == "the Russian-brokered ceasefire of November"
    assert {"label": "Russia", "role": "mediator"}.items() <= next(a for a in event["actors"] if a["href"] == RUSSIA).items()
    (evidence,) = event["evidence"]

    open_timeline(page, live_server)
    # in the whole view the month of the ceasefire is a thin bar: click the bar itself
    page.locator(f"#timeline .vis-item.vis-range:has(.item-content[data-event='{CEASEFIRE}'])").click()
    panel = page.locator("#event-details")
    expect(panel).to_be_visible()
    expect(panel.locator("mark.evidence")).to_have_text(evidence["exact"])
    assert query_of(page.url)["event"] == [CEASEFIRE]
    expect(panel.locator("#event-details-title")).to_have_text(CEASEFIRE_LABEL)
    expect(panel.locator(".details-when")).to_contain_text(f"“{event['timeText']}”")
    actors = [text.strip() for text in panel.locator(".details-section", has_text="Actors").locator("li").all_inner_texts()]
    assert actors == [f"{a['label']} — {a['role']}" for a in event["actors"]] and "Russia — mediator" in actors
    quote = panel.locator("figure.evidence-item blockquote p")
    expect(quote).to_have_text(evidence["before"] + evidence["exact"] + evidence["after"])

    # the link goes to the quote's place in the article, where it is highlighted
    source = panel.locator("figure.evidence-item figcaption a")
    expect(source).to_have_attribute("href", evidence["href"])
    assert evidence["href"] == f"/id/article/{SEED}#{evidence['anchor']}"
    source.click()
    page.wait_for_url(live_server.url + evidence["href"])
    mark = page.locator(f"mark#{evidence['anchor']}")
    expect(mark).to_be_visible()
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == evidence["anchor"]
    number = mark.get_attribute("data-evidence")
    # the span may be cut in pieces by the spans nested in it: its text, without their [n] links
    highlighted = page.evaluate("""n => Array.from(document.querySelectorAll(`mark[data-evidence="${n}"]`))
        .filter(m => !m.parentElement.closest(`mark[data-evidence="${n}"]`))
        .map(m => { const c = m.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent; })
        .join('')""", number)
    assert highlighted == evidence["exact"]


# --- 9. keyboard ------------------------------------------------------------------------------

def test_the_details_get_focus_and_escape_closes_them(page, live_server):
    open_timeline(page, live_server)
    item = page.locator(f"{DRAWN}[data-event='{CEASEFIRE}']")
    item.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#event-details")
    expect(panel.locator("#event-details-title")).to_have_text(CEASEFIRE_LABEL)
    assert page.evaluate("document.getElementById('event-details').contains(document.activeElement)")
    assert query_of(page.url)["event"] == [CEASEFIRE]
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert "event" not in query_of(page.url)
    assert page.evaluate("document.activeElement.getAttribute('data-event')") == CEASEFIRE, "focus goes back to the item"

    # opened with the mouse, on the timeline or from the list below it: the same
    # (the bar itself, not its words: nothing focusable is under the pointer)
    for opener in [page.locator(f"#timeline .vis-item.vis-range:has(.item-content[data-event='{CEASEFIRE}'])"),
                   page.locator("#timeline-lists a.event-link", has_text=CEASEFIRE_LABEL)]:
        page.evaluate("document.activeElement.blur()")  # nothing focused before the click, as on a fresh page
        opener.click()
        expect(panel.locator("#event-details-title")).to_have_text(CEASEFIRE_LABEL)
        assert page.evaluate("document.getElementById('event-details').contains(document.activeElement)")
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()
        assert "event" not in query_of(page.url)
        assert page.evaluate("document.activeElement.getAttribute('data-event')") == CEASEFIRE, \
            "focus goes back to what opened the details (the item clicked, or the link)"


# --- 4. zoom ----------------------------------------------------------------------------------

# Keeps the vis.Timeline that timeline.js makes, so the test can read its window: vis-timeline's
# script runs (deferred) before timeline.js, and its load event fires in between.
KEEP_TIMELINE = """
window.__timelines = [];
document.addEventListener('load', function (event) {
  var vis = window.vis;
  if (!event.target || event.target.tagName !== 'SCRIPT' || !vis || !vis.Timeline || vis.Timeline.__kept) return;
  var Timeline = vis.Timeline;
  var Kept = function () { var made = Reflect.construct(Timeline, arguments); window.__timelines.push(made); return made; };
  Kept.prototype = Timeline.prototype;
  Kept.__kept = true;
  vis.Timeline = Kept;
}, true);
"""
WINDOW_SPAN = "() => { const w = window.__timelines[0].getWindow(); return +w.end - +w.start; }"


def test_the_zoom_buttons_change_the_visible_window(new_context, live_server):
    context = new_context()
    context.context.add_init_script(KEEP_TIMELINE)
    page = context.new_page()
    open_timeline(page, live_server)
    assert page.evaluate("window.__timelines.length") == 1
    axis = ("() => Array.from(document.querySelectorAll('#timeline .vis-time-axis .vis-text'))"
            ".map(e => e.textContent).filter(t => t).sort().join('|')")
    span, labels = page.evaluate(WINDOW_SPAN), page.evaluate(axis)

    def settled() -> float:
        """The window once an animation is over (two readings 150 ms apart agree)."""
        page.wait_for_function(f"""() => new Promise(done => {{ const a = ({WINDOW_SPAN})();
            setTimeout(() => done(Math.abs(({WINDOW_SPAN})() - a) < 1), 150); }})""")
        return page.evaluate(WINDOW_SPAN)

    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(f"() => ({WINDOW_SPAN})() < {span} * 0.8")
    zoomed = settled()
    assert 0.5 * span < zoomed < 0.8 * span, "zoom in narrows the window by a step"
    assert page.evaluate(axis) != labels, "the time axis is drawn anew"
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(f"() => ({WINDOW_SPAN})() < {zoomed} * 0.8")
    closer = settled()

    page.get_by_role("button", name="Zoom out").click()
    page.wait_for_function(f"() => ({WINDOW_SPAN})() > {closer} * 1.2")
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function(f"() => Math.abs(({WINDOW_SPAN})() - {span}) < {span} * 0.01")
    assert page.evaluate(axis) == labels, "showing all draws the first view again"


# --- 5. the query editor ----------------------------------------------------------------------

def test_the_query_editor_runs_an_example(page, live_server):
    examples = get_json(live_server, "/api/queries")
    (russia,) = [q for q in examples if "Russia" in q["title"]]
    page.goto(live_server.url + "/sparql")
    expect(page.locator("#yasgui")).to_be_visible()
    expect(page.locator("#query-form")).to_be_hidden()
    with page.expect_response(lambda r: r.url == live_server.url + "/sparql" and r.request.method == "POST") as answer:
        page.locator(f"a.example[data-example='{russia['name']}']").click()
    assert answer.value.status == 200
    table = page.locator(".yasr table")
    expect(table).to_contain_text("mediator")
    expect(table).to_contain_text(CEASEFIRE_LABEL)
    expect(table).to_contain_text("the Russian-brokered ceasefire of November")
    assert page.url == live_server.url + "/sparql", "the example ran in place, the link was not followed"


# --- 6. without JavaScript --------------------------------------------------------------------

def test_without_javascript_the_list_is_complete_and_the_filter_form_works(new_context, live_server):
    api = timeline(live_server)
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("#timeline.enhanced")).to_have_count(0)
    dated = page.locator("#timeline-list ol.event-list > li a.event-link")
    undated = page.locator("#undated-list ul.event-list > li a.event-link")
    dated_labels, undated_labels = dated.all_inner_texts(), undated.all_inner_texts()
    assert len(dated_labels) + len(undated_labels) == api["total"] == 44 + events_from_elsewhere(live_server)
    assert dated_labels == [e["label"] for e in api["events"]], "the dated events in the API's (time) order"
    assert undated_labels == [e["label"] for e in api["undated"]]
    seed = timeline(live_server, source=SEED)
    assert set(e["label"] for e in seed["events"]) <= set(dated_labels) and len(seed["events"]) == SEED_DATED
    assert set(e["label"] for e in seed["undated"]) <= set(undated_labels) and len(seed["undated"]) == SEED_UNDATED
    # time order: each dated event begins no earlier than the one before (an open begin first)
    begins = {e["label"]: e["begin"] or "" for e in api["events"]}
    order = [begins[label] for label in dated_labels]
    assert order == sorted(order)
    expect(page.locator("#timeline-list .list-summary")).to_contain_text(f"{len(api['events'])} dated and {len(api['undated'])} undated events")

    # the filter form is a plain GET form
    page.click(".facet-actor summary")
    page.locator(".facet-actor").get_by_label(re.compile(r"^Russia \(\d+\)$")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert query_of(page.url)["actor"] == [RUSSIA]
    expect(dated).to_have_text([CEASEFIRE_LABEL])
    expect(undated).to_have_count(0)
    expect(page.locator("#undated-list")).to_contain_text("No undated event matches these filters.")
    assert page.locator(f".facet-actor input[value='{RUSSIA}']").is_checked()

    # the details, server-rendered
    dated.first.click()
    expect(page.locator("#selected-event #selected-event-title")).to_have_text(CEASEFIRE_LABEL)
    expect(page.locator("#selected-event mark.evidence")).to_contain_text("Russian-brokered ceasefire of November")


# --- 7. nothing from another origin -------------------------------------------------------------

def test_no_request_leaves_the_server_origin(new_context, request_log, live_server):
    page = new_context().new_page()
    seen_before = len(request_log.requests)

    open_timeline(page, live_server)                               # the timeline
    page.locator("#timeline-lists a.event-link", has_text=CEASEFIRE_LABEL).click()
    expect(page.locator("#event-details mark.evidence")).to_be_visible()   # the details
    page.locator("#event-details figure.evidence-item figcaption a").click()
    page.wait_for_url(re.compile(r"/id/article/"))                 # the article page
    expect(page.locator("mark.evidence").first).to_be_visible()
    page.goto(live_server.url + "/sparql")                          # the query editor, running a query
    page.locator("a.example").first.click()
    expect(page.locator(".yasr table")).to_be_visible()
    page.goto(live_server.url + "/ontology")                        # the ontology page
    expect(page.locator("h1")).to_be_visible()
    page.goto(live_server.url + "/validate")                        # the validate page
    expect(page.locator("h1")).to_be_visible()
    page.goto(live_server.url + CEASEFIRE)                          # an entity page
    expect(page.locator("h1")).to_have_text(CEASEFIRE_LABEL)

    mine = request_log.requests[seen_before:]
    paths = {(method, urllib.parse.urlsplit(url).path) for _, method, url in mine}
    for expected in [("GET", "/"), ("GET", "/api/facets"), ("GET", "/api/timeline"),
                     ("GET", "/api/events/" + CEASEFIRE.removeprefix("/id/")), ("GET", f"/id/article/{SEED}"),
                     ("GET", "/static/vendor/vis-timeline/vis-timeline-graph2d.min.js"),
                     ("GET", "/static/vendor/yasgui/yasgui.min.js"), ("GET", "/sparql"), ("POST", "/sparql"),
                     ("GET", "/ontology"), ("GET", "/validate"), ("GET", CEASEFIRE)]:
        assert expected in paths, f"the flows did not request {expected}: the recording is broken"

    # every request of the session so far (the tests before this one too) stayed on the server
    outside = [(test, url) for test, _, url in request_log.requests if not request_log.allowed(url)]
    assert outside == [] and request_log.blocked == []

    # and the guard does catch a stray one. A script of our pages cannot even send it: the
    # Content-Security-Policy (connect-src 'self') stops it in the page, before the guard sees
    # it; so the probe is a navigation, which the policy does not govern
    probe = new_context()
    stray = probe.new_page()
    stray.goto(live_server.url + "/ontology")
    result = stray.evaluate("() => fetch('http://192.0.2.1/beacon').then(() => 'sent', () => 'blocked')")
    assert result == "blocked" and probe.blocked == []
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        stray.goto("http://192.0.2.1/beacon")
    assert probe.blocked == ["http://192.0.2.1/beacon"]
    assert ("GET", "http://192.0.2.1/beacon") in [(method, url) for _, method, url in request_log.requests]
    # (that one was on purpose: take it out of the records)
    probe.blocked.clear()
    request_log.blocked.clear()
    request_log.requests[:] = [r for r in request_log.requests if request_log.allowed(r[2])]


# --- 8. escaping --------------------------------------------------------------------------------

EVIL_EVENT = "<img src=x onerror=alert(1)>"
EVIL_DATED = "<img src=y onerror=alert(2)>"
EVIL_ACTOR = "<svg onload=alert(3)>"
EVIL_TIME = "<b>on 1 December</b>"
ESCAPING_GRAPH = "https://w3id.org/eventkb/id/graph/browser-test-escaping"
EVIL_HREF = "/id/event/browser-test/escaping"
EVIL_DATED_HREF = "/id/event/browser-test/escaping-dated"
EVIL_ACTOR_HREF = "/id/actor/browser-test-escaping"


def _literal(text: str) -> str:
    return json.dumps(text)  # a valid SPARQL string literal for these ASCII texts


@pytest.fixture
def hostile_labels(live_server):
    """Two events and an actor whose labels are HTML, in a graph of their own, dropped afterwards."""
    ids = "https://w3id.org/eventkb"
    before = timeline(live_server)["total"]
    status, body = sparql_update(live_server, f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX ekb: <https://w3id.org/eventkb/ontology#>
        PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {{ GRAPH <{ESCAPING_GRAPH}> {{
          <{ids}{EVIL_HREF}> a ekb:Talks ; rdfs:label {_literal(EVIL_EVENT)} ; ekb:undated true .
          <{ids}{EVIL_DATED_HREF}> a ekb:Talks ; rdfs:label {_literal(EVIL_DATED)} ;
            sem:hasBeginTimeStamp "2020-12-01"^^xsd:date ; sem:hasEndTimeStamp "2020-12-01"^^xsd:date ;
            ekb:timeText {_literal(EVIL_TIME)} ;
            sem:hasActor <{ids}{EVIL_ACTOR_HREF}> ; ekb:agent <{ids}{EVIL_ACTOR_HREF}> .
          <{ids}{EVIL_ACTOR_HREF}> a ekb:Person ; rdfs:label {_literal(EVIL_ACTOR)} .
        }} }}""")
    try:
        assert status == 200, f"the update was refused: {body}"
        assert timeline(live_server)["total"] == before + 2
        yield
    finally:
        status, body = sparql_update(live_server, f"DROP SILENT GRAPH <{ESCAPING_GRAPH}>")
        assert status == 200, f"the test graph could not be dropped: {body}"
        assert timeline(live_server)["total"] == before


NO_MARKUP_FROM_DATA = """() => ({
  images: document.querySelectorAll('img[src="x"], img[src="y"]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  handlers: document.querySelectorAll('[onerror], [onload]').length,
  bold: Array.from(document.querySelectorAll('b')).filter(b => b.textContent === 'on 1 December').length
})"""
CLEAN = {"images": 0, "svgs": 0, "handlers": 0, "bold": 0}


def test_labels_from_data_are_shown_as_text_never_as_markup(hostile_labels, new_context, live_server):
    guarded = new_context()
    page = guarded.new_page()

    # the timeline: the dated event drawn, the undated one listed, the actor among the filters
    open_timeline(page, live_server, "?lanes=actor")
    expect(page.locator(f"{DRAWN}[data-event='{EVIL_DATED_HREF}'] .item-label").first).to_have_text(EVIL_DATED)
    expect(page.locator(f"{JS_UNDATED} a.event-link[data-event='{EVIL_HREF}']")).to_have_text(EVIL_EVENT)
    expect(page.locator(".vis-labelset .group-label", has_text=EVIL_ACTOR)).to_have_text(EVIL_ACTOR)
    expect(page.locator(".facet-actor label", has_text=EVIL_ACTOR)).to_have_count(1)
    page.hover(f"{DRAWN}[data-event='{EVIL_DATED_HREF}']")
    expect(page.locator(".vis-tooltip")).to_contain_text(EVIL_DATED)
    expect(page.locator(".vis-tooltip")).to_contain_text(f"“{EVIL_TIME}”")
    assert page.evaluate(NO_MARKUP_FROM_DATA) == CLEAN

    # the details of each, opened in the page
    page.locator(f"{JS_UNDATED} a.event-link[data-event='{EVIL_HREF}']").click()
    expect(page.locator("#event-details-title")).to_have_text(EVIL_EVENT)
    expect(page.get_by_text(EVIL_EVENT, exact=True).filter(visible=True).first).to_be_visible()
    page.click(f"{DRAWN}[data-event='{EVIL_DATED_HREF}']")
    expect(page.locator("#event-details-title")).to_have_text(EVIL_DATED)
    expect(page.locator("#event-details")).to_contain_text(f"{EVIL_ACTOR} — agent")
    expect(page.locator("#event-details")).to_contain_text(f"“{EVIL_TIME}”")
    assert page.evaluate(NO_MARKUP_FROM_DATA) == CLEAN

    # the server-rendered pages: the timeline with the details open, the entity pages
    for path, text in [(f"/?event={EVIL_HREF}", EVIL_EVENT), (EVIL_HREF, EVIL_EVENT),
                       (EVIL_DATED_HREF, EVIL_DATED), (EVIL_ACTOR_HREF, EVIL_ACTOR)]:
        page.goto(live_server.url + path)
        heading = page.locator("#event-details-title" if path.startswith("/?") else "h1")
        expect(heading).to_have_text(text)
        expect(page.get_by_text(text, exact=True).filter(visible=True).first).to_be_visible()
        assert page.evaluate(NO_MARKUP_FROM_DATA) == CLEAN, path
    nojs = new_context(java_script_enabled=False).new_page()
    nojs.goto(live_server.url + f"/?event={EVIL_DATED_HREF}")
    expect(nojs.locator("#selected-event-title")).to_have_text(EVIL_DATED)
    expect(nojs.locator("#undated-list a.event-link", has_text=EVIL_EVENT)).to_have_text(EVIL_EVENT)
    assert nojs.evaluate(NO_MARKUP_FROM_DATA) == CLEAN

    page.wait_for_timeout(200)  # an onerror handler would have fired by now
    assert guarded.dialogs == [] and guarded.page_errors == []

