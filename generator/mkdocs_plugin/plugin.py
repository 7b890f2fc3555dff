"""MkDocs adapter: load the catalogue, add its pages in memory, watch content/ while serving.

All real work happens in the generator core (catalogue, render); this file only wires events.
"""
from __future__ import annotations

import dataclasses
import errno
import json
import logging
import os
import re
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from generator.catalogue.elements import FORM_MAX_MB, referenced_files
from generator.catalogue.load import ContentError
from generator.catalogue.safefiles import first_link
from generator.deploy.csp import inline_script_hashes, scripts_in_markdown
from generator.deploy.nginx import CONFIG as NGINX_CONFIG, nginx_config, server_config_problems
from generator.deploy.precompress import PagesCompressor, precompress
from generator.mkdocs_plugin.idle_gc import IdleCollection
from generator.mkdocs_plugin.page_sources import FullBuild
from generator.mkdocs_plugin.parallel_pages import ParallelPages, helper_count
from generator.mkdocs_plugin.template_cache import CompiledTemplates
from generator.mkdocs_plugin.watcher import listen_natively
from generator.mkdocs_plugin.preview_status import with_status_script, write_status
from generator.mkdocs_plugin.preview import IncrementalPreview
from generator.output import discard, new_staging, swap_in, write_file
from generator.search import lunr as lunr_index
from generator.search import shards as search_shards
from generator.search.worker_scripts import join_worker_scripts
from generator.search import dead_ends
from generator.search.dead_ends import search_help
from generator.search.entries import enrich_index, query_help
from generator.website.settings import Settings, SettingsError
from generator.website.publish import placeholder_site_url
from generator.website.qr import cache_file as qr_cache_file
from generator.website.render import RenderOptions, page_dates, template_problem
from generator.website.site_identity import publishing_problems

log = logging.getLogger("mkdocs.plugins.service_guide")
publish_log = logging.getLogger("service_guide.publish")
if not publish_log.handlers:
    publish_log.addHandler(logging.StreamHandler())
    publish_log.propagate = False
UNSAFE_URL = re.compile(r'[\s"\'<>`{}|\\^]')


def _dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def base_dir(config) -> Path:
    return Path(config.config_file_path).parent


class CorrectionsConfig(Config):
    """Where residents report a mistake on a page: an e-mail address and/or a phone number."""
    email = c.Type(str, default="")
    phone = c.Type(str, default="")
    name = c.Type(str, default="")


class HotlineConfig(Config):
    """Whom residents can call when a service and its office publish no enquiry phone."""
    label = c.Type(str, default="")
    phone = c.Type(str, default="")


class SiteConfig(Config):
    """Who runs the site and its filings, for the footer every government page carries."""
    government_site = c.Type(bool, default=False)  # publish-check then requires the filings
    example = c.Type(bool, default=False)          # the values are stand-ins, shown and refused as such
    sponsor = c.Type(str, default="")
    organizer = c.Type(str, default="")
    phone = c.Type(str, default="")
    email = c.Type(str, default="")
    site_code = c.Type(str, default="")
    icp = c.Type(str, default="")
    police = c.Type(str, default="")


class DeskConfig(Config):
    """The editor's desk (service-guide edit)."""
    second_reviewer = c.Type(bool, default=False)  # a change is approved by someone other than its author


class ServiceGuideConfig(Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="overrides/pages")
    # Preview only some offices of a large catalogue: `offices: [xincun]` or SERVICE_GUIDE_OFFICES=xincun
    offices = c.ListOfItems(c.Type(str), default=[])
    # Index steps and legal text for search: "auto" does so up to 500 services, where the index
    # stays small enough for a phone; larger catalogues index names, aliases and material words.
    search_full_text = c.Choice(("auto", "full", "compact"), default="auto")
    # The "信息有误？" line of service pages; without it, the enquiry or supervision phone is named
    corrections = c.SubConfig(CorrectionsConfig)
    # The city's hotline (12345): named where a page has no enquiry phone, and for mistakes when
    # no corrections contact is set; never the supervision line
    hotline = c.SubConfig(HotlineConfig)
    # 主办单位, filings and contact in every page's footer (site_identity.py)
    site = c.SubConfig(SiteConfig)
    # The largest blank form or sample (content/files/) a service may name, in MB
    max_file_mb = c.Type((int, float), default=FORM_MAX_MB)
    # 先审后发 on the editor's desk: second_reviewer requires a second person to approve a change
    desk = c.SubConfig(DeskConfig)


