"""办事指南 elements from a document's cells into catalogue YAML: the text as published, in the
shape the schema asks (a parsed 时限, "不收费" for free, a number of visits, a URL apart)."""
from __future__ import annotations

import re

from generator.sources import text as T
from generator.catalogue.elements import chinese_number, parse_duration
from generator.catalogue.fields import BOTH, BY_KEY, FIELDS, SERVICE, label
from generator.catalogue.kinds import is_plain
from generator.catalogue.phones import normalise_phone, parse_phone, phones_in

FREE = re.compile(r"^(不收费|免费|无|否|无收费|不收取费用|零收费|0|0元)[。.]?$")
URL = re.compile(r"https?://[^\s，。；;,）)]+")
# What the importer reads of a record itself (its name and place in the list), and the elements with
# a reading of their own below; every other plain field is its cell as written
_READ_ELSEWHERE = {"number", "name", "title", "source_title", "group", "implementing_body", "boundary", "review",
                   "level", "item_type", "conditions"}
PLAIN_KEYS = tuple(f.key for f in FIELDS if f.on in (SERVICE, BOTH) and is_plain(f.kind) and f.key not in _READ_ELSEWHERE)


def _one_line(value: str) -> str:
    return T.join_wrapped(T.clean(value)).replace("\n", " ").strip()


# 事项类型 as portals code it (a TASK_TYPE column, taskType= in a guide's link): the national list of
# 权力事项 types in its order, and 20 for 公共服务
ITEM_TYPE_CODES = {1: "行政许可", 2: "行政处罚", 3: "行政强制", 4: "行政征收", 5: "行政给付", 6: "行政检查",
                   7: "行政确认", 8: "行政奖励", 9: "行政裁决", 10: "其他行政权力", 20: "公共服务"}
TASK_TYPE_IN_LINK = re.compile(r"[?&]taskType=(\d{1,2})(?:&|$)", re.I)


def _item_type(f: dict[str, str], kept: list | None) -> str:
    """事项类型 as words: as written, or from a code (the column's "01", a link's taskType=20)."""
    written = _one_line(f.get("item_type", ""))
    if written and not written.isdigit():
        return written
    code = int(written) if written else next((int(m.group(1)) for key in ("online_url", "online")
                                              if (m := TASK_TYPE_IN_LINK.search(f.get(key, "")))), None)
    if code in ITEM_TYPE_CODES:
        if written:
            _keep(kept, "item_type", written)  # the code as the list gave it stays too
        return ITEM_TYPE_CODES[code]
    if written:
        _keep(kept, "item_type", written)
    return ""


# 实施层级 / 行使层级 as the national item standard codes it ("2,3,4" in a list exported from a
# provincial system): 1 国家级 … 6 村（社区）级, the codes' meaning as the provincial systems use them
LEVEL_CODES = {1: "国家级", 2: "省级", 3: "市级", 4: "县级", 5: "镇（乡、街道）级", 6: "村（社区）级"}
LEVEL_CODE_LIST = re.compile(r"^[1-6](?:\s*[,，、;；]\s*[1-6])*$")


def _level(f: dict[str, str], kept: list | None) -> str:
    """实施层级 as words: as written, or from its codes ("2,3" is 省级、市级, the codes kept too)."""
    written = _one_line(f.get("level", ""))
    if not LEVEL_CODE_LIST.match(written):
        return written
    _keep(kept, "level", written)
    return "、".join(LEVEL_CODES[int(code)] for code in re.findall(r"[1-6]", written))


def elements(f: dict[str, str], area_code, report: list[str], where: str, kept: list | None = None) -> dict:
    """The 办事指南 elements of a record's cells, in the schema's shapes; what an element cannot hold
    goes to `kept` (其他信息) and is said in `report`."""
    out: dict = {}
    for key in PLAIN_KEYS:
        if f.get(key, "").strip():
            out[key] = T.split_lines_items(T.clean(f[key])) if BY_KEY[key].kind == "texts" else _one_line(f[key])
    if f.get("conditions", "").strip():
        intro, items = T.split_numbered(T.join_wrapped(T.clean(f["conditions"])))
        out["conditions"] = ([intro] if intro else []) + items if items else T.split_lines_items(T.clean(f["conditions"]))
    read = {"level": _level(f, kept), "item_type": _item_type(f, kept), "phone": _phone(f, area_code, report, where, kept),
            "time_limit": _time_limit(f, report, where, kept), "fees": _fees(f, report, where),
            "online": _online(f, kept), "visits": _visits_of(f, report, where, kept), "faq": _faq_of(f, kept)}
    out.update((key, value) for key, value in read.items() if value not in (None, "", [], {}))
    return out  # in any order: the importer writes a file's keys in the registry's


