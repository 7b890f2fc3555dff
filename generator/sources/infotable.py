"""Read a 信息表 document (Word's plain-text export or a .docx) into raw records: a "（名称）信息表"
heading over a two-column label | value table, one per service.

What cannot be placed (text before the first heading, cells that are not a known label) is reported,
never dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

from generator.catalogue.fields import BY_KEY
from generator.sources.records import LABEL_TO_FIELD, RawDocument, RawRecord, field_name, normalise_label
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
    items = _Items(path)
    for kind, text, line in rows:
        if kind == "heading":
            items.heading(text, line)
        elif not text.strip():
            continue
        elif kind == "extra":  # a third column (备注) beside a label and its value: kept under that label
            items.remark(text, line)
        elif not items.label_row(kind, text, line):
            items.value(text, line)
    return RawDocument(path=path, records=items.records, unplaced=items.unplaced,
                       columns=[f"{path.name} “{label}” → {shown}" for label, shown in items.read.items()])


class _Items:
    """The 信息表 items read so far, and where the next line goes: the current item, its open label,
    or an unknown label's text kept as written."""

    def __init__(self, path: Path):
        self.path = path
        self.records: list[RawRecord] = []
        self.unplaced: list[str] = []
        self.current: RawRecord | None = None
        self.label: str | None = None
        self.kept: str | None = None  # an unknown label (备注, 办件类型): what follows is kept under it, as written
        self.read: dict[str, str] = {}  # each label as written -> how it was read, shown before writing

    def heading(self, text: str, line: int) -> None:
        self.current = RawRecord(heading=HEADING.match(text).group(1).strip(), line=line)
        self.records.append(self.current)
        self.label = self.kept = None

    def remark(self, text: str, line: int) -> None:
        if self.current is None:
            self.unplaced.append(f"{self.path.name}:{line}: 在第一个事项之前的文字：{text.strip()[:60]}")
            return
        owner = self.kept or (BY_KEY[self.label].label if self.label in BY_KEY else "")
        self.current.extra.append((f"{owner}（备注）" if owner else "备注", text.strip()))

    def label_row(self, kind: str, text: str, line: int) -> bool:
        """A cell naming a field opens it (a table with no heading: the 序号/名称 row starts an item)."""
        key = LABEL_TO_FIELD.get(normalise_label(text)) if kind == "cell" else None
        current = self.current
        if not key or not (current is None or key not in current.fields or self.label is None):
            return False
        self.kept = None
        self.read.setdefault(text.strip(), f"{field_name(key)}（栏目名）")
        if current is None or key in current.fields:
            self.current = current = RawRecord(heading=None, line=line)
            self.records.append(current)
        self.label = key
        current.fields[key] = ""
        return True

    def value(self, text: str, line: int) -> None:
        where, current = f"{self.path.name}:{line}", self.current
        if current is None:
            self.unplaced.append(f"{where}: 在第一个事项之前的文字：{text.strip()[:60]}")
        elif self.kept is not None:
            if current.extra and current.extra[-1][0] == self.kept:
                current.extra[-1] = (self.kept, (current.extra[-1][1] + "\n" + text).strip("\n"))
            else:
                current.extra.append((self.kept, text))
        elif self.label is None:
            current.unplaced.append(f"{where}: 不属于任何栏目的文字：{text.strip()[:60]}")
        elif current.fields[self.label]:
            self._more(text, where)
        else:
            current.fields[self.label] = text

    def _more(self, text: str, where: str) -> None:
        """A further line under a filled label: its text, or a label row of its own."""
        current = self.current
        if _looks_like_label(text) and normalise_label(text) in LABEL_TO_FIELD:  # met twice: which service?
            current.unplaced.append(f"{where}: 未知栏目“{text.strip()}”及其内容")
            self.label = None
        elif _looks_like_label(text):  # an unknown label row (备注 | 材料需加盖公章): its own 其他信息
            self.kept = normalise_label(text) or text.strip()
            self.read.setdefault(text.strip(), "其他信息（原样保留）")
            current.notes.append(f"{where}: 栏目“{self.kept}”不在信息表的栏目中：内容作为“其他信息”原样保留"
                                 f"（要放进某个栏目请在原文件中改用该栏目的名称）")
        else:
            current.fields[self.label] += "\n" + text


def _looks_like_label(text: str) -> bool:
    """A short all-Han cell standing where a label belongs (an unknown column such as 备注)."""
    s = normalise_label(text)
    return 2 <= len(s) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in s)
