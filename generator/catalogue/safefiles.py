"""Read only what is a regular file of sane size: a FIFO named x.yml would block a read forever,
a folder named x.yml fails with an OS error, and a huge file from someone's e-mail would stall."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024


class UnreadableFile(Exception):
    """A path that is not a regular file, or too large; the message is Chinese and names it."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path` if it is a regular file (links followed) of at most `max_bytes`."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            why = "符号链接循环" if exc.errno == errno.ELOOP else "链接指向的文件不存在"
            raise UnreadableFile(f"是一个无法读取的链接（{why}）：请删除或改正") from None
        raise UnreadableFile(f"无法读取（{exc.strerror}）") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"是一个{_kind(info.st_mode)}，不是普通文件：请移走或改名") from None
    if info.st_size > max_bytes:
        raise UnreadableFile(f"太大（{info.st_size / MB:.1f} MB，最多 {max_bytes / MB:g} MB）：请检查是不是放错了文件")
    # O_NONBLOCK: should the file turn into a FIFO between stat and open, the read cannot hang
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read(max_bytes + 1)[: max_bytes + 1]
    except OSError as exc:
        raise UnreadableFile(f"无法读取（{exc.strerror}）") from None


def first_link(path: Path, root: Path) -> Path | None:
    """The first part of `path`, below `root`, that is a symbolic link; None when there is none.
    Published files are real files inside content/: a link could publish /etc/passwd, or a folder
    linked to its own parent a copy of the site within itself, forty levels deep."""
    path, root = Path(path), Path(root)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return path
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None
