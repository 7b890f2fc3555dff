"""Every file the project writes goes through here, so none is ever left half-written.

A file is written beside its target and renamed over it (a reader sees the old file or the new one,
never a part). A folder (the site, `render`'s output) is built beside its target and swapped in at
the very end: a failed or killed run never leaves the target empty or half-written (a published site
must not be emptied by a typo). Used by render, the MkDocs build, the preview, the downloads and the
importer.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

STAGING_INFIX = ".staging-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# tempfile makes private files (0600) and folders (0700); what is written here is published, and a
# web server's workers (www-data) must read it: the modes a plain open() or mkdir() would give
FILE_MODE, FOLDER_MODE = 0o666 & ~_umask(), 0o777 & ~_umask()


def write_file(path: Path, data: str | bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` whole with `data` (text as UTF-8), making its folder when needed; `mode` 0o600
    keeps a secret from other users from its first byte."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.fchmod(handle.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(root: Path, files: dict[str, str | bytes], each_whole: bool = True) -> None:
    """`files` ({path below root: content}), each written whole; in a staged folder, which is
    swapped in whole, `each_whole=False` writes them straight (thousands of pages, no renames)."""
    for rel, data in files.items():
        if each_whole:
            write_file(Path(root) / rel, data)
        else:
            target = Path(root) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def staged(target: Path):
    """A new folder beside `target` to fill: swapped in for it when the block ends, discarded if
    the block fails, so `target` is the old folder or the finished new one."""
    staging = new_staging(target)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise
    swap_in(staging, target)


def new_staging(target: Path) -> Path:
    """An empty folder next to `target` (same file system, so the swap is a rename)."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    discard_stale(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_INFIX}", dir=target.parent))
    staging.chmod(FOLDER_MODE)
    return staging


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
