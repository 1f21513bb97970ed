"""The `kb` command: a thin click layer over kb.knowledge_base.KnowledgeBase.

`kb serve` imports the web layer only when it runs: the library itself never needs Flask.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from kb.errors import KbError
from kb.formats import of_kind
from kb.ingest import default_workers
from kb.inputs import count_articles
from kb.knowledge_base import ANSWER_FORMATS, KnowledgeBase, ValidationFailed, draft_of, graph_of, is_corpus, one_line
from kb.namespaces import PREFIXES
from kb.read.table import events_csv
from kb.resources import seed_articles
from kb.settings import read_settings, setting
from kb.shapes import validate
from kb.store import IRI, Solutions, StoreError, Term
from kb.temporal import TimeExpression, find_times
from kb.timeml import TimeMLError, retag, retag_file
from kb.timeml import read as read_timeml

_LINE = 500  # an error's line: room for a path and the problem; what is cut is a quoted list (expected tokens, sources)

def _flag(*names: str, setting_name: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A flag whose default, environment variable and help come from the settings table."""
    entry = setting(setting_name)
    return click.option(*names, envvar=entry.name, default=entry.default, show_default=True,
                        help=f"{entry.help[0].upper()}{entry.help[1:]} (also {entry.name}).", **options)


store_option = _flag("--store", "store_path", setting_name="KB_STORE", type=click.Path(path_type=Path))


def _one_line(error: Exception) -> str:
    """The one line the README promises for an error; a shapes refusal gives its first violation
    and the command that lists them all (the full report is `kb validate`'s job)."""
    if not isinstance(error, ValidationFailed):
        return one_line(str(error), _LINE)
    first, *more = error.report.violations
    line = f"{error.source}: refused by the shapes, nothing was stored. {one_line(str(first), _LINE)}"
    if more:
        line += f" (and {len(more)} more violation{'s' if len(more) > 1 else ''}: `kb validate {shlex.quote(error.source)}` lists them all)"
    return line


def _open(store_path: Path) -> KnowledgeBase:
    try:
        return KnowledgeBase(store_path)
    except StoreError as error:
        raise click.ClickException(str(error)) from error


