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


def _browser_page(browser, base: str):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    return context, tab


def _search(tab, query: str):
    tab.locator('label.md-header__button[for="__search"]').click()
    box = tab.locator('input[data-md-component="search-query"]')
    box.fill(query)
    box.press("End")
    tab.wait_for_selector("li.md-search-result__item", timeout=300_000)


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
    """Navigation -> first result on the mobile profile with 4x CPU, the query typed as soon as the
    page is there, the site served compressed by nginx (bench/nginx_site.py). Timed by the page's
    own clock, from the start of navigation to the frame that first shows a result: under 4x CPU,
    Playwright's polling for the result adds 0.15-0.3 s that no resident waits (kept as
    "observed_s"). Chromium throttles the page's CPU only, not the search worker's: the worker's busy
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
    context, tab = _browser_page(browser, base)
    if throttled:
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", MOBILE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    tab.add_init_script(FIRST_RESULT_SHOWN)
    start = time.perf_counter()
    tab.goto(base + page, wait_until="domcontentloaded")
    _search(tab, query)
    seconds = time.perf_counter() - start
    tab.wait_for_function("window.sgFirstResultShown !== undefined")
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
