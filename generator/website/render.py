"""Catalogue -> {page path: Markdown}, through Jinja2 templates kept as files.

Templates live in generator/templates/ and can be overridden by files of the same name in a
project folder (overrides/pages/). Every value from YAML passes through md_escape on output.
"""
from __future__ import annotations

import re
import traceback
from functools import cached_property, lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError

from generator.catalogue import elements
from generator.website import share, urls
from generator.website.bodies import other_bodies, same_body
from generator.website.print_fit import print_size
from generator.website.corrections import Corrections, Hotline
from generator.website.escaping import css_string, front_matter_string, md_escape, with_phone_links
from generator.website.listings import (citation_key, elsewhere, legal_index, materials_index, resident_themes,
                                        shared_topics)
from generator.website.pages import is_large, page_order
from generator.website.report import completeness
from generator.catalogue.model import AUDIENCE_NAMES, Catalogue, Service
from generator.catalogue.phones import tel_uri
from generator.website.qr import QrCache
from generator.output import staged, write_files
from generator import TEMPLATES_DIR

PACKAGE_TEMPLATES = TEMPLATES_DIR


@dataclass
class Page:
    path: str
    markdown: str
    in_nav: bool = False


@dataclass
class RenderOptions:
    site_url: str = ""
    templates_dir: Path | None = None
    updated: dict[str, str] = field(default_factory=dict)  # service source path -> date
    # Keep steps and legal text out of the search index (large catalogues: a phone-sized index)
    search_compact: bool = False
    qr_cache: Path | None = None  # a JSON file keeping QR codes between builds
    site_name: str = "办事指南"
    corrections: Corrections = field(default_factory=Corrections)  # the "信息有误？" line
    hotline: Hotline = field(default_factory=Hotline)  # whom to call when a page names no enquiry phone

    def hotline_for(self, office):
        """An office's own hotline (an office in another city has its own 12345), else the site's."""
        return office.hotline or self.hotline


def environment(templates_dir: Path | None = None) -> Environment:
    """The Jinja environment, kept while the override folder stays as it is (a preview re-renders
    with it; Jinja reloads a template that changed)."""
    return _environment(templates_dir if templates_dir and templates_dir.is_dir() else None)


@lru_cache(maxsize=8)
def _environment(templates_dir: Path | None) -> Environment:
    loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    # {# is Markdown's heading-id syntax ("## 材料 {#materials}"), so Jinja comments use {## ##}
    env = Environment(loader=ChoiceLoader(loaders), finalize=md_escape, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      # autoescape keeps macro output (Markup) from being escaped twice; finalize does the escaping
                      autoescape=True)
    env.globals.update(yaml_string=front_matter_string, css_string=css_string, downloads=urls, urls=urls, guide=elements, audience_names=AUDIENCE_NAMES, tel=tel_uri, dialable=with_phone_links, anchor=urls.anchor,
                       share=share, other_bodies=other_bodies, same_body=same_body)
    return env


class TemplateFailure(TemplateError):
    """An error of Python's raised inside a template, already told as "file:line: message"."""


def template_problem(exc: Exception) -> str:
    """A template error as "file:line: message" for an editor who overrode a template. A syntax
    error carries its place; an error while rendering (a misspelt field) is found in the traceback,
    where Jinja puts the template's own file and line."""
    if isinstance(exc, TemplateFailure):
        return exc.message
    where = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    line = getattr(exc, "lineno", None)
    if not where:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    message = getattr(exc, "message", None) or str(exc)
    if missing := _MISSING_ATTRIBUTE.match(message):
        message = f"模板中的“{missing.group(2)}”不存在（{missing.group(1)} 没有这个字段），请检查拼写"
    elif undefined := _UNDEFINED.match(message):
        message = f"模板中的“{undefined.group(1)}”没有定义，请检查拼写"
    elif not isinstance(exc, TemplateError):
        message = f"模板中的表达式出错（{type(exc).__name__}：{message}），请检查这一行的写法"
    return f"{where}{f':{line}' if line else ''}: {message}"