class _Group(click.Group):
    """Turns the library's errors into one clear message and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KbError as error:
            click.echo(f"Error: {_one_line(error)}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="eventkb")
def main() -> None:
    """Event timeline knowledge base: news articles to dated, sourced, queryable events."""


def _date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date such as 2021-03-05") from None


date_option = click.option("--date", "published", metavar="YYYY-MM-DD", callback=lambda ctx, param, value: _date_option(value),
                           help="The publication date of articles that give none (plain text, pages, corpus lines): "
                                "relative dates in them are read against it.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sidecar", type=click.Path(dir_okay=False, path_type=Path),
              help="The annotation file of a single article, if it is not beside it (same name, .toml).")
@date_option
@click.option("--workers", type=click.IntRange(1, 64), default=default_workers(), show_default=True,
              help="Processes that read the articles of a corpus (a folder or .jsonl), one per core by default.")
@store_option
def load(paths: tuple[Path, ...], sidecar: Path | None, published: date | None, workers: int, store_path: Path) -> None:
    """Load articles, corpora or RDF files into the store.

    With no PATHS, loads the seed article(s) that ship with the package. An article (.txt in the
    header or byline layout or plain text, or a news page saved as .html) is read with its
    sidecar annotations (same name, .toml) if there is one, and otherwise by the automatic
    extraction. A folder or a JSON Lines file (.jsonl: one article per line with text, title,
    author, date, url) is a corpus: its articles are read in worker processes with a progress
    bar, each is stored on its own, a bad one is reported and the rest goes on, and a summary
    ends it. An RDF file (Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML) is loaded as it is
    into a named graph of its own. Each graph is checked against the SHACL shapes first and
    replaces the earlier graph of the same source in one transaction; a refused one changes
    nothing. Exit status 1 if anything was refused.
    """
    if sidecar and (len(paths) != 1 or is_corpus(paths[0])):
        raise click.UsageError("--sidecar goes with exactly one article")
    files = paths or seed_articles()
    refused = 0
    with _open(store_path) as kb:
        for path in files:
            if is_corpus(path):
                refused += _load_corpus(kb, path, published, workers)
                continue
            try:
                result = kb.load(path, sidecar, published)
            except KbError as error:
                click.echo(f"Error: {_one_line(error)}", err=True)
                refused += 1
                continue
            click.echo(f"loaded {result.source}: {result.triples} triples into <{result.graph}>")
            for problem in result.report.problems:
                click.echo(f"  {problem}")
    if len(files) > 1 and not any(is_corpus(path) for path in files):
        summary = f"{len(files) - refused} of {len(files)} files loaded"
        if refused:
            summary += f"; {refused} refused, nothing of {'it' if refused == 1 else 'them'} stored"
        click.echo(summary, err=bool(refused))
    if refused:
        sys.exit(1)


def _load_corpus(kb: KnowledgeBase, path: Path, published: date | None, workers: int) -> int:
    """One corpus with a progress bar, its failures as they come, and a summary; returns how many failed."""
    expected = count_articles(path)
    loaded = failed = events = actors = claims = 0
    started = time.perf_counter()
    with click.progressbar(length=expected, label=f"loading {path}", file=sys.stderr, show_pos=True, show_eta=True) as bar:
        for outcome in kb.load_corpus(path, published, workers, expected):
            if outcome.prepared is None:
                failed += 1
                click.echo(f"\nError: {one_line(outcome.error or outcome.name, _LINE)}", err=True)
            else:
                loaded += 1
                events, actors, claims = events + outcome.prepared.events, actors + outcome.prepared.actors, claims + outcome.prepared.claims
            bar.update(1)
    seconds = time.perf_counter() - started
    total = loaded + failed
    click.echo(f"{path}: {total} articles, {loaded} loaded, {failed} failed; {events} events, {actors} actor mentions, "
               f"{claims} claims; {total / seconds if seconds else 0:.1f} articles per second", err=bool(failed))
    return failed


@main.command()
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@date_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the draft to this file instead of printing it (the article's sidecar is NAME.toml beside it).")
def extract(article: Path, published: date | None, output: Path | None) -> None:
    """Print the automatic extraction of an article as a draft sidecar to correct.

    The draft is in the curated sidecar format (docs/model.md) with the evidence quotes: edit
    it, save it beside the article with the same name and .toml, and load the article again;
    the curated annotation then wins over the automatic extraction. Nothing is stored.
    """
    draft = draft_of(article, published)
    if output is None:
        click.echo(draft, nl=False)
        return
    output.write_text(draft, encoding="utf-8")
    click.echo(f"wrote the draft annotation of {article} to {output}", err=True)


@main.command("validate")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@store_option
def validate_command(file: Path | None, store_path: Path) -> None:
    """Check data against the SHACL shapes and print a readable report.

    With FILE (an RDF file, or an article with its sidecar), checks that file without storing
    it; without, checks every graph in the store. Exits with status 1 when the data does not
    conform.
    """
    if file is None:
        with _open(store_path) as kb:
            report = kb.validate_store()
    else:
        report = validate(graph_of(file)[1])
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("sparql")
@click.option("--format", "output_format", type=click.Choice(["table", *ANSWER_FORMATS]), default="table", show_default=True,
              help="table for people; json, xml, csv, tsv are the SPARQL 1.1 results formats; turtle, ntriples, jsonld for CONSTRUCT/DESCRIBE.")
@store_option
def query(sparql: str, output_format: str, store_path: Path) -> None:
    """Run a SPARQL query (text, or @file.rq) over all graphs.

    The prefixes ekb, ekbd, sem, oa, schema, org, prov, wd, rdf, rdfs, owl and xsd are
    predeclared.
    """
    if sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"cannot read the query file {sparql[1:]}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise click.ClickException(f"cannot read the query file {sparql[1:]}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    with _open(store_path) as kb:
        answer = kb.query(sparql) if output_format == "table" else None
        if answer is None or isinstance(answer, list):  # a standard format, or a graph (shown as Turtle)
            click.echo(kb.answer(sparql, "turtle" if output_format == "table" else output_format).decode())
            return
    click.echo(("yes" if answer else "no") if isinstance(answer, bool) else _table(answer))


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, IRI):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    return term.value


def _table(solutions: Solutions) -> str:
    """A SELECT answer for people: columns cut at 60 characters, and the number of rows."""
    names = solutions.variables
    rows = [[_cell(row.get(name)) for name in names] for row in solutions]
    widths = [min(60, max([len(name), *(len(row[i]) for row in rows)])) for i, name in enumerate(names)]

    def clip(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(clip(cell, width).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@main.command()
@click.option("--format", "output_format", type=click.Choice(sorted([f.name for f in of_kind("graph", "dataset")] + ["csv"])),
              default="trig", show_default=True)
@click.option("--graph", help="Only this graph: an article's name (slug, file name) or a graph IRI.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of standard output.")
@store_option
def export(output_format: str, graph: str | None, output: Path | None, store_path: Path) -> None:
    """Export the store (or one graph) as TriG, N-Quads, Turtle, N-Triples, JSON-LD or RDF/XML,
    or its events as a CSV table (one row per event, in timeline order).

    Turtle, N-Triples and RDF/XML hold no named graphs: without --graph they get the union.
    """
    with _open(store_path) as kb:
        if output_format == "csv":
            data = events_csv(kb, str(kb.resolve_graph(graph)) if graph else None).encode()
        else:
            data = kb.export(output_format, graph)
    if output:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise click.ClickException(f"cannot write {output}: {error.strerror}") from error
    else:
        click.echo(data.decode(), nl=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@store_option
def stats(as_json: bool, store_path: Path) -> None:
    """Count what the store holds: quads, graphs, events, actors, places, claims, evidence."""
    with _open(store_path) as kb:
        figures = kb.stats()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for name, value in figures.items():
        if isinstance(value, list):  # the sources, one a line
            click.echo(f"{name}:")
            for source in value:
                click.echo(f"  {source}")
        else:
            click.echo(f"{name}: {value}")


@main.command()
@click.argument("article")
@store_option
def remove(article: str, store_path: Path) -> None:
    """Remove an article's graph (by slug, file name, article IRI or graph IRI)."""
    with _open(store_path) as kb:
        graph = kb.remove(article)
    click.echo(f"removed <{graph}>")


