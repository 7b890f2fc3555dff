"""Benchmark: from one township to a district (100 -> 5,000 services). Prints a table; changes nothing
in the repository (work happens under bench/out/, git-ignored).

    make bench                                   # sizes 100, 1000, 5000, 10000; 3 runs each (median)
    .venv/bin/python bench/run.py --sizes 100 1000 --runs 3

Figures, per size:
- core: load + validate + derive + render to Markdown (no MkDocs), total and per service, in a fresh
  process; "cold" is the first build, before QR codes are cached
- build: `mkdocs build` with the plugin, wall time and peak memory (RSS of the build process)
- plain: the same pages written out by the CLI and built by MkDocs without the plugin; the ratio
  build / plain is the generator's true overhead
- zensical: Zensical (the package index's version, in bench/out/zensical-venv) building that same
  folder, its cache cleaned each run
- sizes: site/, a typical service page's HTML, the search index's pieces (raw MB, how many files)
  and search_index.json gzipped (what a first search loads before the pieces it needs)
- preview: `mkdocs serve --dirty` (make serve) with the whole catalogue, median over 5 saves of
  seconds from saving one YAML file to the updated page being served, and to the search index
  holding the new word; "rename": median over 3 saves that rename a service, which every page
  listing it (office, theme, indexes, other offices' pages) shows
- full serve: the same with plain `mkdocs serve` (every save rebuilds everything), for the whole
  catalogue and for a preview limited to one office (SERVICE_GUIDE_OFFICES)
- phone (bench/phone.py): a service page's first view and first search in KB as nginx sends them
  (the .gz files), navigation -> first result shown on Lighthouse's mobile network profile with 4x
  CPU, the search button tapped and the query committed as an input method does, by the page's
  clock (the worker's busy time counted four times: Chromium does not throttle workers;
  results.json also keeps the time the bench saw it, to_result_observed_s), the largest
  page's DOM nodes and the largest HTML file; Lighthouse's mobile performance score (bench/lighthouse.py)
  of the home page, a service page and the materials and legal indexes, served by nginx
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
sys.path.insert(0, str(ROOT))
from bench.serving import fetch, free_port, serve_folder, wait_for  # noqa: E402
from bench.synth import make_catalogue  # noqa: E402
from generator.catalogue.ids import is_office_page_name  # noqa: E402

CORE = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from generator.catalogue.load import load_catalogue
from generator.website.render import RenderOptions, render_site
from generator.search.entries import query_help, search_entries
t1 = time.perf_counter()
catalogue = load_catalogue(Path(sys.argv[1]))
t2 = time.perf_counter()
search_entries(catalogue); query_help(catalogue)
pages = render_site(catalogue, RenderOptions(site_url="https://banshi.example.cn/", qr_cache=Path(sys.argv[2])))
t3 = time.perf_counter()
print(json.dumps({"load": t2 - t1, "render": t3 - t2, "services": len(catalogue.services), "pages": len(pages)}))
"""


