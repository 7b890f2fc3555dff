"""The kinds of value a field holds (catalogue/fields.py names one per field): how it is written in
YAML (its JSON Schema), whether it is plain (kept as written: read, exported and shown with no code of
its own), and the control the editor's form edits it with.

The schemas of the structured kinds (a duration, materials, steps …) are in kinds.json beside this
file; what they mean to a page and a comparison is in the model (catalogue/model.py)."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from generator.catalogue.fields import REQUIRABLE

_STRUCTURED = json.loads((Path(__file__).with_name("kinds.json")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Kind:
    schema: dict                      # a YAML value of this kind (the field gives title and description)
    control: str                      # the editor's form control: text, textarea, list, number, select, date, tel, group
    plain: bool = False               # kept as written: a string, or a list of strings
    export: dict | None = None        # its shape in catalogue.json (None: a structure of the model, in the export frame)


_TEXT = {"type": "string", "minLength": 1}
KINDS: dict[str, Kind] = {
    "text": Kind(_TEXT, "text", plain=True, export={"type": "string"}),
    "note": Kind({"type": "string"}, "text", plain=True, export={"type": "string"}),  # may be left blank
    "texts": Kind({"type": "array", "minItems": 1, "items": _TEXT}, "list", plain=True,
                  export={"type": "array", "items": {"type": "string"}}),
    "requirable": Kind({"type": "array", "uniqueItems": True,
                                "items": {"type": "string", "enum": list(REQUIRABLE), "x-labels": dict(REQUIRABLE)}},
                       "checkboxes"),
    "slug": Kind(_STRUCTURED["slug"], "text"),
    "position": Kind(_STRUCTURED["position"], "number"),
    "count": Kind(_STRUCTURED["count"], "number"),
    "date": Kind(_STRUCTURED["date"], "date"),
    "audience": Kind(_STRUCTURED["audience"], "checkboxes"),
    "words": Kind(_STRUCTURED["words"], "list"),
    "phone": Kind(_STRUCTURED["phone"], "tel"),
    "area_code": Kind(_STRUCTURED["area_code"], "text"),
    "office_kind": Kind(_STRUCTURED["office_kind"], "select"),
    "duration": Kind(_STRUCTURED["duration"], "group"),
    "money": Kind(_STRUCTURED["money"], "group"),
    "online": Kind(_STRUCTURED["online"], "group"),
    "faq": Kind(_STRUCTURED["faq"], "group"),
    "legal_basis": Kind(_STRUCTURED["legal_basis"], "group"),
    "steps": Kind(_STRUCTURED["steps"], "group"),
    "materials": Kind(_STRUCTURED["materials"], "group"),
    "responsibility": Kind(_STRUCTURED["responsibility"], "textarea"),
    "contacts": Kind(_STRUCTURED["contacts"], "group"),
    "hotline": Kind({"type": "object", "additionalProperties": False, "required": ["label", "phone"],
                     "properties": {"label": {"type": "string", "minLength": 1, "title": "热线名称"},
                                    "phone": {"type": "string", "format": "phone", "title": "电话"}}}, "group"),
    "extra": Kind(_STRUCTURED["extra"], "group"),
}


def schema_of(kind: str) -> dict:
    """A fresh copy: the schema builder adds the field's title and help to it."""
    return copy.deepcopy(KINDS[kind].schema)


def is_plain(kind: str) -> bool:
    return KINDS[kind].plain
