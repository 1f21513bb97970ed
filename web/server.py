"""Serving the app with waitress, a production WSGI server; `kb serve` (kb/cli.py) calls this."""

from __future__ import annotations

import logging
from typing import Any

import waitress

from web import create_app

__all__ = ["serve", "quiet_queue_warnings"]


def serve(settings: dict[str, Any]) -> None:
    """Build the app from ``settings`` (kb.settings.read_settings) and serve it until interrupted."""
    app = create_app(settings)
    quiet_queue_warnings()
    waitress.serve(app, host=settings["KB_HOST"], port=settings["KB_PORT"], threads=settings["KB_THREADS"], ident="eventkb")


def quiet_queue_warnings() -> None:
    """Silence waitress's "Task queue depth is N" warnings, and only those.

    Under load waitress logs one for every request that has to wait for a thread, thousands of
    lines that bury everything else; they are all its "waitress.queue" logger says, so errors
    there would still show, and the "waitress" logger itself keeps its warnings and errors.
    """
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
