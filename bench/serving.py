"""Local servers for the benchmark and the tests: a built folder served on a free port, and talking to
a local `mkdocs serve` (a fetch that never raises, waiting for text).

Shared by the benchmark (edit -> served latency, what a phone fetches) and the tests (browser tests,
the test that checks serve picks up edits).
"""
from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str:
    """The page's text, or "" while the server is down or rebuilding."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float = 30, interval: float = 0.1) -> float | None:
    """Seconds until `needle` appears on the page at `url`, or None after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if needle in fetch(url, timeout=2):
            return time.monotonic() - start
        time.sleep(interval)
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a page mid-response
            pass


def serve_folder(folder: Path):
    """(server, its URL) serving `folder` on a free loopback port until server.shutdown()."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"
