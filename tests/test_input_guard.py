"""Hostile uploads are refused before rdflib fetches, expands or stores anything."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Literal, URIRef

from kb.input_guard import (
    InputRefused,
    TooManyTriples,
    bounded_dataset,
    refuse_remote_contexts,
    refuse_xml_entities,
)
from tests.helpers import local_site

CONTEXT_REFUSED = "upload.jsonld: JSON-LD contexts must be written inline; this server never fetches a context from another place"
TOO_DEEP = "upload.jsonld: the JSON is nested deeper than 200 levels, more than this server accepts"
ENTITIES_REFUSED = "upload.rdf: XML entity declarations are not accepted (they can expand without bound); remove the DOCTYPE's entities"
NAME = "http://schema.org/name"


def guarded_jsonld(data: bytes, name: str = "upload.jsonld") -> Dataset:
    """What the loader does: the guard, then rdflib's parse as parse_rdf calls it."""
    refuse_remote_contexts(data, name)
    return Dataset().parse(data=data, format="json-ld", publicID=f"file:///{name}")


def jsonld(document: object) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def context_server() -> Iterator[tuple[str, list[str]]]:
    """A local server offering a context; it records every request that reaches it."""
    with local_site(lambda path: (jsonld({"@context": {"name": NAME}}), "application/ld+json")) as site:
        yield site.url, site.requests


def test_a_remote_context_is_refused_and_never_requested(context_server):
    base, requests = context_server
    url = f"{base}/ctx.jsonld"
    data = jsonld({"@context": url, "@id": "http://e/a", "name": "A"})
    with pytest.raises(InputRefused) as refused:
        guarded_jsonld(data)
    assert str(refused.value) == CONTEXT_REFUSED
    assert requests == []
    # Without the guard rdflib does send the request, so the silence above is the guard's doing.
    Dataset().parse(data=data, format="json-ld")
    assert requests == ["/ctx.jsonld"]


def test_file_contexts_give_the_same_message_whether_the_path_exists_or_not(tmp_path):
    existing = tmp_path / "ctx.jsonld"
    existing.write_bytes(jsonld({"@context": {"name": NAME}}))
    messages = []
    for reference in (existing.as_uri(), (tmp_path / "missing.jsonld").as_uri(), "ctx.jsonld", "../etc/passwd"):
        with pytest.raises(InputRefused) as refused:
            guarded_jsonld(jsonld({"@context": reference, "@id": "http://e/a", "name": "A"}))
        messages.append(str(refused.value))
        assert str(tmp_path) not in messages[-1] and reference not in messages[-1]
    assert messages == [CONTEXT_REFUSED] * 4


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({"@context": ["https://example.org/ctx", {"name": NAME}]}, id="in-a-list"),
        pytest.param({"@context": [[{"name": NAME}, "https://example.org/ctx"]]}, id="in-a-nested-list"),
        pytest.param({"@context": [{"@context": "https://example.org/ctx"}]}, id="wrapped-context-object"),
        pytest.param({"@context": {"knows": {"@id": "http://e/knows", "@context": "https://example.org/ctx"}}}, id="scoped-in-a-term"),
        pytest.param({"@context": {"Person": {"@id": "http://e/Person", "@context": ["https://example.org/ctx"]}}}, id="type-scoped"),
        pytest.param({"@id": "http://e/a", "http://e/knows": {"@context": "https://example.org/ctx", "name": "B"}}, id="nested-node"),
        pytest.param({"@graph": [{"@id": "http://e/a"}, {"@context": "https://example.org/ctx", "@id": "http://e/b"}]}, id="node-in-a-graph"),
        pytest.param([{"@id": "http://e/a", "http://e/p": [{"@context": "ctx.jsonld"}]}], id="top-level-array"),
        pytest.param({"@context": {"@import": "https://example.org/ctx", "name": NAME}}, id="import"),
        pytest.param({"@context": {"knows": {"@id": "http://e/knows", "@context": {"@import": "ctx.jsonld"}}}}, id="import-in-a-scoped-context"),
    ],
)
def test_references_anywhere_in_the_document_are_refused(document):
    with pytest.raises(InputRefused) as refused:
        guarded_jsonld(jsonld(document))
    assert str(refused.value) == CONTEXT_REFUSED


def test_an_import_is_refused_and_never_requested(context_server):
    base, requests = context_server
    data = jsonld({"@context": {"@version": 1.1, "@import": f"{base}/ctx.jsonld"}, "@id": "http://e/a", "name": "A"})
    with pytest.raises(InputRefused, match="written inline"):
        guarded_jsonld(data)
    assert requests == []


