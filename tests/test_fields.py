"""The registry of fields (catalogue/fields.py) is the one place a field's names live: the import
reads what the export writes, no word means two fields, and the schemas name fields as it does."""
import json

from generator import SCHEMA_DIR
from generator.catalogue import elements
from generator.catalogue.fields import BY_KEY, ELEMENTS, FIELDS
from generator.catalogue.model import PLACE_KEYS, Service
from generator.exports.tables import COLUMNS, HEADERS
from generator.sources.records import LABEL_TO_FIELD, normalise_label


def test_every_export_column_imports_back_to_its_field():
    assert [LABEL_TO_FIELD[normalise_label(header)] for header in HEADERS] == [key for key, _ in COLUMNS]


def test_no_word_names_two_fields():
    names = [name for f in FIELDS for name in f.names]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_the_schemas_name_each_field_as_the_registry_does():
    for kind in ("service", "office"):
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
        for key, spec in schema["properties"].items():
            if key in BY_KEY and not (kind == "office" and key == "name"):
                title = spec.get("title", "")
                assert title in BY_KEY[key].names or title.startswith(BY_KEY[key].label), (kind, key, title)


def test_every_element_is_something_a_service_can_have():
    service_fields = set(Service.__dataclass_fields__)
    assert set(ELEMENTS) <= service_fields | set(PLACE_KEYS)
    assert elements.ELEMENTS is ELEMENTS
