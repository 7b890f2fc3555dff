"""Downloads beside the pages, fed by the same catalogue: data files (JSON, CSV, XLSX, an Atom feed
of changes) under data/. Their paths live with every other path, in website/urls.py."""
from __future__ import annotations

from generator.catalogue.model import Catalogue
from generator.exports.data import catalogue_documents, dumps
from generator.exports.feed import changes_feed
from generator.exports.tables import services_csv, services_xlsx
from generator import SCHEMA_DIR
from generator.website.urls import (CATALOGUE_JSON, CATALOGUE_SCHEMA, CHANGES_FEED, SERVICES_CSV, SERVICES_XLSX,
                                    office_json)

SCHEMA_FILE = SCHEMA_DIR / "catalogue-export.schema.json"


def data_paths(catalogue: Catalogue) -> list[str]:
    """The paths data_files() writes, without making them."""
    return [CATALOGUE_JSON, CATALOGUE_SCHEMA, SERVICES_CSV, SERVICES_XLSX, CHANGES_FEED,
            *(office_json(office_id) for office_id in catalogue.offices)]


def data_files(catalogue: Catalogue, site_url: str, updated: dict[str, str], site_name: str) -> dict[str, bytes]:
    """{path in the site: bytes} of every download, built with the pages."""
    whole, per_office = catalogue_documents(catalogue, site_url, updated)
    files = {
        CATALOGUE_JSON: dumps(whole),
        CATALOGUE_SCHEMA: SCHEMA_FILE.read_bytes(),
        SERVICES_CSV: services_csv(catalogue, site_url, updated),
        SERVICES_XLSX: services_xlsx(catalogue, site_url, updated),
        CHANGES_FEED: changes_feed(catalogue, site_url, updated, site_name),
    }
    for office_id, document in per_office.items():
        files[office_json(office_id)] = dumps(document)
    return files
