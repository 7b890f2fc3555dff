"""The JSON Schemas of the catalogue's files, made from the field registry (catalogue/fields.py):
service.schema.json, office.schema.json and the open data's catalogue-export.schema.json.

`python -m generator.catalogue.schema_build` writes them to generator/schemas/; a test fails while
a committed schema differs from what the registry gives. The export's structures (materials, steps,
a parsed duration …) are the model's and live in export_frame.json; every plain field and the place
come from the registry."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.catalogue import fields as F
from generator.output import write_file
from generator.catalogue.kinds import KINDS, schema_of

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
GENERATED = "Generated from generator/catalogue/fields.py by `python -m generator.catalogue.schema_build`: edit the registry, not this file."
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _property(field: F.Field, blank_allowed: bool = False) -> dict:
    schema = schema_of(field.kind)
    if blank_allowed and field.kind == "phone":  # office.yml as the importer writes it: phone: "" until known
        schema = {"anyOf": [{**schema, "title": "电话", "description": field.help}, {"type": "string", "maxLength": 0}]}
        return {"title": field.heading, "description": "可不填", **schema}
    if blank_allowed and KINDS[field.kind].plain:
        schema.pop("minLength", None)
    return {**schema, "title": field.heading, **({"description": field.help} if field.help else {})}


def service_schema() -> dict:
    return {
        "$schema": DRAFT, "$id": "service.schema.json", "$comment": GENERATED,
        "title": "办事事项", "description": "一个办事事项（信息表中的一项）。文件放在 content/offices/<机构编号>/ 下。",
        "type": "object", "additionalProperties": False, "required": list(F.SERVICE_REQUIRED),
        "properties": {key: _property(F.BY_KEY[key]) for key in F.SERVICE_KEYS},
    }


def office_schema() -> dict:
    return {
        "$schema": DRAFT, "$id": "office.schema.json", "$comment": GENERATED,
        "title": "办事机构", "description": "一个街道或乡镇的党群服务中心。文件名为 office.yml，所在文件夹名就是机构编号（网址用）。",
        "type": "object", "additionalProperties": False, "required": list(F.OFFICE_REQUIRED),
        "properties": {f.key: _property(f, blank_allowed=f.on == F.BOTH) for f in F.OFFICE_FIELDS},
    }


def export_schema() -> dict:
    schema = json.loads(Path(__file__).with_name("export_frame.json").read_text(encoding="utf-8"))
    schema = {"$schema": schema.pop("$schema"), "$id": schema.pop("$id"), "$comment": GENERATED, **schema}
    place = {key: {"type": "string"} for key in F.PLACE_KEYS}
    schema["properties"]["offices"]["items"]["properties"]["place"]["properties"] = place
    service = schema["properties"]["services"]["items"]["properties"]
    service["place"]["properties"] = dict(place)
    for field in F.FIELDS:
        kind = KINDS[field.kind]
        if field.on == F.SERVICE and field.public and kind.plain:
            service[field.key] = {**kind.export, "title": field.heading}
    return schema


SCHEMAS = {"service": service_schema, "office": office_schema, "catalogue-export": export_schema}


def text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, build in SCHEMAS.items():
        path = SCHEMA_DIR / f"{name}.schema.json"
        wanted = text(build())
        if path.read_text(encoding="utf-8") != wanted:
            stale.append(path.name)
            if not check:
                write_file(path, wanted)
    if stale:
        print(("与字段登记不一致：" if check else "已重新生成：") + "、".join(stale))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
