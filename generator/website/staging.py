"""Write a whole output folder beside its target, then swap it in: a failed or killed run never
leaves the target empty or half-written (a published site must not be emptied by a typo)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_INFIX = ".staging-"


def new_staging(target: Path) -> Path:
    """An empty folder next to `target` (same file system, so the swap is a rename)."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    discard_stale(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_INFIX}", dir=target.parent))


def discard_stale(target: Path) -> None:
    """Staging folders a killed run left behind, found by their name next to the target."""
    for stale in Path(target).absolute().parent.glob(f".{Path(target).name}{STAGING_INFIX}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by the finished `staging` folder; the old one is removed only afterwards."""
    target = Path(target).absolute()
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old)
    else:
        os.replace(staging, target)
