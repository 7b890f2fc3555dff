"""Markdown to HTML, and the page's search entries, on more than one core during `mkdocs build`.

MkDocs converts the pages one after another in one process, and Material's search plugin then cuts
each page into sections and segments their Chinese with jieba: at city scale that is most of the
build. Just before MkDocs reads the pages, a pool of forked processes starts on a share of them
(every other page with one helper): MkDocs' own Page.render, then Material's own indexing of the
result. When MkDocs reaches one of those pages it takes the helper's HTML, and when Material indexes
it, the helper's entries.

Nothing else changes: every plugin event still runs in MkDocs' process, in order. A helper's HTML is
used only when the Markdown it converted is the Markdown MkDocs has at that point, its entries only
when the HTML Material indexes is the HTML the helper indexed; the messages a conversion logs (a
broken link) are logged again in MkDocs' process, so `--strict` counts them. Anything unexpected
falls back to MkDocs' and Material's own work.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from dataclasses import dataclass, field
from functools import partial

from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.service_guide")
MIN_PAGES = 20  # below this a pool costs more than it saves
MAX_HELPERS = 4
HELPER_TIMEOUT = 300  # seconds for one page's turn; the slowest page of 10,000 services takes about 5

_build = None  # (config, files, search plugin) of the build, inherited by the forked helpers


def helper_count() -> int:
    """SERVICE_GUIDE_WORKERS, or one helper per spare core (0: convert in MkDocs' process only)."""
    setting = os.environ.get("SERVICE_GUIDE_WORKERS", "").strip()
    if setting.isdigit():
        return int(setting)
    return max(0, min(MAX_HELPERS, (os.cpu_count() or 1) - 1))


@dataclass
class Converted:
    src_uri: str
    markdown_digest: str = ""
    content: str = ""
    toc: object = None
    title: str | None = None
    anchors: set = field(default_factory=set)
    links_to_anchors: dict | None = None  # {target src_uri: {anchor: link}}
    messages: list = field(default_factory=list)  # (logger, level, text)
    search_entries: list | None = None  # Material's entries for the page, indexed from `content`
    failed: bool = False


def _digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest().hex()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


_collector = _Collect()


def _start_helper() -> None:
    # A helper prints nothing itself: what it logs goes back with the page and is logged by MkDocs.
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_collector)


def _convert(src_uri: str) -> Converted:
    """In a helper: the same steps as MkDocs' _populate_page, up to the HTML."""
    config, files, search = _build
    _collector.records = []
    try:
        file = files.get_file_from_path(src_uri)
        page = file.page or Page(None, file, config)
        config._current_page = page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        Page.render(page, config, files)
        links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
        entries = None
        if search is not None:
            index = type(search.search_index)(**search.search_index.config)
            index.add_entry_from_context(page)
            entries = index.entries
        return Converted(src_uri, _digest(page.markdown), page.content, page.toc, page._title_from_render,
                         set(page.present_anchor_ids or ()), links if page.links_to_anchors is not None else None,
                         list(_collector.records), entries)
    except Exception:  # MkDocs converts it again and reports the error its own way
        return Converted(src_uri, failed=True)


class ParallelPages:
    """Started at on_nav; `take(page)` at on_pre_page hands a helper's result to the page."""

    def __init__(self, config, files, pages: list[str], helpers: int):
        global _build
        search = _material_search(config)
        _build = (config, files, search)
        # A helper converts and indexes a page in the time MkDocs' process converts about 1.5: so
        # that MkDocs never waits, one helper takes 2 pages in 5, three take 2 in 3.
        share = helpers / (helpers + 1.5)
        self.assigned = [uri for n, uri in enumerate(pages) if int((n + 1) * share) > int(n * share)]
        self.wanted = set(self.assigned)
        self.pool = multiprocessing.get_context("fork").Pool(helpers, initializer=_start_helper)
        self.results = self.pool.imap(_convert, self.assigned)  # one page a task: next(timeout=) needs it
        self.used = self.fallbacks = 0
        self.indexed: dict[str, tuple[str, list]] = {}  # src_uri: (digest of the HTML, entries)
        if search is not None:
            self._take_over_indexing(search.search_index)

    @classmethod
    def start(cls, config, files, inclusion, dirty: bool = False) -> "ParallelPages | None":
        """`inclusion`: the pages MkDocs reads (the preview reads drafts too); `dirty`: it reads only
        those whose source is newer than their HTML (a preview's round)."""
        helpers = helper_count()
        pages = [f.src_uri for f in files.documentation_pages(inclusion=inclusion) if not dirty or f.is_modified()]
        if helpers < 1 or len(pages) < MIN_PAGES:
            return None
        return cls(config, files, pages, helpers)

    def take(self, page: Page) -> None:
        """Give `page` the helper's HTML for its render step (MkDocs visits pages in the order the
        helpers were given them)."""
        if page.file.src_uri not in self.wanted:
            return
        self.wanted.discard(page.file.src_uri)
        try:  # a helper that died (killed for memory) never answers: MkDocs converts from here on
            result = self.results.next(timeout=HELPER_TIMEOUT)
        except (multiprocessing.TimeoutError, StopIteration):
            log.info("辅助进程没有响应，其余页面由 MkDocs 自己转换")
            self.close()
            return
        if result.src_uri != page.file.src_uri:  # out of step: stop using helpers for this build
            self.close()
            return
        page.render = partial(self._render, page, result)

    def _render(self, page: Page, result: Converted, config, files) -> None:
        del page.render  # the instance attribute set by take(); Page.render again from here on
        if result.failed or result.markdown_digest != _digest(page.markdown):
            self.fallbacks += 1
            Page.render(page, config, files)
            return
        self.used += 1
        for name, level, text in result.messages:
            logging.getLogger(name).log(level, text)
        page.content = result.content
        if result.search_entries is not None:
            self.indexed[page.file.src_uri] = (_digest(result.content), result.search_entries)
        page.toc = result.toc
        page._title_from_render = result.title
        page.present_anchor_ids = result.anchors
        if result.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors
                                     for uri, anchors in result.links_to_anchors.items()}

    def _take_over_indexing(self, index) -> None:
        """Material indexes each page at on_page_context; for a helper's page, its entries."""
        index_page = index.add_entry_from_context
        indexed = self.indexed

        def add_entry_from_context(page):
            ready = indexed.pop(page.file.src_uri, None)
            if ready is not None and ready[0] == _digest(page.content):
                index.entries.extend(ready[1])
            else:
                index_page(page)

        index.add_entry_from_context = add_entry_from_context

    def close(self) -> None:
        """Stop the helpers (every page is converted by now); their search entries stay in use."""
        self.wanted.clear()
        self.pool.terminate()
        self.pool.join()


def _material_search(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not getattr(search.config, "enabled", True) or not hasattr(search, "search_index"):
        return None
    return search
