"""The 办事指南 elements beyond a 信息表's nine fields: raw YAML values -> model values.

The schema has already checked shapes; what it cannot check (a 时限 that says no time, a form
file that is not there) comes back as messages for the caller to place at the field's line.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from generator.catalogue.citations import to_ascii_digits
from generator.catalogue.fields import BY_KEY, ELEMENTS, PLACE_KEYS, REQUIRABLE, SERVICE_KEYS, plain_fields, shown_after
from generator.catalogue.kinds import is_plain
from generator.catalogue.model import Duration, ExtraInfo, Faq, Fees, FeeItem, Material, Online, Place, TimeLimit

FILES_DIR = "files"  # content/files/ holds the forms services name; those are published at /files/
FORM_KEYS = ("blank_form", "sample")
FORM_MAX_MB = 20  # a scanned form is a few MB; residents download it on a phone
IMMEDIATE = re.compile(r"即办|即时办结|当场办结|当场办理|立即办结|立即办理|即来即办|现场办结")
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
# "5个工作日", and as portals write it, "5(工作日)" / "5（工作日）"
_UNIT = r"\s*[(（]?\s*个?\s*"
AMOUNT = [
    (re.compile(_NUMBER + _UNIT + r"工作日"), "working_days"),
    (re.compile(_NUMBER + _UNIT + r"(?:自然日|日|天)"), "days"),
    (re.compile(_NUMBER + r"\s*[(（]?\s*个\s*月"), "months"),
]
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

def chinese_number(text: str) -> int | None:
    """"15" / "十五" / "二十" / "一百二十" -> int; None when it is not a number."""
    text = to_ascii_digits(text)
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_duration(text: str) -> Duration | None:
    """"自受理之日起5个工作日内办结" -> 5 working days; "即办" -> immediate; None when no time is said."""
    plain = to_ascii_digits(text)
    for pattern, kind in AMOUNT:
        m = pattern.search(plain)
        if m:
            amount = chinese_number(m.group(1))
            if amount:
                return Duration(text, kind, amount)
    if IMMEDIATE.search(plain):
        return Duration(text, "immediate")
    return None


# Roughly how many calendar days a duration spans, to tell a typo (99999 个工作日) from a long but
# real legal limit (a 90-working-day review is common, a year happens)
_DAYS_PER = {"working_days": 1.4, "days": 1, "months": 30}
PLAUSIBLE_DAYS, POSSIBLE_DAYS = 366, 3660


def time_limit(raw, problem, warn=None) -> TimeLimit | None:
    """`raw` is a string or {promised, legal}; `problem(key_path, message)` records what does not parse
    or cannot be, `warn(key_path, message)` what is possible but worth a second look."""
    if raw is None:
        return None

    def parsed(text: str, at: tuple) -> Duration | None:
        duration = parse_duration(text)
        if duration is None:
            problem(at, f"看不出办理时限“{text}”是多久：应写明 即办（当场办结）、N个工作日、N日 或 N个月，"
                        "如“自受理之日起5个工作日内办结”")
        elif duration.amount and duration.amount * _DAYS_PER[duration.kind] > POSSIBLE_DAYS:
            problem(at, f"办理时限“{text}”超过十年，不可能是真实时限：请核对数字")
        elif warn and duration.amount and duration.amount * _DAYS_PER[duration.kind] > PLAUSIBLE_DAYS:
            warn(at, f"办理时限“{text}”超过一年，请核对数字是否写错")
        return duration

    if isinstance(raw, str):
        return TimeLimit(stated=parsed(raw, ()))
    return TimeLimit(promised=parsed(raw["promised"], ("promised",)) if "promised" in raw else None,
                     legal=parsed(raw["legal"], ("legal",)) if "legal" in raw else None)


# An amount of money in a fee's text: "10元/件", "-50元", "1.5万元", "1,000 元"
MONEY = re.compile(r"([-－−负]?)\s*(\d[\d,，]*(?:\.\d+)?)\s*(万|亿)?\s*元")
PLAUSIBLE_FEE, POSSIBLE_FEE = 100_000, 100_000_000  # 元: no township fee reaches a hundred million


def fees(raw, problem=None, warn=None) -> Fees | None:
    if raw is None:
        return None
    if raw == "不收费":
        return Fees(free=True)
    for i, item in enumerate(raw):
        for sign, digits, unit in MONEY.findall(to_ascii_digits(item["amount"])):
            value = float(digits.replace(",", "").replace("，", "")) * {"万": 1e4, "亿": 1e8}.get(unit, 1)
            at = (i, "amount")
            if sign and problem:
                problem(at, f"金额“{item['amount']}”是负数：收费金额不能为负")
            elif value >= POSSIBLE_FEE and problem:
                problem(at, f"金额“{item['amount']}”超过一亿元，不可能是收费标准：请核对数字")
            elif value >= PLAUSIBLE_FEE and warn:
                warn(at, f"金额“{item['amount']}”超过十万元，请核对数字是否写错")
    return Fees(free=False, items=tuple(FeeItem(i["name"], i["amount"], i.get("basis", "")) for i in raw))


def place(d: dict, base: Place = Place()) -> Place:
    return base.merged({k: d.get(k, "") for k in PLACE_KEYS})


def more_values(d: dict, model_class) -> tuple:
    """The plain fields of a checked service mapping that `model_class` keeps in `more` (fields.py)."""
    own = {f.name for f in dataclasses.fields(model_class)}
    return tuple((k, tuple(d[k]) if isinstance(d[k], list) else d[k]) for k in SERVICE_KEYS
                 if k in d and k not in own and k not in PLACE_KEYS and is_plain(BY_KEY[k].kind))


def online(raw) -> Online | None:
    return Online(raw.get("platform", ""), raw.get("url", ""), raw.get("query_url", "")) if raw else None


def faq(raw) -> tuple[Faq, ...]:
    return tuple(Faq(q["question"], q["answer"]) for q in raw or ())


def material(raw, content_dir: Path, problem, max_file_mb: float = FORM_MAX_MB) -> Material:
    """A material as a plain name, or a mapping; form files must exist under content/files/."""
    if isinstance(raw, str):
        return Material(raw)
    for key in FORM_KEYS:
        if key in raw:
            message = form_file_problem(raw[key], content_dir, max_file_mb)
            if message:
                problem((key,), message)
    form = raw.get("form", ())
    return Material(name=raw["name"], forms=(form,) if isinstance(form, str) else tuple(form),
                    copies=raw.get("copies"), source=raw.get("source", ""), necessity=raw.get("necessity", ""),
                    note=raw.get("note", ""), blank_form=raw.get("blank_form", ""), sample=raw.get("sample", ""),
                    details=tuple(extra_info(d) for d in raw.get("details", ())))


def extra_info(raw: dict) -> ExtraInfo:
    """A label with its text, or with a table (rows of cells) kept whole."""
    return ExtraInfo(raw["label"], raw.get("text", ""), tuple(tuple(row) for row in raw.get("table", ())))


def referenced_files(services) -> list[str]:
    """The blank forms and samples the services name ("files/x.pdf"): all that is published from
    content/files/ (drafts, hidden folders and anything else there stay on the editor's disk)."""
    found = set()
    for service in services:
        m = service.materials
        for item in (*m.items, *(i for g in m.groups for i in g.items)):
            found.update(path for path in (item.blank_form, item.sample) if path)
    return sorted(found)


# A file name a URL carries as it is: "#" and "?" would cut the link short, "%" be read as an escape
_URL_BREAKERS = re.compile(r"[#?%\\\s\"<>|*:]")


def form_file_problem(path: str, content_dir: Path, max_file_mb: float = FORM_MAX_MB) -> str | None:
    parts = path.split("/")
    if parts[0] != FILES_DIR or len(parts) < 2 or any(p in ("", ".", "..") for p in parts) or "\\" in path:
        return f"文件“{path}”应放在 content/{FILES_DIR}/ 下，写成 {FILES_DIR}/文件名（如 {FILES_DIR}/shenqingbiao.pdf）"
    if any(p.startswith(".") for p in parts):
        return f"文件“{path}”是隐藏文件（名称以“.”开头），不会发布：请改名"
    bad = _URL_BREAKERS.search(path)
    if bad:
        shown = "空格" if bad.group(0).isspace() else f"“{bad.group(0)}”"
        return f"文件名“{path}”含有{shown}，放进网址后链接会断开：请改名，只用文字、字母、数字、“-”和“_”"
    target = content_dir / path
    try:
        inside = target.resolve(strict=True).is_relative_to(content_dir.resolve())
    except (OSError, RuntimeError):  # missing, or a link loop
        return f"找不到文件 content/{path}：请把文件放到 content/{FILES_DIR}/ 下，或改正文件名"
    if not inside:
        return f"content/{path} 是指向 content/ 以外的链接：只发布 content/ 里的文件，请把文件本身复制进来"
    if not target.is_file():
        return f"content/{path} 不是普通文件：请放入 PDF、Word 等文件本身"
    size_mb = target.stat().st_size / (1024 * 1024)
    if size_mb > max_file_mb:
        return (f"文件 content/{path} 太大（{size_mb:.1f} MB，最多 {max_file_mb:g} MB）：居民多用手机下载，"
                "请压缩或拆分（上限可在 mkdocs.yml 的 max_file_mb 或命令行 --max-file-mb 中调整）")
    return None


def _known(value) -> bool:
    """Whether a value says something: 0 visits does, an empty text, list or material list does not."""
    known = getattr(value, "known", None)
    if known is not None:
        return known
    return value is not None and value != "" and value != ()


def present_elements(service) -> set[str]:
    """Which guide elements a service has (inherited place details count)."""
    return {k for k in ELEMENTS if _known(getattr(service.place if k in PLACE_KEYS else service, k))}


def present_fields(service) -> set[str]:
    """Which of the fields an office may require (fields.REQUIRABLE) a service has."""
    return present_elements(service) | {k for k in REQUIRABLE if k not in ELEMENTS and _known(getattr(service, k))}


def plain_text(value) -> str:
    return "；".join(value) if isinstance(value, tuple) else value


def listed(service, section: str) -> list[tuple[str, str]]:
    """(label, text) of the plain fields a service page lists in `section` (fields.FACTS, fields.RESULT)."""
    return [(f.label, plain_text(v)) for f in plain_fields(section) if (v := getattr(service, f.key))]


def after_text(p: Place, key: str, separator: str = "；") -> str:
    """The text of the place fields shown on `key`'s line, after its own (节假日说明 after 办理时间)."""
    return separator.join(filter(None, (getattr(p, f.key) for f in shown_after(key))))


# How the elements read, on a page and in a comparison: short, only what is known, never "无".

def time_limit_text(t: TimeLimit) -> str:
    if t.stated:
        return t.stated.text
    return "；".join(f"{label}：{d.text}" for label, d in (("承诺", t.promised), ("法定", t.legal)) if d)


def fees_text(f: Fees) -> str:
    if f.free:
        return "不收费"
    return "；".join(f"{i.name} {i.amount}" + (f"（依据：{i.basis}）" if i.basis else "") for i in f.items)


def visits_text(n: int) -> str:
    return {0: "不用跑（全程网上办理）", 1: "最多跑 1 次"}.get(n, f"到现场 {n} 次")


def place_text(p: Place) -> str:
    return " · ".join(filter(None, [p.address, p.window]))


def hours_text(p: Place) -> str:
    return "；".join(filter(None, [p.hours, after_text(p, "hours")]))
