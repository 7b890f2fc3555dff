"""schema.org JSON-LD for service, office and home pages: every value from the catalogue, and a
field the catalogue lacks is left out, never filled with a placeholder.

Legal bases use the EU's CPSV-AP term (cpsv:hasLegalResource); everything else is schema.org.
The context is written inline, so the data expands offline (no fetch of schema.org's context).
"""
from __future__ import annotations

import json

from generator.website import urls
from generator.catalogue.model import AUDIENCE_NAMES, Catalogue, Duration, Office, Service

CONTEXT = {"@vocab": "https://schema.org/", "cpsv": "http://data.europa.eu/m8g/"}
ISO_UNITS = {"working_days": "D", "days": "D", "months": "M"}


def iso_duration(d: Duration | None) -> str | None:
    """即办 -> P0D; N 日 and N 个工作日 -> PND (ISO 8601 has no working days); N 个月 -> PNM."""
    if d is None:
        return None
    return "P0D" if d.kind == "immediate" else f"P{d.amount}{ISO_UNITS[d.kind]}"


def _clean(value):
    """Drop empty values everywhere: a field the catalogue lacks is left out."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_clean(v) for v in value) if v not in (None, "", [], {})]
    return value


def area(office: Office) -> dict:
    district = {"@type": "AdministrativeArea", "name": office.district}
    city = {"@type": "AdministrativeArea", "name": office.city}
    if office.district and office.city:
        district["containedInPlace"] = city
        return district
    return district if office.district else city


def organisation(office: Office, site_url: str) -> dict:
    url = urls.public_url(site_url, urls.office(office.id))
    return {
        "@type": ["GovernmentOrganization", "GovernmentOffice"],
        "@id": url + "#office" if url else None,
        "name": office.name,
        "alternateName": office.short_name if office.short_name != office.name else None,
        "url": url,
        "address": postal_address(office, office.place.address),
        "telephone": office.place.phone,
        "openingHours": office.place.hours,
        "areaServed": area(office),
    }


def postal_address(office: Office, street: str) -> dict | None:
    if not street:
        return None
    return {"@type": "PostalAddress", "streetAddress": street, "addressLocality": office.district or office.city,
            "addressRegion": office.city, "addressCountry": "CN"}


def _channels(service: Service, office: Office) -> list[dict]:
    """Where a service is done: at the counter (place, hours, phone) and online."""
    place = service.place
    expected = service.time_limit.expected if service.time_limit else None
    channels = []
    if place.address or place.phone or place.hours:
        channels.append({
            "@type": "ServiceChannel", "name": "现场办理",
            "serviceLocation": {"@type": "Place", "name": place.window or office.name,
                                "address": postal_address(office, place.address), "openingHours": place.hours},
            "servicePhone": {"@type": "ContactPoint", "telephone": place.phone, "contactType": "咨询"}
            if place.phone else None,
            "processingTime": iso_duration(expected),
        })
    if service.online and service.online.url:
        channels.append({"@type": "ServiceChannel", "name": service.online.platform or "网上办理",
                         "serviceUrl": service.online.url, "processingTime": iso_duration(expected)})
    return channels


def service_data(catalogue: Catalogue, service: Service, site_url: str, updated: str) -> dict:
    office = catalogue.offices[service.office_id]
    topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
    theme = catalogue.themes.get(topic.theme_id) if topic else None
    url = urls.public_url(site_url, urls.service(service.office_id, service.id))
    channels = _channels(service, office)
    # the office provides and operates the service; the 实施机构 as the document names it is
    # CPSV-AP's competent authority
    org = {"@id": urls.public_url(site_url, urls.office(office.id)) + "#office"} if site_url else organisation(office, site_url)
    data = {
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "@id": url + "#service" if url else None,
        "name": service.name,
        "alternateName": list(dict.fromkeys(a for a in ((service.title,) + service.aliases
                                                         + (topic.aliases if topic else ())) if a != service.name)),
        "identifier": service.item_code or None,
        "serviceType": topic.name if topic else None,
        "category": [c for c in (theme.name if theme else None, service.item_type) if c],
        "provider": org,
        "serviceOperator": org,
        "cpsv:hasCompetentAuthority": {"@type": "GovernmentOrganization", "name": service.implementing_body},
        "areaServed": area(office),
        "audience": [{"@type": "Audience", "audienceType": AUDIENCE_NAMES[a]} for a in service.audience],
        "availableChannel": channels,
        "offers": _offers(service),
        "cpsv:hasLegalResource": [_legislation(c) for entry in service.legal_basis for c in entry.citations],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "dateModified": updated} if url else None,
    }
    if site_url:  # the office itself, once, so the provider reference resolves within the page
        data = {"@context": CONTEXT, "@graph": [_without_context(data), organisation(office, site_url)]}
    return _clean(data)


def _without_context(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "@context"}


def _offers(service: Service) -> list[dict]:
    if service.fees is None:
        return []
    if service.fees.free:
        return [{"@type": "Offer", "name": "不收费", "price": "0", "priceCurrency": "CNY"}]
    return [{"@type": "Offer", "name": item.name, "description": item.amount, "priceCurrency": "CNY",
             "cpsv:hasLegalResource": {"@type": "Legislation", "name": item.basis} if item.basis else None}
            for item in service.fees.items]


def _legislation(citation) -> dict:
    return {"@type": "Legislation", "name": citation.title,
            "legislationIdentifier": citation.doc_number}


def office_data(office: Office, site_url: str) -> dict:
    return _clean({"@context": CONTEXT, **organisation(office, site_url)})


def website_data(site_name: str, site_url: str) -> dict:
    return _clean({"@context": CONTEXT, "@type": "WebSite", "name": site_name, "url": site_url or None,
                   "inLanguage": "zh-CN"})


def script(data: dict) -> str:
    """The data as a <script> block; "<" is escaped so no value can close the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'
