"""The security headers (web/security.py): on every kind of answer, and the pages still work under them.

The first tests ask the app directly; the browser tests load the pages from `kb serve` in Debian's
chromium (tests/browser_fixtures.py, shared through conftest.py) and fail on any violation of the
Content-Security-Policy and on any console message, so that a vendored library needing more than
the policy allows shows up here.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.helpers import local_site
from tests.test_browser import CEASEFIRE, CEASEFIRE_LABEL, DRAWN, RUSSIA, drawn_events, get_json, open_timeline, timeline_ready
from web.security import HEADERS

ASK = urllib.parse.quote("ASK { ?s ?p ?o }")
SELECT = urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")

# (what it is, method, path, Accept, status)
ANSWERS = [
    ("the timeline page", "GET", "/", "text/html", 200),
    ("the query editor", "GET", "/sparql", "text/html", 200),
    ("a SPARQL JSON answer", "GET", f"/sparql?query={ASK}", "application/sparql-results+json", 200),
    ("a SPARQL CSV answer", "GET", f"/sparql?query={SELECT}", "text/csv", 200),
    ("a SPARQL error", "GET", "/sparql?query=SELEKT", "application/sparql-results+json", 400),
    ("a CORS preflight", "OPTIONS", "/sparql", "*/*", 204),
    ("the service description", "GET", "/sparql", "text/turtle", 200),
    ("the timeline API", "GET", "/api/timeline", "application/json", 200),
    ("an API 404", "GET", "/api/no-such-thing", "application/json", 404),
    ("an entity page", "GET", RUSSIA, "text/html", 200),
    ("an entity as Turtle", "GET", RUSSIA + ".ttl", "text/turtle", 200),
    ("the validate page", "GET", "/validate", "text/html", 200),
    ("the export page", "GET", "/export", "text/html", 200),
    ("an export download", "GET", "/export?format=csv", "text/csv", 200),
    ("a 404 page", "GET", "/no-such-page", "text/html", 404),
    ("a static file", "GET", "/static/style.css", "text/css", 200),
    ("a vendored script", "GET", "/static/vendor/yasgui/yasgui.min.js", "*/*", 200),
]


@pytest.mark.parametrize(("what", "method", "path", "accept", "status"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_every_answer_carries_the_security_headers(client, what, method, path, accept, status):
    response = client.open(path, method=method, headers={"Accept": accept})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{what}: {name}"


def test_the_policy_is_the_strict_one():
    policy = dict(directive.split(" ", 1) for directive in HEADERS["Content-Security-Policy"].split("; "))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",                      # no inline script, no eval
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert (HEADERS["X-Content-Type-Options"], HEADERS["Referrer-Policy"], HEADERS["X-Frame-Options"]) == \
        ("nosniff", "same-origin", "DENY")


def test_the_sparql_endpoint_stays_open_to_other_origins(client):
    """CORS on /sparql is on purpose: the headers add nothing that keeps other sites from reading it."""
    for response in [client.get(f"/sparql?query={ASK}", headers={"Accept": "application/sparql-results+json",
                                                                 "Origin": "https://elsewhere.example"}),
                     client.options("/sparql", headers={"Origin": "https://elsewhere.example",
                                                         "Access-Control-Request-Method": "POST"})]:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Cross-Origin-Resource-Policy" not in response.headers
        assert "Cross-Origin-Embedder-Policy" not in response.headers


# --- in the browser, under the real headers of `kb serve` ---------------------------------------

# Reports every violation to the test (an exposed function outlives the page that saw it).
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (e) {
  window.reportViolation([e.effectiveDirective, e.blockedURI || '-', e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber].join(' '));
});
"""


class Watched:
    """A page whose console messages and CSP violations are recorded."""

    def __init__(self, guarded) -> None:
        self.violations: list[str] = []
        self.console: list[str] = []
        guarded.context.expose_function("reportViolation", lambda text: self.violations.append(text))
        guarded.context.add_init_script(REPORT_VIOLATIONS)
        self.page = guarded.new_page()
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

    def assert_clean(self) -> None:
        self.page.wait_for_timeout(100)  # let a last report arrive
        assert self.violations == [], "Content-Security-Policy violations"
        assert self.console == [], "console messages"


