"""Where the files that ship with the package are, in a checkout and in an installed wheel.

In a checkout the ontology lives at the top level (ontology/); in a wheel it is packaged as
kb/ontology/ (see pyproject.toml), so both places are tried.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ONTOLOGY_DIR", "DATA_DIR", "ontology_file", "shapes_file", "query_files", "seed_articles"]

_PACKAGE = Path(__file__).resolve().parent
DATA_DIR = _PACKAGE / "data"
ONTOLOGY_DIR = next(
    (candidate for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology") if (candidate / "eventkb.ttl").is_file()),
    _PACKAGE.parent / "ontology",
)


def ontology_file() -> Path:
    return ONTOLOGY_DIR / "eventkb.ttl"


def shapes_file() -> Path:
    return ONTOLOGY_DIR / "shapes.ttl"


def query_files() -> list[Path]:
    """The example queries (competency questions), in file-name order."""
    return sorted((ONTOLOGY_DIR / "queries").glob("*.rq"))


def seed_articles() -> list[Path]:
    """The articles that ship with the package; each has its sidecar beside it."""
    return sorted(DATA_DIR.glob("*.txt"))
