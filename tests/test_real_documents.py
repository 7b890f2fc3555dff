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

REAL_DOCS = ROOT.parent / "shared" / "real-docs"
# Documents whose layout the importer does not read yet: the test says so, and fails loudly (strict)
# the day one of them starts to import, so it moves to the checked list.
NOT_YET: dict[str, str] = {}


def manifest() -> list:
    if not REAL_DOCS.is_dir():
        return [pytest.param("（没有 real-docs）", 0)]
    rows = csv.reader((REAL_DOCS / "manifest.tsv").read_text("utf-8").splitlines(), delimiter="\t")
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
    """Every non-empty cell below the header row of a list, as an office typed it (these lists have
    their header on the first row, SOURCES.md); for a guide, every line's text after its label."""
    if path.suffix in (".txt", ".docx"):
        from generator.sources.guides import section_label

        lines = ([p.text for p in __import__("docx").Document(str(path)).paragraphs] if path.suffix == ".docx"
                 else path.read_text("utf-8").split("\n"))
        return [text for line in lines if (text := (section_label(line)[2] if section_label(line) else line).strip())]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = [["" if v is None else str(v) for v in row] for sheet in book.worksheets
                for row in list(sheet.iter_rows(values_only=True))[1:]]
    else:
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines(True)))[1:]
    return [c for row in rows for c in row if c.strip()]


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
    written = "".join(content_of(s) for p in files for s in strings(yaml.safe_load(p.read_text("utf-8"))))
    site = project_copy / "site"
    build = build_site(project_copy, site)
    assert build.returncode == 0, build.stderr[-3000:]
    shown = content_of(html.unescape(re.sub(r"<[^>]+>", " ", "".join(p.read_text("utf-8")
                                                                   for p in (site / "offices").rglob("*.html")))))
    source = cells(doc)
    assert len(source) >= expected
    lost = [c for c in source if content_of(c) not in written]
    assert not lost, lost[:10]
    unseen = [c for c in source if content_of(c) not in shown]
    assert not unseen, unseen[:10]