def test_inline_contexts_pass_and_parse():
    document = {
        "@context": [None, {"name": NAME, "knows": {"@id": "http://e/knows", "@context": {"nick": "http://e/nick"}}}],
        "@id": "http://e/a",
        "name": "A",
        "knows": {"@context": {"age": "http://e/age"}, "@id": "http://e/b", "nick": "B", "age": 3},
    }
    dataset = guarded_jsonld(jsonld(document))
    assert set(dataset.triples((None, None, None))) == {
        (URIRef("http://e/a"), URIRef(NAME), Literal("A")),
        (URIRef("http://e/a"), URIRef("http://e/knows"), URIRef("http://e/b")),
        (URIRef("http://e/b"), URIRef("http://e/nick"), Literal("B")),
        (URIRef("http://e/b"), URIRef("http://e/age"), Literal(3)),
    }


def test_deep_nesting_is_refused_with_one_line():
    deep = b'{"@id": "http://e/a", "http://e/p": ' + b"[" * 201 + b"1" + b"]" * 201 + b"}"
    deeper_than_json_can_read = b"[" * 100_000 + b"]" * 100_000
    for data in (deep, deeper_than_json_can_read):
        with pytest.raises(InputRefused) as refused:
            refuse_remote_contexts(data, "upload.jsonld")
        assert str(refused.value) == TOO_DEEP
    refuse_remote_contexts(b"[" * 150 + b"]" * 150, "upload.jsonld")


def test_what_is_not_json_is_left_to_rdflib():
    for data in (b"{not json", b'{"@context": "\xff"}', b""):
        refuse_remote_contexts(data, "upload.jsonld")
        with pytest.raises(Exception) as rejected:
            Dataset().parse(data=data, format="json-ld")
        assert not isinstance(rejected.value, InputRefused)


RDFXML = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">
  <rdf:Description rdf:about="http://e/a"><e:p>{value}</e:p></rdf:Description>
