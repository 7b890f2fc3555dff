"""Read a 清单 laid out one service per row (权责清单, 政务服务事项目录, 实施清单) into raw records.

The sheet is a grid of cell texts, from .xlsx, a .docx table or .csv alike. What real lists do and
this reader expects: a title, notes or blank rows before the header; a header on two rows; section
rows (一、行政许可) between services; a main item over several sub-item rows, its 序号 and name
blank or merged; header synonyms (事项名称 / 职权名称 …). A column that fits no field is never
dropped: the records report it unless the editor maps it (`--map 列名=字段`, or =忽略 to drop it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.sources.records import IGNORE, RawDocument, RawRecord, field_for, field_name, normalise_label
from generator.sources.sheets import Sheet, column_letter
from generator.catalogue.textcheck import reads_as_formula, unescape_formula

HEADER_SEARCH_ROWS = 15
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[类部分])")


def field_of(header: str, mapping: dict[str, str]) -> str | None:
    return reading_of(header, mapping)[0]


def reading_of(header: str, mapping: dict[str, str]) -> tuple[str | None, str]:
    """(field, why): the editor's --map first, then the registry's words and key words."""
    label = normalise_label(header)
    if label in mapping:
        return mapping[label], "--map"
    return field_for(header)


def find_header(sheet: Sheet, mapping: dict[str, str]) -> tuple[int, list[str]] | None:
    """(index of the last header row, the column headers) or None: the row among the first ones
    naming most known fields, one with a name column; a row above or below adds a second level."""
    i = _header_row(sheet, mapping)
    if i is None:
        return None
    headers = [c.strip() for c in sheet.rows[i]]
    below = sheet.rows[i + 1] if i + 1 < len(sheet.rows) else []
    # two-row header: 事项名称 over 主项名称 | 子项名称 (the upper cell merged across both)
    if below and sum(1 for c in below if c.strip() and field_of(c, mapping)) >= 2 and \
            not any(c.strip() and not field_of(c, mapping) for c in below):
        return i + 1, [b.strip() or h for h, b in zip(headers + [""] * len(below), below)]
    if below and (under := _under_spanned_headers(sheet, i, headers)):
        # 职责边界换分 merged over 县级部门 | 乡镇(街道): each column named by both rows
        return i + 1, [f"{h}·{below[j].strip()}" if j in under else h for j, h in enumerate(headers)]
    return i, headers


def _header_row(sheet: Sheet, mapping: dict[str, str]) -> int | None:
    """The row naming most known fields, one of them a name: a name column and another known one; or,
    in a list of names alone, the name column's header."""
    best = None
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        fields = [field_of(c, mapping) for c in row if c.strip()]
        known = sum(1 for f in fields if f)
        alone = fields == ["name"] and len(sheet.rows) > i + 1
        if (known >= 2 or alone) and {"name", "sub_name", "title"} & set(fields) and (best is None or known > best[1]):
            best = (i, known)
    return None if best is None else best[0]


def _under_spanned_headers(sheet: Sheet, i: int, headers: list[str]) -> set[int]:
    """The columns of a second header row: below a header cell merged across columns, every other
    cell of the row merged down from the header (empty when the row below is no header row)."""
    below = sheet.rows[i + 1]
    own = {j for j, c in enumerate(below) if c.strip() and (i + 1, j) not in sheet.merged_down}
    spanned = {j for j in own if j < len(headers) and headers[j]
               and (j > 0 and headers[j - 1] == headers[j] or j + 1 < len(headers) and headers[j + 1] == headers[j])}
    return own if own and own == spanned else set()


def header_diagnosis(sheets: list[Sheet], mapping: dict[str, str] | None = None) -> str:
    """Why no header was found, for the editor: the row that came closest, what in it was read as a
    column name, and what a header row still needs."""
    mapping = {normalise_label(k): v for k, v in (mapping or {}).items()}
    best = None
    for sheet in sheets:
        for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            read = [(c.strip(), field_of(c, mapping)) for j, c in enumerate(row) if c.strip() and (i, j) not in sheet.merged_down]
            known = [(c, f) for c, f in read if f]
            if known and (best is None or len(known) > len(best[2])):
                best = (sheet, i, known, read)
    if best is None:
        return "前几行里没有一个认识的列名（如 事项名称、序号、设定依据、实施主体）"
    sheet, i, known, read = best
    shown = "、".join(f"“{c}”（{field_name(f)}）" for c, f in known[:6])
    lacking = "事项名称（或 职权名称、项目名称、主项名称 等）" if not {"name", "sub_name", "title"} & {f for _, f in known} \
        else "另一个认识的栏目（如 序号、设定依据、实施主体）"
    where = f"第 {sheet.line(i)} 行" + (f"（工作表“{sheet.name}”）" if len(sheets) > 1 else "")
    return (f"最像表头的是{where}，认出了 {shown}，还缺{lacking}。如果表头分成上下两行（上一行是合并单元格），"
            "请在 Excel 中把它们合成一行列名（如“职责边界·县级部门”），再导入")


