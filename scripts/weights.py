"""Report what a resident's phone downloads: a service page's HTML, CSS and JS, the search index, and the data downloads.

Usage: .venv/bin/python scripts/weights.py [SITE_DIR] [SERVICE_PAGE]
(build first: make build). Prints sizes raw and gzipped; changes nothing.
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    page = site / (sys.argv[2] if len(sys.argv) > 2 else "offices/yangjiabo/shiye-baoxianjin-shenling/index.html")
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    rows = [("service page HTML", page)] + [(a.split("/")[-1], (page.parent / a).resolve()) for a in assets]
    total_raw = total_gz = 0
    print(f"{'file':44} {'raw KB':>8} {'gzip KB':>8}")
    for name, path in rows:
        raw, gz = sizes(path)
        total_raw, total_gz = total_raw + raw, total_gz + gz
        print(f"{name:44} {raw / 1024:8.1f} {gz / 1024:8.1f}")
    print(f"{'page total (HTML + CSS + JS)':44} {total_raw / 1024:8.1f} {total_gz / 1024:8.1f}")
    raw, gz = sizes(site / "search" / "search_index.json")
    print(f"{'search index (loaded on first search)':44} {raw / 1024:8.1f} {gz / 1024:8.1f}")
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    lunr = sorted((site / "assets/javascripts/lunr/min").glob("lunr.*.min.js"))
    extra = [worker, site / "assets/javascripts/workers/sg-search.js"] + [p for p in lunr if "zh" in p.name or "stemmer" in p.name]
    raw = sum(sizes(p)[0] for p in extra)
    gz = sum(sizes(p)[1] for p in extra)
    print(f"{'search workers + lunr zh (on first search)':44} {raw / 1024:8.1f} {gz / 1024:8.1f}")
    for path in sorted((site / "data").rglob("*.*")):  # the downloads (data/)
        raw, gz = sizes(path)
        print(f"{'download ' + path.relative_to(site).as_posix():44} {raw / 1024:8.1f} {gz / 1024:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
