"""Documents real offices and portals published (../shared/real-docs, never copied here) import with
no options, validate, build strictly, and keep every cell's text, as written, in the YAML and on the
built pages. In CI the folder must be there; elsewhere the tests skip, saying why, without it."""
import csv
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site
from generator.sources.records import normalise_label

REAL_DOCS = ROOT.parent / "shared" / "real-docs"
# Documents whose layout the importer does not read yet: the test says so, and fails loudly (strict)
# the day one of them starts to import, so it moves to the checked list.
NOT_YET: dict[str, str] = {}


MANIFESTS = ("manifest.tsv", "manifest-guides.tsv")


def manifest() -> list:
    if not REAL_DOCS.is_dir():
        return [pytest.param("（没有 real-docs）", 0)]
    rows = [row for name in MANIFESTS if (REAL_DOCS / name).is_file()
            for row in csv.reader((REAL_DOCS / name).read_text("utf-8").splitlines(), delimiter="\t")]
    return [pytest.param(row[0], int(row[1]), id=row[0],
                         marks=[pytest.mark.xfail(strict=True, reason=f"not read yet: {NOT_YET[row[0]]}")]
                         if row[0] in NOT_YET else [])
            for row in rows if row and not row[0].startswith("#")]


@pytest.fixture(scope="module")
def real_docs() -> Path:
    if not REAL_DOCS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{REAL_DOCS} is missing: CI must test the real documents")
        pytest.skip(f"{REAL_DOCS} is not here (it sits beside the repository on the project's machines)")
    return REAL_DOCS


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


@pytest.mark.parametrize("name, expected", manifest())
def test_a_real_document_imports_validates_builds_and_keeps_every_cell(real_docs, project_copy, name, expected):
    content = project_copy / "content"
    for office in (content / "offices").iterdir():  # the document's offices alone
        subprocess.run(["rm", "-rf", str(office)], check=True)
    (content / "journeys.yml").unlink()  # the demo offices' journeys go with them
    doc = real_docs / name
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(doc)],
                         capture_output=True, text=True, cwd=project_copy)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "各列的读法" in run.stdout and "Traceback" not in run.stderr
    files = [p for p in (content / "offices").rglob("*.yml") if p.name != "office.yml"]
    assert len(files) == expected
    check = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "validate"],
                           capture_output=True, text=True, cwd=project_copy)
    assert check.returncode == 0, check.stderr[-3000:]
    office_yml = [p for p in (content / "offices").rglob("office.yml")]
    written = "".join(content_of(s) for p in files + office_yml for s in strings(yaml.safe_load(p.read_text("utf-8"))))
    site = project_copy / "site"
    build = build_site(project_copy, site)
    assert build.returncode == 0, build.stderr[-3000:]
    shown = content_of(html.unescape(re.sub(r"<[^>]+>", " ", "".join(p.read_text("utf-8")
                                                                   for p in (site / "offices").rglob("*.html")))))
    source = cells(doc)
    assert len(source) >= expected
    values = [value for cell in source for whole, value in pieces(cell)
              # a pure label or heading the import named, or a note above a list's header it reported; a
              # bare row number of a table (a substring test cannot tell one number from another anyway)
              if value and not reported(whole, run.stdout) and not (len(value) <= 40 and reported(value, run.stdout))
              and not re.fullmatch(r"\d{1,3}", value)]
    lost = [v for v in values if content_of(v) not in written]
    assert not lost, lost[:10]
    unseen = [v for v in values if content_of(v) not in shown]
    assert not unseen, unseen[:10]
