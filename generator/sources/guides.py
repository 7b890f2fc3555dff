"""Read 办事指南 documents: one service (or several) in labelled sections, as 政务服务网 pages and
Word templates write them — "一、事项名称" headings, "【办理时限】" labels, "办理地点：…" lines.

Each label names a field (the same synonyms as every other layout); the text up to the next label
is its value. A name or 序号 met again starts the next service. Guides mostly carry no 序号, and
none is invented: the services keep the document's order.
"""
from __future__ import annotations

import re

from generator.sources.records import LABEL_TO_FIELD, RawDocument, RawRecord, field_for, field_name, normalise_label
from generator.catalogue.elements import chinese_number
from generator.sources.text import NOISE

# "一、事项名称" / "（一）事项名称" / "1. 事项名称" alone on a line; "【办理时限】5个工作日"; "办理地点：xx路1号"
NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[、.．])\s*([^：:]{2,20}?)\s*[：:]?\s*$")
BRACKETED = re.compile(r"^\s*【(.{2,12}?)】\s*(.*)$")
COLON = re.compile(r"^\s*([^：:，。；]{2,12}?)\s*[：:]\s*(.*)$")
MIN_LABELS = 3  # fewer labelled lines than this is not a guide
STARTS = {"name", "number", "title"}  # met again, these open the next service
GUIDE_TITLE = re.compile(r"^\s*(.{2,60}?)\s*(?:办事|服务)指南\s*$")


CHINESE_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")
ARABIC_NUMBERING = re.compile(r"^\s*\d{1,2}\s*[、.．]")
SENTENCE = re.compile(r"[，。；,;]")


def section_label(line: str) -> tuple[str, str, str] | None:
    """(field, label, text after the label) if the line opens a section. "1. …" opens one only with
    a label of the registry's words (else it is a list item); a label that carries a field's key
    word (十、预约办理电话) opens one too, and a 一、 label that names no field opens a section kept
    as extra information ("extra"): its text is never glued onto the section above. An unknown 【…】
    inside a section heads a group of its steps or materials."""
    for pattern in (NUMBERED, BRACKETED, COLON):
        m = pattern.match(line)
        if not m:
            continue
        label = normalise_label(m.group(1))
        rest = (m.group(2) if m.lastindex and m.lastindex >= 2 else "").strip()
        if label in LABEL_TO_FIELD:
            return LABEL_TO_FIELD[label], label, rest
        if (pattern is NUMBERED and ARABIC_NUMBERING.match(line)) or SENTENCE.search(m.group(1)):
            continue  # a numbered list item or a sentence, not a label
        compound = _compound(label)
        if compound:
            return compound, label, rest
        field, _ = field_for(m.group(1))
        if field:
            return field, label, rest
        if pattern is not BRACKETED and CHINESE_NUMBERING.match(line):  # 【…】 in a section heads a group
            return "extra", label, rest
    return None


def _compound(label: str) -> str | None:
    """"办理条件、材料及流程" heads sections of several fields ("container": its sub-sections say which);
    "事项名称、内容及用途" is the name followed by what the service is ("compound_name")."""
    parts = [p for p in re.split(r"[、及和与]", label) if p]
    if len(parts) < 2:
        return None
    fields = [field_for(p)[0] for p in parts]
    if len({f for f in fields if f}) > 1:
        return "container"
    return "compound_name" if fields[0] == "name" else None


def section_number(line: str) -> int | None:
    """十二 of "十二、受理条件"; None for a line without Chinese numbering."""
    m = re.match(r"^\s*[（(]?([一二三四五六七八九十]+)", line)
    return chinese_number(m.group(1)) if m and CHINESE_NUMBERING.match(line) else None


def read_guide(path, lines: list[str]) -> RawDocument | None:
    """Records of a guide, or None when the lines are not one (too few labelled sections)."""
    lines = [NOISE.sub("", line).rstrip() for line in lines]
    if sum(1 for line in lines if line.strip() and (found := section_label(line)) and found[0] != "extra") < MIN_LABELS:
        return None
    columns: dict[str, str] = {}
    last: int | None = None  # the number of the last section (一、二、…), to tell the next one from a sub-item
    described: list[tuple[str, int]] = []  # compound name labels met: (label, line)
    records: list[RawRecord] = []
    unplaced: list[str] = []
    current: RawRecord | None = None
    key: str | None = None
    title: str | None = None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        heading = GUIDE_TITLE.match(line)
        if heading:  # "…办事指南": the title of the service that follows
            title, key = heading.group(1).strip() or None, None
            current = None
            continue
        found = section_label(line)
        number = section_number(line) if found else None
        if found and found[0] == "extra" and not (last and number and last < number <= last + 2):
            found = None  # "二、新生儿住院垫付" inside 五、申请材料: a group of the section, not the next section
        if found and number:
            last = number
        if found and found[0] == "container":  # its own sub-sections (（一）办理条件 …) follow
            key = None
            continue
        if found and found[0] == "compound_name":
            described.append((found[1], lineno))
            found = ("name", found[1], found[2])
        if found and current is not None and found[0] == "extra":
            columns.setdefault(found[1], "其他信息（原样保留）")
            current.extra.append((found[1], found[2]))
            key = ("extra", len(current.extra) - 1)
            continue
        if found and current is not None and found[0] in current.fields and found[0] not in STARTS:
            # 八、监督投诉 / 监督电话：022-… : a labelled line inside its own section is its content
            key = found[0]
            current.add_text(key, line.strip())
            continue
        if found and found[0] != "extra":
            key, label, rest = found
            columns.setdefault(label, field_name(key))
            if current is None or key in current.fields or (title and key in STARTS):
                current = RawRecord(heading=None, line=lineno)
                records.append(current)
                if title:
                    current.fields["title"], title = title, None
            current.fields[key] = rest
            continue
        if current is None or key is None:
            unplaced.append(f"{path.name}:{lineno}: 不属于任何栏目的文字：{line.strip()[:60]}")
            continue
        if isinstance(key, tuple):  # the text of a label no field names
            label, text = current.extra[key[1]]
            current.extra[key[1]] = (label, (text + "\n" + line).strip("\n"))
            continue
        current.add_text(key, line)
    for record in records:
        if any(line >= record.line for _, line in described) and "。" in record.fields.get("name", "").strip("。"):
            # 事项名称、内容及用途: the name is the first sentence; the whole text is kept under the label
            label = next(label for label, line in described if line >= record.line)
            record.extra.insert(0, (label, record.fields["name"]))
            record.fields["name"] = record.fields["name"].split("。", 1)[0]
        record.extra = [(label, text) for label, text in record.extra if text.strip()]  # nothing under it says nothing
    for record in records:
        record.heading = record.fields.get("title") or record.fields.get("name")
    return RawDocument(path=path, records=records, unplaced=unplaced,
                       columns=[f"{path.name} “{label}” → {shown}" for label, shown in columns.items()])
