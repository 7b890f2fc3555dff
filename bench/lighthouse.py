"""Lighthouse's mobile performance score of some pages of a built site, served compressed by nginx
as a district's portal serves it (bench/nginx_site.py). Lighthouse comes from the npm registry at the
version bench/lighthouse/package-lock.json pins (make bench runs npm ci there; package.json pins the
two dependencies Lighthouse asks for as "latest", without which npm ci refuses the lock it wrote).
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.nginx_site import nginx_binary, start

BINARY = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"


def available() -> str:
    """"" when Lighthouse and nginx are there, else what is missing."""
    if not BINARY.exists():
        return "Lighthouse is not installed (make bench runs npm ci in bench/lighthouse)"
    return "" if nginx_binary() else "nginx is not installed (make system-deps)"


def scores(site: Path, pages: dict[str, str]) -> dict[str, float]:
    """{name: mobile performance score 0-100} for each {name: site-relative path}; Lighthouse's
    default mobile emulation (simulated Slow 4G, 4x CPU)."""
    server = start(site, nginx_binary(), prefix="/")
    results = {}
    try:
        with tempfile.TemporaryDirectory() as out:
            for name, path in pages.items():
                report = Path(out) / f"{name}.json"
                subprocess.run([str(BINARY), server.url + path, "--quiet", "--only-categories=performance",
                                f"--chrome-flags={FLAGS}", "--output=json", f"--output-path={report}"],
                               check=True, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
                results[name] = json.loads(report.read_text("utf-8"))["categories"]["performance"]["score"] * 100
    finally:
        server.stop()
    return results
