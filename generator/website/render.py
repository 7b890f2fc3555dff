"""Catalogue -> {page path: Markdown}, through Jinja2 templates kept as files.

Templates live in generator/templates/ and can be overridden by files of the same name in a
project folder (overrides/pages/). Every value from YAML passes through md_escape on output.
"""
from __future__ import annotations

import re
import traceback
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from generator.catalogue import elements
from generator.website import share, urls
from generator.website import jsonld
from generator.website.corrections import Corrections
from generator.website.escaping import css_string, front_matter_string, md_escape
from generator.website.listings import (ComparedItem, citation_key, compare_lists, elsewhere, legal_groups,
                                        legal_index, materials_index, resident_themes, shared_topics,
                                        untopical_services)
from generator.catalogue.model import AUDIENCE_NAMES, Catalogue, Service
from generator.catalogue.phones import tel_uri
from generator.website.qr import QrCache
from generator.website.report import completeness
from generator.website.staging import discard, new_staging, swap_in
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
    env.globals.update(yaml_string=front_matter_string, css_string=css_string, downloads=urls, urls=urls, guide=elements, audience_names=AUDIENCE_NAMES, tel=tel_uri, anchor=urls.anchor,
                       share=share)
    return env


def site_page_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + urls.page_url(path)


def template_problem(exc: Exception) -> str:
    """A template error as "file:line: message" for an editor who overrode a template. A syntax
    error carries its place; an error while rendering (a misspelt field) is found in the traceback,
    where Jinja puts the template's own file and line."""
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
    return f"{where}{f':{line}' if line else ''}: {message}"


