"""Fixtures for the browser tests: one headless Debian chromium per session, driven by Playwright.

The browser is the system's (`/usr/bin/chromium`, installed with apt-get in CI); Playwright never
downloads one. Every context it opens is guarded: each request is recorded in a session-wide log,
and anything that is not for the live server's origin (or a data:/blob: URL) is aborted and
recorded as stray, which fails the test that made it. Uncaught JavaScript errors and dialogs
(alert, confirm, prompt) fail the test too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@dataclass
class RequestLog:
    """Every request the browser made in this session, and the ones that were blocked."""

    origin: str
    requests: list[tuple[str, str, str]] = field(default_factory=list)   # (test, method, url)
    blocked: list[tuple[str, str]] = field(default_factory=list)         # (test, url)

    def allowed(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url == self.origin or url.startswith(("data:", "blob:"))


@dataclass
class Guarded:
    """A guarded browser context with what happened in it."""

    context: object
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def new_page(self):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("dialog", self._dialog)
        return page

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """The one browser of the session. A missing /usr/bin/chromium is a failure, not a skip."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(apt-get install chromium chromium-driver); Playwright must not download a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # browser_type.launch() refuses --user-data-dir in `args`; it starts chromium with a fresh,
        # empty profile directory of its own (a new temporary directory for every launch), which
        # it deletes on close. Downloads go to a directory of this session.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            downloads_path=str(tmp_path_factory.mktemp("chromium-downloads")))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def request_log(live_server) -> RequestLog:
    return RequestLog(live_server.url)


@pytest.fixture
def new_context(chromium, request_log, request):
    """A factory of guarded browser contexts (keyword arguments go to browser.new_context)."""
    opened: list[Guarded] = []
    test = request.node.name

    def make(**options) -> Guarded:
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        guarded = Guarded(context)

        def route(route):
            url = route.request.url
            if request_log.allowed(url):
                route.continue_()
            else:
                guarded.blocked.append(url)
                request_log.blocked.append((test, url))
                route.abort("blockedbyclient")

        context.route("**/*", route)
        context.on("request", lambda r: request_log.requests.append((test, r.method, r.url)))
        opened.append(guarded)
        return guarded

    yield make
    for guarded in opened:
        guarded.context.close()
    problems = []
    for guarded in opened:
        problems += [f"request to another origin (blocked): {url}" for url in guarded.blocked]
        problems += [f"uncaught JavaScript error: {error}" for error in guarded.page_errors]
        problems += [f"a dialog opened: {dialog}" for dialog in guarded.dialogs]
    if problems:
        pytest.fail("\n".join(problems))


@pytest.fixture
def page(new_context):
    """A fresh context (JavaScript on) and a page in it."""
    return new_context().new_page()