def read_sheets(sheets: list[Sheet], path, mapping: dict[str, str] | None = None) -> RawDocument | None:
    """Records of every sheet with a recognisable header; None when no sheet has one."""
    mapping = {normalise_label(k): v for k, v in (mapping or {}).items()}
    document = RawDocument(path=path, records=[], unplaced=[], columns=[], notes=[])
    found_header = False
    for sheet in sheets:
        header = find_header(sheet, mapping)
        if header is None:
            continue
        found_header = True
        at, headers = header
        columns = _Columns(headers, [reading_of(h, mapping) if h else (None, "") for h in headers],
                           f"{path.name}" + (f"[{sheet.name}]" if len(sheets) > 1 else ""))
        document.columns += columns.reading_lines()
        document.notes += columns.unknown_notes()
        title, above = _title_rows(sheet, at)
        document.title = document.title or title
        document.notes += [f"{columns.where}:{sheet.line(r)}: 表头上方的“{text[:60]}”是说明文字，不是事项：未作为事项导入"
                           for r, text in above]
        _SheetRows(sheet, columns, document, office=sheet.name if len(sheets) > 1 else "").read(at + 1)
    return document if found_header else None


@dataclass
class _Columns:
    """A sheet's header: each column's text, the field it is read as (and why), where it is."""
    headers: list[str]
    readings: list[tuple[str | None, str]]
    where: str

    def __post_init__(self):
        self.keys = [key for key, _ in self.readings]
        self.unknown = {j: h for j, (h, f) in enumerate(zip(self.headers, self.keys)) if h and f is None}

    def reading_lines(self) -> list[str]:
        """How each column is read, for the editor."""
        out = []
        for j, (h, (key, why)) in enumerate(zip(self.headers, self.readings)):
            if h:
                shown = "忽略" if key in IGNORE else (field_name(key) if key else "其他信息（原样保留）")
                out.append(f"{self.where} 第 {column_letter(j)} 列“{h}” → {shown}" + (f"（{why}）" if why else ""))
        return out

    def unknown_notes(self) -> list[str]:
        return [f"{self.where}: 第 {column_letter(j)} 列“{h}”没有对应的栏目：作为“其他信息”原样保留在每个事项中，"
                f"页面上以“{h}”为题显示（要放进某个栏目：--map {h}=栏目；不要这一列：--map {h}=忽略）"
                for j, h in self.unknown.items()]


