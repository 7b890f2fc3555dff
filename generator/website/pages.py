"""Every kind of page the site has, declared once: where its pages live, the template that writes
them, what it gives the template, and what of which services it shows.

render.py renders the pages in this order; incremental.py asks the same declarations which pages an
edit feeds. Adding a kind of page is one entry in PAGE_KINDS (and its template).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from markupsafe import Markup

from generator.catalogue import elements
from generator.catalogue.model import Catalogue, Service
from generator.website import jsonld, urls
from generator.website.memo import per_catalogue
from generator.website.print_fit import journey_print_size
from generator.website.listings import (citation_key, comparison_rows, elsewhere, legal_groups, legal_index,
                                        material_names, materials_index, office_groups, promised_facts,
                                        resident_themes, shared_topics, untopical_services)

# What a page may show of a service. An edit feeds the pages that show what it changed.
LABEL = "label"          # id, office, 序号, name, topic, internal or not, list section: what a listing shows
PRESENCE = "presence"    # the service is there, in this office and topic (lists count it)
LEGAL = "legal_basis"
MATERIALS = "materials"
ELEMENTS = "elements"    # which 办事指南 elements it has (the home page's promises, the report)
CONTACTS = "contacts"    # its supervision phones (the home page's promises)
WHOLE = "whole"          # anything at all: the service's own page, booklet, comparison

EVERY_ASPECT = frozenset({LABEL, PRESENCE, LEGAL, MATERIALS, ELEMENTS, CONTACTS, WHOLE})


def aspects_changed(before: Service | None, after: Service | None) -> frozenset[str]:
    """What of a service an edit changed (all of it when the service came, went or moved)."""
    if before is None or after is None or (before.office_id, before.topic_id) != (after.office_id, after.topic_id):
        return EVERY_ASPECT
    changed = {WHOLE} if before != after else set()
    if _label(before) != _label(after):
        changed.add(LABEL)
    if before.legal_basis != after.legal_basis:
        changed.add(LEGAL)
    if before.materials != after.materials:
        changed.add(MATERIALS)
    if elements.present_elements(before) != elements.present_elements(after):
        changed.add(ELEMENTS)
    if before.supervision != after.supervision:
        changed.add(CONTACTS)
    return frozenset(changed)


def _label(service: Service) -> tuple:
    return (service.id, service.office_id, service.number, service.name, service.topic_id, service.internal,
            service.group)


@dataclass(frozen=True)
class Shows:
    """`aspects` of a service are shown on the pages `where(catalogue, service)` gives (their keys)."""
    aspects: frozenset[str]
    where: Callable[[Catalogue, Service], Iterable]


SINGLE = ((),)  # the key of a kind with one page


def _everywhere(catalogue: Catalogue, service: Service):
    return SINGLE


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str
    path: Callable[..., str]                       # key -> the page's path (urls.py)
    context: Callable                              # (renderer, *key) -> what the template gets
    shows: tuple[Shows, ...]                       # what of which services its pages show
    keys: Callable[[Catalogue], Iterable] = lambda catalogue: SINGLE
    per_office: bool = False                       # keys(catalogue, office): rendered office by office
    in_nav: bool = False

    def page_path(self, key) -> str:
        return self.path(*key)


def _site(name, template, path, context, *aspects, in_nav=True) -> PageKind:
    """A page of which the site has one, showing `aspects` of every service."""
    return PageKind(name, template, lambda: path, context, (Shows(frozenset(aspects), _everywhere),), in_nav=in_nav)


# Listings that grow with a district stay light: a topic offered by more offices than this is one
# link to its comparison (which lists every office's version), the comparison overview drops its
# matrix for more offices than fit a phone's rows, and the home page names its services without a
# topic only while they are few
TOPIC_SERVICES_LISTED = 10
MATRIX_OFFICES = 8
HOME_UNTOPICAL_LISTED = 50


def _home(r):
    return {"themes": r.themes, "untopical": untopical_services(r.catalogue), "promises": promised_facts(r.catalogue),
            "untopical_listed": HOME_UNTOPICAL_LISTED,
            "jsonld": Markup(jsonld.script(jsonld.website_data(r.options.site_name, r.options.site_url)))}


# Beyond this many services for residents, listings that would name every service stay light for a
# phone: the site map names each office and its count (the office pages list the services), and the
# materials index names each kind of document, which has pages of its own
LARGE_CATALOGUE = 500
LINKS_PER_PAGE = 500  # services on one part of a long listing: about 1,000 DOM nodes with the theme's


@per_catalogue
def is_large(catalogue: Catalogue) -> bool:
    return sum(not s.internal for s in catalogue.services) > LARGE_CATALOGUE


BOOKLET_SERVICES = 30  # notices in one volume of an office's booklet: about 2,000 DOM nodes
COLLAPSED_ABOVE = 60  # an office with more services lists each group folded: a phone would scroll past hundreds


def parts(count: int, size: int | None = None) -> int:
    """How many pages (or volumes) `count` items fill, `size` a page (LINKS_PER_PAGE by default)."""
    return max(1, -(-count // (size or LINKS_PER_PAGE)))


def part_numbers(count: int, size: int | None = None) -> range:
    return range(1, parts(count, size) + 1)


def part_of(items: list, part: int, size: int | None = None) -> list:
    """The items on page (or volume) `part`, counted from 1."""
    size = size or LINKS_PER_PAGE
    return items[(part - 1) * size:part * size]


def _legal(r):
    return {"groups": legal_groups(r.docs), "split": r.large}


def _legal_document(r, key: str, part: int):
    doc = next(d for d in r.docs.values() if urls.anchor(d.key) == key)
    return {"doc": doc, "part": part, "parts": parts(len(doc.citing)), "citing": part_of(doc.citing, part)}


def _legal_keys(catalogue: Catalogue):
    if not is_large(catalogue):
        return []
    return [(urls.anchor(d.key), n) for d in legal_index(catalogue).values() for n in part_numbers(len(d.citing))]


def _legal_pages_of(catalogue: Catalogue, service: Service):
    """Every part of each document the service cites."""
    if not is_large(catalogue) or not service.legal_basis:
        return ()
    docs = legal_index(catalogue)
    cited = {citation_key(c, docs) for e in service.legal_basis for c in e.citations}
    return [(urls.anchor(key), n) for key in cited if key in docs for n in part_numbers(len(docs[key].citing))]


def _site_map(r):
    return {"themes": r.themes, "list_services": not r.large}


def _materials(r):
    return {"entries": r.materials, "split": r.large}


def _material(r, slug: str, part: int):
    entry = next(e for e in r.materials if e.slug == slug)
    return {"entry": entry, "part": part, "parts": parts(len(entry.services)),
            "services": part_of(entry.services, part)}


def _material_keys(catalogue: Catalogue):
    if not is_large(catalogue):
        return []
    return [(e.slug, n) for e in materials_index(catalogue, catalogue.material_kinds)
            for n in part_numbers(len(e.services))]


def _material_pages_of(catalogue: Catalogue, service: Service):
    """Every part of each kind of document the service needs: one more service moves the parts' bounds."""
    if not is_large(catalogue) or service.internal:
        return ()
    needed = set(material_names(service, catalogue.material_kinds))
    return [(e.slug, n) for e in materials_index(catalogue, catalogue.material_kinds) if e.name in needed
            for n in part_numbers(len(e.services))]


