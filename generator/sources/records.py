"""What every reader of an office's document yields: raw records (a heading and label -> text
cells), and the labels real documents head their columns and sections with.

No interpretation of values happens here; that is the importer's job.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.catalogue.fields import FIELDS
from generator.sources.coded_headers import coded_field, initials_of
from generator.sources.text import NOISE

# Field -> the words real 权责清单 / 信息表 / 清单 documents head it with (catalogue/fields.py), plus the
# 子项 column of lists that split a main item into sub-items
LABELS = {**{f.key: list(f.names) for f in FIELDS}, "sub_name": ["子项名称", "子项", "子事项"]}
LABEL_TO_FIELD = {label: key for key, labels in LABELS.items() for label in labels}


def normalise_label(cell: str) -> str:
    """"序  号" -> 序号, "0运行要件" -> 运行要件, "名称：" -> 名称, "十二、受理条件" -> 受理条件,
    "（一）办理材料" -> 办理材料, "法定办结时限（工作日）" -> 法定办结时限: full-width forms folded (NFKC)."""
    squeezed = re.sub(r"\s", "", NOISE.sub("", unicodedata.normalize("NFKC", cell)))
    squeezed = NUMBERING.sub("", squeezed)
    squeezed = re.sub(r"[：:]$", "", squeezed)
    bare = re.sub(r"\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]", "", squeezed)
    return bare or squeezed


# 一、 / （一） / (1) / 1. / 1、 / ① and a bare leading number, before a label
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十百]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、)]?|[①-⑳])")

MAX_LABEL_LENGTH = 12
# 公开时限 / 公开依据 / 公开方式 of a 政务公开 page speak of the publication, not of the service
NOT_THE_SERVICES = ("公开",)

# A header or label no word of the registry names, read by the key word it carries, in this order
# (监督投诉电话 is supervision before it is a phone; 在线预约地址 a web address before a place)
KEY_WORDS = [
    (("监督", "投诉", "举报"), "supervision"),
    (("咨询", "联系电话", "联系方式", "服务电话", "电话"), "phone"),
    (("网址", "链接", "在线", "网上办理"), "online_url"),
    (("承诺",), "promised"),
    (("法定期限", "法定时限", "法定办结"), "legal_time"),
    (("时限", "期限", "办结时间"), "time_limit"),
    (("收费", "费用"), "fees"),
    (("材料", "要件", "资料"), "materials"),
    (("依据",), "legal_basis"),
    (("流程", "程序", "步骤"), "process"),
    (("条件",), "conditions"),
    (("窗口", "地点", "地址"), "address"),
    (("时间",), "hours"),
    (("结果",), "result"),
]


@lru_cache(maxsize=1)
def _initials() -> dict[str, tuple[str, str]]:
    """The pinyin initials of every header word (SXMC = 事项名称), worked out once."""
    return initials_of(tuple((key, tuple(words)) for key, words in LABELS.items()))


def field_for(label: str) -> tuple[str | None, str]:
    """(field, why) for a header or label: a word of the registry, else the key word it carries
    (only in a label short enough to be one: a sentence that mentions 材料 is no header)."""
    word = normalise_label(label)
    if word in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[word], "栏目名"
    if word.isascii():
        return coded_field(word, _initials())
    if len(word) > MAX_LABEL_LENGTH or word.startswith(NOT_THE_SERVICES):
        return None, ""
    for keys, key in KEY_WORDS:
        hit = next((k for k in keys if k in word), None)
        if hit:
            return key, f"含“{hit}”"
    return None, ""


IGNORE = {"忽略", "ignore", "-"}
FIELD_NAMES = {**{f.key: f.label for f in FIELDS}, "sub_name": "子项名称"}


def field_name(key: str) -> str:
    """A field's Chinese name, as the import's column readings show it."""
    return FIELD_NAMES.get(key, key)


def remapped(document: "RawDocument", mapping: dict[str, str] | None) -> "RawDocument":
    """The editor's --map applied to a document read label by label (a guide, a 信息表): a label kept
    as 其他信息 moves into the field it names, or goes (忽略); a label the registry knows moves too."""
    wanted = {normalise_label(label): target for label, target in (mapping or {}).items()}
    if not wanted:
        return document
    for record in document.records:
        kept = []
        for label, text in record.extra:
            target = wanted.get(normalise_label(label))
            if target is None:
                kept.append((label, text))
            elif target not in IGNORE:
                record.add_text(target, text)
        record.extra = kept
        for label, target in wanted.items():
            source = LABEL_TO_FIELD.get(label)
            if source and source != target and source in record.fields:
                text = record.fields.pop(source)
                if target not in IGNORE:
                    record.add_text(target, text)
    document.columns += [f"{document.path.name} “{label}” → {'忽略' if target in IGNORE else field_name(target)}（--map）"
                         for label, target in wanted.items()]
    return document


@dataclass
class RawRecord:
    heading: str | None
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, nothing lost
    extra: list[tuple[str, str]] = field(default_factory=list)  # (label, text) that fits no field: kept as written
    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)  # (label, rows): a table kept whole
    material_rows: list[dict] = field(default_factory=list)  # a materials table's rows: name and (label, text) details
    review: list[str] = field(default_factory=list)  # placed by a guess or not placed: for the editor to check

    def add_text(self, key: str, text: str) -> None:
        """`text` as a further line of the field (its first line when the field is empty)."""
        self.fields[key] = (self.fields.get(key, "") + "\n" + text).strip("\n")


@dataclass
class RawDocument:
    path: Path
    records: list[RawRecord]
    unplaced: list[str]
    columns: list[str] = field(default_factory=list)  # how each column or label was read, for the editor
    notes: list[str] = field(default_factory=list)    # worth a look, once per document
    title: str | None = None  # the document's own title line (a list's title row), when it names itself
    layout: str = ""  # the layout it was read as, and why (sources/layouts.py): shown with the import's summary
