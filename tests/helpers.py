"""Small builders the feature tests share."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


@lru_cache(maxsize=1)
def seeded_template() -> Path:
    """A store with the seed loaded, built once per test run: tests copy it rather than load the seed again."""
    from kb.knowledge_base import KnowledgeBase

    directory = Path(tempfile.mkdtemp(prefix="kb-seeded-"))
    atexit.register(shutil.rmtree, directory, True)
    with KnowledgeBase(directory / "store") as kb:
        kb.load_seed()
    return directory / "store"


def seeded_copy(target: Path) -> Path:
    """A store of a test's own with the seed in it (a copy of the template: a few ms, not a second)."""
    shutil.copytree(seeded_template(), target)
    return target


@contextmanager
def app_over(directory: Path, name: str | None = None, data: str = "", seed: bool = False) -> Iterator[Flask]:
    """A web app over a store of its own: the seed if asked, and one RDF file of ``data`` named ``name``."""
    from web import create_app

    if seed:
        seeded_copy(directory / "store")
    app = create_app({"TESTING": True, "KB_STORE": str(directory / "store"), "KB_LOAD_SEED": False})
    try:
        if name is not None:
            path = directory / name
            path.write_text(data, encoding="utf-8")
            app.extensions["kb"].load(path)
        yield app
    finally:
        app.extensions["kb"].close()


@dataclass
class LocalSite:
    """A little HTTP server on 127.0.0.1 standing in for another host; it records each path asked for."""

    url: str
    requests: list[str] = field(default_factory=list)


@contextmanager
def local_site(answer: Callable[[str], tuple[bytes, str]]) -> Iterator[LocalSite]:
    """Serve ``answer(path) -> (body, media type)`` to every GET and POST until the block ends."""
    site = LocalSite("")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            site.requests.append(self.path)
            body, media_type = answer(self.path)
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
