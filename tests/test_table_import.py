"""清单 tables, one service per row (.xlsx, a .docx table, .csv), import like the 信息表 documents
they were re-laid-out from: the same services, field by field. Plus what real lists do: title and
note rows, a two-row header, section rows, main items over merged sub-item rows, synonyms, and
columns that fit no field (refused unless mapped)."""
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from generator.sources.detect import read_document
from generator.sources.importer import import_document

LABELS = {"number": "序号", "name": "事项名称", "legal_basis": "设定依据", "implementing_body": "实施主体",
          "boundary": "职责边界", "process": "办理流程", "materials": "申请材料", "responsibility": "责任事项",
          "supervision": "监督投诉电话"}
KEYS = list(LABELS)


def records(name: str):
    return read_document(FIXTURES / name).records


def reference(tmp_path_factory, name: str, office: str) -> dict:
    """The services as the 信息表 text export imports them."""
    content = tmp_path_factory.mktemp("ref") / "content"
    content.mkdir()
    (content / "topics.yml").write_text((FIXTURES.parent.parent / "content/topics.yml").read_text("utf-8"), "utf-8")
    r = import_document(FIXTURES / name, content, office_id=office, city="天津市")
    return content, {p.name: yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"}


def imported(content: Path, doc: Path, office: str, **kw) -> dict:
    r = import_document(doc, content, office_id=office, city="天津市", **kw)
    assert not r.unplaced, r.unplaced
    return {p.name: yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"}


def table_rows(name: str) -> list[list[str]]:
    """One row per item, with the heading (title) as 主项名称 when it differs: the real list re-laid-out."""
    out = []
    for r in records(name):
        out.append([r.fields.get(k, "") for k in KEYS] + [r.heading or ""])
    return out


HEADER = [LABELS[k] for k in KEYS] + ["标题"]


def write_xlsx(path: Path, rows, title=True, sections=True):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["滨海新区某街道党群服务中心权责清单"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        sheet.append(["（2023年版，共计 N 项）"])
        sheet.append([])
    sheet.append(HEADER)
    for i, row in enumerate(rows):
        if sections and i in (0, len(rows) // 2):
            sheet.append(["一、公共服务" if i == 0 else "二、其他权力"])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(HEADER))
        sheet.append(row)
    book.save(path)


@pytest.mark.parametrize("name, office", [("xincun.txt", "xincun"), ("yangjiabo.txt", "yangjiabo")])
def test_xlsx_with_title_and_sections_imports_like_the_document(tmp_path_factory, name, office):
    content, expected = reference(tmp_path_factory, name, office)
    doc = tmp_path_factory.mktemp("x") / "清单.xlsx"
    write_xlsx(doc, table_rows(name))
    got = imported(content, doc, office)
    # each section row is the group of the rows below it, kept as written
    groups = [service.pop("group") for service in got.values()]
    assert set(groups) == {"一、公共服务", "二、其他权力"}
    assert got == expected


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_every_encoding(tmp_path_factory, encoding):
    import csv

    content, expected = reference(tmp_path_factory, "yangjiabo.txt", "yangjiabo")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(table_rows("yangjiabo.txt"))
    doc = tmp_path_factory.mktemp("c") / "清单.csv"
    doc.write_bytes(buffer.getvalue().encode(encoding))
    assert imported(content, doc, "yangjiabo") == expected


def test_docx_table_imports_like_the_document(tmp_path_factory):
    import docx

    content, expected = reference(tmp_path_factory, "xincun.txt", "xincun")
    document = docx.Document()
    document.add_paragraph("新村街道党群服务中心权责清单")
    rows = table_rows("xincun.txt")
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    for j, h in enumerate(HEADER):
        table.rows[0].cells[j].text = h
    for i, row in enumerate(rows, 1):
        for j, value in enumerate(row):
            table.rows[i].cells[j].text = value
    doc = tmp_path_factory.mktemp("d") / "清单.docx"
    document.save(str(doc))
    assert imported(content, doc, "xincun") == expected


def test_two_row_header_main_and_sub_items_with_merged_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    s = book.active
    s.append(["序号", "事项名称", None, "实施依据", "实施机构", "运行流程", "运行要件", "类型", "办理时限", "收费标准"])
    s.append([None, "主项名称", "子项名称", None, None, None, None, None, None, None])
    s.merge_cells("B1:C1")
    for col in "ADEFGHIJ":
        s.merge_cells(f"{col}1:{col}2")
    s.append(["一、公共服务"])
    s.merge_cells("A3:J3")
    s.append(["1", "失业保险金申领", "首次申领", "《天津市失业保险条例》", "某街道党群服务中心", "1. 提出申请\n2. 审核",
              "1. 身份证\n2. 银行账号", "公共服务", "即办", "不收费"])
    s.append([None, None, "按月申领", None, None, "1. 每月申领", "无", None, "即办", "免费"])
    s.merge_cells("A4:A5")
    s.merge_cells("B4:B5")
    s.merge_cells("D4:D5")
    s.merge_cells("E4:E5")
    s.merge_cells("H4:H5")
    s.append(["2", "就业登记", None, "《就业服务与就业管理规定》", "某街道党群服务中心", "1. 登记", "身份证", "公共服务",
              "5个工作日", "否"])
    doc = tmp_path / "清单.xlsx"
    book.save(doc)
    content = tmp_path / "content"
    r = import_document(doc, content, office_id="mou", city="天津市")
    assert not r.unplaced, r.unplaced
    services = sorted((yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"),
                      key=lambda x: (x["number"], x.get("order", 0)))
    # the 序号 merged over the sub-items stands for each as the office wrote it (no invented 1-1, 1-2);
    # they keep the document's order
    assert [(s["number"], s.get("order"), s["name"], s["title"]) for s in services] == [
        ("1", 1, "失业保险金申领（首次申领）", "失业保险金申领"),
        ("1", 2, "失业保险金申领（按月申领）", "失业保险金申领"),
        ("2", None, "就业登记", "就业登记")]
    first, second, third = services
    assert first["legal_basis"] == second["legal_basis"]  # merged over the sub-items
    assert second["materials"] == {"kind": "none", "text": "无"} and second["process"] == {"steps": ["每月申领"]}
    assert first["item_type"] == second["item_type"] == "公共服务"
    assert first["time_limit"] == "即办" and first["fees"] == "不收费" and third["fees"] == "不收费"
    assert third["time_limit"] == "5个工作日"


def test_unknown_columns_are_kept_as_extra_information_unless_mapped(tmp_path):
    """A column no field names never stops the import: its text is kept, as written, under its own
    header (a 备注 column just works); the import says how it read every column, and --map moves one."""
    from openpyxl import Workbook

    book = Workbook()
    s = book.active
    s.append(["序号", "事项名称", "设定依据", "实施主体", "追责情形", "备注", ""])
    s.append(["1", "就业登记", "《就业服务与就业管理规定》", "某街道党群服务中心", "不履行职责的", "", ""])
    s.append(["2", "失业登记", "《就业服务与就业管理规定》", "某街道党群服务中心", "", "每月5日前", "无表头的字"])
    doc = tmp_path / "清单.xlsx"
    book.save(doc)
    content = tmp_path / "content"
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(doc),
                          "--office-id", "mou"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "第 E 列“追责情形” → 其他信息（原样保留）" in run.stdout and "第 D 列“实施主体” → 实施机构（栏目名）" in run.stdout
    assert "第 F 列“备注”没有对应的栏目：作为“其他信息”原样保留" in run.stdout and "--map 备注=栏目" in run.stdout
    first = yaml.safe_load((content / "offices/mou/jiuye-dengji.yml").read_text("utf-8"))
    second = yaml.safe_load((content / "offices/mou/shiye-dengji.yml").read_text("utf-8"))
    assert first["extra"] == [{"label": "追责情形", "text": "不履行职责的"}]
    assert second["extra"] == [{"label": "备注", "text": "每月5日前"}, {"label": "第 G 列", "text": "无表头的字"}]
    content = tmp_path / "mapped"
    mapped = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(doc),
                             "--office-id", "mou", "--map", "追责情形=责任事项", "--map", "备注=忽略"],
                            capture_output=True, text=True)
    assert mapped.returncode == 0, mapped.stderr
    assert "第 E 列“追责情形” → 责任事项（--map）" in mapped.stdout and "第 F 列“备注” → 忽略" in mapped.stdout
    service = yaml.safe_load((content / "offices/mou/jiuye-dengji.yml").read_text("utf-8"))
    assert service["responsibility"] == "不履行职责的" and "extra" not in service


@pytest.mark.parametrize("name, make, message", [
    ("清单.csv", lambda p: p.write_bytes(b""), "没有找到任何事项"),
    ("清单.xlsx", lambda p: p.write_bytes(b""), "不是可读取的"),
    ("清单.xlsx", lambda p: _xlsx(p, [["某街道权责清单"]]), "没有找到表头"),
    ("清单.xlsx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "设有打开密码"),
    ("清单.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "不是可读取的"),
    ("清单.docx", lambda p: __import__("docx").Document().save(str(p)), "没有找到任何事项"),
])
def test_bad_spreadsheets(tmp_path, name, make, message):
    doc = tmp_path / name
    make(doc)
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(tmp_path / "content"), "import",
                          str(doc)], capture_output=True, text=True)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "content").exists()


def _xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_a_thousand_rows_of_one_name_get_distinct_files(tmp_path):
    """Rows that share a name get numbered ids, one file each (the time it takes: bench/imports.py)."""
    row = ["就业登记", "《就业服务与就业管理规定》", "某街道党群服务中心", "街道权限", "1. 登记", "身份证",
           "受理－登记", "监督电话：022-12345678", "就业登记"]
    doc = tmp_path / "1000.csv"
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in [str(i), *row]) for i in range(1, 1001)]
    doc.write_text("\n".join(lines), "utf-8")
    r = import_document(doc, tmp_path / "content", office_id="mou", city="天津市")
    services = [p for p in r.files if p.name != "office.yml"]
    assert len(services) == 1000 and len({p.name for p in services}) == 1000


