"""The Flask app: timeline, entity and article pages, the SPARQL 1.1 endpoint, validation and export.

The web layer only calls the kb/ library (KnowledgeBase, timeline queries, the query service):
it builds no triples itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from kb.settings import read_settings

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application factory; ``test_config`` overrides the environment and the defaults (kb/settings.py)."""
    app = Flask(__name__)
    app.config.update(read_settings(overrides=test_config))
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["KB_MAX_UPLOAD"])
    app.config["KB_STORE"] = str(Path(app.config["KB_STORE"]))

    from web import extensions
    extensions.init_app(app)

    from web import admin, api, errors, pages, security, sparql
    for blueprint in (pages.bp, api.bp, sparql.bp, admin.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    security.init_app(app)
    return app
