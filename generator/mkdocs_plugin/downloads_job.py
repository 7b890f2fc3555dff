"""The downloads (data/: JSON, CSV, Excel, the feed) made in a second process while MkDocs writes
the pages: MkDocs uses one core, and at city scale the downloads take seconds of their own.

MkDocs knows each download as a file already in place (links to it resolve, nothing is copied);
the job writes them into the site folder and the plugin waits for it before the site is published.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from generator.exports import data_files
from generator.output import write_files


class WrittenElsewhere(File):
    """A site file another process writes: known to MkDocs, never copied by it."""

    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _write(catalogue, site_url: str, updated: dict, site_name: str, site_dir: str) -> None:
    try:
        write_files(Path(site_dir), data_files(catalogue, site_url, updated, site_name))
    except Exception as exc:  # reported by the parent as a build error, without a traceback
        print(f"下载文件生成失败：{exc}", file=sys.stderr)
        os._exit(1)


class DownloadsJob:
    def __init__(self, catalogue, site_url: str, updated: dict, site_name: str, config):
        # fork: the child shares the loaded catalogue instead of pickling it
        self.process = multiprocessing.get_context("fork").Process(
            target=_write, args=(catalogue, site_url, updated, site_name, config.site_dir), daemon=True)
        self.process.start()

    @staticmethod
    def files(paths, config) -> list[File]:
        return [WrittenElsewhere(path, config.site_dir, config.site_dir, config.use_directory_urls,
                                 inclusion=InclusionLevel.NOT_IN_NAV) for path in paths]

    def finish(self) -> bool:
        """Wait for the job; whether it wrote everything."""
        self.process.join()
        return self.process.exitcode == 0

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
