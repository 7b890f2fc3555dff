"""MkDocs adapter: load the catalogue, add its pages in memory, watch content/ while serving.

All real work happens in the generator core (catalogue, render); this file only wires events.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .catalogue import ContentError, load_catalogue
from .guide import published_files
from .gitdates import last_changed
from .search import alias_expansions, enrich_index, search_entries
from .render import RenderOptions, render_site, template_problem

log = logging.getLogger("mkdocs.plugins.service_guide")
FULL_TEXT_LIMIT = 500


def base_dir(config) -> Path:
    return Path(config.config_file_path).parent


class ServiceGuideConfig(Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="overrides/pages")
    # Preview only some offices of a large catalogue: `offices: [xincun]` or SERVICE_GUIDE_OFFICES=xincun
    offices = c.ListOfItems(c.Type(str), default=[])
    # Index steps and legal text for search: "auto" does so up to 500 services, where the index
    # stays small enough for a phone; larger catalogues index names, aliases and material words.
    search_full_text = c.Choice(("auto", "full", "compact"), default="auto")


class ServiceGuidePlugin(BasePlugin[ServiceGuideConfig]):
    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.search_entries = {}

    def on_config(self, config):
        base = base_dir(config)
        self.content_dir = (base / self.config.content_dir).resolve()
        self.templates_dir = (base / self.config.templates_dir).resolve()
        env_offices = os.environ.get("SERVICE_GUIDE_OFFICES", "")
        self.offices = [o for o in env_offices.split(",") if o] or self.config.offices or None
        return config

    def on_files(self, files: Files, *, config):
        try:
            catalogue = load_catalogue(self.content_dir, offices=self.offices)
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        self.search_entries = search_entries(catalogue)
        self.alias_expansions = alias_expansions(catalogue)
        site_url = config.site_url or ""
        full_text = self.config.search_full_text
        compact = full_text == "compact" or (full_text == "auto" and len(catalogue.services) > FULL_TEXT_LIMIT)
        options = RenderOptions(site_url=site_url, templates_dir=self.templates_dir,
                                updated=last_changed(self.content_dir), search_compact=compact,
                                qr_cache=base_dir(config) / ".cache" / "service-guide" / "qr.json")
        try:
            pages = render_site(catalogue, options)
        except TemplateError as exc:
            raise PluginError(f"模板错误：{template_problem(exc)}") from None
        # Template overrides sit in the theme's custom_dir: they are sources, not site files.
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(self.templates_dir):
                files.remove(file)
        for page in pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        for rel in published_files(self.content_dir):  # blank forms and samples, at /files/...
            existing = files.get_file_from_path(rel)
            if existing is not None:
                files.remove(existing)
            files.append(File(rel, str(self.content_dir), config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.NOT_IN_NAV))
        if self.offices:
            log.info("预览模式：只生成机构 %s", ", ".join(self.offices))
        return files

    def on_post_build(self, *, config):
        # Runs after Material's search plugin (listed before this one) has written its index.
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.exists() and self.search_entries:
            index = enrich_index(json.loads(path.read_text(encoding="utf-8")), self.search_entries,
                                 self.alias_expansions)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.content_dir))
        if self.templates_dir.is_dir():
            server.watch(str(self.templates_dir))
        return server
