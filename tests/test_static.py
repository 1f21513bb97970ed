"""The front end's static files, checked without a browser.

- the vendored bundles are there, unchanged (SHA-256 as in VENDORED.md), with their licences,
  and the templates load them;
- nothing under web/static or web/templates loads anything from another host at run time:
  our own files are checked strictly; the minified bundles, which legitimately contain many
  URLs (namespace IRIs, licence headers, warning texts), are checked for the known CDN and
  service hosts, and the service calls YASGUI makes by default must be switched off by
  static/query.js before YASGUI is constructed;
- our scripts never hand data to innerHTML, and stay plain ES2017;
- query.html works without JavaScript and never dumps Flask's `config`.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
STATIC = WEB / "static"
TEMPLATES = WEB / "templates"
VENDOR = STATIC / "vendor"
VENDORED_MD = STATIC / "VENDORED.md"

VENDORED = {
    "vis-timeline": {
        "version": "8.5.4",
        "licence": "(Apache-2.0 OR MIT)",
        "files": ["vis-timeline/vis-timeline-graph2d.min.js", "vis-timeline/vis-timeline-graph2d.min.css"],
        "licence_file": "vis-timeline/LICENSE-vis-timeline.txt",
    },
    "@zazuko/yasgui": {
        "version": "4.6.2",
        "licence": "MIT",
        "files": ["yasgui/yasgui.min.js", "yasgui/yasgui.min.css"],
        "licence_file": "yasgui/LICENSE-yasgui.txt",
    },
}

OWN_SCRIPTS = [STATIC / "timeline.js", STATIC / "query.js"]
OWN_STYLES = [STATIC / "style.css"]

# Hosts that a page must never load from: CDNs, web fonts, and the services YASGUI knows.
CDN_HOSTS = [
    "fonts.googleapis.com", "fonts.gstatic.com", "ajax.googleapis.com", "www.gstatic.com",
    "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "code.jquery.com",
    "maxcdn.bootstrapcdn.com", "stackpath.bootstrapcdn.com", "use.fontawesome.com",
    "kit.fontawesome.com", "cdn.datatables.net", "www.google-analytics.com",
    "www.googletagmanager.com", "yasgui.triply.cc", "yasgui.org", "api.triplydb.com",
]
# Services YASGUI 4 calls with its defaults. Each may occur in the bundle only as often as
# counted here (an update that adds a call fails this test and has to be looked at), and
# query.js must switch each off.
YASGUI_SERVICE_HOSTS = {
    "lov.linkeddata.es": 1,           # the "property" and "class" autocompleters
    "dbpedia.org/sparql": 2,          # the default endpoint, the endpoint catalogue
    "query.wikidata.org": 1,          # the endpoint catalogue
    "sparql.org": 0,
    "prefix.cc/popular": 0,           # the prefix list of older releases
    "api.prefix.cc": 0,
}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _strip_js_comments(source: str) -> str:
    """Our scripts without // and /* */ comments (strings and regexes kept as they are)."""
    out, i, n = [], 0, len(source)
    quote = None
    while i < n:
        c = source[i]
        if quote:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(source[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
            i += 1
            continue
        if c in "'\"`":
            quote = c
            out.append(c)
            i += 1
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if source.startswith("//", i) and (i == 0 or source[i - 1] not in "\\:"):
            # a regex literal such as /^\/(?!\/)/ has no "//" outside a class in our files
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _strip_css_comments(source: str) -> str:
    return re.sub(r"/\*.*?\*/", "", source, flags=re.S)


# --- the vendored files --------------------------------------------------------------------

@pytest.mark.parametrize("package", sorted(VENDORED))
def test_vendored_files_exist_unchanged_with_licence(package):
    spec = VENDORED[package]
    notes = _text(VENDORED_MD)
    for name in spec["files"]:
        path = VENDOR / name
        assert path.is_file() and path.stat().st_size > 1000, f"{path} is missing"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in notes, f"{name}: SHA-256 {digest} is not the one VENDORED.md records"
        assert str(path.stat().st_size) in notes, f"{name}: VENDORED.md does not give its size"
    licence = VENDOR / spec["licence_file"]
    assert licence.is_file() and "Permission is hereby granted" in _text(licence)
    assert f"`{package}` {spec['version']}" in notes
    assert spec["licence"] in notes
    assert re.search(r"sha512-[A-Za-z0-9+/=]{80,}", notes.split(f"## {package.lstrip('@')}")[0] + notes), \
        "VENDORED.md gives no npm integrity"


def test_vendored_notes_name_each_package_with_its_integrity():
    notes = _text(VENDORED_MD)
    for package, spec in VENDORED.items():
        section = notes.split(f"## {package} {spec['version']}", 1)
        assert len(section) == 2, f"VENDORED.md has no section for {package} {spec['version']}"
        body = section[1].split("\n## ", 1)[0]
        assert re.search(r"sha512-[A-Za-z0-9+/=]{80,}", body), f"no npm integrity for {package}"
        assert spec["licence"] in body
        for name in spec["files"]:
            assert name in body


def test_bundles_are_the_versions_recorded():
    vis = _text(VENDOR / "vis-timeline/vis-timeline-graph2d.min.js")
    assert f"@version {VENDORED['vis-timeline']['version']}" in vis[:2000]
    # the standalone UMD build defines the global `vis` with Timeline and DataSet (vis-data bundled)
    assert "t.DataSet=" in vis and "t.Timeline=" in vis
    yasgui = _text(VENDOR / "yasgui/yasgui.min.js")
    assert "e.Yasgui={}" in yasgui[:1000] or "Yasgui" in yasgui[:1000]


def test_templates_load_the_vendored_files():
    templates = "\n".join(_text(path) for path in TEMPLATES.glob("*.html"))
    for spec in VENDORED.values():
        for name in spec["files"]:
            assert f"filename='vendor/{name}'" in templates or f'filename="vendor/{name}"' in templates, \
                f"no template loads vendor/{name}"
    for script in ("timeline.js", "query.js"):
        assert f"filename='{script}'" in templates or f'filename="{script}"' in templates, f"no template loads {script}"


# --- nothing from another host -------------------------------------------------------------

# (tag, attribute) pairs whose URL the browser fetches (or submits to) by itself
_LOADING_ATTRIBUTES = {
    ("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
    ("frame", "src"), ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"),
    ("audio", "src"), ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
    ("form", "action"), ("button", "formaction"), ("input", "formaction"), ("image", "href"),
    ("use", "href"), ("body", "background"),
}
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.I)
_CSS_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//|url\(\s*['\"]?\s*https?:", re.I)


class _LoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if (tag, name) in _LOADING_ATTRIBUTES and _OUTSIDE.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and _CSS_OUTSIDE.search(value):
                self.found.append(f"<{tag} style={value!r}>")
            if tag == "meta" and name == "content" and re.search(r"url\s*=\s*(?:https?:)?//", value, re.I):
                self.found.append(f"<meta content={value!r}>")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and _CSS_OUTSIDE.search(data):
            self.found.append(f"<style>{data.strip()[:80]}")


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_load_nothing_from_another_host(template):
    finder = _LoadFinder()
    finder.feed(_text(TEMPLATES / template))
    assert not finder.found, f"{template} loads from another host: {finder.found}"


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_never_dump_flask_config(template):
    # In a template, `config` is Flask's app.config (secrets included): never serialise it.
    source = _text(TEMPLATES / template)
    assert not re.search(r"\{\{-?\s*config\s*(?:\||\}|\.items|\.__)", source), f"{template} dumps Flask's config"


@pytest.mark.parametrize("path", OWN_SCRIPTS, ids=lambda p: p.name)
def test_own_scripts_name_no_outside_url(path):
    code = _strip_js_comments(_text(path))
    urls = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", code, re.I)
    assert not urls, f"{path.name} names outside URLs: {urls}"
    assert not re.search(r"\bimport\s*\(|importScripts|new\s+Worker|\.src\s*=|createElement\(\s*['\"](?:script|link|iframe|img)['\"]", code), \
        f"{path.name} loads code or resources dynamically"


@pytest.mark.parametrize("path", OWN_STYLES + sorted(VENDOR.glob("*/*.css")), ids=lambda p: p.name)
def test_stylesheets_import_nothing_from_another_host(path):
    css = _strip_css_comments(_text(path))
    assert "@import" not in css, f"{path.name} has an @import"
    assert not _CSS_OUTSIDE.search(css), f"{path.name} loads a url() from another host"
    assert not re.search(r"@font-face", css) or not re.search(r"src\s*:\s*url\(\s*['\"]?(?:https?:)?//", css)


@pytest.mark.parametrize("path", sorted(VENDOR.glob("*/*.js")), ids=lambda p: p.name)
def test_bundles_name_no_cdn(path):
    bundle = _text(path)
    for host in CDN_HOSTS:
        assert host not in bundle, f"{path.name} names {host}"
    # no script, stylesheet or font file on another host
    assets = re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[a-z]{2,}/[^\s\"'`)]*?\.(?:js|mjs|css|woff2?|ttf|otf|eot)(?=[\"'`?#)\s])", bundle)
    assert not assets, f"{path.name} names files on other hosts: {assets[:5]}"
    # no fetch or XHR to a literal outside URL
    assert not re.search(r"""(?:fetch|\.open)\(\s*(?:["'`]\s*(?:GET|POST)\s*["'`]\s*,\s*)?["'`](?:https?:)?//""", bundle)


def test_yasgui_outside_services_are_the_known_ones():
    bundle = _text(VENDOR / "yasgui/yasgui.min.js")
    for host, expected in YASGUI_SERVICE_HOSTS.items():
        assert bundle.count(host) == expected, \
            f"yasgui.min.js names {host} {bundle.count(host)} times, not {expected}: check query.js still switches it off"
    # prefix.cc only as the namespace IRI of the bundled `nsogi` prefix, and the API off by default
    assert [m.start() for m in re.finditer(r"prefix\.cc", bundle)] == [bundle.index("http://prefix.cc/nsogi:") + 7]
    assert "prefixCcApi:null" in bundle
    # the LOV autocompleters fetch; they exist under these names, which query.js removes
    assert re.search(r"name:`property`", bundle) and re.search(r"name:`class`", bundle)


def test_query_js_cuts_yasgui_outside_calls_before_construction():
    code = _strip_js_comments(_text(STATIC / "query.js"))
    construct = code.index("new Yasgui(")

    def before(pattern: str) -> None:
        match = re.search(pattern, code)
        assert match, f"query.js lacks {pattern!r}"
        assert match.start() < construct, f"{pattern!r} comes after new Yasgui(…)"

    assert re.search(r"ALLOWED_COMPLETERS\s*=\s*\[\s*'variables'\s*,\s*'prefixes'\s*\]", code)
    before(r"Yasqe\.defaults\.autocompleters\s*=\s*ALLOWED_COMPLETERS")
    before(r"delete\s+Yasqe\.Autocompleters\[name\]")
    before(r"Yasqe\.defaults\.prefixCcApi\s*=\s*null")
    before(r"Yasqe\.Autocompleters\.prefixes\s*=")            # our own prefix list
    before(r"Yasqe\.defaults\.requestConfig\.endpoint\s*=\s*endpoint")
    before(r"defaults\.endpointCatalogueOptions\s*=")
    before(r"defaults\.corsProxy\s*=\s*undefined")
    before(r"defaults\.populateFromUrl\s*=\s*ownEndpointOnly")
    before(r"delete\s+Yasr\.plugins\[name\]")
    before(r"drawDocumentationButton\s*=")
    config = code[construct:]
    for option in (r"requestConfig:\s*\{\s*endpoint:\s*endpoint", r"copyEndpointOnNewTab:\s*true",
                   r"endpointCatalogueOptions:\s*\{\s*getData:", r"corsProxy:\s*undefined",
                   r"populateFromUrl:\s*ownEndpointOnly", r"persistenceId:\s*null",
                   r"autocompleters:\s*ALLOWED_COMPLETERS", r"prefixCcApi:\s*null"):
        assert re.search(option, config), f"new Yasgui(…) is not given {option!r}"
    # the endpoint is our own origin's
    assert "endpoint.origin !== window.location.origin" in code


# --- our scripts ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", OWN_SCRIPTS, ids=lambda p: p.name)
def test_own_scripts_never_use_html_sinks(path):
    code = _strip_js_comments(_text(path))
    for sink in (r"\.innerHTML\b", r"\.outerHTML\s*=", r"insertAdjacentHTML", r"document\.write",
                 r"\beval\s*\(", r"new\s+Function\s*\(", r"createContextualFragment", r"\.srcdoc\b",
                 r"setTimeout\(\s*['\"`]", r"\.setHTML(?:Unsafe)?\b", r"DOMParser"):
        assert not re.search(sink, code), f"{path.name} uses {sink}"


@pytest.mark.parametrize("path", OWN_SCRIPTS, ids=lambda p: p.name)
def test_own_scripts_are_plain_es2017(path):
    code = _strip_js_comments(_text(path))
    assert not re.search(r"\?\.(?!\d)", code), f"{path.name} uses optional chaining (ES2020)"
    assert "??" not in code, f"{path.name} uses ?? (ES2020)"
    assert not re.search(r"^\s*(?:import|export)\s", code, re.M), f"{path.name} is a module"
    assert not re.search(r"\{\s*\.\.\.|,\s*\.\.\.\w+\s*\}", code), f"{path.name} uses object spread (ES2018)"
    assert "'use strict'" in code


@pytest.mark.parametrize("path", OWN_SCRIPTS, ids=lambda p: p.name)
def test_own_scripts_parse(path):
    node = shutil.which("node")
    assert node, "node checks the scripts' syntax: install Node.js (Debian: apt-get install nodejs)"
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_timeline_js_reads_and_writes_the_documented_parameters():
    code = _strip_js_comments(_text(STATIC / "timeline.js"))
    for name in ("from", "to", "lanes", "event"):
        assert f"params.get('{name}')" in code
    assert "LIST_PARAMS = ['actor', 'type', 'source', 'origin']" in code  # the repeatable filters of docs/web-api.md
    assert "history.pushState" in code and "history.replaceState" in code
    for param in ("'offset'", "'limit'"):
        assert param in code                      # pages through /api/timeline
    for name in ("open-begin", "open-end", "planned", "possible"):
        assert f"'{name}'" in code


# --- query.html ----------------------------------------------------------------------------

EVIL = "</script><script>alert(1)</script>"


def _query_page(**context) -> str:
    """query.html rendered by a bare Flask app whose stub routes give base.html its url_for()s."""
    from flask import Blueprint, Flask, render_template

    app = Flask("static_check", template_folder=str(TEMPLATES), static_folder=str(STATIC))
    app.config["KB_UPDATE_TOKEN"] = "secret-token-never-in-a-page"
    blueprints: dict[str, Blueprint] = {}
    for name in set(re.findall(r"url_for\('([\w.]+)'", _text(TEMPLATES / "base.html"))):
        if "." not in name:
            continue
        bp_name, endpoint = name.split(".", 1)
        bp = blueprints.setdefault(bp_name, Blueprint(bp_name, __name__))
        bp.add_url_rule("/" + ("sparql" if name == "sparql.endpoint" else f"{bp_name}-{endpoint}"),
                        endpoint, lambda: "")
    for bp in blueprints.values():
        app.register_blueprint(bp)
    with app.test_request_context("/sparql"):
        return render_template("query.html", **context)


EXAMPLES = [
    {"name": "01-november-to-march", "title": "What happened?", "description": "Events & such",
     "query": "PREFIX ekb: <https://w3id.org/eventkb/ontology#>\nSELECT * WHERE { ?s ?p ?o } # a & b < c"},
    {"name": "02-evil", "title": EVIL, "description": EVIL, "query": "ASK { ?s ?p ?o } " + EVIL},
]
PREFIXES = {"ekb": "https://w3id.org/eventkb/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None
        self.textarea = ""
        self._in_textarea = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "script" and "src" not in attributes:
            self._script = attributes.get("id", "")
            self.scripts[self._script] = ""
        self._in_textarea = tag == "textarea"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data):
        if self._script is not None:
            self.scripts[self._script] += data
        if self._in_textarea:
            self.textarea += data


def test_query_page_works_without_javascript():
    html = _query_page(endpoint="/sparql", examples=EXAMPLES, prefixes=PREFIXES)
    page = _Page()
    page.feed(html)
    forms = [a for t, a in page.tags if t == "form"]
    assert {"method": "get", "action": "/sparql"}.items() <= forms[0].items()
    assert any(t == "textarea" and a.get("name") == "query" for t, a in page.tags)
    assert any(t == "button" and a.get("type") == "submit" for t, a in page.tags)
    # the prefixes preset in the starting query
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: <{iri}>" in page.textarea
    # each example is a plain link running its query
    links = [a for t, a in page.tags if t == "a" and "data-example" in a]
    assert [a["data-example"] for a in links] == [e["name"] for e in EXAMPLES]
    for link, example in zip(links, EXAMPLES, strict=True):
        parts = urlsplit(link["href"])
        assert parts.path == "/sparql" and not parts.netloc
        assert parse_qs(parts.query)["query"] == [example["query"]]
    # YASGUI's assets, and the editor host hidden until query.js shows it
    assert any(t == "div" and a.get("id") == "yasgui" and "hidden" in a for t, a in page.tags)


def test_query_page_hands_its_data_to_javascript_safely():
    html = _query_page(endpoint="/sparql", examples=EXAMPLES, prefixes=PREFIXES)
    assert "<script>alert(1)" not in html                    # escaped everywhere, also in the JSON
    assert "secret-token-never-in-a-page" not in html       # Flask's config never reaches the page
    page = _Page()
    page.feed(html)
    config = json.loads(page.scripts["kb-config"])
    assert config["endpoint"] == "/sparql"
    assert config["examples"] == EXAMPLES
    assert config["prefixes"] == PREFIXES
    assert config["initialQuery"].startswith("PREFIX ")


def test_query_page_starts_with_a_given_query():
    html = _query_page(endpoint="/sparql", examples=[], prefixes=PREFIXES, query="ASK { <a> <b> <c> }")
    page = _Page()
    page.feed(html)
    assert page.textarea == "ASK { <a> <b> <c> }"
    assert not any(t == "a" and "data-example" in a for t, a in page.tags)
