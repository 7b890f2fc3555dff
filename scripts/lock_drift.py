"""Which installed packages differ from requirements.lock: run by `make test-latest` with the venv
of the newest allowed versions, so a failing run says which release it was that drifted.

Usage: .venv-latest/bin/python scripts/lock_drift.py [requirements.lock]
"""
from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

PINNED = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def drift(lock_text: str) -> list[str]:
    locked = {canonical(name): version for name, version in PINNED.findall(lock_text)}
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    lines = []
    for name in sorted(locked.keys() | installed.keys()):
        old, new = locked.get(name), installed.get(name)
        if old != new and name not in ("pip", "service-guide"):
            lines.append(f"  {name}: {old or '（锁文件中没有）'} -> {new or '（未安装）'}")
    return lines


def main() -> None:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    lines = drift(lock.read_text(encoding="utf-8"))
    print(f"与 {lock} 不同的版本（{len(lines)} 个）：" if lines else f"所装版本与 {lock} 完全一致")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
