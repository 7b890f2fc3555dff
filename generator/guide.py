"""The 办事指南 elements beyond a 信息表's nine fields: raw YAML values -> model values.

The schema has already checked shapes; what it cannot check (a 时限 that says no time, a form
file that is not there) comes back as messages for the caller to place at the field's line.
"""
from __future__ import annotations

import re
from pathlib import Path

from .citations import to_ascii_digits
from .model import (PLACE_KEYS, Duration, Faq, Fees, FeeItem, Material, Online, Place, TimeLimit)

FILES_DIR = "files"  # content/files/ is published at /files/
IMMEDIATE = re.compile(r"即办|即时办结|当场办结|当场办理|立即办结|立即办理|即来即办|现场办结")
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
AMOUNT = [
    (re.compile(_NUMBER + r"\s*个?\s*工作日"), "working_days"),
    (re.compile(_NUMBER + r"\s*个?\s*(?:自然日|日|天)"), "days"),
    (re.compile(_NUMBER + r"\s*个\s*月"), "months"),
]
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

# Guide elements an editor can be asked for (office `require`, the completeness report), in page order
ELEMENTS = {
    "address": "办理地点", "window": "办理窗口", "hours": "办理时间", "holidays": "节假日说明",
    "phone": "咨询电话", "enquiry_window": "咨询窗口", "conditions": "受理条件", "item_type": "事项类型",
    "item_code": "事项编码", "time_limit": "办理时限", "fees": "收费", "online": "网上办理",
    "visits": "到现场次数", "result": "办理结果", "delivery": "送达方式", "faq": "常见问题",
}


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


def time_limit(raw, problem) -> TimeLimit | None:
    """`raw` is a string or {promised, legal}; `problem(key_path, message)` records what does not parse."""
    if raw is None:
        return None

    def parsed(text: str, at: tuple) -> Duration | None:
        duration = parse_duration(text)
        if duration is None:
            problem(at, f"看不出办理时限“{text}”是多久：应写明 即办（当场办结）、N个工作日、N日 或 N个月，"
                        "如“自受理之日起5个工作日内办结”")
        return duration

    if isinstance(raw, str):
        return TimeLimit(stated=parsed(raw, ()))
    return TimeLimit(promised=parsed(raw["promised"], ("promised",)) if "promised" in raw else None,
                     legal=parsed(raw["legal"], ("legal",)) if "legal" in raw else None)


def fees(raw) -> Fees | None:
    if raw is None:
        return None
    if raw == "不收费":
        return Fees(free=True)
    return Fees(free=False, items=tuple(FeeItem(i["name"], i["amount"], i.get("basis", "")) for i in raw))


def place(d: dict, base: Place = Place()) -> Place:
    return base.merged({k: d.get(k, "") for k in PLACE_KEYS})


def online(raw) -> Online | None:
    return Online(raw.get("platform", ""), raw.get("url", ""), raw.get("query_url", "")) if raw else None


def faq(raw) -> tuple[Faq, ...]:
    return tuple(Faq(q["question"], q["answer"]) for q in raw or ())


def material(raw, content_dir: Path, problem) -> Material:
    """A material as a plain name, or a mapping; form files must exist under content/files/."""
    if isinstance(raw, str):
        return Material(raw)
    for key in ("blank_form", "sample"):
        if key in raw:
            message = form_file_problem(raw[key], content_dir)
            if message:
                problem((key,), message)
    form = raw.get("form", ())
    return Material(name=raw["name"], forms=(form,) if isinstance(form, str) else tuple(form),
                    copies=raw.get("copies"), source=raw.get("source", ""), necessity=raw.get("necessity", ""),
                    note=raw.get("note", ""), blank_form=raw.get("blank_form", ""), sample=raw.get("sample", ""))


def published_files(content_dir: Path) -> list[str]:
    """Blank forms and samples under content/files/, as paths relative to content/ ("files/x.pdf")."""
    root = content_dir / FILES_DIR
    return sorted(p.relative_to(content_dir).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.is_symlink() and not p.name.startswith(".")) if root.is_dir() else []


def form_file_problem(path: str, content_dir: Path) -> str | None:
    parts = path.split("/")
    if parts[0] != FILES_DIR or len(parts) < 2 or any(p in ("", ".", "..") for p in parts) or "\\" in path:
        return f"文件“{path}”应放在 content/{FILES_DIR}/ 下，写成 {FILES_DIR}/文件名（如 {FILES_DIR}/shenqingbiao.pdf）"
    target = content_dir / path
    if not target.is_file():
        return f"找不到文件 content/{path}：请把文件放到 content/{FILES_DIR}/ 下，或改正文件名"
    return None


def present_elements(service) -> set[str]:
    """Which guide elements a service has (inherited place details count)."""
    have = {k for k in PLACE_KEYS if getattr(service.place, k)}
    for key in ("conditions", "item_type", "item_code", "result", "delivery", "faq"):
        if getattr(service, key):
            have.add(key)
    for key in ("time_limit", "fees", "online", "visits"):
        if getattr(service, key) is not None:
            have.add(key)
    return have


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
    return "；".join(filter(None, [p.hours, p.holidays]))