@pytest.fixture
def watched(new_context) -> Watched:
    return Watched(new_context())


def test_the_timeline_works_under_the_policy(watched, live_server):
    page = watched.page
    response = page.goto(live_server.url + "/")
    assert response.headers["content-security-policy"] == HEADERS["Content-Security-Policy"]
    timeline_ready(page)
    expected = get_json(live_server, "/api/timeline", limit=2000)["events"]
    page.wait_for_function(f"() => document.querySelectorAll('{DRAWN}').length === {len(expected)}")
    assert sorted(drawn_events(page)) == sorted(event["href"] for event in expected)

    # the tooltip, the details panel and the zoom: vis-timeline styles elements as it goes
    bar = page.locator(f"#timeline .vis-item.vis-range:has(.item-content[data-event='{CEASEFIRE}'])")
    bar.hover()
    expect(page.locator(".vis-tooltip")).to_contain_text(CEASEFIRE_LABEL)
    bar.click()
    expect(page.locator("#event-details-title")).to_have_text(CEASEFIRE_LABEL)
    page.get_by_role("button", name="Zoom in").click()
    open_timeline(page, live_server, "?lanes=actor")  # swimlanes: the group labels
    expect(page.locator(".vis-labelset .group-label").first).to_be_visible()
    watched.assert_clean()


def test_the_query_editor_runs_a_query_under_the_policy(watched, live_server):
    page = watched.page
    response = page.goto(live_server.url + "/sparql")
    assert response.headers["content-security-policy"] == HEADERS["Content-Security-Policy"]
    expect(page.locator("#yasgui")).to_be_visible()
    expect(page.locator("#query-form")).to_be_hidden()

    query = (f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             f"SELECT ?label WHERE {{ <https://w3id.org/eventkb{RUSSIA}> rdfs:label ?label }}")
    page.evaluate("query => document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue(query)", query)
    with page.expect_response(lambda r: r.url == live_server.url + "/sparql" and r.request.method == "POST") as answer:
        page.locator(".yasqe_queryButton").click()
    assert answer.value.status == 200
    assert json.loads(answer.value.text())["results"]["bindings"] == [{"label": {"type": "literal", "value": "Russia"}}]
    expect(page.locator(".yasr table tbody")).to_contain_text("Russia")

    # a query with an error: the gutter marker's tooltip is markup with style="" attributes
    page.locator("#yasgui .CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" nonsense")
    page.locator(".parseErrorIcon").hover()
    expect(page.locator(".yasqe_tooltip")).to_contain_text("This line is invalid")
    watched.assert_clean()


@pytest.mark.parametrize("path", [RUSSIA, CEASEFIRE, "/id/article/2021-03-05-turkey-azerbaijan", "/ontology",
                                  "/validate", "/export"])
def test_the_other_pages_load_without_a_violation(watched, live_server, path):
    response = watched.page.goto(live_server.url + path)
    assert response.status == 200
    expect(watched.page.locator("h1")).to_be_visible()
    watched.assert_clean()


@pytest.fixture
def elsewhere():
    """Another site: one empty page, from another port of this machine (so another origin)."""
    with local_site(lambda path: (b"<!doctype html><title>elsewhere</title>", "text/html")) as site:
        yield site.url


def test_another_site_can_still_read_the_endpoint(chromium, live_server, elsewhere):
    """A page of another origin queries /sparql with fetch, as other tools do; CORS lets it read the answer."""
    context = chromium.new_context()
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((live_server.url + "/", elsewhere + "/"))
                      else route.abort("blockedbyclient"))
        page = context.new_page()
        page.goto(elsewhere + "/")
        answer = page.evaluate("""url => fetch(url, {headers: {Accept: 'application/sparql-results+json'}})
            .then(r => r.json()).then(j => j.boolean, e => 'blocked: ' + e)""", f"{live_server.url}/sparql?query={ASK}")
        assert answer is True
    finally:
        context.close()
