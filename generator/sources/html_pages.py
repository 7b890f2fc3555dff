"""A web page saved as a document: what many office systems export under an .xls or .doc name (an
HTML table with Excel's or Word's extension), or a guide page saved from a browser. Read as the
blocks a .docx gives (paragraph lines and tables, in order), and its tables as sheets for the list
reader; cells merged across rows or columns (rowspan, colspan) are filled as a workbook's are.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.sources.sheets import Grid, Sheet

BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title", "dt", "dd", "section",
              "article", "header", "footer", "blockquote", "pre"}
SKIPPED = {"script", "style", "head", "noscript", "template"}


def looks_like_html(data: bytes) -> bool:
    """Markup rather than a workbook or a Word file: the first thing in it is a tag."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml version")) and (
        b"<table" in data[:65536].lower() or b"<html" in head or b"<body" in data[:65536].lower())


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []        # str lines and Grids, in document order
        self.line: list[str] = []
        self.skipping = 0
        self.tables: list[dict] = []  # open tables (nested ones too): rows, spans, the cell being read
        self.grids: list[tuple[list[list[str]], set[tuple[int, int]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "table":
            self._flush()
            self.tables.append({"rows": [], "once": [], "cell": None, "spans": {}, "down": set()})
        elif self.tables and tag == "tr":
            self._finish_row(self.tables[-1])
            self.tables[-1]["rows"].append([])
            self.tables[-1]["once"].append([])
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            if not table["rows"]:
                table["rows"].append([])
                table["once"].append([])
            values = dict(attrs)
            table["cell"] = {"text": [], "rowspan": _span(values.get("rowspan")), "colspan": _span(values.get("colspan"))}
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif self.tables and tag in ("td", "th"):
            self._close_cell()
        elif self.tables and tag == "table":
            self._close_cell()
            self._finish_row(self.tables[-1])
            table = self.tables.pop()
            self.grids.append((table["rows"], table["down"]))
            self.blocks.append(Grid(table["once"]))  # as a guide reads a table: a cell across columns once
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._newline()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["text"].append(data)
        elif not self.tables:
            self.line.append(data)

    def _newline(self):
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["text"].append("\n")
        elif not self.tables:
            self._flush()

    def _flush(self):
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(self.line)).strip()
        if text:
            self.blocks.append(text)
        self.line = []

    def _close_cell(self):
        table = self.tables[-1]
        cell, table["cell"] = table["cell"], None
        if cell is None:
            return
        text = "\n".join(re.sub(r"[ \t\r\u00a0]+", " ", part).strip()
                         for part in "".join(cell["text"]).split("\n")).strip("\n")
        text = re.sub(r"\n{2,}", "\n", text)
        rows, spans = table["rows"], table["spans"]
        r = len(rows) - 1
        row = rows[r]
        self._take_spans(table, r)
        for extra_row in range(cell["rowspan"]):
            for extra_col in range(cell["colspan"]):
                if extra_row:
                    spans[(r + extra_row, len(row) + extra_col)] = text
        row.extend([text] * cell["colspan"])
        table["once"][r].append(text)

    @staticmethod
    def _take_spans(table, r: int):
        """Cells merged down from a row above that stand at the row's next place."""
        row = table["rows"][r]
        while (r, len(row)) in table["spans"]:
            row.append(table["spans"][(r, len(row))])
            table["down"].add((r, len(row) - 1))
            table["once"][r].append(row[-1])

    def _finish_row(self, table):
        if table["rows"]:  # merged-down cells after the row's last own cell
            self._take_spans(table, len(table["rows"]) - 1)

    def close(self):
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def html_blocks(text: str) -> tuple[list, list[Sheet]]:
    """(blocks in document order, the page's tables as sheets)."""
    page = _Page()
    page.feed(text)
    page.close()
    sheets = [Sheet(f"表{n}", [list(r) for r in rows], set(down)) for n, (rows, down) in enumerate(page.grids, 1)
              if any(any(c.strip() for c in row) for row in rows)]
    return page.blocks, sheets
