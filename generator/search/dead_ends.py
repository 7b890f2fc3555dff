"""What the search panel offers when a query finds nothing or little (search/help.json).

Fetched by the page only when a search needs it: the themes, the offices with their phones, the
site's hotline, the journeys, the words content/vocabulary.yml lists as not in this guide (低保),
each with where to ask, and the words that ask for the 关怀版 display, which the panel then offers to
switch on. Every resident has a next tap.
"""
from __future__ import annotations

from generator.catalogue.model import Catalogue
from generator.catalogue.phones import tel_uri
from generator.website import urls
from generator.website.listings import resident_themes

FILE = "search/help.json"
OFFICES_LISTED = 8  # a district's hundreds of offices: their index page instead
# What residents call the 关怀版 display or say when the type is too small for them
CARE_WORDS = ("关怀版", "长辈版", "大字版", "老年版", "老人版", "适老", "老年人", "大字", "字太小", "字小",
              "看不清", "放大字")


def search_help(catalogue: Catalogue, hotline=None) -> dict:
    """Links are site-root-relative page URLs; the page resolves them against the site's base."""
    def contact(label: str, phone: str) -> dict:
        return {"label": label, "phone": phone, "tel": tel_uri(phone) if phone else ""}

    return {
        "themes": [{"name": listing.theme.name, "url": urls.page_url(urls.theme(listing.theme.id))}
                   for listing in resident_themes(catalogue)],
        "offices": [{"name": o.name, "url": urls.page_url(urls.office(o.id)), **contact(o.name, o.place.phone)}
                    for o in list(catalogue.offices.values())[:OFFICES_LISTED]],
        "office_count": len(catalogue.offices),
        "offices_url": urls.page_url(urls.OFFICES),
        "journeys": [{"name": j.title, "url": urls.page_url(urls.journey(j.id))} for j in catalogue.journeys.values()],
        "hotline": contact(hotline.label, hotline.phone) if hotline else None,
        "not_covered": [{"says": list(n.says), "name": n.name, "ask": n.ask}
                        for n in catalogue.resident_words.not_covered],
        "care_words": list(CARE_WORDS),
    }
