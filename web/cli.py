"""`kb serve`: the web app behind waitress, a production WSGI server.

It lives in web/ so that kb/ never imports Flask; the `kb` console script is this module's
``main``, the kb.cli group with this command added.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from kb.cli import main, store_option
from kb.store import StoreError

__all__ = ["main", "quiet_queue_warnings"]


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KB_HOST", help="Address to listen on (also KB_HOST).")
@click.option("--port", default=5000, show_default=True, type=int, envvar="KB_PORT", help="Port to listen on (also KB_PORT).")
@click.option("--threads", default=32, show_default=True, type=int,
              help="Request threads (many wait on query workers or slow answers, so there are more than cores).")
@store_option
def serve(host: str, port: int, threads: int, store_path: Path) -> None:
    """Serve the timeline, the entity pages and the SPARQL endpoint.

    An empty store gets the bundled seed article first. Settings come from the environment:
    KB_UPDATE_TOKEN, KB_QUERY_TIMEOUT, KB_RESULT_LIMIT, KB_QUERY_WORKERS, KB_MAX_UPLOAD (see README).
    """
    import waitress

    from web import create_app

    try:
        app = create_app({"KB_STORE": str(store_path)})
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Serving {store_path} at http://{host}:{port}/ (Ctrl-C stops)")
    quiet_queue_warnings()
    waitress.serve(app, host=host, port=port, threads=threads, ident="eventkb")


def quiet_queue_warnings() -> None:
    """Silence waitress's "Task queue depth is N" warnings, and only those.

    Under load waitress logs one for every request that has to wait for a thread, thousands of
    lines that bury everything else; they are all its "waitress.queue" logger says, so errors
    there would still show, and the "waitress" logger itself keeps its warnings and errors.
    """
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
