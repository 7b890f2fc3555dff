"""Report what a resident's phone downloads, per step: a cold view of a service page, then a first
search up to its result. Every file Chromium asks for (the search worker's too) is counted at the
size a web server sends it: the .gz the build wrote beside it, as nginx's gzip_static sends it.

Usage: .venv/bin/python scripts/weights.py [SITE_DIR] [PAGE]   (build first: make build)
Changes nothing. The data downloads (data/) are listed apart: a resident fetches them only on purpose.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.phone import ARGS, SERVICE_PAGE, sent_size, weights  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    page = sys.argv[2] if len(sys.argv) > 2 else SERVICE_PAGE
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        steps = weights(site, browser, page)
        browser.close()
    for title, step in zip(("first view of " + page, "first search, up to its result"), steps):
        print(f"\n{title}: {step.total / 1024:.1f} KB as sent")
        for path, size in sorted(step.files.items(), key=lambda kv: -kv[1]):
            print(f"  {size / 1024:8.1f}  {path}")
    print("\ndownloads (data/), fetched only on purpose:")
    for path in sorted((site / "data").rglob("*.*")):
        if path.suffix != ".gz":
            print(f"  {sent_size(site, path.relative_to(site).as_posix()) / 1024:8.1f}  {path.relative_to(site)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
