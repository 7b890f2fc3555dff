"""Browser tests: Playwright driving Debian's Chromium against the built site on 127.0.0.1.

Every request that does not go to the local server is blocked and counted; the site must make none.
In CI (CI=true) a missing browser is a failure, never a skip.
"""
import os

import pytest

from bench.phone import ARGS  # Chromium's flags for this closed network, as the benchmark starts it
from bench.serving import serve_folder

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing: CI must run the browser tests (make system-deps)")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (run: make system-deps)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = serve_folder(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def full_guide_url(full_guide_site):
    """The site with the fully filled example service, on its own local server."""
    server, url = serve_folder(full_guide_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def local_page(browser, blocked: list, width: int, height: int):
    """A new context and page that reach the test servers on 127.0.0.1 only: every other request is
    refused and listed in `blocked`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return context, page


@pytest.fixture(scope="session")
def blocked_requests():
    return []


@pytest.fixture
def new_page(browser, site_url, blocked_requests):
    pages = []

    def make(width=1280, height=900):
        context, page = local_page(browser, blocked_requests, width, height)
        pages.append(context)
        return page

    yield make
    for context in pages:
        context.close()
