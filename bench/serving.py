"""Talking to a local `mkdocs serve`: a free port, a fetch that never raises, waiting for text.

Shared by the benchmark (edit -> served latency) and the test that checks serve picks up edits.
"""
from __future__ import annotations

import socket
import time
import urllib.request


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
