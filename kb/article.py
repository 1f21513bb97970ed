"""Read an article file into a Document whose text is exactly the file's text.

Three layouts are understood:

* the header format (documented in the README)::

      Title: <headline>
      Author: <name>
      Date: <date, e.g. 2021-03-05 or March 5, 2021>
      Source: <URL or outlet, optional>
      <blank line>
      <body>

* the seed article's own layout: a headline line, a ``By <author>`` line, a date line
  such as ``March 5, 2021``, an optional image credit line, then paragraphs, with short
  one-line paragraphs read as section headings.

* plain text, anything else: its first line is the headline when it looks like one (short, no
  closing punctuation), otherwise its first sentence is; it has no author, and its publication
  date is the one the caller gives (``kb load --date``) or unknown.

Texts whose metadata comes apart from them (an HTML page's main text, a JSON Lines record)
become Documents through ``document_from_parts``; ``kb/inputs.py`` reads those formats.

Offsets everywhere are indices into ``Document.text``, the file's text as read (no newline
translation, no stripping), so ``text[start:end]`` is what the file says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateutil import parser as date_parser

from kb.errors import KbError

__all__ = ["ArticleError", "Document", "Span", "document_from_parts", "parse_article", "plain_headline",
           "read_article", "read_text", "shorten", "slugify"]

HEADER_FIELDS = ("title", "author", "date", "source")
HEADLINE_WORDS = 15  # a first line of at most this many words (and no closing punctuation) is a headline
HEADLINE_CHARS = 120  # a headline taken from the first sentence is cut to this length
_SENTENCE_PUNCTUATION = re.compile(r"[.!?…:;][\"”’)\]]*$")
_BYLINE = re.compile(r"^\s*By\s+(.+?)[\s\u00a0]*$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
_YEAR = re.compile(r"\b\d{4}\b")


class ArticleError(KbError, ValueError):
    """An article file that cannot be read; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    heading: str
    heading_span: Span
    span: Span


@dataclass
class Document:
    """An article: its exact text, its metadata and where its parts are."""

    path: str
    slug: str
    text: str
    headline: str
    author: str | None
    published: date | None  # None: the publication date is unknown
    source: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    body: Span = Span(0, 0)
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def sentence_around(self, start: int, end: int) -> Span:
        """The sentence(s) covering a span: the context a reader wants around a quote."""
        covering = [s for s in self.sentences if s.start < end and start < s.end]
        if not covering:
            return Span(start, end)
        return Span(min(covering[0].start, start), max(covering[-1].end, end))


def slugify(name: str) -> str:
    """A readable IRI-safe key: lower case ASCII letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "article"


def article_slug(path: Path) -> str:
    """The article's key, from its file name; a leading ``article-`` is dropped."""
    return slugify(re.sub(r"^article[-_]", "", path.stem))


