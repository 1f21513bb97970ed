"""The formats articles come in: plain or header text, saved HTML news pages, JSON Lines corpora.

Researchers bring articles as they have them: a text file per article, a news page saved from
the browser, a corpus exported as JSON Lines, or a folder of such files. Each is read into
``Document``s (kb/article.py) whose offsets index into the text that is stored, and each bad
article becomes one ``ArticleError`` naming its file (and line) without stopping the others, so
one broken record does not cost a researcher the rest of the corpus.

Nothing here fetches anything: HTML is read from the saved file only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from dateutil import parser as date_parser

from kb.article import ArticleError, Document, article_slug, document_from_parts, plain_headline, read_article, read_text, slugify

__all__ = ["ARTICLE_SUFFIXES", "article_files", "count_articles", "read_article_file", "read_documents", "read_html", "read_jsonl"]

ARTICLE_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
"""Which file suffix holds which format: the one table the readers and folder listings follow."""

Result = tuple[str, Document | ArticleError]

_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|title|meta)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")


def article_files(folder: Path) -> list[Path]:
    """The article files directly in a folder, by name: hidden files and sidecars (.toml) are not articles."""
    return sorted((path for path in Path(folder).iterdir()
                   if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in ARTICLE_SUFFIXES),
                  key=lambda path: path.name)


def read_documents(path: Path, published: date | None = None) -> Iterator[Result]:
    """Every article at a path (a text, HTML or JSON Lines file, or a folder of them), as (name, Document or error).

    ``published`` (``kb load --date``) is the date for articles that give none. An error is
    yielded in the place of its article and the iteration goes on.
    """
    path = Path(path)
    if path.is_dir():
        for file in article_files(path):
            yield from _read_file(file, published)
    elif path.exists():
        yield from _read_file(path, published)
    else:
        yield path.name, ArticleError(path, None, "no such file or folder")


def count_articles(path: Path) -> int:
    """How many entries ``read_documents(path)`` yields, without parsing any article: a progress bar's length."""
    path = Path(path)
    files = article_files(path) if path.is_dir() else [path]
    total = 0
    for file in files:
        if ARTICLE_SUFFIXES.get(file.suffix.lower()) == "jsonl":
            try:
                total += sum(1 for _ in _jsonl_lines(read_text(file)))
            except ArticleError:
                total += 1  # the file's one error
        else:
            total += 1
    return total


def _read_file(path: Path, published: date | None) -> Iterator[Result]:
    """The articles of one file, by its suffix."""
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower())
    if kind == "jsonl":
        yield from read_jsonl(path, published)
        return
    if kind not in ("text", "html"):
        yield path.name, ArticleError(path, None, f"not an article file: its suffix is none of {', '.join(ARTICLE_SUFFIXES)}")
        return
    try:
        yield path.name, read_article_file(path, published)
    except ArticleError as error:
        yield path.name, error


def read_article_file(path: Path, published: date | None = None) -> Document:
    """One article file: a saved page (.html, .htm) through its main text, anything else as text."""
    path = Path(path)
    if ARTICLE_SUFFIXES.get(path.suffix.lower()) == "html":
        return read_html(path, published)
    return read_article(path, published)


_FEWEST_WORDS_IN_A_PAGE = 5  # fewer, and what is left of a page is a menu entry or a caption, not an article


