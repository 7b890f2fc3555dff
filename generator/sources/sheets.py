"""Grids of cell texts from each kind of file an office keeps a list in: .xlsx (openpyxl), .xls and
.ods (calamine), .csv, and the tables of a .docx. What the table reader (tables.py) gets is the
same whatever the file: rows of text, merged cells filled with their value, and each row's number
as the editor's program shows it.

Work is bounded by the cells a file really has: a workbook whose only far cell is XFD1048576 is
two cells, not a billion.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # merged cells already filled with the merged value
    merged_down: set[tuple[int, int]]  # (row, column) cells that repeat the value of a merge above them
    numbers: list[int] | None = None   # each row's number in the file, when blank rows were left out
    notes: list[str] = field(default_factory=list)  # "[sheet]C2: …", worth a look (a formula without a value)

    def line(self, r: int) -> int:
        return self.numbers[r] if self.numbers is not None else r + 1


@dataclass
class Grid:
    """A table met between a guide's paragraphs: its rows of cell texts, a cell merged across
    columns once."""
    rows: list[list[str]]


def column_letter(j: int) -> str:
    """0 -> A, 27 -> AB: a column as Excel names it."""
    letters, j = "", j + 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # calamine gives every number as a float: 序号 1, not 1.0
    return str(value)


def _compact(cells: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]], name: str,
             notes: list[str] | None = None) -> Sheet:
    """A Sheet of the rows that hold something, from {(row, col): text} (0-based) and merges
    (min_row, min_col, max_row, max_col; 0-based, inclusive)."""
    filled = dict(cells)
    down: set[tuple[int, int]] = set()
    last_row = max((r for r, _ in cells), default=-1)
    for r0, c0, r1, c1 in merges:
        value = cells.get((r0, c0), "")
        if not value:
            continue
        for r in range(r0, min(r1, last_row) + 1):  # a merge reaching row 1048576 stops at the data
            for c in range(c0, c1 + 1):
                filled[(r, c)] = value
                if r > r0:
                    down.add((r, c))
    used = sorted({r for (r, _), text in filled.items() if text.strip()})
    index = {r: i for i, r in enumerate(used)}
    rows: list[list[str]] = [[] for _ in used]
    for (r, c), text in filled.items():
        if r in index:
            row = rows[index[r]]
            if len(row) <= c:
                row.extend([""] * (c + 1 - len(row)))
            row[c] = text
    return Sheet(name, rows, {(index[r], c) for r, c in down if r in index}, [r + 1 for r in used], notes or [])


def xlsx_sheets(data: bytes) -> list[Sheet]:
    """Visible sheets of an .xlsx. A formula's value is the one Excel saved with it; a formula saved
    without one (written by a program, never opened in Excel) keeps its text, with a note."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    formulas = load_workbook(io.BytesIO(data), read_only=False, data_only=False) if _has_formulas(data) else None
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        source = formulas[ws.title] if formulas is not None else None
        cells, notes = {}, []
        # the cells the file has, not max_row x max_column
        for r, c in set(ws._cells) | (set(source._cells) if source is not None else set()):
            cell = ws._cells.get((r, c))
            text = _text(cell.value if cell is not None else None)
            if not text and source is not None:
                formula = source._cells.get((r, c))
                if formula is not None and formula.data_type == "f" and isinstance(formula.value, str):
                    text = formula.value
                    notes.append(f"[{ws.title}]{column_letter(c - 1)}{r}: 公式“{text[:40]}”没有保存计算结果"
                                 "（文件未在 Excel 中打开并保存过）：已按公式文字导入，请在 Excel 中打开、保存后重新导入")
            if text:
                cells[(r - 1, c - 1)] = text
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheets.append(_compact(cells, merges, ws.title, notes))
    return sheets


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >]", archive.read(n)) for n in archive.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml"))


MAX_CALAMINE_CELLS = 5_000_000


def calamine_sheets(data: bytes) -> list[Sheet]:
    """Sheets of an .xls (Excel 97–2003) or .ods, read by calamine (a maintained Rust reader;
    xlrd, the old choice, no longer reads anything but .xls and is unmaintained for new Pythons)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in book.sheets_metadata:
        if str(getattr(meta, "visible", "Visible")).split(".")[-1].lower() != "visible":
            continue
        sheet = book.get_sheet_by_name(meta.name)
        if sheet.height * sheet.width > MAX_CALAMINE_CELLS:  # calamine reads a sheet as one dense range
            raise ValueError(f"工作表“{meta.name}”有 {sheet.height} 行 × {sheet.width} 列，超过能读取的范围："
                             "请删去表格外远处的单元格（或另存为 .xlsx）后再导入")
        top, left = sheet.start or (0, 0)
        cells = {(top + r, left + c): text for r, row in enumerate(sheet.iter_rows())
                 for c, value in enumerate(row) if (text := _text(value))}
        merges = [(start[0], start[1], end[0], end[1]) for start, end in (sheet.merged_cell_ranges or [])]
        sheets.append(_compact(cells, merges, meta.name))
    return sheets


def csv_sheet(text: str, name: str) -> Sheet:
    """A CSV as Excel writes and reads it: standard quoting (a quoted cell may hold commas, quotes
    doubled and line breaks), so a row here is a row in Excel. Only the separator is chosen: the one
    that splits the header row into most columns (Excel's "Unicode text" uses tabs). No dialect is
    guessed from the data: a guess splits a quoted cell into a phantom row."""
    import csv

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",\t;", key=lambda d: (len(next(csv.reader([first], delimiter=d), [])), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = [list(row) for row in reader]
    except csv.Error as exc:
        raise ValueError(f"{name}: 第 {reader.line_num} 行无法按 CSV 读取（{exc}）：请在 Excel 中打开后另存为“CSV UTF-8”再导入") from None
    return Sheet(name, rows, set())


def docx_blocks(document) -> list:
    """A .docx as a guide reads it: each paragraph's text, and each table (any width) as a Grid, in
    document order."""
    from docx.table import Table

    blocks: list = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = list(row.cells)  # python-docx repeats a cell merged across columns: keep it once
                rows.append(["\n".join(p.text for p in cell.paragraphs) for i, cell in enumerate(cells)
                             if i == 0 or cell._tc is not cells[i - 1]._tc])
            blocks.append(Grid(rows))
        else:
            blocks.append(block.text)
    return blocks


def docx_table_sheets(document) -> list[Sheet]:
    """Every table of a .docx with three or more columns (a two-column table is a 信息表)."""
    sheets = []
    for n, table in enumerate(document.tables, 1):
        rows, merged_down, previous = [], set(), {}
        for r, row in enumerate(table.rows):
            cells = []
            for c, cell in enumerate(row.cells):
                if previous.get(c) is cell._tc and r > 0:
                    merged_down.add((r, c))  # python-docx repeats a vertically merged cell
                previous[c] = cell._tc
                cells.append("\n".join(p.text for p in cell.paragraphs))
            rows.append(cells)
        if rows and max(len(r) for r in rows) >= 3:
            sheets.append(Sheet(f"表{n}", rows, merged_down))
    return sheets
