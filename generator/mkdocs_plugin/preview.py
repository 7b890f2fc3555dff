"""`mkdocs serve --dirty` for a whole catalogue: after a save, only what the edit feeds is rebuilt.

MkDocs rebuilds a page in a dirty build only when its source file is newer than its HTML, and a
page made in memory always counts as new. So while previewing, every page's Markdown lives in a
cache folder, rewritten only when its text changed: a reload of the catalogue reads only the
changed YAML (LoadCache), renders only the pages the edit feeds (incremental.py), and MkDocs
turns into HTML only those whose Markdown differs. A dirty build hands the search plugin only the
pages it rebuilt, so the whole search index is kept here, page by page, and written complete.
Pages that are gone are removed from the cache, the site and the index.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from generator.catalogue.load import LoadCache, load_catalogue
from generator.catalogue.model import Catalogue
from generator.exports import data_files, data_paths
from generator.mkdocs_plugin.downloads_job import DownloadsJob
from generator.mkdocs_plugin.page_sources import in_memory
from generator.output import write_file
from generator.search.entries import SearchEntry, search_entries
from generator.website import urls
from generator.website.gitdates import file_date, last_changed
from generator.website.incremental import changed_services, pages_fed_by
from generator.website.pages import page_paths
from generator.website.render import PACKAGE_TEMPLATES, RenderOptions, render_site

log = logging.getLogger("mkdocs.plugins.service_guide")


def page_url_of(file: File) -> str:
    """The URL a page reports (page.url, search locations): the site's root is "", not "./"."""
    return "" if file.url == "./" else file.url