def _phone(f: dict[str, str], area_code, report: list[str], where: str, kept: list | None) -> str:
    """The enquiry phone as written when it dials as it is, else completed with the area code; a cell
    of several numbers or a sentence gives its first number, the whole text kept."""
    if not f.get("phone", "").strip():
        return ""
    written = _one_line(f["phone"])
    phone = normalise_phone(written, area_code)
    numbers = phones_in(written, area_code)
    if phone:  # as written when it dials as it is (020-87300569-825), else completed (87686011 + 020)
        return written if normalise_phone(written) else phone
    if kept is not None:
        kept.append(("咨询电话", written))
    if numbers:  # 省厅：020-86351219、020-86351130: the first dials from the facts, the text is kept
        report.append(f"{where}: 咨询电话“{written}”有 {len(numbers)} 个号码或附有说明：第一个作为咨询电话，"
                      "全文原样放在“其他信息”（页面上每个号码都可点击拨打）")
        return numbers[0][0] if normalise_phone(numbers[0][0]) else numbers[0][1].shown
    # kept as written, so nothing is lost; the editor can turn it into a phone
    report.append(f"{where}: 咨询电话“{written}”不是可识别的号码（{parse_phone(written, area_code)}）："
                  "已原样放在“其他信息”，请手工填写 phone")
    return ""


def _fees(f: dict[str, str], report: list[str], where: str):
    if not f.get("fees", "").strip():
        return None
    text = _one_line(f["fees"])
    if FREE.match(text) and text != "不收费":
        report.append(f"{where}: 收费“{text}”按“不收费”导入")
    return "不收费" if FREE.match(text) else [{"name": "收费", "amount": text}]


def _online(f: dict[str, str], kept: list | None) -> dict:
    """The platform and its addresses: a URL in the 网上办理 cell, or its own columns."""
    online = {}
    if f.get("online", "").strip():
        text = _one_line(f["online"])
        found = URL.search(text)
        platform = URL.sub("", text).strip(" ：:，,") if found else text
        if platform:
            online["platform"] = platform
        if found:
            online["url"] = found.group(0)
    for field, key in (("online_url", "url"), ("query_url", "query_url")):
        found = URL.search(f.get(field, ""))
        if found:
            online[key] = found.group(0)
            if f[field].strip() != found.group(0):  # more than the one address: the whole text stays too
                _keep(kept, field, f[field])
        elif f.get(field, "").strip():  # 无, 是, a name: no address to link, kept as written
            _keep(kept, field, f[field])
    return online


def _visits_of(f: dict[str, str], report: list[str], where: str, kept: list | None) -> int | None:
    if not f.get("visits", "").strip():
        return None
    visits = _visits(_one_line(f["visits"]))
    if visits is None:
        report.append(f"{where}: 到现场次数“{_one_line(f['visits'])}”不是次数：已原样放在“其他信息”")
        _keep(kept, "visits", f["visits"])
    return visits


def _faq_of(f: dict[str, str], kept: list | None) -> list[dict]:
    if not f.get("faq", "").strip():
        return []
    faq = _faq(T.clean(f["faq"]))
    if not faq:  # questions this reader cannot pair with answers: kept, as written
        _keep(kept, "faq", T.clean(f["faq"]))
    return faq


def _keep(kept: list | None, field: str, text: str) -> None:
    """A value the element cannot hold (无 as a 时限, 是 as a web address), kept under its name."""
    if kept is not None:
        kept.append((label(field), _one_line(text)))


def _time_limit(f: dict[str, str], report: list[str], where: str, kept: list | None = None):
    texts = {}
    for field, key in (("time_limit", "stated"), ("promised", "promised"), ("legal_time", "legal")):
        text = _one_line(f.get(field, ""))
        if not text:
            continue
        if parse_duration(text) is None:  # 无, 按规定: no time the page could state
            report.append(f"{where}: {label(field)}“{text}”看不出是多久：已原样放在“其他信息”，"
                          "知道时限后请填写 time_limit（如 5个工作日、即办）")
            _keep(kept, field, text)
        else:
            texts[key] = text
    if "promised" in texts or "legal" in texts:
        return {k: v for k, v in (("promised", texts.get("promised") or texts.get("stated")),
                                  ("legal", texts.get("legal"))) if v}
    return texts.get("stated")


def _visits(text: str) -> int | None:
    if re.search(r"零跑|不用跑|全程网办|0\s*次", text):
        return 0
    m = re.search(r"(\d+|[一二两三四五六七八九十]+)\s*次?", text)
    return chinese_number(m.group(1)) if m else None


QUESTION_MARK = re.compile(r"^(?:问题?\s*\d*\s*[:：]|[Qq]\s*[:：.、])\s*")
ANSWER_MARK = re.compile(r"^(?:答|回答|解答|[Aa])\s*[:：.、]\s*")
ENUMERATED = re.compile(r"^\s*(?:\d{1,2}\s*[、.．)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])\s*")


def _faq(text: str) -> list[dict]:
    """Questions and their answers: "问：… 答：…" on one line or several, or a question line (ending
    with ？, or marked 问：/问题：) followed by its answer's lines ("答：" or none)."""
    pairs = re.findall(r"问[:：]\s*(.+?)\s*答[:：]\s*(.+?)(?=\n?问[:：]|\Z)", text, re.S)
    if pairs:
        return [{"question": q.strip(), "answer": a.strip()} for q, a in pairs]
    found: list[dict] = []
    for line in text.split("\n"):
        bare = ENUMERATED.sub("", line.strip())
        if QUESTION_MARK.match(bare) or bare.endswith(("？", "?")):
            found.append({"question": QUESTION_MARK.sub("", bare), "answer": ""})
        elif found:
            answer = ANSWER_MARK.sub("", bare)
            found[-1]["answer"] = (found[-1]["answer"] + "\n" + answer).strip()
        else:
            return []  # text before any question: not a list of questions
    return found if found and all(q["question"] and q["answer"] for q in found) else []
