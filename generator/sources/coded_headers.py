"""Column names that are codes, not words: what portals' and databases' exports head columns with.

The national 政务服务 data standard and the portals built on it name columns in English (TASK_NAME,
DEPT_NAME, TASK_TYPE_TEXT, ACCEPT_CONDITION, subTaskName); other systems use the initials of the
Chinese words (SXMC for 事项名称, SSJG for 实施机构). Both are read here, by the words they carry.
"""
from __future__ import annotations

import re
from itertools import product

from generator.search.pinyin import readings

CODE = re.compile(r"[A-Za-z][A-Za-z0-9_\- ]{1,40}")

# (tokens any of which names the field, field), first hit wins: a complaint phone is supervision
# before it is a phone, a link's phone (LINK_TEL) a phone before it is a link.
DISTINCTIVE: list[tuple[frozenset[str], str]] = [
    (frozenset({"SUPERVISE", "SUPERVISION", "COMPLAIN", "COMPLAINT", "COMPLAINTS"}), "supervision"),
    (frozenset({"TEL", "PHONE", "TELEPHONE", "MOBILE", "HOTLINE"}), "phone"),
    (frozenset({"URL", "HREF", "LINK", "WEBSITE", "WEB"}), "online_url"),
    (frozenset({"CONDITION", "CONDITIONS", "REQUIREMENT", "REQUIREMENTS"}), "conditions"),
    (frozenset({"MATERIAL", "MATERIALS", "DOCUMENTS"}), "materials"),
    (frozenset({"BASIS", "LAW", "BYLAW", "LEGAL"}), "legal_basis"),
    (frozenset({"FLOW", "PROCESS", "PROCEDURE", "STEPS"}), "process"),
    (frozenset({"PROMISE", "PROMISED"}), "promised"),
    (frozenset({"ANTICIPATE", "STATUTORY"}), "legal_time"),
    (frozenset({"LIMIT", "DEADLINE", "DAYS"}), "time_limit"),
    (frozenset({"FEE", "FEES", "CHARGE", "CHARGES", "COST"}), "fees"),
    (frozenset({"ADDR", "ADDRESS", "PLACE", "LOCATION", "WINDOW"}), "address"),
    (frozenset({"HOURS"}), "hours"),
    (frozenset({"RESULT", "RESULTS", "CERTIFICATE"}), "result"),
    (frozenset({"OBJECT", "AUDIENCE"}), "audience"),
    (frozenset({"LEVEL"}), "level"),
]
# A generic word (NAME, CODE, TYPE) names a field only with these beside it: AREA_CODE is no 事项编码,
# CATA_NAME no 事项名称.
ITEM = frozenset({"TASK", "ITEM", "MATTER", "SERVICE", "AFFAIR", "EVENT", "TEXT", "CN", "ZH"})
BODY = frozenset({"DEPT", "DEPARTMENT", "ORG", "ORGAN", "ORGANIZATION", "AGENCY", "AUTHORITY", "UNIT"})
GENERIC = {"NAME": "name", "TITLE": "name", "CODE": "item_code", "TYPE": "item_type", "CATEGORY": "item_type",
           "KIND": "item_type", "SEQ": "number", "SERIAL": "number", "NO": "number"}


def tokens(code: str) -> list[str]:
    """"TASK_TYPE_TEXT" -> TASK TYPE TEXT; "subTaskName" -> SUB TASK NAME; "material_intro" -> MATERIAL INTRO."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", code)
    return [t.upper() for t in re.split(r"[\s_\-]+", spaced) if t]


def coded_field(header: str, initials: dict[str, tuple[str, str]]) -> tuple[str | None, str]:
    """(field, why) for a coded column name, or (None, "")."""
    code = header.strip().rstrip(".")
    if not CODE.fullmatch(code):
        return None, ""
    words = tokens(code)
    found = set(words)
    if "SUB" in found and found & {"NAME", "TITLE"}:
        return "sub_name", "英文字段名，含 SUB…NAME"
    for names, key in DISTINCTIVE:
        hit = next((w for w in words if w in names), None)
        if hit:
            return key, f"英文字段名，含 {hit}"
    if found & BODY and not found & {"CODE", "NO", "ID"}:
        return "implementing_body", f"英文字段名，含 {next(w for w in words if w in BODY)}"
    generic = [w for w in words if w in GENERIC]
    if len(generic) == 1 and found - {generic[0]} <= ITEM:
        return GENERIC[generic[0]], f"英文字段名 {generic[0]}"
    if len(words) == 1 and code.upper() in initials:
        key, word = initials[code.upper()]
        return key, f"拼音首字母 {code.upper()} = {word}"
    return None, ""


def initials_of(labels: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[str, str]]:
    """{"SXMC": ("name", "事项名称")}: the pinyin initials of every Chinese header word. Initials two
    fields share are left out: the column stays for the editor to map."""
    table: dict[str, tuple[str, str] | None] = {}
    for key, words in labels:
        for word in words:
            if not 2 <= len(word) <= 8 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
                continue
            choices = [sorted({r[0].upper() for r in readings(ch)}) or ["?"] for ch in word]
            for letters in product(*choices):
                code = "".join(letters)
                if code in table and table[code] is not None and table[code][0] != key:
                    table[code] = None
                elif code not in table:
                    table[code] = (key, word)
    return {code: hit for code, hit in table.items() if hit and "?" not in code and len(code) >= 3}