def run_measured(cmd: list[str], cwd: Path, env=None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one command."""
    with tempfile.TemporaryFile() as log:  # a pipe would fill up with MkDocs' log and block it
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{log.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def prepare(n: int) -> Path:
    work = OUT / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    make_catalogue(work, n, seed=1)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    if (work / "overrides").exists():
        shutil.rmtree(work / "overrides")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    # the plain twin: the same pages as files, the same site without the plugin
    plain_docs = work / "plain_docs"
    if plain_docs.exists():
        shutil.rmtree(plain_docs)
    subprocess.run([PY, "-m", "generator", "--content", str(work / "content"), "render", str(plain_docs),
                    "--site-url", "https://banshi.example.cn/", "--templates", str(work / "overrides/pages")],
                   check=True, env=ENV, stdout=subprocess.DEVNULL)
    shutil.copytree(work / "content/pages", plain_docs, dirs_exist_ok=True)
    config = (work / "mkdocs.yml").read_text("utf-8")
    config = config.replace("docs_dir: content/pages", "docs_dir: plain_docs")
    start = config.index("  - service-guide:")
    end = config.index("\nmarkdown_extensions")
    (work / "mkdocs-plain.yml").write_text(config[:start] + config[end:], "utf-8")
    return work


def measure_core(work: Path, runs: int) -> dict:
    """A fresh process each run. The first run starts without the QR-code cache (a first build);
    the median is over the runs after it, with the cache as every later build and preview has it."""
    cache = work / "core-qr-cache.json"
    cache.unlink(missing_ok=True)
    results = []
    for _ in range(runs + 1):
        out = subprocess.run([PY, "-c", CORE, str(work / "content"), str(cache)], cwd=ROOT, env=ENV,
                             capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    cold, warm = results[0], results[1:]
    total = statistics.median(r["load"] + r["render"] for r in warm)
    services = cold["services"]
    return {"core_s": total, "core_ms_per_service": total * 1000 / services,
            "core_cold_ms_per_service": (cold["load"] + cold["render"]) * 1000 / services,
            "load_s": statistics.median(r["load"] for r in warm),
            "render_s": statistics.median(r["render"] for r in warm), "services": services}


def measure_builds(work: Path, runs: int) -> dict:
    plugin, plain, memory = [], [], []
    for _ in range(runs):
        seconds, rss = run_measured([PY, "-m", "mkdocs", "build", "--strict", "-d", str(work / "site")], work)
        plugin.append(seconds)
        memory.append(rss)
        seconds, _ = run_measured([PY, "-m", "mkdocs", "build", "-f", "mkdocs-plain.yml", "-d",
                                   str(work / "site-plain")], work)
        plain.append(seconds)
    site = work / "site"
    service_pages = sorted(p.stat().st_size for p in site.glob("offices/*/*/index.html") if not is_office_page_name(p.parent.name))
    index = (site / "search/search_index.json").read_bytes()  # what a first search loads before its pieces
    pieces = [p for p in (site / "search").glob("*/*.json")]
    return {
        "build_s": statistics.median(plugin), "plain_s": statistics.median(plain),
        "ratio": statistics.median(plugin) / statistics.median(plain), "peak_mb": max(memory),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20,
        "page_kb": statistics.median(service_pages) / 1024,
        "index_mb": sum(p.stat().st_size for p in pieces) / 2**20, "pieces": len(pieces),
        "index_json_kb": len(gzip.compress(index, 9)) / 1024,
        **download_sizes(site),
    }


ZENSICAL_VENV = OUT / "zensical-venv"


def zensical() -> Path:
    """Zensical, as the package index serves it, in a venv of its own (its Markdown and pymdown
    versions are not the project's)."""
    binary = ZENSICAL_VENV / "bin" / "zensical"
    if not binary.exists():
        print("   installing Zensical into bench/out/zensical-venv", flush=True)
        subprocess.run(["python3", "-m", "venv", str(ZENSICAL_VENV)], check=True)
        subprocess.run([str(ZENSICAL_VENV / "bin" / "pip"), "install", "--quiet", "zensical"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return binary


def measure_zensical(work: Path, runs: int) -> dict:
    """Zensical building the folder `service-guide render` wrote (the plain twin), cache cleaned."""
    config = (work / "mkdocs-plain.yml").read_text("utf-8")
    (work / "mkdocs-zensical.yml").write_text(
        config.replace("docs_dir: plain_docs", "docs_dir: plain_docs\nsite_dir: site-zensical"), "utf-8")
    binary = zensical()
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    times = [run_measured([str(binary), "build", "-f", "mkdocs-zensical.yml", "-c"], work)[0] for _ in range(runs)]
    pages = sum(1 for _ in (work / "site-zensical").rglob("*.html"))
    return {"zensical_s": statistics.median(times), "zensical_pages": pages, "zensical_version": version}


def download_sizes(site: Path) -> dict:
    """Bytes of the downloads (data/), in KB."""
    files = {"json_kb": "catalogue.json", "csv_kb": "services.csv", "xlsx_kb": "services.xlsx", "atom_kb": "changes.atom"}
    return {key: (site / "data" / name).stat().st_size / 1024 for key, name in files.items()}


def _add_alias(text: str, marker: str) -> str:
    return text + f"aliases: [{marker}]\n"


def _rename(text: str, marker: str) -> str:
    """The service's name gets the marker: every page that lists the service changes."""
    head, sep, rest = text.partition("\nname: ")
    return head + sep + rest.replace("\n", f"{marker}\n", 1)


EDITS = {"alias": _add_alias, "rename": _rename}


def measure_serve(work: Path, office: str | None, dirty: bool = False, saves: int = 1,
                  timeout: float = 900, edit: str = "alias") -> tuple[float, float]:
    """Median seconds from saving a YAML file to the changed page being served, and to the search
    index holding the new word, over `saves` saves (each a new word in another service; `edit`:
    a new alias, or a renamed service)."""
    port = free_port()
    env = dict(ENV, SERVICE_GUIDE_OFFICES=office or "")
    command = [PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    server = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    targets = sorted(p for p in (work / "content/offices/office-001").glob("*.yml") if p.name != "office.yml")[:saves]
    originals = {t: t.read_text("utf-8") for t in targets}
    index = f"http://127.0.0.1:{port}/search/search_index.json"
    page_times, index_times = [], []
    try:
        deadline = time.monotonic() + timeout
        first = f"http://127.0.0.1:{port}/offices/office-001/{targets[0].stem}/"
        while "sg-facts" not in fetch(first, timeout=2):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("serve did not come up")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle
        for n, target in enumerate(targets):
            marker = f"sgbench{int(time.time())}x{n}"
            url = f"http://127.0.0.1:{port}/offices/office-001/{target.stem}/"
            start = time.monotonic()
            target.write_text(EDITS[edit](originals[target], marker), "utf-8")
            if wait_for(url, marker, timeout) is None:
                raise RuntimeError("edit never showed up")
            page_times.append(time.monotonic() - start)
            if wait_for(index, marker, timeout) is None:
                raise RuntimeError("edit never reached the search index")
            index_times.append(time.monotonic() - start)
            time.sleep(1)
        return statistics.median(page_times), statistics.median(index_times)
    finally:
        for target, text in originals.items():
            target.write_text(text, "utf-8")
        server.terminate()
        server.wait(timeout=30)


def measure_lighthouse(site: Path, service_page: str) -> dict:
    """Lighthouse mobile performance of the home page, a service page and the materials and legal
    indexes, served compressed by nginx."""
    from bench import lighthouse

    missing = lighthouse.available()
    if missing:
        print(f"   Lighthouse skipped: {missing}", flush=True)
        return {}
    pages = {"lh_home": "", "lh_service": service_page, "lh_materials": "materials/", "lh_legal": "legal/"}
    return lighthouse.scores(site, pages)


def measure_phone(work: Path, runs: int) -> dict:
    """What a phone fetches and waits for (bench/phone.py): a service page's first view and first
    search in bytes as nginx sends them, navigation -> first result on the mobile profile with 4x
    CPU (median of `runs`), and the heaviest pages: the largest HTML files, their DOM nodes counted
    in Chromium."""
    from playwright.sync_api import sync_playwright

    from bench.phone import ARGS, to_first_result, weights

    site = work / "site"
    page = next(p for p in sorted(site.glob("offices/office-001/*/index.html"))
                if not is_office_page_name(p.parent.name)).parent.relative_to(site).as_posix() + "/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        first_view, first_search = weights(site, browser, page)
        timings = [to_first_result(site, browser, page) for _ in range(runs)]
        heaviest = sorted(site.rglob("*.html"), key=lambda f: f.stat().st_size, reverse=True)[:6]
        server, base = serve_folder(site)
        tab = browser.new_page()
        nodes = {}
        for html in heaviest:
            tab.goto(base + html.parent.relative_to(site).as_posix() + "/", wait_until="load", timeout=120_000)
            nodes[html] = tab.evaluate("document.getElementsByTagName('*').length")
        server.shutdown()
        browser.close()
    largest = max(nodes, key=nodes.get)
    return {**measure_lighthouse(site, page),"first_view_kb": first_view.total / 1024, "first_search_kb": first_search.total / 1024,
            "to_result_s": statistics.median(t["to_first_result_s"] for t in timings),
            "to_result_observed_s": statistics.median(t["observed_s"] for t in timings),
            "worker_s": statistics.median(t["worker_s"] for t in timings),
            "max_nodes": nodes[largest], "max_nodes_page": largest.parent.relative_to(site).as_posix(),
            "max_html_kb": heaviest[0].stat().st_size / 1024,
            "max_html_page": heaviest[0].parent.relative_to(site).as_posix()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], choices=["builds", "zensical", "serve", "phone"])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        print(f"== {n} services: preparing", flush=True)
        work = prepare(n)
        row = {"size": n, **measure_core(work, args.runs)}
        print(f"   core {row['core_s']:.2f} s", flush=True)
        if "builds" not in args.skip:
            row.update(measure_builds(work, args.runs))
            print(f"   build {row['build_s']:.1f} s, plain {row['plain_s']:.1f} s", flush=True)
        if "zensical" not in args.skip:
            row.update(measure_zensical(work, args.runs))
            if "plain_s" in row:
                row["zensical_ratio"] = row["zensical_s"] / row["plain_s"]
            print(f"   zensical {row['zensical_s']:.1f} s ({row['zensical_version']}, {row['zensical_pages']} pages)",
                  flush=True)
        if "serve" not in args.skip:
            row["preview_s"], row["preview_index_s"] = measure_serve(work, None, dirty=True, saves=5)
            print(f"   incremental preview {row['preview_s']:.2f} s (search index {row['preview_index_s']:.2f} s)",
                  flush=True)
            row["preview_rename_s"], _ = measure_serve(work, None, dirty=True, saves=3, edit="rename")
            print(f"   incremental preview of a renamed service {row['preview_rename_s']:.2f} s", flush=True)
            row["serve_s"], _ = measure_serve(work, None)
            row["serve_office_s"], _ = measure_serve(work, "office-001")
            print(f"   full-rebuild serve {row['serve_s']:.1f} s, one office {row['serve_office_s']:.1f} s", flush=True)
        if "phone" not in args.skip and (work / "site").exists():
            row.update(measure_phone(work, args.runs))
            print(f"   phone: first view {row['first_view_kb']:.0f} KB, first search {row['first_search_kb']:.0f} KB, "
                  f"to first result {row['to_result_s']:.2f} s; largest page {row['max_nodes']} nodes "
                  f"({row['max_nodes_page']}), {row['max_html_kb']:.0f} KB ({row['max_html_page']})", flush=True)
        rows.append(row)
        (OUT / "results.json").write_text(json.dumps(rows, indent=2), "utf-8")
    print_table(rows)
    return 0


COLUMNS = [
    ("services", "services", "{:.0f}"), ("core_s", "core s", "{:.2f}"), ("core_ms_per_service", "ms/svc", "{:.2f}"),
    ("core_cold_ms_per_service", "cold ms/svc", "{:.2f}"),
    ("build_s", "build s", "{:.1f}"), ("plain_s", "plain s", "{:.1f}"), ("ratio", "ratio", "{:.3f}"),
    ("zensical_s", "zensical s", "{:.1f}"), ("zensical_ratio", "zensical/plain", "{:.3f}"),
    ("peak_mb", "peak MB", "{:.0f}"), ("site_mb", "site MB", "{:.1f}"), ("page_kb", "page KB", "{:.1f}"),
    ("index_mb", "index MB", "{:.2f}"), ("pieces", "pieces", "{:.0f}"), ("index_json_kb", "index.json gz KB", "{:.0f}"),
    ("preview_s", "preview s", "{:.2f}"), ("preview_index_s", "preview+index s", "{:.2f}"),
    ("preview_rename_s", "rename s", "{:.2f}"), ("serve_s", "full serve s", "{:.1f}"),
    ("json_kb", "json KB", "{:.0f}"), ("csv_kb", "csv KB", "{:.0f}"), ("xlsx_kb", "xlsx KB", "{:.0f}"),
    ("atom_kb", "atom KB", "{:.0f}"),
    ("serve_office_s", "1-office s", "{:.1f}"),
    ("first_view_kb", "1st view KB", "{:.0f}"), ("first_search_kb", "1st search KB", "{:.0f}"),
    ("to_result_s", "to result s", "{:.2f}"), ("worker_s", "worker s", "{:.2f}"),
    ("max_nodes", "max DOM nodes", "{:.0f}"), ("max_html_kb", "max HTML KB", "{:.0f}"),
    ("lh_home", "LH home", "{:.0f}"), ("lh_service", "LH service", "{:.0f}"), ("lh_materials", "LH materials", "{:.0f}"),
    ("lh_legal", "LH legal", "{:.0f}"),
]


def print_table(rows: list[dict]) -> None:
    header = " | ".join(title for _, title, _ in COLUMNS)
    print("\n| " + header + " |")
    print("|" + "|".join("---:" for _ in COLUMNS) + "|")
    for row in rows:
        cells = [fmt.format(row[key]) if key in row else "—" for key, _, fmt in COLUMNS]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
