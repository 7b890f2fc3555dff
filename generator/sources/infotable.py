"""Read a 信息表 document (Word's plain-text export or a .docx) into raw records: a "（名称）信息表"
heading over a two-column label | value table, one per service.

What cannot be placed (text before the first heading, cells that are not a known label) is reported,
never dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

from generator.sources.records import LABEL_TO_FIELD, RawDocument, RawRecord, normalise_label
from generator.sources.text import NOISE

HEADING = re.compile(r"^\s*[（(](.+)[）)]\s*信息表\s*$")


def text_rows(path: Path, text: str):
    """Yield ("heading", text, line) and ("cell", text, line) from the Word text export.

    In the export a table cell starts with a tab; lines without one continue the cell above.
    """
    cell: list[str] | None = None
    cell_line = 0
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if HEADING.match(NOISE.sub("", line)):
            if cell is not None:
                yield "cell", "\n".join(cell), cell_line
            cell = None
            yield "heading", NOISE.sub("", line).strip(), lineno
        elif line.startswith("\t"):
            if cell is not None:
                yield "cell", "\n".join(cell), cell_line
            cell, cell_line = [line[1:]], lineno
        elif cell is not None and line.strip():
            cell.append(line)
        elif line.strip():
            yield "loose", line, lineno
    if cell is not None:
        yield "cell", "\n".join(cell), cell_line


def docx_rows(document):
    """Paragraphs and two-column tables of a .docx, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    position = 0
    for block in document.iter_inner_content():
        position += 1
        if isinstance(block, Paragraph):
            text = NOISE.sub("", block.text).strip()
            if HEADING.match(text):
                yield "heading", text, position
            elif text:
                yield "loose", text, position
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each once
                    text = "\n".join(p.text for p in cell.paragraphs)
                    if not cells or cells[-1] != text:
                        cells.append(text)
                if len(cells) == 1 and HEADING.match(cells[0].strip()):
                    yield "heading", cells[0].strip(), position
                    continue
                # A 信息表 is "label | value": a third column (备注) has no field to go to, and gluing
                # it onto the value would put a remark inside a material or a step
                for i, text in enumerate(cells):
                    yield ("cell" if i < 2 else "extra"), text, position


def records_from_rows(path: Path, rows) -> RawDocument:
    records: list[RawRecord] = []
    unplaced: list[str] = []
    current: RawRecord | None = None
    label: str | None = None
    for kind, text, line in rows:
        if kind == "heading":
            current = RawRecord(heading=HEADING.match(text).group(1).strip(), line=line)
            records.append(current)
            label = None
            continue
        if not text.strip():
            continue
        if kind == "extra":
            (current.unplaced if current else unplaced).append(
                f"{path.name}:{line}: 表格多出一列（信息表应为“栏目 | 内容”两列）：{text.strip()[:60]}")
            continue
        key = LABEL_TO_FIELD.get(normalise_label(text)) if kind == "cell" else None
        if key and (current is None or key not in current.fields or label is None):
            if current is None or key in current.fields:
                # a table with no heading paragraph: the 序号/名称 row starts a new record
                current = RawRecord(heading=None, line=line)
                records.append(current)
            label = key
            current.fields[key] = ""
            continue
        where = f"{path.name}:{line}"
        if current is None:
            unplaced.append(f"{where}: 在第一个事项之前的文字：{text.strip()[:60]}")
        elif label is None:
            current.unplaced.append(f"{where}: 不属于任何栏目的文字：{text.strip()[:60]}")
        elif current.fields[label]:
            if _looks_like_label(text):
                current.unplaced.append(f"{where}: 未知栏目“{text.strip()}”及其内容")
                label = None
            else:
                current.fields[label] += "\n" + text
        else:
            current.fields[label] = text
    return RawDocument(path=path, records=records, unplaced=unplaced)


def _looks_like_label(text: str) -> bool:
    """A short all-Han cell standing where a label belongs (an unknown column such as 备注)."""
    s = normalise_label(text)
    return 2 <= len(s) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in s)