def test_formula_text_is_imported_as_text_with_a_warning(tmp_path):
    """A cell a spreadsheet would compute is kept as the text it is, and the editor is told; a cell
    our own CSV download escaped ('=...) reads back as the catalogue wrote it."""
    rows = [HEADER[:3], ["1", "=HYPERLINK(\"http://x.example\",\"点我\")", "《某条例》"],
            ["2", "就业登记", "'=1+1 是依据"], ["3", "失业登记", "-身份证"]]
    doc = tmp_path / "清单.csv"
    doc.write_text("\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows), "utf-8")
    r = import_document(doc, tmp_path / "content", office_id="mou", city="天津市")
    services = {yaml.safe_load(t)["number"]: yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"}
    assert services["1"]["name"] == '=HYPERLINK("http://x.example","点我")'
    assert services["2"]["legal_basis"] == [{"text": "=1+1 是依据"}]
    assert services["3"]["legal_basis"] == [{"text": "-身份证"}]
    warned = [n for n in r.report if "公式" in n]
    assert len(warned) == 2, r.report  # not the list item "-身份证"
    assert warned[0].startswith("清单.csv:2: 第 B 列的内容以“=”开头，表格软件会把它当作公式：已按文字导入")
    assert warned[1].startswith("清单.csv:3: 第 C 列的内容以“=”开头")


def import_csv(tmp_path, text: str):
    """`service-guide import 清单.csv --office-id mou` of `text`, into tmp_path/content."""
    doc = tmp_path / "清单.csv"
    doc.write_text(text, "utf-8")
    content = tmp_path / "content"
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(doc),
                          "--office-id", "mou"], capture_output=True, text=True)
    return run, content


