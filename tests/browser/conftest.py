"""Browser tests: Playwright driving Debian's Chromium against the built site on 127.0.0.1.

Every request that does not go to the local server is blocked and counted; the site must make none.
In CI (CI=true) a missing browser is a failure, never a skip.
"""
import functools
import http.server
import os
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing: CI must run the browser tests (make system-deps)")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (run: make system-deps)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a page mid-response
            pass


def _serve(folder):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = _serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def full_guide_url(full_guide_site):
    """The site with the fully filled example service, on its own local server."""
    server, url = _serve(full_guide_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def blocked_requests():
    return []


@pytest.fixture
def new_page(browser, site_url, blocked_requests):
    pages = []

    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1:", "data:")):  # the test servers only
                r.continue_()
            else:
                blocked_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        pages.append(context)
        return page

    yield make
    for context in pages:
        context.close()
