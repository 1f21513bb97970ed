"""`kb serve`: the web app behind waitress, a production WSGI server.

It lives in web/ so that kb/ never imports Flask; the `kb` console script is this module's
``main``, the kb.cli group with this command added.
"""

from __future__ import annotations

from pathlib import Path

import click

from kb.cli import main, store_option
from kb.store import StoreError

__all__ = ["main"]


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KB_HOST", help="Address to listen on (also KB_HOST).")
@click.option("--port", default=5000, show_default=True, type=int, envvar="KB_PORT", help="Port to listen on (also KB_PORT).")
@click.option("--threads", default=8, show_default=True, type=int, help="Request threads.")
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
    waitress.serve(app, host=host, port=port, threads=threads, ident="eventkb")
