"""Headless Chromium (Debian's) driven by Playwright's sync API, against pytest-django's
live_server. Playwright's sync API runs an event loop in this thread, so Django's async-safety
check must be told that the ORM calls made by the test (setting up data) are fine."""

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, settings):
    """Open a page in a fresh browser context (a new visitor: no cookies)."""
    # A person types faster in a test than anywhere else: the bot check's minimum time is
    # tested with the test client, not here.
    settings.PORTAL_FORM_MIN_SECONDS = 0
    contexts = []

    def make(width: int = 1200, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url,
            accept_downloads=True,
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
