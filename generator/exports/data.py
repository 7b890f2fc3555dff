"""The whole catalogue as one JSON document (and one per office), in a versioned format described
by a published JSON Schema (generator/schemas/catalogue-export.schema.json)."""
from __future__ import annotations

import dataclasses
import json

from generator.catalogue.fields import FIELDS, PLACE_KEYS
from generator.website import urls
from generator.website.listings import legal_index
from generator.catalogue.model import Catalogue, Office, Place, Service
from generator.website.jsonld import iso_duration

FORMAT = "service-guide-catalogue"
FORMAT_VERSION = "1.1"  # 1.1: a service needs only a name (序号, 依据, 流程, 材料 may be absent)
# Internal bookkeeping of the model, not data; what is for editors only (the import's 待核对)
_SKIP = {"source"} | {f.key for f in FIELDS if not f.public}


def plain(value):
    """A model value as JSON data: dataclasses become objects, tuples lists; empty fields dropped."""
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            if f.name in _SKIP or f.name.startswith("_"):
                continue
            if f.name == "more":  # the registry's plain fields, where the model would hold them
                out.update((k, plain(v)) for k, v in value.more if k not in _SKIP)
                continue
            v = plain(getattr(value, f.name))
            if v not in (None, "", [], {}):
                out[f.name] = v
        if isinstance(value, Place):  # the place's fields in the registry's order, attributes or not
            out = {k: out[k] for k in PLACE_KEYS if k in out}
        return out
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def office_record(office: Office, site_url: str) -> dict:
    record = plain(office)
    record["url"] = urls.public_url(site_url, urls.office(office.id)) or None
    return {k: v for k, v in record.items() if v is not None}


def service_record(service: Service, site_url: str, updated: str) -> dict:
    record = plain(service)
    record = {"id": record.pop("id"), "office": record.pop("office_id"), "number": record.pop("number", None),
              "topic": record.pop("topic_id", None), **record}
    if service.time_limit:  # the parsed form beside the text, with its ISO 8601 duration
        for key in ("stated", "promised", "legal"):
            d = getattr(service.time_limit, key)
            if d:
                record["time_limit"][key]["iso8601"] = iso_duration(d)
    record["updated"] = updated or None
    record["url"] = urls.public_url(site_url, urls.service(service.office_id, service.id)) or None
    return {k: v for k, v in record.items() if v is not None}


def catalogue_documents(catalogue: Catalogue, site_url: str, updated: dict[str, str]) -> tuple[dict, dict[str, dict]]:
    """The whole catalogue's JSON document, and one per office; every record is built once."""
    dates = {id(s): updated.get(s.source) or s.updated or "" for s in catalogue.services}
    records = {id(s): service_record(s, site_url, dates[id(s)]) for s in catalogue.services}
    offices = {o.id: office_record(o, site_url) for o in catalogue.offices.values()}
    documents = legal_index(catalogue, with_internal=True).values()
    themes = [plain(t) for t in catalogue.themes.values()]
    topics = [{"theme": t.theme_id, **{k: v for k, v in plain(t).items() if k != "theme_id"}}
              for t in catalogue.topics.values()]

    def document(services: list[Service], office_ids: list[str]) -> dict:
        wanted = {id(s) for s in services}
        legal = []
        for doc in documents:
            citing = [s for s, _ in doc.citing if id(s) in wanted]
            if citing:
                legal.append({k: v for k, v in {
                    "key": doc.key, "title": doc.title, "doc_number": doc.doc_number, "issuer": doc.issuer,
                    "year": doc.year, "services": [f"{s.office_id}/{s.id}" for s in citing]}.items() if v})
        result = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "updated": max((dates[id(s)] for s in services), default="") or None,
            "offices": [offices[o] for o in office_ids],
            "themes": themes,
            "topics": topics,
            "legal_documents": legal,
            "services": [records[id(s)] for s in services],
        }
        return {k: v for k, v in result.items() if v is not None}

    whole = document(catalogue.services, list(catalogue.offices))
    return whole, {o: document(catalogue.services_of(o), [o]) for o in catalogue.offices}


def dumps(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