</rdf:RDF>"""


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n" + RDFXML.format(value="&lol9;")


@pytest.mark.parametrize("encoding, declared", [("utf-8", None), ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16-BE"), ("utf-16-le", None)])
def test_billion_laughs_is_refused_at_once_in_any_encoding(encoding, declared):
    text = billion_laughs()
    if declared:
        text = text.replace('version="1.0"', f'version="1.0" encoding="{declared}"')
    data = text.encode(encoding)
    if encoding != "utf-8":
        assert b"<!ENTITY" not in data  # an ASCII search would miss it
    started = time.perf_counter()
    with pytest.raises(InputRefused) as refused:
        refuse_xml_entities(data, "upload.rdf")
    assert time.perf_counter() - started < 0.5
    assert str(refused.value) == ENTITIES_REFUSED


@pytest.mark.parametrize(
    "declaration",
    [
        pytest.param('<?xml version="1.0" encoding="UTF-16"?>', id="utf-16-declared-in-utf-8-bytes"),
        pytest.param('<?xml version="1.0" encoding="ISO-8859-1"?>', id="latin-1-declared-in-utf-8-bytes"),
        pytest.param('<?xml version="1.0" encoding="Shift_JIS"?>', id="encoding-expat-lacks-declared-in-utf-8-bytes"),
    ],
)
def test_entities_are_found_as_rdflib_reads_the_bytes_not_only_as_declared(declaration):
    # rdflib decodes `data=` bytes as UTF-8 whatever the declaration says; read as declared these
    # files are malformed before the entities ("中" is not a name in Latin-1), read as rdflib
    # reads them they expand.
    data = (declaration + '<!DOCTYPE rdf:RDF中 [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>' + RDFXML.format(value="&b;")).encode()
    with pytest.raises(InputRefused, match="entity declarations"):
        refuse_xml_entities(data, "upload.rdf")


@pytest.mark.parametrize(
    "declaration",
    [
        pytest.param('<!ENTITY secret SYSTEM "file:///etc/passwd">', id="external"),
        pytest.param('<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;', id="parameter"),
        pytest.param('<!NOTATION gif SYSTEM "image/gif"><!ENTITY pic SYSTEM "pic.gif" NDATA gif>', id="unparsed"),
        pytest.param('<!ENTITY a "plain">', id="internal"),
    ],
)
def test_any_entity_declaration_is_refused(declaration):
    data = f"<!DOCTYPE rdf:RDF [{declaration}]>\n{RDFXML.format(value='x')}".encode()
    with pytest.raises(InputRefused) as refused:
        refuse_xml_entities(data, "upload.rdf")
    assert str(refused.value) == ENTITIES_REFUSED


def test_plain_rdfxml_passes_and_parses():
    for data in (
        RDFXML.format(value="caf\u00e9 &amp; &#233;").encode(),
        ('<?xml version="1.0" encoding="UTF-16"?>' + RDFXML.format(value="x")).encode("utf-16"),
        ("<!DOCTYPE rdf:RDF>" + RDFXML.format(value="x")).encode(),
        ('<?xml version="1.0" encoding="UTF-16-BE"?>' + RDFXML.format(value="x")).encode("utf-16-be"),  # a name expat lacks
    ):
        refuse_xml_entities(data, "upload.rdf")
    dataset = Dataset().parse(data=RDFXML.format(value="caf\u00e9 &amp; &#233;").encode(), format="xml")
    assert list(dataset.objects()) == [Literal("caf\u00e9 & \u00e9")]


@pytest.mark.parametrize(
    "data",
    [
        b"<rdf:RDF",
        b"not xml at all",
        b"<a></b>",
        b"\xff\xfe\x00",
        b"<!DOCTYPE [",
        b"",
    ],
)
def test_malformed_xml_is_left_to_rdflib(data):
    refuse_xml_entities(data, "upload.rdf")
    with pytest.raises(Exception) as rejected:
        Dataset().parse(data=data, format="xml")
    assert not isinstance(rejected.value, InputRefused)


FORMATS = ["turtle", "trig", "nquads", "nt", "json-ld", "xml"]


def rdf_file(fmt: str, count: int) -> bytes:
    """`count` distinct triples in `fmt`; the quad formats spread them over the default and two named graphs."""
    dataset = Dataset()
    for i in range(count):
        graph = dataset.graph(URIRef(f"http://e/g{i % 3}")) if fmt in ("trig", "nquads") and i % 3 else dataset.default_graph
        graph.add((URIRef(f"http://e/s{i}"), URIRef("http://e/p"), Literal(i)))
    source = dataset if fmt in ("trig", "nquads") else dataset.default_graph
    return source.serialize(format=fmt, encoding="utf-8")


def quads(dataset: Dataset) -> int:
    return sum(1 for _ in dataset.quads((None, None, None, None)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_limit_holds_for_every_format(fmt):
    exactly = bounded_dataset(10).parse(data=rdf_file(fmt, 10), format=fmt, publicID="file:///upload")
    assert quads(exactly) == 10
    for count in (11, 2000):
        dataset = bounded_dataset(10)
        with pytest.raises(TooManyTriples) as refused:
            dataset.parse(data=rdf_file(fmt, count), format=fmt, publicID="file:///upload")
        assert refused.value.limit == 10
        assert quads(dataset) == 11  # the parse stopped at the first triple past the limit
    assert f"upload.{fmt}: {refused.value}" == (
        f"upload.{fmt}: the file holds more than 10 triples, the most this server accepts in one upload (KB_MAX_TRIPLES)"
    )
    assert isinstance(refused.value, InputRefused)


def test_a_large_file_stops_early():
    data = "".join(f"<http://e/s{i}> <http://e/p> \"{i}\" .\n" for i in range(200_000)).encode()
    dataset = bounded_dataset(1000)
    started = time.perf_counter()
    with pytest.raises(TooManyTriples):
        dataset.parse(data=data, format="nt")
    elapsed = time.perf_counter() - started
    assert quads(dataset) == 1001
    assert elapsed < 1.0  # a full parse of the 200,000 triples takes several seconds


def test_a_triple_counts_once_per_graph_and_repeats_are_free():
    line = "<http://e/s> <http://e/p> <http://e/o> {graph}.\n"
    repeated = (line.format(graph="") * 50).encode()
    assert quads(bounded_dataset(1).parse(data=repeated, format="nquads")) == 1
    in_two_graphs = (line.format(graph="<http://e/g1> ") + line.format(graph="<http://e/g2> ")).encode()
    with pytest.raises(TooManyTriples):
        bounded_dataset(1).parse(data=in_two_graphs, format="nquads")
    assert quads(bounded_dataset(None).parse(data=rdf_file("nt", 2000), format="nt")) == 2000
