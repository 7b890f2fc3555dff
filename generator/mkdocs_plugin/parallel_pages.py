"""Markdown to HTML, and the page's search entries, on more than one core during `mkdocs build`.

MkDocs converts the pages one after another in one process, and Material's search plugin then cuts
each page into sections and segments their Chinese with jieba: at city scale that is most of the
build. Just before MkDocs reads the pages, forked helper processes start on them from the last page
backwards while MkDocs goes on from the first: MkDocs' own Page.render, then Material's own indexing
of the result. When MkDocs reaches a page a helper took it takes the helper's HTML, and when
Material indexes it, the helper's entries.

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
import queue
from dataclasses import dataclass, field
from functools import partial

from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.service_guide")
MIN_PAGES = 20  # below this a pool costs more than it saves
MAX_HELPERS = 4
HELPER_TIMEOUT = 300  # seconds for one page's turn; the slowest page of 10,000 services takes about 5
RESULT_POLL = 0.5  # seconds between looks at whether the helper that holds a page is still alive

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


def _help(pages: list[str], claims, results) -> None:
    """A helper's loop: convert the last page nobody has claimed yet, until MkDocs' process (which
    claims from the front) and the helpers meet."""
    _start_helper()
    me = os.getpid()
    while True:
        with claims.lock:
            if claims.back.value <= claims.front.value:
                return
            claims.back.value -= 1
            n = claims.back.value
            claims.owner[n] = me
        results.put((n, _convert(pages[n])))


@dataclass
class _Claims:
    """Who converts which page: MkDocs' process the pages before `front`, the helpers those from
    `back` on (`owner`: the helper's pid)."""
    lock: object
    front: object
    back: object
    owner: object


class ParallelPages:
    """Started at on_nav; `take(page)` at on_pre_page hands a helper's result to the page.

    MkDocs converts the pages in order, from the first; the helpers from the last, backwards. Where
    they meet depends on how fast each goes (a helper also indexes its pages, and loses its core
    first on a busy machine), so nobody waits for the other: a fixed share left MkDocs waiting 1.5 s
    of 18 at 1,000 services."""

    def __init__(self, config, files, pages: list[str], helpers: int):
        global _build
        search = _material_search(config)
        _build = (config, files, search)
        self.pages = pages
        self.position = {uri: n for n, uri in enumerate(pages)}
        context = multiprocessing.get_context("fork")
        self.claims = _Claims(context.Lock(), context.RawValue("i", 0), context.RawValue("i", len(pages)),
                              context.RawArray("i", len(pages)))
        self.results = context.Queue()
        self.done: dict[int, Converted] = {}
        self.helpers = [context.Process(target=_help, args=(pages, self.claims, self.results), daemon=True)
                        for _ in range(helpers)]
        for helper in self.helpers:
            helper.start()
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
        """Claim `page` for MkDocs' process, or, when a helper has claimed it, give it the helper's
        HTML for its render step."""
        n = self.position.pop(page.file.src_uri, None)
        if n is None or not self.helpers:
            return
        claims = self.claims
        if not claims.lock.acquire(timeout=HELPER_TIMEOUT):  # a helper killed while it held the lock
            log.info("辅助进程没有响应，其余页面由 MkDocs 自己转换")
            self.close()
            return
        try:
            if n < claims.back.value:
                claims.front.value = max(claims.front.value, n + 1)
                return
        finally:
            claims.lock.release()
        result = self._result(n)
        if result is None:
            return
        page.render = partial(self._render, page, result)

    def _result(self, n: int) -> Converted | None:
        """The helper's result for page `n`; None when its helper died (killed for memory) or stopped
        answering: MkDocs converts it."""
        waited = 0.0
        while n not in self.done:
            try:
                found, result = self.results.get(timeout=RESULT_POLL)
                self.done[found] = result
            except queue.Empty:
                waited += RESULT_POLL
                owner = self.claims.owner[n]
                alive = any(helper.pid == owner and helper.is_alive() for helper in self.helpers)
                if waited >= HELPER_TIMEOUT or not alive:
                    log.info("辅助进程没有响应，这一页由 MkDocs 自己转换")
                    return None
        return self.done.pop(n)

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
        self.position.clear()
        helpers, self.helpers = self.helpers, []
        for helper in helpers:
            helper.terminate()
        for helper in helpers:
            helper.join()
        self.results.close()
        self.results.cancel_join_thread()
        self.done.clear()


def _material_search(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not getattr(search.config, "enabled", True) or not hasattr(search, "search_index"):
        return None
    return search