def read_text(path: str | Path) -> str:
    """A file's text exactly (UTF-8, no newline translation); a binary or undecodable file is refused.

    NUL bytes are looked for before decoding: UTF-16 text, images and archives would otherwise
    either fail with a puzzling decoding error or be read as text full of control characters.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, None, f"cannot read the file: {error.strerror}") from error
    if b"\x00" in data:
        raise ArticleError(path, None, "a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(path, None, f"not UTF-8 text ({error.reason} at byte {error.start})") from error


def read_article(path: str | Path, published: date | None = None) -> Document:
    """Read and parse an article file (UTF-8); ``published`` is the date for a text that gives none."""
    path = Path(path)
    return parse_article(read_text(path), path=path, published=published)


def parse_article(text: str, path: str | Path = "<text>", slug: str | None = None,
                  published: date | None = None) -> Document:
    """Parse article text in the header, byline or plain-text layout.

    ``published`` (``kb load --date``) only fills in where the text gives no date: the header's
    or the byline layout's own date wins, and a plain text without it has an unknown date.
    """
    path = Path(path)
    lines = _lines_with_offsets(text)
    if not text.strip():
        raise ArticleError(path, None, "the file is empty: not an article")
    content = [(i, offset, line) for i, (offset, line) in enumerate(lines) if line.strip()]
    first = content[0][0]
    if re.match(r"(?i)^\s*title\s*:", lines[first][1]):
        doc = _parse_header_layout(text, lines, first, path, published)
    elif len(content) > 1 and _BYLINE.match(content[1][2]):
        doc = _parse_byline_layout(text, lines, first, path)
    else:
        doc = _parse_plain_text(text, content, path, published)
    doc.slug = slug or article_slug(path)
    return _with_structure(doc)


def document_from_parts(text: str, *, headline: str, published: date | None, author: str | None = None,
                        source: str | None = None, slug: str, path: str) -> Document:
    """A Document for a text whose metadata came apart from it (an HTML page, a JSON Lines record).

    The whole text is the body: nothing in it is a header to skip.
    """
    if not text.strip():
        raise ArticleError(path, None, "the text is empty: not an article")
    doc = Document(path=str(path), slug=slugify(slug), text=text, headline=_clean(headline) or plain_headline(text),
                   author=_clean(author) if author and author.strip() else None,
                   published=published, source=_clean(source) if source and source.strip() else None,
                   body=Span(0, len(text)))
    return _with_structure(doc)


def plain_headline(text: str) -> str:
    """The headline of a text that has no title: its first line if that reads as one, else its first sentence."""
    return _plain_headline(text, [(i, offset, line) for i, (offset, line) in enumerate(_lines_with_offsets(text)) if line.strip()])[0]


def _with_structure(doc: Document) -> Document:
    """The document with the paragraphs, sections and sentences of its body."""
    doc.paragraphs, doc.sections = _paragraphs_and_sections(doc.text, doc.body)
    doc.sentences = [s for p in doc.paragraphs for s in _sentences(doc.text, p)]
    return doc


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Each line (without its line break) with the offset where it starts."""
    result, offset = [], 0
    for raw in text.splitlines(keepends=True):
        result.append((offset, raw.rstrip("\r\n")))
        offset += len(raw)
    return result


def _clean(metadata: str) -> str:
    """Metadata (not the text) with no-break spaces and runs of spaces made plain."""
    return re.sub(r"\s+", " ", metadata.replace("\u00a0", " ")).strip()


def _parse_date(value: str, path: Path, line_number: int) -> date:
    cleaned = value.strip().replace("\u00a0", " ")
    if not _YEAR.search(cleaned):
        raise ArticleError(path, line_number, f"cannot read the publication date {value.strip()!r}: it has no year")
    try:
        return date_parser.parse(cleaned, fuzzy=False).date()
    except (ValueError, OverflowError) as error:
        raise ArticleError(path, line_number, f"cannot read the publication date {value.strip()!r} ({error})") from error


