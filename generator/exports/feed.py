"""An Atom feed of changed services, newest first: title, office, date and link of each."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from generator.website import urls
from generator.catalogue.model import Catalogue

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200  # a reader wants what changed lately, not a district's whole list


def changes_feed(catalogue: Catalogue, site_url: str, updated: dict[str, str], site_name: str) -> bytes:
    dated = [(updated.get(s.source) or s.updated or "", s) for s in catalogue.services if not s.internal]
    dated.sort(key=lambda pair: (pair[0], pair[1].office_id, pair[1].sort_key), reverse=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    base = urls.public_url(site_url, "") if site_url else "urn:service-guide:"
    _text(feed, "id", base + "data/changes.atom")
    _text(feed, "title", f"{site_name}：事项更新")
    _text(feed, "updated", _timestamp(max((d for d, _ in dated if d), default="2000-01-01")))
    if site_url:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": base + "data/changes.atom"})
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": base})
    for date, service in dated[:MAX_ENTRIES]:
        office = catalogue.offices[service.office_id]
        url = urls.public_url(site_url, urls.service(service.office_id, service.id))
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", url or f"urn:service-guide:{service.office_id}/{service.id}")
        _text(entry, "title", f"{service.name}（{office.short_name}）")
        _text(entry, "updated", _timestamp(date or "2000-01-01"))
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", office.name)
        if url:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
        _text(entry, "summary", f"{office.name} {service.number} {service.name}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent, tag: str, text: str):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