@dataclass
class IncrementalPreview:
    cache_dir: Path
    load_cache: LoadCache = field(default_factory=LoadCache)
    catalogue: Catalogue | None = None
    markdown: dict[str, str] = field(default_factory=dict)      # page path -> its Markdown
    in_nav: dict[str, bool] = field(default_factory=dict)
    entries: dict[str, SearchEntry] = field(default_factory=dict)  # service page URL -> keywords
    index_docs: dict[str, list] = field(default_factory=dict)    # page URL -> its search documents
    order: list[str] = field(default_factory=list)              # page URLs in build order
    built: set[str] = field(default_factory=set)                 # page URLs MkDocs built this round
    removed: list[str] = field(default_factory=list)            # page paths gone since the last round
    fresh: list[dict] = field(default_factory=list)              # this round's search documents
    rendered: int = 0
    rewritten: int = 0                                            # pages whose Markdown changed this round
    theme_stamp: int | None = None
    updated: dict[str, str] = field(default_factory=dict)       # service source -> date
    everything: bool = False                                     # this round re-renders every page
    job = None                                                   # no downloads job: made once, in memory

    def __post_init__(self):
        shutil.rmtree(self.cache_dir, ignore_errors=True)  # a new preview starts from nothing
        self.cache_dir.mkdir(parents=True)

    # What the plugin asks of a page source (page_sources.py)

    @property
    def search_entries(self) -> dict[str, SearchEntry]:
        return self.entries

    def load(self, content_dir: Path, offices, max_file_mb: float) -> Catalogue:
        return load_catalogue(content_dir, offices=offices, cache=self.load_cache, max_file_mb=max_file_mb)

    def dates(self, content_dir: Path, catalogue: Catalogue) -> dict[str, str]:
        """git's dates on the first round; then a saved file is dated as an edited, uncommitted one."""
        if self.catalogue is None:
            self.updated = last_changed(content_dir)
        else:
            for _, after in changed_services(self.catalogue, catalogue):
                if after is not None and (content_dir.parent / after.source).exists():
                    self.updated[after.source] = file_date(content_dir.parent / after.source)
        return self.updated

    def page_files(self, catalogue: Catalogue, options: RenderOptions, config) -> list[File]:
        self.everything = self.theme_changed([options.templates_dir, PACKAGE_TEMPLATES, config.theme.custom_dir])
        self.first_round = self.catalogue is None
        self.update(catalogue, options, everything=self.everything)
        return self.files(config)

    def download_files(self, catalogue: Catalogue, options: RenderOptions, config) -> list[File]:
        """Made once (a dirty build keeps them in the site, and they cost seconds at city scale);
        later rounds name them, so links resolve, without writing them again."""
        if self.first_round:
            return [in_memory(config, path, data) for path, data in
                    data_files(catalogue, options.site_url, options.updated, config.site_name).items()]
        return DownloadsJob.files(data_paths(catalogue), config)

    def settle(self, files, config) -> None:
        self.order = [page_url_of(f) for f in files.documentation_pages()]
        if self.everything:  # hand-written pages too: without their old HTML, MkDocs rebuilds them
            for f in files.documentation_pages():
                if not Path(f.abs_src_path).is_relative_to(self.cache_dir):
                    Path(f.abs_dest_path).unlink(missing_ok=True)
        if not self.first_round:
            log.info("增量预览：重新生成 %d 个页面的 Markdown", self.rendered)

    def page_built(self, url: str) -> None:
        self.built.add(url)

    def take_search_documents(self, entries: list[dict]) -> None:
        self.fresh = entries

    def search_documents(self, index: dict, config) -> list[dict]:
        """The dirty build indexed only the pages it rebuilt: the kept documents for the rest."""
        self.remove_gone(config)
        return self.search_docs()

    def finish(self) -> bool:
        return True

    def cancel(self) -> None:
        pass

    # The preview's own work

    def update(self, catalogue: Catalogue, options: RenderOptions, everything: bool = False) -> None:
        """Render what `catalogue` changes since the last round; write the Markdown that differs.
        `everything`: a template or the theme changed, so every page is rendered and rebuilt."""
        only = None if self.catalogue is None or everything else pages_fed_by(self.catalogue, catalogue)
        pages = render_site(catalogue, options, only=only)
        self.rendered = len(pages)
        paths = page_paths(catalogue)
        for gone in set(self.markdown) - set(paths):
            del self.markdown[gone]
            (self.cache_dir / gone).unlink(missing_ok=True)
            self.removed.append(gone)
        self.rewritten = 0
        for page in pages:
            self.in_nav[page.path] = page.in_nav
            if self.markdown.get(page.path) != page.markdown:
                self.markdown[page.path] = page.markdown
                write_file(self.cache_dir / page.path, page.markdown)
                self.rewritten += 1
        if only is None:
            self.entries = search_entries(catalogue)
        else:  # keywords of the services that changed; the rest as they were
            fresh = [after for _, after in changed_services(self.catalogue, catalogue) if after is not None]
            now = {urls.page_url(urls.service(s.office_id, s.id)) for s in catalogue.services}
            self.entries = {url: e for url, e in self.entries.items() if url in now} | search_entries(catalogue, fresh)
        self.paths = paths
        self.catalogue = catalogue
        if everything:  # newer than every built page: MkDocs rebuilds them all
            for path in paths:
                os.utime(self.cache_dir / path)
            self.rewritten = len(paths)

    def theme_changed(self, folders) -> bool:
        """Whether a page template or theme file changed since the last round (not on the first)."""
        stamp = max((f.stat().st_mtime_ns for folder in folders if folder and Path(folder).is_dir()
                     for f in Path(folder).rglob("*") if f.is_file()), default=0)
        changed = self.theme_stamp is not None and stamp != self.theme_stamp
        self.theme_stamp = stamp
        return changed

    def files(self, config) -> list[File]:
        """A File for every page, read from the cache folder."""
        made = []
        for path in self.paths:
            inclusion = InclusionLevel.INCLUDED if self.in_nav.get(path) else InclusionLevel.NOT_IN_NAV
            made.append(File(path, str(self.cache_dir), config.site_dir, config.use_directory_urls, inclusion=inclusion))
        return made

    def remove_gone(self, config) -> list[str]:
        """Delete the built pages of pages that no longer exist; their URLs."""
        urls = []
        for path in self.removed:
            gone = File(path, str(self.cache_dir), config.site_dir, config.use_directory_urls)
            Path(gone.abs_dest_path).unlink(missing_ok=True)
            self.index_docs.pop(page_url_of(gone), None)
            urls.append(page_url_of(gone))
        self.removed = []
        return urls

    def search_docs(self) -> list[dict]:
        """The whole index's documents: this round's for the pages it built, the kept ones for the rest."""
        by_page: dict[str, list] = {url: [] for url in self.built}
        for doc in self.fresh:
            page = doc["location"].split("#")[0]
            if page in by_page:
                by_page[page].append(doc)
        self.index_docs.update(by_page)
        self.built = set()
        return [doc for url in self.order for doc in self.index_docs.get(url, [])]
