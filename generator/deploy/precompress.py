"""A .gz beside every text file of the built site, so nginx (gzip_static) sends it as it is: the
best compression, paid once at build time instead of on every request."""
from __future__ import annotations

import gzip
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.output import write_file

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".atom",
                           ".webmanifest", ".map"})
CHUNK = 200  # files per task: enough to keep a helper busy, few enough to spread 20,000 pages


def text_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def _compress(paths: list[str]) -> int:
    """Write path.gz for each path; the bytes saved (a .gz no smaller than its file is not written)."""
    saved = 0
    for path in paths:
        data = Path(path).read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)  # mtime 0: the same site, the same bytes
        if len(packed) < len(data):
            write_file(Path(path + ".gz"), packed)
            saved += len(data) - len(packed)
    return saved


def precompress(site_dir: Path) -> tuple[int, int]:
    """(files compressed, bytes saved) for every text file under `site_dir`."""
    paths = [str(p) for p in text_files(site_dir)]
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if len(chunks) <= 1:
        return len(paths), sum(map(_compress, chunks))
    with ProcessPoolExecutor(max_workers=min(len(chunks), os.cpu_count() or 1)) as pool:
        return len(paths), sum(pool.map(_compress, chunks))