def _office(r, office_id: str):
    office = r.catalogue.offices[office_id]
    services = r.catalogue.services_of(office_id)
    return {"office": office, "groups": office_groups(r.catalogue, services), "hotline": r.options.hotline_for(office),
            "collapsed": len(services) > COLLAPSED_ABOVE,
            "volumes": booklet_volumes(r.catalogue, office_id),
            "jsonld": Markup(jsonld.script(jsonld.office_data(office, r.options.site_url)))}


def _office_staff(r, office_id: str):
    services = r.catalogue.services_of(office_id)
    return {"office": r.catalogue.offices[office_id], "services": services,
            "internal": [s for s in services if s.internal]}


def _service(r, office_id: str, service_id: str):
    entry = r.service_entry(office_id, service_id)
    data = jsonld.service_data(r.catalogue, entry["service"], r.options.site_url, entry["updated"])
    return {"office": r.catalogue.offices[office_id], "jsonld": Markup(jsonld.script(data)), **entry}


def _booklet(r, office_id: str, volume: int = 1):
    """One volume of the office's booklet: its notices, BOOKLET_SERVICES of them (all, for most offices)."""
    services = [s for s in r.catalogue.services_of(office_id) if not s.internal]
    entries = [r.service_entry(office_id, s.id) for s in part_of(services, volume, BOOKLET_SERVICES)]
    return {"office": r.catalogue.offices[office_id], "entries": entries, "volume": volume,
            "volumes": parts(len(services), BOOKLET_SERVICES), "first": (volume - 1) * BOOKLET_SERVICES + 1,
            "total": len(services),
            "generated": max((s.updated or r.options.updated.get(s.source, "")
                              for s in r.catalogue.services_of(office_id)), default=""),
            "hotline": r.options.hotline_for(r.catalogue.offices[office_id])}


