"""A .gz beside every text file of the built site, so nginx (gzip_static) sends it as it is: the
best compression, paid once at build time instead of on every request.

A build hands the theme's files and each page to `PagesCompressor` once MkDocs has written them, so
a helper process compresses them while MkDocs renders the next pages (its templates run on one
core); `precompress` then does the rest, leaving a file whose .gz was made from the very bytes it
now holds."""
from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
import queue
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.output import write_file

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".atom",
                           ".webmanifest", ".map"})
CHUNK = 200  # files per task: enough to keep a helper busy, few enough to spread 20,000 pages
BATCH = 25  # files handed over at once


def text_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _write_gz(path: str, data: bytes) -> int:
    """Write path.gz for `data` (a .gz no smaller than the file is not written); the bytes saved."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)  # mtime 0: the same site, the same bytes
    if len(packed) >= len(data):
        return 0
    write_file(Path(path + ".gz"), packed)
    return len(data) - len(packed)


def _compress(paths: list[tuple[str, str | None]]) -> int:
    """Write path.gz for each (path, digest of the bytes its .gz was made from, if one was); the
    bytes saved."""
    saved = 0
    for path, made_from in paths:
        data = Path(path).read_bytes()
        packed = Path(path + ".gz")
        if made_from is not None and made_from == _digest(data) and packed.exists():
            saved += len(data) - packed.stat().st_size
        else:
            saved += _write_gz(path, data)
    return saved


def _compress_batch(batch: list[str]) -> list[tuple[str, str]]:
    """Write each file's .gz; (path, digest of the bytes compressed) of each."""
    made = []
    for path in batch:
        try:
            data = Path(path).read_bytes()
        except OSError:  # not written after all: precompress sees to what is there in the end
            continue
        _write_gz(path, data)
        made.append((path, _digest(data)))
    return made


def _serve(tasks, results, stopping, parent: int) -> None:
    """The compressing process: batches until told to stop; those still queued then are left."""
    os.nice(10)  # spare cores only: MkDocs' process renders the pages and must not wait for a core
    made = []
    while True:
        try:
            batch = tasks.get(timeout=1)
        except queue.Empty:
            if os.getppid() != parent:  # the build was killed: nobody will ask
                return
            continue
        if batch is None:
            break
        if not stopping.value:
            made.extend(_compress_batch(batch))
    results.put(made)


class PagesCompressor:
    """Compresses files in a helper process as a build writes them (`add`), on a core MkDocs
    leaves idle; `made()` says from which bytes each .gz was made and leaves what is not done yet
    to `precompress`, which has every core by then.

    Started before the build loads the catalogue: a process forked from MkDocs' once it holds the
    site makes MkDocs copy each memory page it writes to afterwards (measured: its templates 1 s
    slower at 1,000 services), and a process started afresh needs the program to guard its main
    module."""

    def __init__(self):
        context = multiprocessing.get_context("fork")
        self.tasks = context.Queue()
        self.results = context.Queue()
        self.stopping = context.RawValue("b", 0)
        self.process = context.Process(target=_serve, args=(self.tasks, self.results, self.stopping, os.getpid()),
                                       daemon=True)
        self.process.start()
        self.batch: list[str] = []
        self.to_copy: list[str] = []
        self.being_written: str | None = None

    def will_copy(self, paths: list[str]) -> None:
        """Files MkDocs copies before its first template (the theme's, the content's)."""
        self.to_copy = list(paths)

    def copied(self) -> None:
        for path in self.to_copy:
            self.add(path)
        self.to_copy = []

    def writing(self, path: str) -> None:
        """MkDocs writes `path` next: the page before it is whole."""
        if self.being_written is not None:
            self.add(self.being_written)
        self.being_written = path

    def add(self, path: str) -> None:
        """A file written whole (the process reads it from disk, most likely from memory still)."""
        if Path(path).suffix not in TEXT_SUFFIXES:
            return
        self.batch.append(path)
        if len(self.batch) >= BATCH:
            self.tasks.put(self.batch)
            self.batch = []

    def made(self) -> dict[str, str]:
        """{path: digest of the bytes its .gz was made from} of the files done (the batch being
        compressed is waited for); {} if the process is gone."""
        self.stopping.value = 1
        self.tasks.put(None)
        try:
            while self.process.is_alive() or not self.results.empty():
                try:
                    return dict(self.results.get(timeout=1))
                except queue.Empty:
                    continue
            return {}
        finally:
            self.close()

    def close(self) -> None:
        self.stopping.value = 1
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        for channel in (self.tasks, self.results):
            channel.close()
            channel.cancel_join_thread()


def precompress(site_dir: Path, made: dict[str, str] | None = None) -> tuple[int, int]:
    """(files compressed or already, bytes saved) for every text file under `site_dir`; `made`:
    the .gz files already written (PagesCompressor.made()), kept where the file is unchanged."""
    made = made or {}
    paths = [(str(p), made.get(str(p))) for p in text_files(site_dir)]
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if len(chunks) <= 1:
        return len(paths), sum(map(_compress, chunks))
    with ProcessPoolExecutor(max_workers=min(len(chunks), os.cpu_count() or 1)) as pool:
        return len(paths), sum(pool.map(_compress, chunks))
