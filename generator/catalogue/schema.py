"""Check one YAML document against its JSON Schema and explain each problem in Chinese."""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from generator.catalogue.phones import is_phone, normalise_phone, phone_problem
from generator import SCHEMA_DIR
from generator.catalogue.schema_build import SCHEMAS

TYPE_NAMES = {"string": "文字", "array": "列表（每项以“- ”开头）", "object": "字段: 值 的形式",
              "boolean": "true 或 false", "integer": "整数", "number": "数字", "null": "空值"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    warning: bool = False  # possible but worth a second look: reported, never blocks a build

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '（整个文件）'}: {self.message}"


def _schema(kind: str) -> dict:
    """A service's and an office's schema as the field registry gives it (the committed files are the
    same, for editors' tools); the others as written."""
    if kind in SCHEMAS:
        return SCHEMAS[kind]()
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator_for(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(kind), format_checker=FORMATS)


# Formats the schemas name beyond JSON Schema's own: a phone is checked with libphonenumber's data
FORMATS = FormatChecker(formats=())
FORMATS.checks("phone")(is_phone)


@lru_cache(maxsize=None)
def fast_validator_for(kind: str):
    """A compiled yes/no check (fastjsonschema, ~20x faster than jsonschema on thousands of files);
    jsonschema runs only on a file that fails, to explain every problem in it."""
    schema = _schema(kind)
    schema.pop("$schema", None)  # the keywords used are the same in draft-07, which it compiles
    return fastjsonschema.compile(schema, formats={"phone": is_phone})


def field_path(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check(kind: str, data, file: str, line_of) -> list[Problem]:
    try:
        fast_validator_for(kind)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems = []
    for error in sorted(validator_for(kind).iter_errors(data), key=lambda e: list(map(str, e.path))):
        problems.extend(_explain(error, file, line_of))
    return problems


def _shown(value) -> str:
    return "（空）" if value in ("", None) else str(value)


def _type_name(value) -> str:
    for name, py in (("boolean", bool), ("integer", int), ("number", float), ("string", str),
                     ("array", list), ("object", dict)):
        if isinstance(value, py):
            return TYPE_NAMES[name]
    return TYPE_NAMES["null"]


PY_TYPES = {"string": str, "array": list, "object": dict, "integer": int, "number": (int, float), "boolean": bool}


def _fits_type(schema: dict, value) -> bool:
    """Whether `value` is of the JSON type an alternative of anyOf/oneOf expects."""
    expected = schema.get("type")
    if expected is None:
        return True
    if isinstance(value, bool):
        return expected == "boolean"
    return isinstance(value, PY_TYPES.get(expected, object))


def _alternative_errors(error) -> list:
    """For an anyOf/oneOf that failed: the errors of the alternatives of the value's own type,
    so "copies: 0" in a material mapping is explained as such, not as "not one of the forms"."""
    fitting = {i for i, alt in enumerate(error.validator_value) if _fits_type(alt, error.instance)}
    if len(fitting) != 1:
        return []
    return [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] in fitting]


def _explain(error, file: str, line_of) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema
    where = field_path(path)
    line = line_of(path)

    def problem(message, at=path):
        return Problem(file, line_of(at), field_path(at), message)

    title = schema.get("title", "")
    label = f"（{title}）" if title else ""
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1]
        sub = schema.get("properties", {}).get(missing, {})
        return [Problem(file, line, where, f"缺少必填字段“{missing}”（{sub.get('title', '')}）")]
    if v == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"，是否想写“{close[0]}”（{schema['properties'][close[0]].get('title', '')}）？" if close else \
                f"。可用字段：{'、'.join(allowed)}"
            out.append(problem(f"未知字段“{key}”{hint}", path + (key,)))
        return out
    if v == "type":
        expected = error.validator_value
        hint = ""
        if expected == "string" and isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool):
            hint = f"。请加引号写成 \"{error.instance}\""
            if isinstance(error.instance, float):
                hint += "（不加引号时 1.10 会变成 1.1）"
        return [Problem(file, line, where, f"{label}应为{TYPE_NAMES.get(expected, expected)}，"
                                           f"实际是{_type_name(error.instance)}{hint}")]
    if v == "format" and error.validator_value == "phone":
        return [Problem(file, line, where, f"“{error.instance}”不是可识别的电话号码：{phone_problem(str(error.instance))}")]
    if v == "pattern":
        if path and path[-1] == "phone" or title == "电话":
            suggestion = normalise_phone(str(error.instance))
            hint = f"，可写成 {suggestion}" if suggestion else "，应写成 022-25869855、11 位手机号或 12345"
            return [Problem(file, line, where, f"“{error.instance}”不是可识别的电话号码{hint}")]
        if "a-z0-9" in error.validator_value:
            return [Problem(file, line, where, f"{label}“{error.instance}”不能用作网址：只能用小写字母、数字和"
                                               f"连字符，如 shiye-baoxianjin-shenling")]
        return [Problem(file, line, where, f"{label}“{error.instance}”格式不对：{schema.get('description', '')}")]
    if v == "enum":
        return [Problem(file, line, where, f"{label}“{error.instance}”无效，应为以下之一："
                                           f"{'、'.join(map(str, error.validator_value))}")]
    if v in ("minLength", "minItems"):
        if error.validator_value > 1:
            unit = "个字" if v == "minLength" else "项"
            return [Problem(file, line, where, f"{label}“{error.instance}”太短：至少 {error.validator_value} {unit}")]
        return [Problem(file, line, where, f"{label}不能为空")]
    if v == "maxLength":
        return [Problem(file, line, where, f"{label}太长（最多 {error.validator_value} 个字符）")]
    if v == "maxItems":  # a list a phone would have to download and scroll through whole
        return [Problem(file, line, where, f"{label}最多 {error.validator_value} 项，现在有 {len(error.instance)} 项："
                                           "请精简，或分成几份")]
    if v in ("minimum", "maximum"):
        bound = "不能小于" if v == "minimum" else "不能大于"
        return [Problem(file, line, where, f"{label}{bound} {error.validator_value}（现在是 {error.instance}）")]
    if v == "minProperties":
        return [Problem(file, line, where, f"{label}不能为空：至少填写以下字段之一：{'、'.join(schema.get('properties', {}))}")]
    if v == "uniqueItems":
        return [Problem(file, line, where, f"{label}有重复项")]
    if v in ("anyOf", "oneOf"):
        inner = _alternative_errors(error)
        if inner and not (schema.get("x-hint") and all(e.validator in ("const", "type") for e in inner)):
            return [p for e in inner for p in _explain(e, file, line_of)]
        if schema.get("x-hint"):
            return [Problem(file, line, where, f"{label}“{_shown(error.instance)}”不符合要求：{schema['x-hint']}")]
        alternatives = [alt.get("required", [None])[0] for alt in error.validator_value if "required" in alt]
        if alternatives and isinstance(error.instance, dict):
            return [Problem(file, line, where, f"{label}至少需要填写以下字段之一：{'、'.join(alternatives)}")]
        if title == "咨询电话":
            suggestion = normalise_phone(str(error.instance))
            hint = f"，可写成 {suggestion}" if suggestion else ""
            return [Problem(file, line, where, f"“{error.instance}”不是可识别的电话号码{hint}")]
        return [Problem(file, line, where, f"{label}应为一句话或环节列表（每项以“- ”开头）")]
    return [Problem(file, line, where, f"{label}不符合要求（{error.validator}）")]
