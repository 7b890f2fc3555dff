"""Which pages an edit feeds, so a long-running preview re-renders only those.

A service always feeds its own page, its office's booklet and its topic's comparison. What lists it
(its office page, its topic's theme page, the other offices' pages that name it under 其他机构的同类事项,
the comparison overview and the site-wide indexes) shows only its label (number, name, id, office,
topic, internal or not), so those are fed only when the label changes or the service comes or goes;
the legal-basis index when its legal basis changes, the materials index when its materials do, the
home page and the editor's report when the guide elements it fills change. Anything else that
changes (an office, the topics, the materials or resident vocabulary) may feed every page, and
everything is rendered again.
"""
from __future__ import annotations

from generator.catalogue import elements
from generator.website import urls
from generator.website.listings import elsewhere, legal_index, resident_themes, shared_topics
from generator.catalogue.model import Catalogue, Service

SITE_WIDE = (urls.HOME, urls.OFFICES, urls.COMPARE, urls.LEGAL, urls.MATERIALS, urls.EDITOR_REPORT)


def page_paths(catalogue: Catalogue) -> list[str]:
    """The path of every page render_site makes, in its order, without rendering anything."""
    paths = list(SITE_WIDE)
    paths += [urls.theme(listing.theme.id) for listing in resident_themes(catalogue)]
    for office in catalogue.offices.values():
        paths.append(urls.office(office.id))
        paths += [urls.service(office.id, s.id) for s in catalogue.services_of(office.id)]
        paths.append(urls.booklet(office.id))
    paths += [urls.comparison(topic.id) for topic in shared_topics(catalogue)]
    return paths


def _services(catalogue: Catalogue) -> dict[tuple[str, str], Service]:
    return {(s.office_id, s.id): s for s in catalogue.services}


def changed_services(old: Catalogue, new: Catalogue) -> list[tuple[Service | None, Service | None]]:
    """(before, after) of every service added, removed or edited."""
    before, after = _services(old), _services(new)
    return [(before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)]


def _title_keys(catalogue: Catalogue) -> dict:
    return legal_index(catalogue).keys_by_title


def _label(service: Service) -> tuple:
    """What listing pages show of a service."""
    return service.id, service.office_id, service.number, service.name, service.topic_id, service.internal


def pages_fed_by(old: Catalogue, new: Catalogue) -> set[str] | None:
    """Paths of the pages whose Markdown may differ between `old` and `new`; None for all."""
    if (old.offices != new.offices or old.topics != new.topics or old.themes != new.themes
            or old.material_kinds != new.material_kinds or old.resident_words != new.resident_words):
        return None
    changed = changed_services(old, new)
    if (any((b.legal_basis if b else None) != (a.legal_basis if a else None) for b, a in changed)
            and _title_keys(old) != _title_keys(new)):
        return None  # a citation by title alone now links to another index entry, on any page
    pages: set[str] = set()
    for before, after in changed:
        relisted = before is None or after is None or _label(before) != _label(after)
        if relisted:
            pages |= set(SITE_WIDE)
        else:
            if before.legal_basis != after.legal_basis:
                pages.add(urls.LEGAL)
            if before.materials != after.materials:
                pages.add(urls.MATERIALS)
            if elements.present_elements(before) != elements.present_elements(after):
                pages |= {urls.HOME, urls.EDITOR_REPORT}
        for catalogue, service in ((old, before), (new, after)):
            if service is None:
                continue
            pages |= {urls.service(service.office_id, service.id), urls.booklet(service.office_id)}
            topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
            if topic:
                pages.add(urls.comparison(topic.id))
            if not relisted:
                continue
            pages.add(urls.office(service.office_id))
            if topic:
                pages.add(urls.theme(topic.theme_id))
                pages |= _siblings_listing(catalogue, service, counted_again=not _same_place(before, after))
    return pages


def _same_place(before: Service | None, after: Service | None) -> bool:
    return before is not None and after is not None and (before.office_id, before.topic_id) == (after.office_id, after.topic_id)


def _siblings_listing(catalogue: Catalogue, service: Service, counted_again: bool) -> set[str]:
    """Pages of the topic's other services that list `service` under 其他机构的同类事项 (booklets
    leave that list out): every one when the topic's services are counted again (one came, went or
    moved), else those naming it."""
    key = (service.office_id, service.id)
    return {urls.service(s.office_id, s.id) for s in catalogue.services_of_topic(service.topic_id)
            if counted_again or key in {(o.office_id, o.id) for o in elsewhere(catalogue, s)[0]}}
