"""When each content file last changed: the git commit date, or the file's own date if it has
uncommitted edits (or git is unavailable)."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed(content_dir: Path) -> dict[str, str]:
    """{"content/offices/x/y.yml": "2026-11-22"} for every YAML file under content_dir."""
    content_dir = Path(content_dir)
    prefix = content_dir.name + "/"
    dates: dict[str, str] = {}
    try:
        log = subprocess.run(["git", "-C", str(content_dir), "log", "--format=@%cs", "--name-only", "--relative",
                              "--", "."], capture_output=True, text=True, timeout=60, check=True).stdout
        # porcelain paths are relative to the repository's top, not to content_dir
        dirty = subprocess.run(["git", "-C", str(content_dir), "status", "--porcelain", "--", "."],
                               capture_output=True, text=True, timeout=60, check=True).stdout
        top_prefix = subprocess.run(["git", "-C", str(content_dir), "rev-parse", "--show-prefix"],
                                    capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        log, dirty, top_prefix = "", "", ""
    date = ""
    for line in log.splitlines():
        if line.startswith("@"):
            date = line[1:]
        elif line.strip():
            dates.setdefault(prefix + line.strip(), date)  # newest commit comes first
    edited = {prefix + line[3:].strip().strip('"').removeprefix(top_prefix)
              for line in dirty.splitlines() if len(line) > 3}
    for path in content_dir.rglob("*.yml"):
        key = prefix + path.relative_to(content_dir).as_posix()
        if key in edited or key not in dates:
            dates[key] = file_date(path)
    return dates


def file_date(path: Path) -> str:
    """The date of a file's last modification, as an edited, uncommitted file is dated."""
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