_MISSING_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+)(?: object)?' (?:object )?has no attribute '([^']+)'$")
_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")


def render_site(catalogue: Catalogue, options: RenderOptions | None = None, site_url: str = "",
                only: set[str] | None = None) -> list[Page]:
    """Every page of the site as Markdown, or only the pages whose paths are in `only` (a preview
    re-rendering what an edit feeds; see incremental.py)."""
    options = options or RenderOptions(site_url=site_url)
    env = environment(options.templates_dir)
    qr_codes = QrCache(options.qr_cache)
    docs = legal_index(catalogue)
    topics_shared = shared_topics(catalogue)
    shared_ids = {t.id for t in topics_shared}
    themes = resident_themes(catalogue)

    def cite_key(citation):
        return citation_key(citation, docs)

    labels: dict[tuple[str, str], Markup] = {}

    def service_label(service: Service) -> Markup:
        """"新村街道 · 2.4 失业保险金申领", escaped once: listing pages of a district repeat it 25,000 times."""
        key = (service.office_id, service.id)
        if key not in labels:
            office = catalogue.offices[service.office_id].short_name
            labels[key] = md_escape(f"{office} · {service.number} {service.name}")
        return labels[key]

    def render(template: str, path: str, in_nav: bool = False, **context) -> Page:
        def link(to: str, fragment: str = ""):
            return urls.relative(path, to, fragment)

        def service_path(service: Service) -> str:
            return urls.service(service.office_id, service.id)

        markdown = env.get_template(template).render(
            catalogue=catalogue, page_path=path, link=link, service_path=service_path, service_label=service_label,
            site_url=options.site_url,
            search_compact=options.search_compact,
            page_url=site_page_url(options.site_url, path) if options.site_url else "",
            **context)
        return Page(path, markdown, in_nav)

    def want(path: str) -> bool:
        return only is None or path in only

    pages = []
    for path, make in [
        (urls.HOME, lambda: render("home.md.j2", urls.HOME, True, themes=themes, untopical=untopical_services(catalogue),
                                   promises=_promises(catalogue),
                                   jsonld=Markup(jsonld.script(jsonld.website_data(options.site_name, options.site_url))))),
        (urls.OFFICES, lambda: render("offices.md.j2", urls.OFFICES, True)),
        (urls.COMPARE, lambda: render("compare_index.md.j2", urls.COMPARE, True, themes=themes, shared=topics_shared)),
        (urls.LEGAL, lambda: render("legal_index.md.j2", urls.LEGAL, True, groups=legal_groups(docs))),
        (urls.MATERIALS, lambda: render("materials_index.md.j2", urls.MATERIALS, True,
                                        entries=materials_index(catalogue, catalogue.material_kinds))),
        (urls.EDITOR_REPORT, lambda: render("editor_report.md.j2", urls.EDITOR_REPORT, reports=completeness(catalogue),
                                            elements=elements.ELEMENTS)),
    ]:
        if want(path):
            pages.append(make())
    for listing in themes:
        if want(urls.theme(listing.theme.id)):
            pages.append(render("theme.md.j2", urls.theme(listing.theme.id), listing=listing, shared_ids=shared_ids))
    for office in catalogue.offices.values():
        services = catalogue.services_of(office.id)
        if want(urls.office(office.id)):
            pages.append(render("office.md.j2", urls.office(office.id), office=office,
                                groups=_office_groups(catalogue, services),
                                internal=[s for s in services if s.internal],
                                jsonld=Markup(jsonld.script(jsonld.office_data(office, options.site_url)))))
        booklet = want(urls.booklet(office.id))
        entries = []
        for service in services:
            path = urls.service(office.id, service.id)
            if not (booklet or want(path)):
                continue
            entry = _service_context(catalogue, service, options, shared_ids, qr_codes)
            # The body is rendered once: the office booklet (same folder, same relative links)
            # reuses it with its heading ids prefixed, which halves the rendering of a large site.
            body = render("_service_body.md.j2", path, office=office, citation_key=cite_key, id_prefix="",
                          elsewhere_slot=Markup(ELSEWHERE_SLOT), **entry).markdown
            others = render("_elsewhere.md.j2", path, **entry).markdown if entry["elsewhere"] else ""
            entry["body"] = Markup(body.replace(ELSEWHERE_SLOT, others))
            entry["booklet_body"] = Markup(body.replace(ELSEWHERE_SLOT, "").replace("{#", "{#" + service.id + "-"))
            entries.append(entry)
            if want(path):
                data = jsonld.service_data(catalogue, service, options.site_url, entry["updated"])
                pages.append(render("service.md.j2", path, office=office, jsonld=Markup(jsonld.script(data)), **entry))
        if booklet:
            pages.append(render("booklet.md.j2", urls.booklet(office.id), office=office,
                                entries=[e for e in entries if not e["service"].internal],
                                generated=max((e["updated"] for e in entries), default="")))
    for topic in topics_shared:
        if not want(urls.comparison(topic.id)):
            continue
        services = catalogue.services_of_topic(topic.id)
        pages.append(render("comparison.md.j2", urls.comparison(topic.id), topic=topic, services=services,
                            rows=_comparison_rows(catalogue, services, docs)))
    urls.check_unique([p.path for p in pages])
    qr_codes.save()
    return pages


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
        "qr": Markup(qr_codes.svg(site_page_url(options.site_url, path))) if options.site_url else "",
        "service_url": site_page_url(options.site_url, path) if options.site_url else "",
        "corrections": options.corrections,
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


def _promises(catalogue: Catalogue) -> list[str]:
    """What every resident service page shows, for the home page to promise: nothing more."""
    services = [s for s in catalogue.services if not s.internal]
    shown = ["要带的材料", "办理步骤"]
    for label, has in (("办理地点", lambda s: s.place.address), ("办理时间", lambda s: s.place.hours),
                       ("办理时限", lambda s: s.time_limit), ("是否收费", lambda s: s.fees),
                       ("咨询电话", lambda s: s.place.phone),
                       ("监督投诉电话", lambda s: any(c.phone for c in s.supervision))):
        if services and all(has(s) for s in services):
            shown.append(label)
    return shown


def _office_groups(catalogue: Catalogue, services: list[Service]):
    """An office's resident services grouped by theme, each group in 序号 order."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        if service.internal:
            continue
        topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
        theme = catalogue.themes[topic.theme_id].name if topic else "其他事项"
        groups.setdefault(theme, []).append(service)
    order = [t.name for t in catalogue.themes.values()] + ["其他事项"]
    return sorted(groups.items(), key=lambda kv: (order.index(kv[0]), kv[1][0].sort_key))


@dataclass
class ComparisonRow:
    label: str
    same: bool
    cells: dict[str, list]  # office id -> compared items (or plain strings)


def _comparison_rows(catalogue: Catalogue, services: list[Service], docs) -> list[ComparisonRow]:
    """Field by field: the same everywhere (said once) or different (marked item by item)."""

    def row(label: str, values: dict[str, list[str]], itemised: bool, vocabulary=()) -> ComparisonRow:
        normalised = {tuple("".join(ch for ch in v if ch.isalnum()) for v in vals) for vals in values.values()}
        if len(normalised) == 1:
            return ComparisonRow(label, True, {next(iter(values)): list(next(iter(values.values())))})
        if not itemised:  # a name or a body: show each office's wording side by side
            return ComparisonRow(label, False, {o: [ComparedItem(v, "plain", md_escape(v)) for v in vals]
                                                for o, vals in values.items()})
        return ComparisonRow(label, False, compare_lists(values, vocabulary))

    by_office = {s.office_id: s for s in services}

    def material_text(item) -> str:
        summary = item.summary()  # form and copies, so "原件 1 份" against "复印件 2 份" is marked
        return f"{item.name}（{summary}）" if summary else item.name

    def materials_of(s: Service) -> list[str]:
        m = s.materials
        if m.kind != "list":
            return [m.text]
        return [material_text(i) for i in m.items] + [f"{g.name}：{material_text(i)}" for g in m.groups for i in g.items] + \
            [f"{g.name}：{g.intro}" for g in m.groups if g.intro and not g.items]

    def steps_of(s: Service) -> list[str]:
        p = s.process
        return list(p.steps) + [f"{v.name}：{step}" for v in p.variants for step in v.steps] + \
            [f"{v.name}：{v.intro}" for v in p.variants if v.intro and not v.steps]

    def citations_of(s: Service) -> list[str]:
        out = []
        for entry in s.legal_basis:
            for c in entry.citations:
                doc = docs[citation_key(c, docs)]
                out.append(" ".join(filter(None, [f"《{doc.title}》" if doc.title else "", doc.doc_number])))
        return list(dict.fromkeys(out)) or [e.text for e in s.legal_basis]

    def chain(s: Service) -> list[str]:
        r = s.responsibility
        return [" → ".join(r)] if isinstance(r, tuple) else [r]

    def optional(value: str) -> list[str]:
        return [value] if value else []

    fields = [
        ("事项名称", lambda s: [f"{s.number} {s.name}"], False),
        ("办理地点", lambda s: optional(elements.place_text(s.place)), False),
        ("办理时间", lambda s: optional(elements.hours_text(s.place)), False),
        ("办理时限", lambda s: optional(s.time_limit and elements.time_limit_text(s.time_limit)), False),
        ("收费", lambda s: optional(s.fees and elements.fees_text(s.fees)), False),
        ("网上办理", lambda s: optional(s.online and (s.online.platform or s.online.url)), False),
        ("到现场次数", lambda s: optional(s.visits is not None and elements.visits_text(s.visits)), False),
        ("咨询电话", lambda s: optional(s.place.phone), False),
        ("受理条件", lambda s: list(s.conditions), True),
        ("实施机构", lambda s: [s.implementing_body], False),
        ("职责边界", lambda s: [s.boundary], False),
        ("所需材料", materials_of, True),
        ("办理流程", steps_of, False),
        ("法定依据", citations_of, True),
        ("责任事项", chain, False),
        ("监督方式", lambda s: [f"{c.label} {c.phone or ''}".strip() for c in s.supervision], False),
    ]
    # A guide element no office publishes leaves no row; one some offices lack says so in their cell
    rows = []
    for label, get, itemised in fields:
        values = {o: get(s) for o, s in by_office.items()}
        if not any(values.values()):
            continue
        values = {o: v or ["未公布"] for o, v in values.items()}
        rows.append(row(label, values, itemised, catalogue.material_kinds if get is materials_of else ()))
    return rows


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
    staging = new_staging(out_dir)
    try:
        (staging / RENDER_MARKER).write_text("service-guide render\n", encoding="utf-8")
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        files = {rel: (content_dir / rel).read_bytes() for rel in forms} if content_dir else {}
        for rel, content in {**files, **(data or {})}.items():  # forms under content/files/, downloads
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(content)
        swap_in(staging, out_dir)
    except BaseException:
        discard(staging)
        raise
