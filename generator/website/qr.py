"""QR codes (inline SVG) that lead a printed page back to its page online."""
from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import segno

from generator.output import write_file


def qr_svg(url: str) -> str:
    """An inline SVG of a QR code for `url`, sized by CSS; the URL is kept in a data attribute
    so tools can read back what the code says without an image decoder.

    A fixed mask pattern skips segno's evaluation of all eight (3.7 ms -> 0.8 ms a code); any mask
    is a valid QR code. QrCache keeps codes between builds.
    """
    code = segno.make(url, error="m", micro=False, mask=0)
    svg = code.svg_inline(scale=4, border=2, omitsize=True, title=f"二维码：{url}")
    return svg.replace("<svg ", f'<svg class="sg-qr" data-url="{html.escape(url, quote=True)}" role="img" ', 1)


def cache_file(folder: Path, site_url: str) -> Path:
    """The cache of one site address: a preview (whose codes point at 127.0.0.1) and a build keep
    separate caches, so neither throws away the other's codes."""
    return Path(folder) / f"qr-v2-{hashlib.sha1(site_url.encode('utf-8')).hexdigest()[:10]}.json"


class QrCache:
    """QR codes kept on disk between builds: page URLs are stable, so a code is made once.

    A JSON file {url: svg}. A build of every page drops the codes of URLs no longer built; a preview's
    round, which renders only the pages an edit feeds, keeps them all. `opened` reuses the codes a
    long-running preview already read (5,000 services: 12 MB) while the file is as it left it.
    """

    _opened: dict[Path, "QrCache"] = {}

    def __init__(self, path: Path | None):
        self.path = path
        self.codes: dict[str, str] = {}
        self.used: set[str] = set()
        self.changed = False
        self.stamp = _stamp(path)
        if self.stamp is not None:
            try:
                self.codes = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.codes = {}  # a damaged cache is rebuilt, never an error

    @classmethod
    def opened(cls, path: Path | None) -> "QrCache":
        kept = cls._opened.get(path) if path else None
        if kept is None or kept.stamp != _stamp(path):
            kept = cls(path)
            if path:
                cls._opened[path] = kept
        kept.used, kept.changed = set(), False
        return kept

    def svg(self, url: str) -> str:
        self.used.add(url)
        if url not in self.codes:
            self.codes[url] = qr_svg(url)
            self.changed = True
        return self.codes[url]

    def save(self, every_page: bool = True) -> None:
        """Write the codes made; `every_page`: this rendering made every page, so the codes of
        pages no longer built are dropped."""
        prune = every_page and self.used != self.codes.keys()
        if not self.path or not (self.changed or prune):
            return  # rewriting 15 MB of unchanged codes would cost every build of a large site
        if prune:
            self.codes = {url: self.codes[url] for url in sorted(self.used)}
        try:
            write_file(self.path, json.dumps(self.codes, ensure_ascii=False))
        except OSError:
            pass  # a read-only checkout builds without a cache
        self.stamp, self.changed = _stamp(self.path), False


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        stat = path.stat() if path else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat else None
