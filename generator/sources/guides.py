"""Read 办事指南 documents: one service (or several) in labelled sections, as 政务服务网 pages and
Word templates write them — "一、事项名称" headings, "【办理时限】" labels, "办理地点：…" lines.

Each label names a field (the same synonyms as every other layout); the text up to the next label
is its value. A name or 序号 met again starts the next service. Guides carry no 序号:
services are numbered in order, and the report says so.
"""
from __future__ import annotations

import re

from generator.sources.records import LABEL_TO_FIELD, RawDocument, RawRecord, normalise_label
from generator.sources.text import NOISE

# "一、事项名称" / "（一）事项名称" / "1. 事项名称" alone on a line; "【办理时限】5个工作日"; "办理地点：xx路1号"
NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[、.．])\s*(.{2,12}?)\s*[：:]?\s*$")
BRACKETED = re.compile(r"^\s*【(.{2,12}?)】\s*(.*)$")
COLON = re.compile(r"^\s*([^：:，。；]{2,12}?)\s*[：:]\s*(.*)$")
MIN_LABELS = 3  # fewer labelled lines than this is not a guide
STARTS = {"name", "number", "title"}  # met again, these open the next service
GUIDE_TITLE = re.compile(r"^\s*(.{2,60}?)\s*(?:办事|服务)指南\s*$")


def _label(line: str) -> tuple[str, str] | None:
    """(field, text after the label) if the line opens a section."""
    for pattern in (NUMBERED, BRACKETED, COLON):
        m = pattern.match(line)
        if m:
            field = LABEL_TO_FIELD.get(normalise_label(m.group(1)))
            if field:
                return field, (m.group(2) if m.lastindex and m.lastindex >= 2 else "").strip()
    return None


def read_guide(path, lines: list[str]) -> RawDocument | None:
    """Records of a guide, or None when the lines are not one (too few labelled sections)."""
    lines = [NOISE.sub("", line).rstrip() for line in lines]
    if sum(1 for line in lines if line.strip() and _label(line)) < MIN_LABELS:
        return None
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
        found = _label(line)
        if found and current is not None and found[0] in current.fields and found[0] not in STARTS:
            # 八、监督投诉 / 监督电话：022-… : a labelled line inside its own section is its content
            key = found[0]
            current.fields[key] = (current.fields[key] + "\n" + line.strip()).strip("\n")
            continue
        if found:
            key, rest = found
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
        current.fields[key] = (current.fields[key] + "\n" + line).strip("\n")
    for n, record in enumerate(records, 1):
        record.heading = record.fields.get("title") or record.fields.get("name")
        if not record.fields.get("number"):
            record.fields["number"] = str(n)
            record.notes.append(f"{path.name}:{record.line}: 办事指南没有序号，按顺序编为 {n}")
    return RawDocument(path=path, records=records, unplaced=unplaced)
