"""Read a guide laid out as a label | value table of any width, as city portals print a service's
guide: 事项名称 | … | 事项类型 | … on one row, 办理地点 | … across the next. Every label names a
field or is kept, with its value, as 其他信息; a name met again starts the next service.
"""
from __future__ import annotations

from pathlib import Path

from generator.catalogue.fields import BY_KEY
from generator.sources.records import RawDocument, RawRecord, field_for
from generator.sources.sheets import Sheet

MAX_LABEL = 20
SAMPLE_ROWS = 40
STARTS = ("name", "title")


def _pairs(row: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs of a row; a cell merged across columns (repeated by the reader) counts
    once. A last cell without a partner is a remark on the row: (label（备注）, text)."""
    cells = [c.strip() for i, c in enumerate(row) if i == 0 or c != row[i - 1]]
    while cells and not cells[-1] and len(cells) % 2:
        cells.pop()
    pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells) - 1, 2)]
    if len(cells) % 2:  # a remark beside the pairs, or one text across the whole row
        pairs.append((f"{pairs[0][0]}（备注）", cells[-1]) if pairs else ("", cells[-1]))
    return pairs


def _is_label(text: str) -> bool:
    return 0 < len(text) <= MAX_LABEL and field_for(text)[0] is not None


def is_label_value(sheet: Sheet) -> bool:
    """Most rows start with a label followed by a value, not by another label (which is a list's
    header row): 事项名称 | 失业保险金申领, never 序号 | 事项名称 | 设定依据."""
    # the first rows tell: a guide table is short, and a 100,000-row list need not be read twice
    rows = [r for r in sheet.rows[:SAMPLE_ROWS] if any(c.strip() for c in r)]
    if len(rows) < 2:
        return False
    labelled = sum(1 for r in rows if (pairs := _pairs(r)) and _is_label(pairs[0][0]) and not _is_label(pairs[0][1]))
    header_like = sum(1 for r in rows[:3] if sum(_is_label(c) for c in r if c.strip()) >= 3
                      and all(_is_label(c) for c in r if c.strip()))
    return labelled >= 0.6 * len(rows) and not header_like


def read_label_tables(path: Path, sheets: list[Sheet]) -> RawDocument | None:
    tables = [s for s in sheets if is_label_value(s)]
    if not tables:
        return None
    records: list[RawRecord] = []
    columns: dict[str, str] = {}
    current: RawRecord | None = None
    for sheet in tables:
        for r, row in enumerate(sheet.rows):
            for label, value in _pairs(row):
                if not label:  # one text across the row: no label to read it by, kept as it is
                    if value and current is not None:
                        current.extra.append(("其他信息", value))
                    continue
                key, why = field_for(label)
                if current is None or (key in STARTS and current.fields.get(key)):
                    current = RawRecord(heading=None, line=sheet.line(r))
                    records.append(current)
                shown = BY_KEY[key].label if key in BY_KEY else "其他信息（原样保留）"
                columns.setdefault(label, f"{shown}（{why}）" if key else shown)
                if key is None or key not in BY_KEY:
                    current.extra.append((label, value))
                elif value:
                    current.add_text(key, value)
    for record in records:
        record.heading = record.fields.get("title") or record.fields.get("name")
        record.extra = [(label, text) for label, text in record.extra if text.strip()]
    return RawDocument(path=path, records=records, unplaced=[],
                       columns=[f"{path.name} “{label}” → {shown}" for label, shown in columns.items()])
