"""Small builders the feature tests share."""

from __future__ import annotations

from pathlib import Path


def write_article(directory: Path, name: str, body: str, sidecar: str | None = None,
                  header: str = "Title: A test article\nAuthor: Ana Müller\nDate: 2021-03-05\n\n") -> Path:
    """A small article in the header format, with an optional sidecar beside it."""
    path = directory / f"{name}.txt"
    path.write_text(header + body, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return path