def booklet_volumes(catalogue: Catalogue, office_id: str) -> int:
    return parts(sum(not s.internal for s in catalogue.services_of(office_id)), BOOKLET_SERVICES)


def _booklet_keys(catalogue: Catalogue, office):
    return [(office.id, v) for v in range(1, booklet_volumes(catalogue, office.id) + 1)]


def _comparison(r, topic_id: str):
    services = [s for s in r.catalogue.services_of_topic(topic_id) if not s.internal]
    return {"topic": r.catalogue.topics[topic_id], "services": services,
            "rows": comparison_rows(r.catalogue, services, r.docs)}


def _journey(r, journey_id: str):
    """The journey, the offices its steps send a resident to (where, when, whom to ask) and, for the
    printed sheet, its QR code."""
    journey = r.catalogue.journeys[journey_id]
    offices = list(dict.fromkeys(office_id for office_id, _ in journey.services()))
    url = urls.public_url(r.options.site_url, urls.journey(journey_id))
    return {"journey": journey,
            "offices": [(r.catalogue.offices[o], r.options.hotline_for(r.catalogue.offices[o])) for o in offices],
            "qr": Markup(r.qr_codes.svg(url)) if r.options.site_url else "", "journey_url": url,
            "print_size": journey_print_size(journey, len(offices))}


def _journeys_linking(catalogue: Catalogue, service: Service):
    return [(j.id,) for j, _ in catalogue.journey_steps_of(service)]


def _theme_of(catalogue: Catalogue, service: Service):
    topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
    return ((topic.theme_id,),) if topic else ()


def _siblings_naming(catalogue: Catalogue, service: Service):
    """The topic's other service pages that list `service` under 其他机构的同类事项."""
    key = (service.office_id, service.id)
    return [(s.office_id, s.id) for s in catalogue.services_of_topic(service.topic_id) if service.topic_id
            and key in {(o.office_id, o.id) for o in elsewhere(catalogue, s)[0]}]


def _topic_services(catalogue: Catalogue, service: Service):
    """Every service page of the topic: one coming, going or moving changes what each counts."""
    return [(s.office_id, s.id) for s in catalogue.services_of_topic(service.topic_id)] if service.topic_id else ()


def _own_topic(catalogue: Catalogue, service: Service):
    return ((service.topic_id,),) if service.topic_id in catalogue.topics else ()


