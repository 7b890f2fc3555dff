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


@dataclass
class _Failure:
    """One error of jsonschema's, with what each explanation needs: where it is and what it is called."""
    error: object
    file: str
    line_of: object

    def __post_init__(self):
        self.path = tuple(self.error.absolute_path)
        self.schema = self.error.schema
        self.title = self.schema.get("title", "")
        self.label = f"（{self.title}）" if self.title else ""
        self.value = self.error.validator_value
        self.instance = self.error.instance

    def said(self, message: str, at: tuple | None = None) -> list[Problem]:
        at = self.path if at is None else at
        return [Problem(self.file, self.line_of(at), field_path(at), message)]


def _explain(error, file: str, line_of) -> list[Problem]:
    failure = _Failure(error, file, line_of)
    explain = _EXPLAIN.get(error.validator)
    return explain(failure) if explain else failure.said(f"{failure.label}不符合要求（{error.validator}）")


def _required(f: _Failure) -> list[Problem]:
    missing = f.error.message.split("'")[1]
    return f.said(f"缺少必填字段“{missing}”（{f.schema.get('properties', {}).get(missing, {}).get('title', '')}）")


def _unknown_keys(f: _Failure) -> list[Problem]:
    allowed = list(f.schema.get("properties", {}))
    out = []
    for key in (k for k in f.instance if k not in allowed):
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"，是否想写“{close[0]}”（{f.schema['properties'][close[0]].get('title', '')}）？" if close else \
            f"。可用字段：{'、'.join(allowed)}"
        out += f.said(f"未知字段“{key}”{hint}", f.path + (key,))
    return out


def _wrong_type(f: _Failure) -> list[Problem]:
    hint = ""
    if f.value == "string" and isinstance(f.instance, (int, float)) and not isinstance(f.instance, bool):
        hint = f"。请加引号写成 \"{f.instance}\""
        if isinstance(f.instance, float):
            hint += "（不加引号时 1.10 会变成 1.1）"
    return f.said(f"{f.label}应为{TYPE_NAMES.get(f.value, f.value)}，实际是{_type_name(f.instance)}{hint}")


def _format(f: _Failure) -> list[Problem]:
    if f.value == "phone":
        return f.said(f"“{f.instance}”不是可识别的电话号码：{phone_problem(str(f.instance))}")
    return f.said(f"{f.label}不符合要求（format）")


def _not_a_phone(f: _Failure, fallback: str = "") -> list[Problem]:
    suggestion = normalise_phone(str(f.instance))
    return f.said(f"“{f.instance}”不是可识别的电话号码" + (f"，可写成 {suggestion}" if suggestion else fallback))


def _pattern(f: _Failure) -> list[Problem]:
    if f.path and f.path[-1] == "phone" or f.title == "电话":
        return _not_a_phone(f, "，应写成 022-25869855、11 位手机号或 12345")
    if "a-z0-9" in f.value:
        return f.said(f"{f.label}“{f.instance}”不能用作网址：只能用小写字母、数字和连字符，如 shiye-baoxianjin-shenling")
    return f.said(f"{f.label}“{f.instance}”格式不对：{f.schema.get('description', '')}")


def _too_short(f: _Failure) -> list[Problem]:
    if f.value > 1:
        unit = "个字" if f.error.validator == "minLength" else "项"
        return f.said(f"{f.label}“{f.instance}”太短：至少 {f.value} {unit}")
    return f.said(f"{f.label}不能为空")


def _out_of_range(f: _Failure) -> list[Problem]:
    bound = "不能小于" if f.error.validator == "minimum" else "不能大于"
    return f.said(f"{f.label}{bound} {f.value}（现在是 {f.instance}）")


def _alternatives(f: _Failure) -> list[Problem]:
    inner = _alternative_errors(f.error)
    hint = f.schema.get("x-hint")
    if inner and not (hint and all(e.validator in ("const", "type") for e in inner)):
        return [p for e in inner for p in _explain(e, f.file, f.line_of)]
    if hint:
        return f.said(f"{f.label}“{_shown(f.instance)}”不符合要求：{hint}")
    required = [alt.get("required", [None])[0] for alt in f.value if "required" in alt]
    if required and isinstance(f.instance, dict):
        return f.said(f"{f.label}至少需要填写以下字段之一：{'、'.join(required)}")
    if f.title == "咨询电话":
        return _not_a_phone(f)
    return f.said(f"{f.label}应为一句话或环节列表（每项以“- ”开头）")


# jsonschema's validator -> its explanation in Chinese, at the field
_EXPLAIN = {
    "required": _required,
    "additionalProperties": _unknown_keys,
    "type": _wrong_type,
    "format": _format,
    "pattern": _pattern,
    "enum": lambda f: f.said(f"{f.label}“{f.instance}”无效，应为以下之一：{'、'.join(map(str, f.value))}"),
    "minLength": _too_short,
    "minItems": _too_short,
    "maxLength": lambda f: f.said(f"{f.label}太长（最多 {f.value} 个字符）"),
    # a list a phone would have to download and scroll through whole
    "maxItems": lambda f: f.said(f"{f.label}最多 {f.value} 项，现在有 {len(f.instance)} 项：请精简，或分成几份"),
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "minProperties": lambda f: f.said(f"{f.label}不能为空：至少填写以下字段之一：{'、'.join(f.schema.get('properties', {}))}"),
    "uniqueItems": lambda f: f.said(f"{f.label}有重复项"),
    "anyOf": _alternatives,
    "oneOf": _alternatives,
}