def _parse_header_layout(text: str, lines: list[tuple[int, str]], first: int, path: Path,
                         published: date | None = None) -> Document:
    fields: dict[str, tuple[str, int]] = {}
    index = first
    while index < len(lines) and lines[index][1].strip():
        line = lines[index][1]
        match = re.match(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$", line)
        if not match:
            raise ArticleError(path, index + 1, f"expected 'Field: value' in the header, found {line.strip()!r}")
        name = match.group(1).lower()
        if name not in HEADER_FIELDS:
            raise ArticleError(path, index + 1, f"unknown header field {match.group(1)!r} (known: Title, Author, Date, Source)")
        fields[name] = (match.group(2), index + 1)
        index += 1
    for required in ("title", "date"):
        if required == "date" and published is not None:
            continue
        if not fields.get(required, ("", 0))[0]:
            raise ArticleError(path, first + 1, f"the header has no {required.capitalize()}: line")
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    if index >= len(lines):
        raise ArticleError(path, index, "the article has a header but no body")
    if fields.get("date", ("", 0))[0]:
        published = _parse_date(fields["date"][0], path, fields["date"][1])
    return Document(
        path=str(path), slug="", text=text,
        headline=fields["title"][0],
        author=fields.get("author", (None, 0))[0] or None,
        published=published,
        source=fields.get("source", (None, 0))[0] or None,
        body=Span(lines[index][0], len(text)),
    )


def _parse_byline_layout(text: str, lines: list[tuple[int, str]], first: int, path: Path) -> Document:
    content = [(i, offset, line) for i, (offset, line) in enumerate(lines) if line.strip()]
    if len(content) < 4:
        raise ArticleError(path, None, "not an article: expected a 'Title:' header, or a headline, a 'By <author>' line and a date line before the text")
    (_, _, headline), (by_index, _, by_line), (date_index, _, date_line) = content[:3]
    match = _BYLINE.match(by_line)
    if not match:
        raise ArticleError(path, by_index + 1, f"not an article: expected 'By <author>' after the headline, found {by_line.strip()!r} (or use the 'Title:' header format)")
    published = _parse_date(date_line, path, date_index + 1)
    rest = content[3:]
    caption = credit = None
    body_index = 0
    credit_match = re.match(r"^(.*?)\s*Image credit:\s*(.+?)\s*$", rest[0][2])
    if credit_match:
        caption, credit = _clean(credit_match.group(1)) or None, _clean(credit_match.group(2))
        body_index = 1
    if body_index >= len(rest):
        raise ArticleError(path, None, "the article has no body text")
    return Document(
        path=str(path), slug="", text=text,
        headline=_clean(headline),
        author=_clean(match.group(1)),
        published=published,
        image_caption=caption, image_credit=credit,
        body=Span(rest[body_index][1], len(text)),
    )


def _parse_plain_text(text: str, content: list[tuple[int, int, str]], path: Path, published: date | None) -> Document:
    headline, body_start = _plain_headline(text, content)
    return Document(path=str(path), slug="", text=text, headline=headline, author=None,
                    published=published, body=Span(body_start, len(text)))


def _plain_headline(text: str, content: list[tuple[int, int, str]]) -> tuple[str, int]:
    """The headline of a plain text and where its body starts.

    A short first line without closing punctuation, followed by more text, is a headline and the
    body starts after it; otherwise the headline is the first sentence (at most HEADLINE_CHARS,
    cut between words) and the body is the whole text.
    """
    if not content:
        return "", 0
    first_line = _clean(content[0][2])
    if len(content) > 1 and len(first_line.split()) <= HEADLINE_WORDS and not _SENTENCE_PUNCTUATION.search(first_line):
        return first_line, content[1][1]
    start = content[0][1]
    paragraph = re.search(r"\n[^\S\n]*\n", text[start:])  # the first sentence ends at the latest with its paragraph
    paragraph_end = start + paragraph.start() if paragraph else len(text)
    end = next((start + m.end() for m in _SENTENCE_END.finditer(text[start:paragraph_end])), paragraph_end)
    return shorten(_clean(text[start:end]), HEADLINE_CHARS), 0


def shorten(words: str, limit: int) -> str:
    """At most ``limit`` characters, cut between words (within a word only if it alone is longer)."""
    if len(words) <= limit:
        return words
    cut = words[:limit + 1].rsplit(" ", 1)[0] if " " in words[:limit + 1] else words[:limit]
    return cut.rstrip(" ,;:-–—") or words[:limit]


def _paragraphs_and_sections(text: str, body: Span) -> tuple[list[Span], list[Section]]:
    """Paragraphs are blocks between blank lines; a short one-line block without a full stop is a heading."""
    blocks: list[Span] = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text[body.start:body.end]):
        raw = match.group(0)
        stripped_end = len(raw.rstrip())
        blocks.append(Span(body.start + match.start(), body.start + match.start() + stripped_end))
    paragraphs: list[Span] = []
    sections: list[Section] = []
    for index, block in enumerate(blocks):
        words = text[block.start:block.end].strip()
        is_heading = (
            "\n" not in words and len(words.split()) <= 10 and not words.endswith((".", "”", "\"", ":"))
            and index + 1 < len(blocks)
        )
        if is_heading:
            if sections:
                previous = sections[-1]
                sections[-1] = Section(previous.heading, previous.heading_span, Span(previous.span.start, paragraphs[-1].end if paragraphs else block.start))
            sections.append(Section(words, block, Span(block.start, block.end)))
        else:
            paragraphs.append(block)
    if sections:
        last = sections[-1]
        sections[-1] = Section(last.heading, last.heading_span, Span(last.span.start, body.end))
    return paragraphs, sections


def _sentences(text: str, paragraph: Span) -> list[Span]:
    chunk = text[paragraph.start:paragraph.end]
    spans, start = [], len(chunk) - len(chunk.lstrip())  # an indented paragraph's first sentence starts at its first word
    for match in _SENTENCE_END.finditer(chunk):
        end = match.end()
        spans.append(Span(paragraph.start + start, paragraph.start + end))
        start = end + (len(chunk[end:]) - len(chunk[end:].lstrip()))
    if chunk[start:].strip():
        spans.append(Span(paragraph.start + start, paragraph.start + len(chunk.rstrip())))
    return spans