def read_html(path: Path, published: date | None = None) -> Document:
    """A news page saved as HTML: its main text (without menus, footers and the like) and its metadata.

    trafilatura finds the main text, title, author and date in the saved file (it is never given
    a URL, so nothing is downloaded). The Document's text is that main text, one paragraph per
    block, so offsets index into what is stored. The date is the page's own, else ``published``,
    else unknown; the title is the page's, else the text's first line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, None, f"cannot read the file: {error.strerror}") from error
    if not data.strip():
        raise ArticleError(path, None, "the file is empty: not an HTML page")
    if b"\x00" in data:
        raise ArticleError(path, None, "a binary file, not text")
    if not _HTML_TAG.search(data):
        raise ArticleError(path, None, "not an HTML page: it has no HTML tags")
    import trafilatura  # here, not at the top: it takes a sixth of a second to import, and most loads read no HTML

    try:
        extracted = trafilatura.bare_extraction(
            data, with_metadata=True, favor_precision=True, include_comments=False,
            # only the page's own markup and metadata: a copyright year in the footer is no publication date
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a parser failure on a malformed page is this page's error, not the run's
        raise ArticleError(path, None, f"cannot read the HTML page ({type(error).__name__}: {error})") from error
    # Paragraphs come one per line; a blank line between them lets kb/article.py find paragraphs and headings.
    text = "\n\n".join(line.strip() for line in (getattr(extracted, "text", None) or "").splitlines() if line.strip())
    if len(text.split()) < _FEWEST_WORDS_IN_A_PAGE:
        raise ArticleError(path, None, "no article text found in the HTML page" + (f" (only {text!r} outside its menus and footers)" if text else ""))
    page_date = _iso_date(getattr(extracted, "date", None))
    title = getattr(extracted, "title", None) or ""
    source = getattr(extracted, "url", None) or getattr(extracted, "sitename", None)
    return document_from_parts(text, headline=title.strip() or plain_headline(text),
                               published=page_date or published, author=getattr(extracted, "author", None),
                               source=source, slug=article_slug(path), path=str(path))


def _iso_date(value: Any) -> date | None:
    """trafilatura's date (YYYY-MM-DD), or None if it found none."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def read_jsonl(path: Path, published: date | None = None) -> Iterator[Result]:
    """A corpus as JSON Lines, one article per line, as ("FILE:LINE", Document or error).

    Each line is an object with "text" and optionally "title", "author", "date" and "url". A
    bad line yields its error and the next line is read; blank lines are skipped. Slugs come
    from the url, else the title, else the file and line, and are made unique within the file.
    """
    path = Path(path)
    try:
        text = read_text(path)
    except ArticleError as error:
        yield path.name, error
        return
    used: set[str] = set()
    for number, line in _jsonl_lines(text):
        name = f"{path.name}:{number}"
        try:
            yield name, _jsonl_record(line, path, number, published, used)
        except ArticleError as error:
            yield name, error


def _jsonl_lines(text: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSON Lines text with their numbers.

    Records end at "\\n" only: a JSON string may hold U+2028 and the like, which str.splitlines() would split at.
    """
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if line.strip():
            yield number, line


def _jsonl_record(line: str, path: Path, number: int, published: date | None, used: set[str]) -> Document:
    """One JSON Lines record as a Document; its slug is added to ``used``."""
    def fail(problem: str) -> ArticleError:
        return ArticleError(path, number, problem)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise fail(f"not JSON: {error.msg} (column {error.colno})") from error
    if not isinstance(record, dict):
        raise fail(f"not a JSON object (found {type(record).__name__})")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise fail(f'has no text: "text" must be a string, found {type(text).__name__}')
    if not text or not text.strip():
        raise fail('has no text: a record needs a non-empty "text"')
    fields: dict[str, str | None] = {}
    for key in ("title", "author", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise fail(f'"{key}" must be a string, found {type(value).__name__}')
        fields[key] = value.strip() if value and value.strip() else None
    record_date = _record_date(record.get("date"), fail)
    slug = _unique(_record_slug(fields["url"], fields["title"], path, number), used)
    return document_from_parts(text, headline=fields["title"] or plain_headline(text),
                               published=record_date or published, author=fields["author"], source=fields["url"],
                               slug=slug, path=f"{path}:{number}")


def _record_date(value: Any, fail: Callable[[str], ArticleError]) -> date | None:
    """A record's "date" in any form python-dateutil reads ("2021-03-05", "March 5, 2021", ISO date-times)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise fail(f"cannot read the date {value!r}: it must be a string")
    if not _YEAR.search(value):  # dateutil would silently take this year
        raise fail(f"cannot read the date {value!r}: it has no year")
    try:
        return date_parser.parse(value.strip(), default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError) as error:
        raise fail(f"cannot read the date {value!r} ({error})") from error


def _record_slug(url: str | None, title: str | None, path: Path, number: int) -> str:
    """The url's last path segment (without a file suffix such as .html), else the title, else FILE-LINE."""
    if url:
        segments = [segment for segment in unquote(urlparse(url).path).split("/") if segment]
        stem = re.sub(r"\.[A-Za-z]{1,5}$", "", PurePosixPath(segments[-1]).name) if segments else ""
        if re.search(r"[A-Za-z0-9]", stem):
            return slugify(stem)
    if title and re.search(r"[A-Za-z0-9]", title):
        return slugify(title)
    return slugify(f"{path.stem}-{number}")


def _unique(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if an earlier record of the file already has it."""
    candidate, count = slug, 1
    while candidate in used:
        count += 1
        candidate = f"{slug}-{count}"
    used.add(candidate)
    return candidate
