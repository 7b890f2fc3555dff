"""What a resident's phone fetches, step by step, from a built site: a plain page view, then up to
the first search result. Chromium at 375 px loads the pages from a local server; each file it asks
for is counted at the size a web server sends it (the .gz the build wrote beside it, as nginx's
gzip_static sends it; the file itself where there is none). And on Lighthouse's mobile network
profile (150 ms, 1.6 Mbit/s down) with 4x CPU, served by nginx: navigation -> first result in seconds.

Used by scripts/weights.py (sizes) and bench/run.py (sizes and timings).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from bench.serving import serve_folder

SERVICE_PAGE = "offices/yangjiabo/shiye-baoxianjin-shenling/"
QUERY = "失业金"
WORKER_VISITS = 3
# Lighthouse's mobile profile ("Slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up
MOBILE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@dataclass
class Step:
    files: dict[str, int] = field(default_factory=dict)  # site path -> bytes as sent

    @property
    def total(self) -> int:
        return sum(self.files.values())


def sent_size(site: Path, path: str) -> int:
    """Bytes a web server sends for `path` (site-relative): its .gz when the build wrote one."""
    file = site / path
    if file.is_dir() or path.endswith("/") or not path:
        file = file / "index.html"
    gz = file.with_name(file.name + ".gz")
    return (gz if gz.exists() else file).stat().st_size if file.exists() else 0


def _browser_page(browser, base: str, only_the_site: bool = True):
    """A phone-sized tab; `only_the_site`: requests elsewhere refused (each request then waits for
    Playwright to let it through: not for timing, where nginx's Content-Security-Policy keeps the
    page to the site)."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    tab = context.new_page()
    if only_the_site:
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    return context, tab


SEARCH_BUTTON = 'label.md-header__button[for="__search"]'
QUERY_BOX = 'input[data-md-component="search-query"]'


def _search(tab, query: str):
    tab.locator(SEARCH_BUTTON).click()
    box = tab.locator(QUERY_BOX)
    box.fill(query)
    box.press("End")
    tab.wait_for_selector("li.md-search-result__item", timeout=300_000)


def _tap_and_type(tab, query: str):
    """A resident's tap on the search button, then the query committed at once, as an input method
    commits 失业金: the tap lands where the button is drawn and the words arrive as one input event,
    without Playwright's click and fill, which first run their own checks in the page (0.2-0.4 s
    under 4x CPU that no resident waits for)."""
    x, y = tab.evaluate("""selector => { const box = document.querySelector(selector).getBoundingClientRect()
                                         return [box.x + box.width / 2, box.y + box.height / 2] }""", SEARCH_BUTTON)
    tab.mouse.click(x, y)
    focused = f"() => !!(document.activeElement && document.activeElement.matches('{QUERY_BOX}'))"
    deadline = time.monotonic() + 30
    while not tab.evaluate(focused):  # the box takes the focus as the search opens
        if time.monotonic() > deadline:
            raise TimeoutError("the search box never took the focus")
        time.sleep(0.005)
    tab.keyboard.insert_text(query)


def weights(site: Path, browser, page: str = SERVICE_PAGE, query: str = QUERY) -> tuple[Step, Step]:
    """Bytes of a cold page view (until the network is idle), then of a first search up to its result."""
    server, base = serve_folder(site)
    try:
        context, tab = _browser_page(browser, base)
        requested: list[str] = []
        context.on("request", lambda r: requested.append(r.url))  # the search worker's requests too
        tab.goto(base + page, wait_until="networkidle")
        first_view = _step(site, base, requested)
        requested.clear()
        _search(tab, query)
        tab.wait_for_load_state("networkidle")
        first_search = _step(site, base, requested)
        context.close()
        return first_view, first_search
    finally:
        server.shutdown()


def to_first_result(site: Path, browser, page: str = SERVICE_PAGE, query: str = QUERY) -> dict:
    """Navigation -> first result on the mobile profile with 4x CPU, the search button tapped and the
    query committed as soon as the page is there (_tap_and_type), the site served compressed by
    nginx (bench/nginx_site.py). Timed by the page's own clock, from the start of navigation to the
    frame that first shows a result ("observed_s": when the bench saw it, up to 20 ms later).
    Nothing of Playwright's runs in the page or between it and the server while it is timed: its
    click, fill, waiting and request routing cost the 4x-throttled page 0.3-0.5 s in all (counted
    by this bench before 2026-12-07).
    Chromium throttles the page's CPU only, not the search worker's: the worker's busy
    time (sg-search.js keeps it) in a visit without network throttling (where its imports take no
    time) is its CPU time, and three more of it are added, as 4x would cost. The least of
    WORKER_VISITS such visits: on two cores the worker shares them with the browser's page, network
    and compositor, and a busy time read by the worker's clock counts the moments it waited for one
    (0.06-0.13 s for the same work)."""
    from bench.nginx_site import nginx_binary, start

    server = start(site, nginx_binary(), prefix="/")
    try:
        worker = min(_visit(browser, server.url, page, query, throttled=False)["worker_s"] for _ in range(WORKER_VISITS))
        visit = _visit(browser, server.url, page, query, throttled=True)
        return {"measured_s": visit["shown_s"], "observed_s": visit["seconds"], "worker_s": worker,
                "to_first_result_s": visit["shown_s"] + 3 * worker}
    finally:
        server.stop()


# The page's clock at the first frame after a result is in the list (a frame is painted, then the
# timer runs): milliseconds since navigation started
FIRST_RESULT_SHOWN = """new MutationObserver((changes, observer) => {
  if (!document.querySelector("li.md-search-result__item")) return
  observer.disconnect()
  requestAnimationFrame(() => setTimeout(() => { window.sgFirstResultShown = performance.now() }))
}).observe(document, { childList: true, subtree: true })"""


def _visit(browser, base: str, page: str, query: str, throttled: bool) -> dict:
    context, tab = _browser_page(browser, base, only_the_site=False)
    if throttled:
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", MOBILE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    tab.add_init_script(FIRST_RESULT_SHOWN)
    start = time.perf_counter()
    tab.goto(base + page, wait_until="domcontentloaded")
    _tap_and_type(tab, query)
    # Looked for from here, briefly every 20 ms: Playwright's own waiting (wait_for_selector) runs
    # its script in the page every frame, taking the throttled page's time from the search itself;
    # wait_for_function evaluates a string, which the site's Content-Security-Policy refuses.
    deadline = time.monotonic() + 300
    while not tab.evaluate("() => window.sgFirstResultShown !== undefined"):  # a frame after it is shown
        if time.monotonic() > deadline:
            raise TimeoutError("no search result within 300 s")
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    shown = tab.evaluate("window.sgFirstResultShown") / 1000
    worker = tab.evaluate("""() => new Promise(done => {
        const w = window.sgSearchWorker
        if (!w) return done(0)
        w.addEventListener("message", e => e.data && e.data.type === "sg-busy" && done(e.data.seconds))
        w.postMessage({ type: "sg-busy" })
    })""")
    context.close()
    return {"seconds": seconds, "shown_s": shown, "worker_s": worker}


def _step(site: Path, base: str, urls: list[str]) -> Step:
    step = Step()
    for url in urls:
        if url.startswith(base):
            path = unquote(urlparse(url).path).lstrip("/")
            step.files[path] = sent_size(site, path)
    return step
