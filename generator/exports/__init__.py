"""Outputs beside the Markdown pages, fed by the same catalogue: structured data (JSON-LD) in pages,
and downloadable data files (JSON, CSV, XLSX, an Atom feed of changes) under data/."""
from __future__ import annotations

from pathlib import Path

from ..model import Catalogue
from .data import catalogue_documents, dumps
from .feed import changes_feed
from .tables import services_csv, services_xlsx

SCHEMA_FILE = Path(__file__).parent.parent / "schemas" / "catalogue-export.schema.json"
CATALOGUE_JSON = "data/catalogue.json"
CATALOGUE_SCHEMA = "data/catalogue.schema.json"
SERVICES_CSV = "data/services.csv"
SERVICES_XLSX = "data/services.xlsx"
CHANGES_FEED = "data/changes.atom"


def office_json(office_id: str) -> str:
    return f"data/offices/{office_id}.json"


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