class _SheetRows:
    """The rows under one sheet's header, in order: section rows name the group of the rows below;
    a main item's cells carry over to its sub-items (子项名称)."""

    def __init__(self, sheet: Sheet, columns: _Columns, document: RawDocument, office: str):
        self.sheet, self.columns, self.document, self.office = sheet, columns, document, office
        self.main: dict[str, str] = {}
        self.sub_count = 0
        self.group = ""

    def read(self, first: int) -> None:
        for r in range(first, len(self.sheet.rows)):
            row = self.sheet.rows[r] + [""] * (len(self.columns.headers) - len(self.sheet.rows[r]))
            cells = [unescape_formula(c.strip()) for c in row]
            filled = [c for c in cells if c]
            if not filled or all((r, j) in self.sheet.merged_down for j, c in enumerate(cells) if c):
                continue  # blank, or only the continuation of cells merged down from above (a header's)
            if self._section(r, cells, filled):
                continue
            fields, extra = self._fields(r, cells)
            if fields.get("sub_name"):
                self._sub_item(r, fields)
            elif fields.get("title") and not fields.get("name"):
                fields["name"] = fields["title"]
            if self.office and "office" not in fields:
                fields["office"] = self.office
            if self.group:
                fields["group"] = self.group
            self.document.records.append(RawRecord(heading=fields.get("title"), fields=fields, line=self.sheet.line(r),
                                                   notes=self._formula_notes(r, cells), extra=extra))

    def _section(self, r: int, cells: list[str], filled: list[str]) -> bool:
        """A section row: one text across the row (merged), 一、行政许可 or a bare heading."""
        keys, only = self.columns.keys, [j for j, c in enumerate(cells) if c]
        if not (len(set(filled)) == 1 and (SECTION.match(filled[0]) or len(filled) > 1 or only[0] >= len(keys)
                                           or keys[only[0]] not in ("name", "sub_name", "title"))):
            return False
        if only[0] >= len(keys) or not self.columns.headers[only[0]]:  # no heading: text off the table
            self.document.notes.append(f"{self.columns.where}:{self.sheet.line(r)}: 第 {column_letter(only[0])} 列有文字"
                                       f"“{filled[0][:40]}”，这一行没有别的内容，不属于任何事项：未导入")
        else:  # 一、法定村级受理、办结事项(18项): the group of the rows below it
            self.group = filled[0]
        self.main, self.sub_count = {}, 0
        return True

    def _fields(self, r: int, cells: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """The row's cells by field; what no field takes, under its own header or column letter."""
        headers, unknown = self.columns.headers, self.columns.unknown
        fields: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        for j, (text, key) in enumerate(zip(cells, self.columns.keys)):
            if j in unknown:
                if text:
                    extra.append((unknown[j], text))
            elif key is None or key in IGNORE or not text:
                continue
            elif key in fields and fields[key] != text:  # a second column of one field (URL, 在线预约地址)
                extra.append((headers[j], text))           # keeps its own header and text
            else:
                fields[key] = text
        own = self.sheet.rows[r]
        extra += [(f"第 {column_letter(j)} 列", own[j].strip()) for j in range(len(headers), len(own)) if own[j].strip()]
        extra += [(f"第 {column_letter(j)} 列", cells[j]) for j, h in enumerate(headers) if not h and j < len(cells) and cells[j]]
        return fields, extra

    def _sub_item(self, r: int, fields: dict[str, str]) -> None:
        """子项名称 names the service; the main item's cells carry over, and its 序号 numbers the sub-items."""
        main, keys = self.main, self.columns.keys
        if fields.get("title") and fields.get("title") != main.get("title"):
            self.main, self.sub_count = dict(fields), 0
        elif not fields.get("title") and not _continues(self.sheet, r, keys, fields, main):
            self.main, self.sub_count = {}, 0  # a sub-item of no main item (广安: 未分类)
        main = self.main
        self.sub_count += 1
        merged_number = "number" in keys and (r, keys.index("number")) in self.sheet.merged_down
        shares_number = not fields.get("number") or merged_number or fields.get("number") == main.get("number")
        for key, value in main.items():
            fields.setdefault(key, value)
        # 序号 blank over the sub-items: 3-1, 3-2 … (a list without 序号 gets none); merged over
        # them, the 序号 the office wrote stands for each
        if self.sub_count > 1 and shares_number and main.get("number") and not merged_number:
            if self.sub_count == 2:
                self.document.records[-1].fields["number"] = f"{main['number']}-1"
            fields["number"] = f"{main['number']}-{self.sub_count}"
        main_name = fields.get("title") or fields.get("name")
        sub = fields.pop("sub_name")
        # the sub-item alone when it repeats the main item, the main item alone when it already
        # names the sub-item (广东: TASK_NAME "…(子项)" beside subTaskName "子项")
        fields["name"] = (sub if not main_name or main_name in sub else main_name if sub in main_name
                          else f"{main_name}（{sub}）")
        fields.setdefault("title", main_name or sub)

    def _formula_notes(self, r: int, cells: list[str]) -> list[str]:
        return [f"{self.columns.where}:{self.sheet.line(r)}: 第 {column_letter(j)} 列的内容以“{text[:1]}”开头，表格软件会把它当作公式："
                f"已按文字导入（{text[:30]}），发布的表格下载中也只作文字"
                for j, (text, key) in enumerate(zip(cells, self.columns.keys)) if reads_as_formula(text) and key not in IGNORE]


def _title_rows(sheet: Sheet, at: int) -> tuple[str | None, list[tuple[int, str]]]:
    """Above the header: the list's title (the first row holding one text, merged across or alone)
    and the other rows of text (a count sentence, a note), each (row, text)."""
    title, others = None, []
    for r in range(at):
        texts = list(dict.fromkeys(c.strip() for c in sheet.rows[r] if c.strip()))
        if not texts or all((r, j) in sheet.merged_down for j, c in enumerate(sheet.rows[r]) if c.strip()):
            continue
        if title is None and len(texts) == 1 and len(texts[0]) <= 80 and not re.search(r"[。；;]", texts[0]):
            title = texts[0]
        else:
            others.append((r, " ".join(texts)))
    return title, others


def _continues(sheet: Sheet, r: int, columns: list, fields: dict[str, str], main: dict[str, str]) -> bool:
    """Whether a row whose main-item cell is blank belongs to the main item above: yes when that
    cell is merged with it; in a file that has merged cells, a blank one that is not merged is blank.
    Without merges (a CSV, a table pasted as text) a blank means "as above" unless the row's other
    cells say otherwise (another 部门)."""
    if "title" in columns and (r, columns.index("title")) in sheet.merged_down:
        return True
    if sheet.merged_down:
        return False
    return not any(key in main and main[key] != value for key, value in fields.items()
                   if key not in ("sub_name", "name", "number"))