def written_problem(error: OSError) -> str:
    """What went wrong writing a file, in Chinese, with the file when known."""
    where = f"（{error.filename}）" if getattr(error, "filename", None) else ""
    return {errno.ENOSPC: "磁盘空间不足，请清理磁盘后重新生成", errno.EDQUOT: "磁盘配额已用完，请清理后重新生成",
            errno.EACCES: "没有写入权限，请检查网站文件夹的权限", errno.EROFS: "磁盘是只读的",
            errno.EPERM: "没有写入权限，请检查网站文件夹的权限"}.get(error.errno, error.strerror or str(error)) + where


def keep_warnings_under_quiet() -> None:
    """`mkdocs build --strict -q` raises MkDocs' logger to ERROR, so no warning is ever made and
    strict counts none (a dead link went live). Strict counts them all: the logger takes warnings
    again, and its console keeps the quiet it was asked for."""
    logger = logging.getLogger("mkdocs")
    if logger.getEffectiveLevel() > logging.WARNING:
        for handler in logger.handlers:
            if handler.level < logger.level:
                handler.setLevel(logger.level)
        logger.setLevel(logging.WARNING)


class ServiceGuidePlugin(BasePlugin[ServiceGuideConfig]):
    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.page_dates = {}
        self.command = command
        self.staging = None
        # `mkdocs serve --dirty`: rebuild only what each save feeds (preview.py); else every page
        self.incremental = command == "serve" and dirty
        self.source = None
        self.parallel = None
        self.compressor = None
        self.compiled_templates = CompiledTemplates()
        self.idle_gc = IdleCollection()
        if self.incremental:
            # MkDocs warns that a dirty build may leave stale navigation and links; the preview keeps
            # every page it feeds right (preview.py), and under `strict` the warning would stop it.
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_build_warning)
            log.info("增量预览：保存后只重新生成受影响的页面")

    def on_config(self, config):
        self._stop_compressor()
        if getattr(self, "command", "build") != "serve" and helper_count() > 0:
            self.compressor = PagesCompressor()  # the pages' .gz made while MkDocs renders the next
        # MkDocs counts warnings under --strict and aborts only after on_post_build, where the new
        # site is swapped in: count them here too, so a build that will abort publishes nothing.
        self._stop_counting_warnings()
        if config.strict and getattr(self, "command", "build") != "serve":
            keep_warnings_under_quiet()
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        # The theme writes site_url into attributes (canonical link) unescaped: refuse a value no
        # URL can have rather than publish markup an attacker could shape.
        if config.site_url and UNSAFE_URL.search(config.site_url):
            raise PluginError(f"mkdocs.yml 的 site_url“{config.site_url}”不是有效网址：不能含空格、引号、尖括号等字符")
        for problem in server_config_problems(config.site_url or "", config.site_name):
            raise PluginError(problem)  # before any work: the nginx configuration is written last
        try:
            self.settings = Settings.of(base_dir(config), config.site_url or "", config.site_name, self.config)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        self.corrections, self.hotline, self.site_identity = (self.settings.corrections, self.settings.hotline,
                                                              self.settings.site)
        if getattr(self, "command", "build") != "serve":
            # Shown on every build, but outside MkDocs' logger: a preview with the example address or
            # footer must still build under --strict. `service-guide publish-check` fails on them.
            unready = [placeholder_site_url(config.site_url or ""), *publishing_problems(self.site_identity)]
            for problem in filter(None, unready):
                publish_log.warning("警告：%s（发布前检查：service-guide publish-check）", problem)
        # A build writes into a folder beside site/ and swaps it in at the very end, so a content
        # error, a template error or a killed build leaves the published site/ as it was.
        # (MkDocs empties site_dir before on_files, where the catalogue is checked.) Serve builds
        # into a temporary folder of its own and needs none of this.
        if getattr(self, "command", "build") != "serve":
            self.target_site_dir = config.site_dir
            self.staging = new_staging(Path(config.site_dir))
            config.site_dir = str(self.staging)
        base = base_dir(config)
        self.content_dir = self.settings.content_dir.resolve()
        self.templates_dir = self.settings.templates_dir.resolve()
        if getattr(self, "source", None) is None:
            self.source = (IncrementalPreview(base / ".cache" / "service-guide" / "preview")
                           if getattr(self, "incremental", False) else FullBuild(getattr(self, "command", "build")))
        if getattr(self, "incremental", False) and self.source.catalogue is not None:
            self.idle_gc.round_starts()  # a save's round, after the first
        env_offices = os.environ.get("SERVICE_GUIDE_OFFICES", "")
        self.offices = [o for o in env_offices.split(",") if o] or list(self.settings.offices) or None
        return config

    def on_files(self, files: Files, *, config):
        catalogue = self._load_catalogue()
        options = self._render_options(catalogue, config)
        try:
            pages = self.source.page_files(catalogue, options, config)
        except TemplateError as exc:
            raise PluginError(f"模板错误：{template_problem(exc)}") from None
        if self.incremental:
            self.idle_gc.round_rewrites(self.source.rewritten)
        self._refuse_linked_pages(files, config)
        self._refuse_scripts(files, config)
        for file in list(files):  # template overrides sit in the theme's custom_dir: sources, not site files
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(self.templates_dir):
                files.remove(file)
        forms = [File(rel, str(self.content_dir), config.site_dir, config.use_directory_urls,
                      inclusion=InclusionLevel.NOT_IN_NAV) for rel in referenced_files(catalogue.services)]
        for file in [*pages, *self.source.download_files(catalogue, options, config), *forms]:
            if (existing := files.get_file_from_path(file.src_uri)) is not None:
                files.remove(existing)
            files.append(file)
        self.search_entries, self.query_help = self.source.search_entries, query_help(catalogue)
        self.search_help = search_help(catalogue, self.hotline)
        self.page_dates = page_dates(catalogue, options.updated)
        if self.offices:
            log.info("预览模式：只生成机构 %s", ", ".join(self.offices))
        self.source.settle(files, config)
        return files

    def _load_catalogue(self):
        try:
            catalogue = self.source.load(self.content_dir, self.offices, self.settings.max_file_mb)
        except ContentError as exc:
            if self.command != "serve" or getattr(self, "last_good", None) is None:
                raise PluginError(exc.report()) from None
            # a preview keeps its last good pages and shows the problems in the browser (preview_status.py)
            publish_log.error("%s\n预览保持上一次的内容，浏览器中显示这些问题；改正并保存后自动恢复", exc.report())
            self.preview_problems = exc.problems
            return self.last_good
        self.last_good, self.preview_problems = catalogue, []
        for warning in catalogue.warnings:  # outside MkDocs' logger: worth a look, not a failed --strict build
            publish_log.warning("请核对：%s", warning)
        return catalogue

    def _render_options(self, catalogue, config) -> RenderOptions:
        settings = dataclasses.replace(self.settings, templates_dir=self.templates_dir)
        return settings.render_options(len(catalogue.services), self.source.dates(self.content_dir, catalogue),
                                       qr_cache_file(base_dir(config) / ".cache" / "service-guide", settings.site_url))

    def _refuse_linked_pages(self, files: Files, config):
        """Hand-written pages and their images are published as they are: never through a link."""
        docs = Path(config.docs_dir)
        links = sorted({link for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)
                        and (link := first_link(Path(f.abs_src_path), docs)) is not None})
        if links:
            shown = "\n".join(f"  {link.relative_to(base_dir(config))}" for link in links)
            raise PluginError(f"以下是符号链接，网站只发布 {docs.relative_to(base_dir(config))}/ 里的真实文件"
                              f"（链接可能指向内容以外的文件，或指向自己所在的文件夹）：请删除链接，或换成文件本身：\n{shown}")

    def _refuse_scripts(self, files: Files, config):
        """A hand-written page (or an HTML file beside it) may carry no script: the site's policy
        allows only the theme's own, and content never adds to it."""
        docs = Path(config.docs_dir)
        found = [(path, scripts[0]) for f in files if f.abs_src_path and (path := Path(f.abs_src_path)).is_relative_to(docs)
                 and path.suffix.lower() in (".md", ".html", ".htm")
                 and (scripts := scripts_in_markdown(path.read_text("utf-8", errors="replace")))]
        if found:
            shown = "\n".join(f"  {path.relative_to(base_dir(config))}：{script}" for path, script in found)
            raise PluginError("以下页面含有 <script> 脚本。为了网站安全，内容页面不能带脚本（网站只运行自己的程序），"
                              f"请删去脚本；要放视频、地图等，请联系网站管理员：\n{shown}")

    @event_priority(-100)  # the last word on the navigation: the pages MkDocs reads next are final
    def on_nav(self, nav, *, config, files):
        if self.command != "serve":
            self.parallel = ParallelPages.start(config, files, InclusionLevel.is_included)
        elif self.incremental:  # the pages a save rewrote (a rename at 5,000 services: about 100)
            self.parallel = ParallelPages.start(config, files, InclusionLevel.is_in_serve, dirty=True)
        return nav

    def on_env(self, env, *, config, files):
        self._stop_parallel()
        if self.compressor is not None:
            self.compressor.will_copy([f.abs_dest_path for f in files if not f.is_documentation_page()])
        if self.command == "serve":  # a new environment every round: the theme compiled once for all
            env.bytecode_cache = self.compiled_templates
        return env

    def _stop_compressor(self):
        compressor, self.compressor = getattr(self, "compressor", None), None
        if compressor is not None:
            compressor.close()

    def _stop_parallel(self):
        parallel, self.parallel = self.parallel, None
        if parallel is not None:
            parallel.close()
            log.debug("pages converted by helper processes: %d (again here: %d)", parallel.used, parallel.fallbacks)

    def on_page_context(self, context, *, page, config, nav):
        self.source.page_built(page.url)
        return context

    def on_pre_page(self, page, *, config, files):
        # The sitemap's lastmod: when the service (or, for an office, its latest service) changed
        date = self.page_dates.get(page.file.src_uri)
        if date:
            page.update_date = date
        if self.parallel is not None:
            self.parallel.take(page)
        return page

    @event_priority(100)  # before Material's search plugin merges its documents with the last round's
    def _take_fresh_search_documents(self, *, config):
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            self.source.take_search_documents(list(search.search_index.entries))

    def _enrich_search_index(self, *, config):
        # Runs after Material's search plugin (listed before this one) has written its index.
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.exists() and self.search_entries:
            index = json.loads(path.read_text(encoding="utf-8"))
            index["docs"] = self.source.search_documents(index, config)
            index = enrich_index(index, self.search_entries, self.query_help)
            write_file(path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
            self._write_prebuilt_index(index, path)
            write_file(Path(config.site_dir) / dead_ends.FILE,
                       json.dumps(self.search_help, ensure_ascii=False, separators=(",", ":")))

    def _write_prebuilt_index(self, index: dict, path: Path):
        """The lunr index Material's worker would build on each phone, built once here and cut into
        the pieces a query needs (search/shards.py); search_index.json then says where they are. A
        preview skips it (seconds at city scale, on every save): the worker builds its own."""
        if self.command == "serve":
            return
        try:
            prebuilt = lunr_index.build(index)
        except lunr_index.UnsupportedIndex as exc:
            log.info("搜索索引不能预先生成（%s）：由浏览器生成", exc)
            return
        pieces = search_shards.shard(index, prebuilt)
        site = path.parent.parent
        for path_in_site, text in pieces.files.items():
            write_file(site / path_in_site, text)
        write_file(path, json.dumps(pieces.index, ensure_ascii=False, separators=(",", ":")))
        if not join_worker_scripts(site):
            log.info("搜索用的脚本没有合成一个文件（主题的文件和预期的不同）：浏览器逐个加载")

    @event_priority(-90)  # before the site is published
    def _finish_downloads(self, *, config):
        if not self.source.finish():
            raise PluginError("下载文件（data/）生成失败，网站没有更新")

    @event_priority(-95)  # after every page and download is written, before the site is published
    def _prepare_for_web_server(self, *, config):
        """A build (never a preview) leaves .gz files and the nginx configuration beside the pages."""
        if self.command == "serve":
            return
        site = Path(config.site_dir)
        hashes = inline_script_hashes(sorted(site.rglob("*.html")))
        write_file(site / NGINX_CONFIG, nginx_config(config.site_url or "", config.site_name, hashes))
        compressor, self.compressor = self.compressor, None
        count, saved = precompress(site, compressor.made() if compressor is not None else None)
        log.info("为网页服务器准备：%d 个文本文件已压缩（.gz，省 %.1f MB），nginx 配置见 %s", count, saved / 1e6,
                 NGINX_CONFIG)

    def _stop_counting_warnings(self) -> int:
        counter, self.warnings = getattr(self, "warnings", None), None
        if counter is None:
            return 0
        logging.getLogger("mkdocs").removeHandler(counter)
        return sum(n for _, n in counter.get_counts())

    @event_priority(-100)  # after every other plugin has written into the staging folder
    def _publish_site(self, *, config):
        warned = self._stop_counting_warnings()
        if warned:
            raise PluginError(f"严格模式（--strict）下有 {warned} 条警告（见上方）：网站没有更新，已发布的 site/ 保持原样")
        if self.staging is not None:
            swap_in(self.staging, Path(self.target_site_dir))
            config.site_dir = self.target_site_dir
            self.staging = None

    def _write_preview_status(self, *, config):
        if self.command == "serve":
            write_status(config.site_dir, getattr(self, "preview_problems", []))

    @event_priority(-100)  # the very last: the round's work is done
    def _collector_after_round(self, *, config=None):
        if getattr(self, "incremental", False):
            self.idle_gc.round_ends()

    on_post_build = CombinedEvent(_take_fresh_search_documents, _enrich_search_index, _finish_downloads,
                                  _prepare_for_web_server, _publish_site, _write_preview_status, _collector_after_round)

    def on_post_template(self, output_content, *, template_name, config):
        if self.compressor is not None:  # MkDocs copies the files before its first template (404.html)
            self.compressor.copied()
        return output_content

    def on_post_page(self, output, *, page, config):
        if self.command == "serve":
            return with_status_script(output, config.site_url)
        if self.compressor is not None and output.strip():  # MkDocs writes it next (_build_page)
            self.compressor.writing(page.file.abs_dest_path)
        return output

    def on_build_error(self, *, error):
        self._collector_after_round()
        self._stop_counting_warnings()
        self._stop_parallel()
        self._stop_compressor()
        if getattr(self, "source", None) is not None:
            self.source.cancel()
        if self.staging is not None:
            discard(self.staging)
            self.staging = None
        if isinstance(error, OSError):  # a full disk, a folder it may not write: said, not a traceback
            log.error("生成网站时写文件失败：%s。已发布的网站保持原样，没有写入半成品", written_problem(error))
            raise Abort("未生成网站（见上）") from None

    def on_serve(self, server, *, config, builder):
        ours = [self.content_dir] + ([self.templates_dir] if self.templates_dir.is_dir() else [])
        listen_natively(server, [config.docs_dir, config.config_file_path, *config.theme.dirs], ours)
        return server
