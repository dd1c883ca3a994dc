"""Fixtures for the browser tests: one headless Chromium (Debian's package, never a browser that
Playwright downloads) for the whole session, a fresh browser context per test, and the axe-core
script read once.

Without Chromium these tests skip with the reason, unless ``WAYFINDER_REQUIRE_BROWSER=1`` (set in
CI), when they fail instead, so a CI machine without a browser cannot pass silently.
"""

import json
import os
from pathlib import Path

import pytest

from .helpers import AXE_JS, RESULTS, SCREENSHOTS

CHROMIUM = Path(os.environ.get("WAYFINDER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these Chromium keeps trying to reach Google's services and logs refused connections.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def _unavailable(reason: str):
    if os.environ.get("WAYFINDER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and WAYFINDER_REQUIRE_BROWSER=1 says the browser tests must run. "
                    "Install it with `make install-browser` (apt-get install chromium).", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped (install it with `make install-browser`; "
                "set WAYFINDER_REQUIRE_BROWSER=1 to make this a failure)")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        _unavailable(f"axe-core is not installed ({AXE_JS} is missing; run `npm install`)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser(_fresh_screenshots):
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("the playwright Python package is not installed")
    # Playwright's sync API keeps an event loop running in this thread for as long as the browser
    # is open (the rest of the session); Django refuses database calls from a thread with a running
    # loop unless told it is safe. It is here: the tests (and any that run after them in the same
    # session) make their database calls synchronously, never from inside the loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _fresh_screenshots():
    """Start each run with an empty screenshot folder, so what is there is what this run saw (not
    under pytest-xdist, where the workers would empty it under each other's feet)."""
    if SCREENSHOTS.is_dir() and not os.environ.get("PYTEST_XDIST_WORKER"):
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def axe_results():
    """Every page checked in this run, with its axe violations and the checks axe could not decide
    ("incomplete": for a person to look at), written to test-results/axe-results.json at the end."""
    results: list[dict] = []
    yield results
    if results:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        path = RESULTS.with_name(f"{RESULTS.stem}-{worker}{RESULTS.suffix}") if worker else RESULTS
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (each a separate cookie jar) pointed at the live server; all are
    closed when the test ends."""
    contexts = []

    def _new_context(**options):
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="en-GB",
                                      timezone_id="Europe/London", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()