def test_an_import_validate_would_reject_writes_nothing(tmp_path):
    """The import checks its result as `validate` would, in a scratch copy, before writing a file."""
    run, content = import_csv(tmp_path, "事项名称,实施主体,收费标准\n就业登记,某街道党群服务中心,-50元\n"
                                        "失业登记,某街道党群服务中心,不收费\n")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "会有 1 处通不过检查，未写入任何文件" in run.stderr
    assert "content/offices/mou/jiuye-dengji.yml" in run.stderr and "金额“-50元”是负数" in run.stderr
    assert not content.exists()


def test_values_an_element_cannot_hold_are_kept_not_refused(tmp_path):
    """无 as a 时限, 是 as a web address, 多次 as a number of visits: kept as 其他信息, and the import validates."""
    run, content = import_csv(tmp_path, "事项名称,承诺办结时限,在线预约地址,到办事现场次数\n就业登记,无,无,多次\n")
    assert run.returncode == 0, run.stderr
    service = yaml.safe_load((content / "offices/mou/jiuye-dengji.yml").read_text("utf-8"))
    assert service["extra"] == [{"label": "承诺时限", "text": "无"}, {"label": "网上办理网址", "text": "无"},
                                {"label": "到现场次数", "text": "多次"}]
    assert not {"time_limit", "online", "visits"} & set(service)
