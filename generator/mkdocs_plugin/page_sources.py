"""Where the plugin's pages come from in each kind of run, and the state each keeps.

`FullBuild` (`mkdocs build`, plain `mkdocs serve`) renders every page into memory each round;
`IncrementalPreview` (`mkdocs serve --dirty`, make serve) keeps the pages as Markdown in a cache
folder and re-renders only what an edit feeds (preview.py). The plugin asks either the same
questions: the catalogue, the page files, the downloads, the search documents.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from generator.catalogue.load import load_catalogue
from generator.exports import data_files, data_paths
from generator.mkdocs_plugin.downloads_job import DownloadsJob
from generator.search.entries import search_entries
from generator.website.gitdates import last_changed
from generator.website.render import render_site


def in_memory(config, path: str, content, in_nav: bool = False) -> File:
    return File.generated(config, path, content=content,
                          inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV)


class FullBuild:
    """Every page rendered into memory; the downloads written by a second process while MkDocs
    works (a build) or made in memory (a plain serve)."""

    def __init__(self, command: str):
        self.command = command
        self.job: DownloadsJob | None = None
        self.search_entries: dict = {}

    def load(self, content_dir: Path, offices, max_file_mb: float):
        return load_catalogue(content_dir, offices=offices, max_file_mb=max_file_mb)

    def dates(self, content_dir: Path, catalogue) -> dict[str, str]:
        return last_changed(content_dir)

    def page_files(self, catalogue, options, config) -> list[File]:
        self.search_entries = search_entries(catalogue)
        return [in_memory(config, page.path, page.markdown, page.in_nav) for page in render_site(catalogue, options)]

    def download_files(self, catalogue, options, config) -> list[File]:
        if self.command == "serve":
            return [in_memory(config, path, data) for path, data in
                    data_files(catalogue, options.site_url, options.updated, config.site_name).items()]
        self.job = DownloadsJob(catalogue, options.site_url, options.updated, config.site_name, config)
        return DownloadsJob.files(data_paths(catalogue), config)

    def settle(self, files, config) -> None:
        """Called once every file of the round is known."""

    def page_built(self, url: str) -> None:
        """Called for each page MkDocs builds."""

    def take_search_documents(self, entries: list[dict]) -> None:
        """Material's documents of the pages this round built, before it merges them."""

    def search_documents(self, index: dict, config) -> list[dict]:
        """The documents of the whole search index: Material's, as it indexed every page."""
        return index["docs"]

    def finish(self) -> bool:
        """Wait for the downloads job; whether everything was written."""
        job, self.job = self.job, None
        return job is None or job.finish()

    def cancel(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
