"""Excel as a round trip: the services.xlsx the site publishes reads back through the importer.
Exported and imported into an empty content tree, all 48 services are equal field by field; one
cell edited in a spreadsheet is exactly one change on re-import, and applying it changes that field only."""
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT
from generator.catalogue.load import load_catalogue
from generator.exports.tables import HEADERS, services_xlsx


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "services.xlsx"
    path.write_bytes(services_xlsx(load_catalogue(CONTENT), "https://banshi.example.cn/", {}))
    return path


def import_cli(content: Path, document: Path, *extra):
    return subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(document),
                           "--city", "天津市", "--district", "滨海新区", *extra],
                          capture_output=True, text=True, cwd=ROOT)


def test_export_then_import_gives_the_same_catalogue(exported, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("topics.yml", "materials.yml"):
        shutil.copy(CONTENT / name, content / name)
    run = import_cli(content, exported)
    assert run.returncode == 0, run.stderr
    original, again = load_catalogue(CONTENT), load_catalogue(content)
    assert list(again.offices) == list(original.offices)
    for office_id, office in original.offices.items():
        other = again.offices[office_id]
        assert (other.name, other.short_name, other.kind, other.supervision) == \
               (office.name, office.short_name, office.kind, office.supervision)
    before = {(s.office_id, s.id): s for s in original.services}
    after = {(s.office_id, s.id): s for s in again.services}
    assert before.keys() == after.keys() and len(after) == 48
    for key, service in before.items():
        for f in dataclasses.fields(service):
            if f.name in ("source", "updated"):  # where it is stored; the date comes from git
                continue
            assert getattr(after[key], f.name) == getattr(service, f.name), (key, f.name)


def test_one_edited_cell_is_one_change(exported, tmp_path):
    from openpyxl import load_workbook

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    book = load_workbook(exported)
    sheet = book["杨家泊镇"]
    rows = list(sheet.iter_rows())
    column = {c.value: i for i, c in enumerate(rows[0])}
    row = next(r for r in rows[1:] if r[column["网址编号"]].value == "shiye-baoxianjin-shenling")
    row[column["职责边界"]].value = "镇党群服务中心受理，区人社局审核"  # an edit in a spreadsheet program
    row[column["办理时限"]].value = "即办"  # and a guide element the list did not have
    edited = tmp_path / "services-edited.xlsx"
    book.save(edited)
    target = content / "offices/yangjiabo/shiye-baoxianjin-shenling.yml"
    before = {p: p.read_bytes() for p in content.rglob("*.yml")}

    dry = import_cli(content, edited, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    changed = [line for line in dry.stdout.splitlines() if line.strip().startswith("变化：")]
    assert changed == [f"  变化：{target}"], dry.stdout
    assert "    职责边界：“杨家泊镇党群服务中心” → “镇党群服务中心受理，区人社局审核”\n    办理时限：（无） → “即办”" in dry.stdout
    assert {p: p.read_bytes() for p in content.rglob("*.yml")} == before  # a dry run writes nothing

    refused = import_cli(content, edited)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert {p: p.read_bytes() for p in content.rglob("*.yml")} == before

    applied = import_cli(content, edited, "--force")
    assert applied.returncode == 0, applied.stderr
    changed_files = [p for p in before if p.read_bytes() != before[p]]
    assert changed_files == [target]
    old = yaml.safe_load(before[target])
    new = yaml.safe_load(target.read_text("utf-8"))
    assert {k for k in set(old) | set(new) if old.get(k) != new.get(k)} == {"boundary", "time_limit"}
    assert new["boundary"] == "镇党群服务中心受理，区人社局审核" and new["time_limit"] == "即办"
    assert load_catalogue(content)  # and the result is valid


def test_headers_are_what_the_importer_reads():
    from generator.sources.records import LABEL_TO_FIELD, normalise_label

    assert all(LABEL_TO_FIELD.get(normalise_label(h)) for h in HEADERS), \
        [h for h in HEADERS if not LABEL_TO_FIELD.get(normalise_label(h))]
