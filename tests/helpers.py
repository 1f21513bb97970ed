"""Small builders the feature tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask


def write_article(directory: Path, name: str, body: str, sidecar: str | None = None,
                  header: str = "Title: A test article\nAuthor: Ana Müller\nDate: 2021-03-05\n\n") -> Path:
    """A small article in the header format, with an optional sidecar beside it."""
    path = directory / f"{name}.txt"
    path.write_text(header + body, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return path


@contextmanager
def app_over(directory: Path, name: str | None = None, data: str = "", seed: bool = False) -> Iterator[Flask]:
    """A web app over a store of its own: the seed if asked, and one RDF file of ``data`` named ``name``."""
    from web import create_app

    app = create_app({"TESTING": True, "KB_STORE": str(directory / "store"), "KB_LOAD_SEED": seed})
    try:
        if name is not None:
            path = directory / name
            path.write_text(data, encoding="utf-8")
            app.extensions["kb"].load(path)
        yield app
    finally:
        app.extensions["kb"].close()
