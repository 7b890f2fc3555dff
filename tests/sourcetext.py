"""What a source document says, read independently of the importer: every line and cell of a guide
or list, split into the labelled values it holds, compared with what an import wrote and a build
shows (whitespace and list numbering taken out on both sides)."""
import csv
import re
from pathlib import Path

from generator.sources.records import normalise_label


def cells(path: Path) -> list[str]:
    """Every non-empty line of a guide and every cell of its tables, in document order; every
    non-empty cell of a list (its title row and header included), as an office typed it."""
    if path.suffix == ".txt":
        return [line for line in path.read_text("utf-8").split("\n") if line.strip()]
    if path.suffix == ".docx":
        import docx
        from docx.table import Table

        found = []
        for block in docx.Document(str(path)).iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    tcs = [c for i, c in enumerate(row.cells) if i == 0 or c._tc is not row.cells[i - 1]._tc]
                    found += [c.text for c in tcs if c.text.strip()]
            elif block.text.strip():
                found.append(block.text)
        return found
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = [["" if v is None else str(v) for v in row] for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines(True)))
    return [c for row in rows for c in row if c.strip()]


# Written by this test, not taken from the importer: where a guide's line or cell holds several
# "标签:值" runs (实施机构:… 设定依据:…), and the label and enumerator that open a run
RUN_START = re.compile(r"(?:(?<=\s)|(?<=[。；;]))(?=[^\s:：，。；;、]{2,8}[:：])")
LABEL_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))?\s*"
                          r"(?:【[^】]{1,14}】|[^\s:：，。；;,]{1,14}[:：])?")


def pieces(text: str) -> list[str]:
    """A source line or cell as the values it holds: split into its labelled runs, each without its
    enumerator and label."""
    out = []
    for line in text.split("\n"):
        for run in RUN_START.split(line):
            value = LABEL_PREFIX.sub("", run, count=1).strip()
            out.append((run.strip(), value))
    return [(run, value) for run, value in out if run]


def reported(piece: str, stdout: str) -> bool:
    """A label, heading or header cell the import named in its readings (“…” → field), or a note
    above a list's header it named: text it read as structure, not as a value."""
    return f"“{piece.strip().rstrip('：:')}”" in stdout or f"“{normalise_label(piece)}”" in stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def content_of(cell: str) -> str:
    """A cell's or line's text with layout taken out: whitespace, and the numbers of list items,
    which the import turns into a list ("1、身份证原件；2、户口本" is the items 身份证原件； and 户口本).
    Both sides are compared this way, so a number the import kept (3.5 万元) still has to be there."""
    return squeeze(re.sub(r"(?<![\d.．])(?:\d{1,2}\s*[、.．)）](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])", "", cell))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def kept_values(path: Path, stdout: str) -> list[str]:
    """The values of a document an import must keep: every labelled value and unlabelled text, less
    a pure label or heading the import named, a note above a list's header it reported, and a bare
    row number of a table (a substring test cannot tell one number from another anyway)."""
    return [value for cell in cells(path) for whole, value in pieces(cell)
            if value and not reported(whole, stdout) and not (len(value) <= 40 and reported(value, stdout))
            and not re.fullmatch(r"\d{1,3}", value)]
