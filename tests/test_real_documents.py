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
from sourcetext import cells, content_of, kept_values, strings

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
    assert len(cells(doc)) >= expected
    values = kept_values(doc, run.stdout)
    lost = [v for v in values if content_of(v) not in written]
    assert not lost, lost[:10]
    unseen = [v for v in values if content_of(v) not in shown]
    assert not unseen, unseen[:10]