PAGE_KINDS: list[PageKind] = [
    _site("home", "home.md.j2", urls.HOME, _home, LABEL, ELEMENTS, CONTACTS),
    _site("offices", "offices.md.j2", urls.OFFICES, lambda r: {}, LABEL),
    _site("compare", "compare_index.md.j2", urls.COMPARE, lambda r: {"themes": r.themes, "shared": r.topics_shared,
                                                                     "matrix": len(r.catalogue.offices) <= MATRIX_OFFICES},
          LABEL),
    _site("legal", "legal_index.md.j2", urls.LEGAL, _legal, LABEL, LEGAL, PRESENCE),
    _site("materials", "materials_index.md.j2", urls.MATERIALS, _materials, LABEL, MATERIALS, PRESENCE),
    _site("editor-report", "editor_report.md.j2", urls.EDITOR_REPORT,
          lambda r: {"reports": r.reports, "elements": elements.ELEMENTS, "split": r.large},
          LABEL, ELEMENTS, PRESENCE, in_nav=False),
    _site("open-data", "open_data.md.j2", urls.OPEN_DATA, lambda r: {}, in_nav=False),
    _site("site-map", "site_map.md.j2", urls.SITE_MAP, _site_map, LABEL, in_nav=False),
    PageKind("theme", "theme.md.j2", urls.theme,
             lambda r, theme_id: {"listing": r.theme_listing(theme_id), "shared_ids": r.shared_ids,
                                  "listed": TOPIC_SERVICES_LISTED},
             (Shows(frozenset({LABEL}), _theme_of),),
             keys=lambda catalogue: [(listing.theme.id,) for listing in resident_themes(catalogue)]),
    PageKind("office", "office.md.j2", urls.office, _office, (Shows(frozenset({LABEL}), lambda c, s: ((s.office_id,),)),),
             keys=lambda catalogue, office: ((office.id,),), per_office=True),
    PageKind("office-staff", "office_staff.md.j2", urls.office_staff, _office_staff,
             (Shows(frozenset({LABEL}), lambda c, s: ((s.office_id,),)),),
             keys=lambda catalogue, office: ((office.id,),), per_office=True),
    PageKind("service", "service.md.j2", urls.service, _service,
             (Shows(frozenset({WHOLE}), lambda c, s: ((s.office_id, s.id),)),
              Shows(frozenset({LABEL}), _siblings_naming),
              Shows(frozenset({PRESENCE}), _topic_services)),
             keys=lambda catalogue, office: [(office.id, s.id) for s in catalogue.services_of(office.id)],
             per_office=True),
    PageKind("booklet", "booklet.md.j2", urls.booklet, _booklet,
             (Shows(frozenset({WHOLE}), lambda c, s: _booklet_keys(c, c.offices[s.office_id])),),
             keys=_booklet_keys, per_office=True),
    PageKind("comparison", "comparison.md.j2", urls.comparison, _comparison,
             (Shows(frozenset({WHOLE}), _own_topic),),
             keys=lambda catalogue: [(topic.id,) for topic in shared_topics(catalogue)]),
    PageKind("material", "material.md.j2", urls.material, _material,
             (Shows(frozenset({LABEL, MATERIALS}), _material_pages_of),), keys=_material_keys),
    PageKind("legal-document", "legal_document.md.j2", urls.legal_document, _legal_document,
             (Shows(frozenset({LABEL, LEGAL}), _legal_pages_of),), keys=_legal_keys),
    PageKind("editor-report-office", "editor_report_office.md.j2", urls.editor_report_office,
             lambda r, office_id: {"r": next(x for x in r.reports if x.office.id == office_id),
                                   "elements": elements.ELEMENTS},
             (Shows(frozenset({LABEL, ELEMENTS}), lambda c, s: ((s.office_id,),) if is_large(c) else ()),),
             keys=lambda catalogue: [(o,) for o in catalogue.offices] if is_large(catalogue) else []),
    PageKind("journey", "journey.md.j2", urls.journey, _journey,
             (Shows(frozenset({LABEL}), _journeys_linking),),
             keys=lambda catalogue: [(j,) for j in catalogue.journeys]),
]


def page_order(catalogue: Catalogue) -> list[tuple[PageKind, tuple]]:
    """(kind, key) of every page, in the order render_site makes them: the kinds before the first
    per-office kind, then office by office its per-office kinds, then the rest."""
    kinds = PAGE_KINDS
    first = next(i for i, k in enumerate(kinds) if k.per_office)
    last = max(i for i, k in enumerate(kinds) if k.per_office)
    order = [(k, key) for k in kinds[:first] for key in k.keys(catalogue)]
    for office in catalogue.offices.values():
        order += [(k, key) for k in kinds[first:last + 1] for key in k.keys(catalogue, office)]
    order += [(k, key) for k in kinds[last + 1:] for key in k.keys(catalogue)]
    return order


def page_paths(catalogue: Catalogue) -> list[str]:
    """The path of every page render_site makes, in its order, without rendering anything."""
    return [kind.page_path(key) for kind, key in page_order(catalogue)]


def pages_showing(catalogue: Catalogue, service: Service, changed: frozenset[str]) -> set[str]:
    """Paths of the pages that show something of `service` that `changed`."""
    return {kind.page_path(key) for kind in PAGE_KINDS for shows in kind.shows if shows.aspects & changed
            for key in shows.where(catalogue, service)}
