"""Which pages an edit feeds, so a long-running preview re-renders only those.

Each kind of page says what of which services it shows (website/pages.py): a service's own page,
booklet and comparison show all of it; listings show its label; the legal-basis and materials
indexes its legal basis and materials; the home page and the editor's report which guide elements
it has. An edit feeds the pages that show what it changed, before and after. Anything else that
changes (an office, the topics, the materials, resident vocabulary or the journeys) may feed every page, and
everything is rendered again.
"""
from __future__ import annotations

from generator.catalogue.model import Catalogue, Service
from generator.website.listings import legal_index
from generator.website.pages import aspects_changed, is_large, pages_showing


def _services(catalogue: Catalogue) -> dict[tuple[str, str], Service]:
    return {(s.office_id, s.id): s for s in catalogue.services}


def changed_services(old: Catalogue, new: Catalogue) -> list[tuple[Service | None, Service | None]]:
    """(before, after) of every service added, removed or edited."""
    before, after = _services(old), _services(new)
    # a service not read again is the very same object (LoadCache): no need to compare its fields
    return [(b, a) for key in sorted(before.keys() | after.keys())
            if (b := before.get(key)) is not (a := after.get(key)) and b != a]


def _title_keys(catalogue: Catalogue) -> dict:
    return legal_index(catalogue).keys_by_title


def pages_fed_by(old: Catalogue, new: Catalogue) -> set[str] | None:
    """Paths of the pages whose Markdown may differ between `old` and `new`; None for all."""
    if (old.offices != new.offices or old.topics != new.topics or old.themes != new.themes
            or old.material_kinds != new.material_kinds or old.resident_words != new.resident_words
            or old.journeys != new.journeys):
        return None
    if is_large(old) != is_large(new):
        return None  # the listings change shape: the materials index gets (or loses) its pages per kind
    changed = changed_services(old, new)
    if (any((b.legal_basis if b else None) != (a.legal_basis if a else None) for b, a in changed)
            and _title_keys(old) != _title_keys(new)):
        return None  # a citation by title alone now links to another index entry, on any page
    pages: set[str] = set()
    for before, after in changed:
        aspects = aspects_changed(before, after)
        for catalogue, service in ((old, before), (new, after)):
            if service is not None:
                pages |= pages_showing(catalogue, service, aspects)
    return pages
