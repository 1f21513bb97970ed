"""One error hierarchy: every error the library raises on purpose is a KbError carrying its HTTP status."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import kb
from kb.errors import KbError

MODULES = [importlib.import_module(f"kb.{info.name}") for info in pkgutil.iter_modules(kb.__path__)]
ERRORS = sorted({cls for module in MODULES for _, cls in inspect.getmembers(module, inspect.isclass)
                 if issubclass(cls, Exception) and cls.__module__.startswith("kb.") and not cls.__name__.startswith("_")},
                key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("error", ERRORS, ids=lambda cls: cls.__name__)
def test_every_public_error_is_a_kb_error_with_a_status(error):
    assert issubclass(error, KbError)
    assert 400 <= error.http_status < 600


def test_the_server_side_ones_are_5xx_and_the_client_side_ones_4xx():
    from kb.store import GraphNotFound, StoreError
    from kb.workers import OutOfTime, WorkerDied

    assert WorkerDied.http_status == 500 and StoreError.http_status == 500
    assert OutOfTime.http_status == 503 and GraphNotFound.http_status == 404


def test_the_web_layer_answers_a_library_error_with_its_status_and_anything_else_with_500(client, app):
    from kb.workers import WorkerDied
    from web.errors import status_of

    assert status_of(WorkerDied("gone")) == 500 and status_of(RuntimeError("a bug")) == 500
    assert status_of(KbError("yours")) == 400