_MISSING_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+)(?: object)?' (?:object )?has no attribute '([^']+)'$")
_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")


def render_site(catalogue: Catalogue, options: RenderOptions | None = None, site_url: str = "",
                only: set[str] | None = None) -> list[Page]:
    """Every page of the site as Markdown (the kinds of website/pages.py, in their order), or only
    the pages whose paths are in `only` (a preview re-rendering what an edit feeds)."""
    renderer = Renderer(catalogue, options or RenderOptions(site_url=site_url))
    pages = []
    for kind, key in page_order(catalogue):
        path = kind.page_path(key)
        if only is None or path in only:
            pages.append(renderer.page(kind.template, path, kind.in_nav, **kind.context(renderer, *key)))
    urls.check_unique([p.path for p in pages])
    renderer.qr_codes.save(every_page=only is None)
    return pages


class Renderer:
    """One rendering of a catalogue: the Jinja environment, what several pages derive alike (worked
    out once, when first asked), and each service's body, rendered once for its page and its
    office's booklet (kept for one office at a time: a district has tens of thousands)."""

    def __init__(self, catalogue: Catalogue, options: RenderOptions):
        self.catalogue, self.options = catalogue, options
        self.env = environment(options.templates_dir)
        self.qr_codes = QrCache.opened(options.qr_cache)
        self._labels: dict[tuple[str, str], Markup] = {}
        self._entries: dict[tuple[str, str], dict] = {}

    @cached_property
    def services(self) -> dict[tuple[str, str], Service]:
        return {(s.office_id, s.id): s for s in self.catalogue.services}

    @cached_property
    def docs(self):
        return legal_index(self.catalogue)

    @cached_property
    def materials(self):
        return materials_index(self.catalogue, self.catalogue.material_kinds)

    @cached_property
    def topics_shared(self):
        return shared_topics(self.catalogue)

    @cached_property
    def shared_ids(self) -> set[str]:
        return {t.id for t in self.topics_shared}

    @cached_property
    def themes(self):
        return resident_themes(self.catalogue)

    def theme_listing(self, theme_id: str):
        return next(listing for listing in self.themes if listing.theme.id == theme_id)

    @cached_property
    def reports(self):
        return completeness(self.catalogue)

    @cached_property
    def large(self) -> bool:
        return is_large(self.catalogue)

    def legal_target(self, citation) -> tuple[str, str]:
        """(page, anchor) of a cited document in the legal-basis index: its own page in a district's
        catalogue, its entry on the one index page in a township's."""
        key = urls.anchor(citation_key(citation, self.docs))
        return (urls.legal_document(key), "") if self.large else (urls.LEGAL, key)

    def service_label(self, service: Service) -> Markup:
        """"新村街道 · 失业保险金申领" (序号 is for staff), escaped once: listing pages of a district repeat it 25,000 times."""
        key = (service.office_id, service.id)
        if key not in self._labels:
            office = self.catalogue.offices[service.office_id].short_name
            self._labels[key] = md_escape(f"{office} · {service.name}")
        return self._labels[key]

    def page(self, template: str, path: str, in_nav: bool = False, **context) -> Page:
        def link(to: str, fragment: str = ""):
            return urls.relative(path, to, fragment)

        def service_path(service: Service) -> str:
            return urls.service(service.office_id, service.id)

        options = self.options
        try:
            markdown = self.env.get_template(template).render(
                catalogue=self.catalogue, page_path=path, link=link, service_path=service_path,
                service_label=self.service_label, service_at=self.services.__getitem__, site_url=options.site_url,
                search_compact=options.search_compact,
                page_url=urls.public_url(options.site_url, path),
                **context)
        except TemplateError:
            raise
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            # an overridden template that adds a number to a text: its file and line, not a traceback
            raise TemplateFailure(template_problem(exc)) from None
        return Page(path, markdown, in_nav)

    def service_entry(self, office_id: str, service_id: str) -> dict:
        """What a service's page and its place in the booklet show, the body rendered once: the
        booklet (same folder, same relative links) reuses it with its heading ids prefixed."""
        key = (office_id, service_id)
        if key not in self._entries:
            if self._entries and next(iter(self._entries))[0] != office_id:
                self._entries.clear()  # the pages come office by office
            service = self.services[key]
            path = urls.service(office_id, service_id)
            entry = _service_context(self.catalogue, service, self.options, self.shared_ids, self.qr_codes)
            body = self.page("_service_body.md.j2", path, office=self.catalogue.offices[office_id],
                             legal_target=self.legal_target, id_prefix="", elsewhere_slot=Markup(ELSEWHERE_SLOT),
                             **entry).markdown
            others = self.page("_elsewhere.md.j2", path, **entry).markdown if entry["elsewhere"] else ""
            entry["body"] = Markup(body.replace(ELSEWHERE_SLOT, others))
            entry["booklet_body"] = Markup(body.replace(ELSEWHERE_SLOT, "").replace("{#", "{#" + service.id + "-"))
            self._entries[key] = entry
        return self._entries[key]


# Where a service page lists the other offices' services; a booklet leaves it out
ELSEWHERE_SLOT = "<!-- service-guide: elsewhere -->"


def _service_context(catalogue: Catalogue, service: Service, options: RenderOptions, shared_ids,
                     qr_codes: QrCache) -> dict:
    """What a service's body needs besides the service: its topic, its siblings, date and QR code."""
    topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
    path = urls.service(service.office_id, service.id)
    shown, more = elsewhere(catalogue, service)
    return {
        "service": service,
        "topic": topic,
        "elsewhere": shown,
        "elsewhere_more": more,
        "shared": bool(topic and topic.id in shared_ids),
        "updated": service.updated or options.updated.get(service.source, ""),
        "print_size": print_size(service, catalogue.offices[service.office_id].name),
        "qr": Markup(qr_codes.svg(urls.public_url(options.site_url, path))) if options.site_url else "",
        "service_url": urls.public_url(options.site_url, path),
        "corrections": options.corrections,
        "hotline": options.hotline_for(catalogue.offices[service.office_id]),
    }


def page_dates(catalogue: Catalogue, updated: dict[str, str]) -> dict[str, str]:
    """{page path: date of its last change}: a service's own, an office's latest service's."""
    dates = {}
    for s in catalogue.services:
        date = s.updated or updated.get(s.source, "")
        if date:
            dates[urls.service(s.office_id, s.id)] = date
            office = urls.office(s.office_id)
            dates[office] = max(dates.get(office, ""), date)
    return dates


RENDER_MARKER = ".service-guide-render"  # a folder holding this file was written by `render`


class OutputRefused(ValueError):
    """The output folder holds something `render` did not write: nothing is touched."""


def check_output_folder(out_dir: Path, content_dir: Path | None = None) -> None:
    """`render` writes only into a new or empty folder, or one it wrote before (it has the marker)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputRefused(f"{out_dir} 是一个文件，不是文件夹：请换一个新文件夹作为输出位置")
    if content_dir is not None:
        out, content = out_dir.resolve(), Path(content_dir).resolve()
        if out == content or out.is_relative_to(content) or content.is_relative_to(out):
            raise OutputRefused(f"输出文件夹 {out_dir} 与内容文件夹 {content_dir} 重叠：请换一个内容以外的新文件夹")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / RENDER_MARKER).is_file():
        raise OutputRefused(f"文件夹 {out_dir} 里已有其他文件，不是 render 生成的：为避免误删，请换一个新的或空的文件夹")


def write_pages(pages: list[Page], out_dir: Path, content_dir: Path | None = None, forms: list[str] = (),
                data: dict[str, bytes] | None = None) -> None:
    """Write pages (with the `forms` services name, paths under content/, and the `data` downloads) to a folder,
    for inspection or another engine. Refuses a folder it did not make; replaces its own folder only once all
    is written."""
    out_dir = Path(out_dir)
    check_output_folder(out_dir, content_dir)
    forms_data = {rel: (content_dir / rel).read_bytes() for rel in forms} if content_dir else {}
    with staged(out_dir) as folder:
        write_files(folder, {RENDER_MARKER: "service-guide render\n", **{page.path: page.markdown for page in pages},
                             **forms_data, **(data or {})}, each_whole=False)
