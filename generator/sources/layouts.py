"""The layouts an office's document may have, as one list: each reader takes an opened document
(`Source`) and says how well it fits (`Fit`: a score and why); the importer tries them best first, in
the declared order where they tie, and keeps the first that reads services. A new layout is one
entry in LAYOUTS.

The scores say what each layout looks for, strongest evidence highest: a table file (.csv, a pasted
table) is a list; a "（…）信息表" heading is an information sheet; tables of label | value pairs are a
portal's guide; a table with a header row is a list; labelled paragraphs are a guide; any text is,
last of all, read as an information sheet's label | value lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from generator.sources import infotable, tables
from generator.sources.guides import line_runs, read_guide
from generator.sources.label_tables import is_label_value, read_label_tables
from generator.sources.records import RawDocument, remapped

TEXT, WORD, SHEETS, PAGE = "text", "docx", "sheets", "page"  # what a document was opened as


@dataclass
class Source:
    """An opened document: its tables (a workbook's sheets, a .docx's or a web page's tables), its
    paragraphs and tables in document order, and the rows an information sheet is read from."""
    path: Path
    form: str
    grids: list = field(default_factory=list)
    blocks: list = field(default_factory=list)  # lines (str) and tables (sheets.Grid), in order
    make_rows: Callable[[], list] | None = None  # 信息表 rows: ("heading" | "cell" | "loose" …, text, line)
    tabular: str = ""                            # why a text file reads as a table ("" when it does not)

    @cached_property
    def rows(self) -> list:
        return list(self.make_rows()) if self.make_rows else []

    @cached_property
    def headings(self) -> int:
        return sum(1 for kind, _, _ in self.rows if kind == "heading")

    @cached_property
    def labelled_lines(self) -> int:
        return sum(1 for b in self.blocks if isinstance(b, str) and line_runs(b))

    @cached_property
    def table_cells(self) -> int:
        """Lines of Word's text export that are table cells (they start with a tab)."""
        return sum(1 for b in self.blocks if isinstance(b, str) and b.startswith("\t"))


@dataclass(frozen=True)
class Fit:
    score: float  # 0: not this layout
    why: str = ""


NO_FIT = Fit(0)


@dataclass(frozen=True)
class Layout:
    name: str
    fit: Callable[[Source], Fit]
    read: Callable[[Source, dict | None], RawDocument | None]


def _sheet_fit(source: Source) -> Fit:
    if source.form in (SHEETS, PAGE) or not source.rows:
        return NO_FIT
    if source.headings:
        return Fit(3, f"有 {source.headings} 个“（…）信息表”标题")
    return Fit(0.5, "没有别的版式能读出事项，按信息表的“栏目 | 内容”读取")


def _sheet_read(source: Source, mapping) -> RawDocument:
    return remapped(infotable.records_from_rows(source.path, source.rows), mapping)


def _label_table_fit(source: Source) -> Fit:
    if source.form == TEXT or source.labelled_lines >= 2:
        return NO_FIT
    paired = sum(1 for grid in source.grids if is_label_value(grid))
    return Fit(2.5, f"{paired} 个表格是“栏目 | 内容”成对排列") if paired else NO_FIT


def _label_table_read(source: Source, mapping) -> RawDocument | None:
    found = read_label_tables(source.path, source.grids)
    return remapped(found, mapping) if found is not None else None


def _list_fit(source: Source) -> Fit:
    if source.tabular:
        return Fit(3.5, source.tabular)
    if source.grids and source.form != TEXT:
        return Fit(2, f"{len(source.grids)} 个表格，按表头行读取每行一个事项")
    return NO_FIT


def _list_read(source: Source, mapping) -> RawDocument | None:
    document = tables.read_sheets(source.grids, source.path, mapping)
    if document is not None and source.form == SHEETS:
        document.notes[:0] = [source.path.name + note for sheet in source.grids for note in sheet.notes]
    return document


def _guide_fit(source: Source) -> Fit:
    if source.form == SHEETS or not source.blocks or source.headings:
        return NO_FIT
    if source.form == TEXT and source.table_cells >= len([b for b in source.blocks if b.strip()]) / 3:
        return NO_FIT  # Word's export of a table: an information sheet's cells
    lines = sum(1 for b in source.blocks if isinstance(b, str) and b.strip())
    labelled = f"，其中 {source.labelled_lines} 行是“栏目：内容”" if source.labelled_lines else ""
    return Fit(1.5, f"{lines} 段文字、{len(source.blocks) - len([b for b in source.blocks if isinstance(b, str)])} 个表格{labelled}，按小标题分栏")


def _guide_read(source: Source, mapping) -> RawDocument | None:
    found = read_guide(source.path, source.blocks)
    return remapped(found, mapping) if found is not None else None


LAYOUTS: tuple[Layout, ...] = (
    Layout("清单", _list_fit, _list_read),
    Layout("信息表", _sheet_fit, _sheet_read),
    Layout("办事指南表格", _label_table_fit, _label_table_read),
    Layout("办事指南", _guide_fit, _guide_read),
)


def ranked(source: Source) -> list[tuple[Fit, Layout]]:
    """The layouts that fit, best first; the declared order where scores tie."""
    fits = [(layout.fit(source), i, layout) for i, layout in enumerate(LAYOUTS)]
    return [(fit, layout) for fit, _, layout in sorted(fits, key=lambda t: (-t[0].score, t[1])) if fit.score > 0]


def read_best(source: Source, mapping) -> RawDocument | None:
    """The services of the best-fitting layout that reads any; `layout` says which, and why."""
    for fit, layout in ranked(source):
        document = layout.read(source, mapping)
        if document is not None and document.records:
            document.layout = f"{layout.name}（{fit.why}）"
            return document
    return None