def _timex_line(expression: TimeExpression) -> str:
    span = expression.span
    bounds = f"{span.earliest_begin or '..'}/{span.latest_end or '..'}" if span else "-"
    return "\t".join([str(expression.start), str(expression.end), expression.type, expression.value, bounds, expression.text])


def _timex_json(expression: TimeExpression) -> dict:
    span = expression.span
    return {
        "start": expression.start, "end": expression.end, "text": expression.text, "type": expression.type,
        "value": expression.value, "mod": expression.mod, "quant": expression.quant, "freq": expression.freq,
        "earliest": span.earliest_begin.isoformat() if span and span.earliest_begin else None,
        "latest": span.latest_end.isoformat() if span and span.latest_end else None,
        "precision": span.precision.value if span and span.precision else None,
    }


@main.command()
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dct", help="The publication date (YYYY-MM-DD) of a plain-text FILE.")
@click.option("--timeml", is_flag=True, help="FILE is a TimeML document (or a directory of .tml files): write it back with our TIMEX3 tags.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="With --timeml: where to write (a directory for a directory); standard output otherwise.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="For plain text: one expression a line (start, end, type, value, earliest/latest, words), or JSON.")
def timex(file: Path, dct: str | None, timeml: bool, output: Path | None, output_format: str) -> None:
    """Find and normalise the time expressions (TimeML TIMEX3) in a text.

    With --dct, FILE is plain text and the expressions are printed. With --timeml, FILE is a
    TimeML document whose DCT is its CREATION_TIME TIMEX3: its TIMEX3 tags in TEXT are
    replaced by ours, everything else is kept byte for byte (for the TempEval-3 toolkit).
    """
    if timeml == bool(dct):
        raise click.UsageError("give either --dct YYYY-MM-DD (plain text) or --timeml (a TimeML document)")
    try:
        if timeml:
            _timex_timeml(file, output)
            return
        try:
            published = date.fromisoformat(dct or "")
        except ValueError as error:
            raise click.ClickException(f"the publication date {dct!r} is not a date YYYY-MM-DD") from error
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"cannot read {file}: {error}") from error
        expressions = find_times(text, published)
    except TimeMLError as error:
        raise click.ClickException(str(error)) from error
    if output_format == "json":
        click.echo(json.dumps([_timex_json(expression) for expression in expressions], indent=2, ensure_ascii=False))
    else:
        for expression in expressions:
            click.echo(_timex_line(expression))


def _timex_timeml(source: Path, output: Path | None) -> None:
    if source.is_dir():
        if output is None or output.is_file():
            raise click.UsageError("a directory of TimeML files needs -o DIRECTORY for the tagged copies")
        files = sorted(source.glob("*.tml"))
        for path in files:
            retag_file(path, output / path.name)
        click.echo(f"tagged {len(files)} TimeML file(s) into {output}", err=True)
    elif output is None:
        tagged, _ = retag(read_timeml(source).source, str(source))
        click.echo(tagged, nl=False)
    else:
        retag_file(source, output)


@main.command()
@_flag("--host", setting_name="KB_HOST")
@_flag("--port", setting_name="KB_PORT", type=int)
@_flag("--threads", setting_name="KB_THREADS", type=int)
@store_option
def serve(host: str, port: int, threads: int, store_path: Path) -> None:
    """Serve the timeline, the entity pages and the SPARQL endpoint with waitress.

    An empty store gets the bundled seed article first. The other settings (KB_UPDATE_TOKEN,
    KB_QUERY_TIMEOUT, ...: see the README) come from the environment.
    """
    from web.server import serve as serve_forever  # the web layer, only when asked to serve

    settings = read_settings(overrides={"KB_HOST": host, "KB_PORT": port, "KB_THREADS": threads, "KB_STORE": str(store_path)})
    click.echo(f"Serving {store_path} at http://{host}:{port}/ (Ctrl-C stops)")
    serve_forever(settings)
