"""One base for every error the library raises on purpose: a message for people and the HTTP status it means.

The CLI prints such an error on one line and exits with status 1; the web layer answers with its
status (web/errors.py holds the one mapping). Anything else that escapes is a bug: the CLI shows
the trace, the web layer logs it and answers 500.
"""

from __future__ import annotations

__all__ = ["KbError", "BadRequest", "NotFound"]


class KbError(Exception):
    """An error the user, or the client, can act on; the status says whose side it is on."""

    http_status = 400


class BadRequest(KbError, ValueError):
    """A parameter the library cannot use (a date that is not one, an IRI with spaces)."""


class NotFound(KbError):
    """What was asked for is not in the store."""

    http_status = 404
