"""The shapes real lists come in beyond a tidy .xlsx: coded column names, CSV as Excel writes it
(quoted cells with commas, quotes and line breaks; UTF-16 and GB18030), workbooks with a far cell,
a formula without a saved value or a header merged down, old .xls, and .doc without LibreOffice;
phone numbers as cities print them; and the import's notes at 2,000 rows."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import FIXTURES, ROOT
from docfixtures import info_table_docx
from generator.sources.detect import read_document
from generator.sources.importer import import_document
from generator.sources.notes import grouped
from generator.sources.records import field_for
from generator.website.escaping import with_phone_links


INFO_LABELS = {"number": "序号", "name": "名称", "legal_basis": "法定依据", "implementing_body": "实施机构",
               "boundary": "职责边界", "process": "运行流程", "materials": "运行要件", "responsibility": "责任事项",
               "supervision": "监督方式"}


def services(content: Path, doc: Path, **kw) -> list[dict]:
    result = import_document(doc, content, office_name="测试街道便民服务中心", **kw)
    assert not result.unplaced, result.unplaced
    return [yaml.safe_load(t) for p, t in result.files.items() if p.name != "office.yml"]


def from_csv(content: Path, text: str) -> dict[str, dict]:
    """The services a CSV list with these lines imports to, by name."""
    doc = content.parent / "list.csv"
    doc.write_text(text, "utf-8")
    return {s["name"]: s for s in services(content, doc)}


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "topics.yml").write_text((ROOT / "content/topics.yml").read_text("utf-8"), "utf-8")
    return folder


# ---- column names that are codes --------------------------------------------------------------

@pytest.mark.parametrize("code, key", [
    # the national 政务服务 data standard's names, as portals export them
    ("TASK_NAME", "name"), ("TASK_CODE", "item_code"), ("TASK_TYPE_TEXT", "item_type"), ("DEPT_NAME", "implementing_body"),
    ("subTaskName", "sub_name"), ("URL", "online_url"), ("ACCEPT_CONDITION", "conditions"), ("PROMISE_DAY", "promised"),
    ("ANTICIPATE_DAY", "legal_time"), ("TRANSACT_ADDR", "address"), ("LINK_TEL", "phone"), ("SUPERVISE_TEL", "supervision"),
    ("apply_material", "materials"), ("BY_LAW", "legal_basis"), ("SERVICE_OBJECT", "audience"),
    # pinyin initials of the Chinese header words
    ("SXMC", "name"), ("SSJG", "implementing_body"), ("SXBM", "item_code"), ("ZXDH", "phone"), ("BLDD", "address"),
    # a generic word beside another qualifier names nothing: the column stays as 其他信息
    ("AREA_CODE_TEXT", None), ("CATANAME", None), ("ORG_CODE", None), ("ID", None),
])
def test_coded_column_names_are_read_by_their_words(code, key):
    assert field_for(code)[0] == key


def test_a_list_with_coded_columns_imports_without_options(content, tmp_path):
    doc = tmp_path / "export.csv"
    doc.write_text("TASK_CODE,TASK_NAME,DEPT_NAME,TASK_TYPE_TEXT,LINK_TEL\n"
                   "11120116MB1234567X4000000001,居民身份证申领,某街道派出所,公共服务,022-25869855\n", "utf-8")
    [service] = services(content, doc)
    assert (service["name"], service["implementing_body"], service["item_type"], service["item_code"], service["phone"]) \
        == ("居民身份证申领", "某街道派出所", "公共服务", "11120116MB1234567X4000000001", "022-25869855")


# ---- CSV as Excel writes it ---------------------------------------------------------------------

QUOTED = ('序号,事项名称,设定依据,备注\n'
          '1,居民身份证申领,"《居民身份证法》第八条，第十条；\n""居民身份证""由公安机关签发。",无\n'
          '2,老年人优待证办理,"《老年人权益保障法》第五十八条。",有\n')


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_a_quoted_cell_is_one_cell_in_every_encoding_excel_writes(content, tmp_path, encoding):
    doc = tmp_path / "list.csv"
    text = QUOTED.replace(",", "\t") if encoding == "utf-16" else QUOTED  # Excel's "Unicode text" is tab-separated
    doc.write_bytes(text.encode(encoding))
    found = sorted(services(content, doc), key=lambda s: s["number"])
    assert [s["name"] for s in found] == ["居民身份证申领", "老年人优待证办理"]  # no phantom row
    basis = "\n".join(entry["text"] for entry in found[0]["legal_basis"])
    assert "《居民身份证法》第八条，第十条；" in basis and "“" not in basis and '"居民身份证"由公安机关签发。' in basis


def test_a_note_names_the_row_as_excel_numbers_it(content, tmp_path):
    doc = tmp_path / "list.csv"
    doc.write_text('序号,事项名称,咨询电话\n1,"两行\n的名称",022-25869855\n2,第二个,12345\n3,第三个,号码待定\n', "utf-8")
    result = import_document(doc, content, office_name="测试街道便民服务中心")
    assert any(note.startswith("list.csv:4: 咨询电话“号码待定”不是可识别的号码") for note in result.report), result.report


# ---- workbooks ----------------------------------------------------------------------------------

def test_a_far_cell_costs_nothing_and_its_text_is_reported(content, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "事项名称", "实施主体"])
    sheet.append([1, "居民身份证申领", "派出所"])
    sheet["XFD1048576"] = "远处的字"
    doc = tmp_path / "far.xlsx"
    book.save(doc)
    result = import_document(doc, content, office_name="测试街道便民服务中心")
    assert len(result.files) == 2  # office.yml and the one service
    assert any("far.xlsx:1048576: 第 XFD 列有文字“远处的字”" in note for note in result.report), result.report


def test_a_formula_without_a_saved_value_keeps_its_text_and_names_the_cell(content, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "目录"
    sheet.append(["序号", "事项名称", "办理时间"])
    sheet.append([1, "居民身份证申领", '=CONCATENATE("周一至周五","9:00-17:00")'])  # openpyxl saves no value
    doc = tmp_path / "formula.xlsx"
    book.save(doc)
    result = import_document(doc, content, office_name="测试街道便民服务中心")
    [service] = [yaml.safe_load(t) for p, t in result.files.items() if p.name != "office.yml"]
    assert service["hours"] == '=CONCATENATE("周一至周五","9:00-17:00")'
    assert any(note.startswith("formula.xlsx[目录]C2: 公式") and "没有保存计算结果" in note for note in result.report)


def test_header_cells_merged_down_are_not_a_service(content, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "事项名称", "实施主体", "备注"])
    sheet.append([None] * 4)
    for column in "ABCD":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append([1, "居民身份证申领", "派出所", "无"])
    doc = tmp_path / "merged.xlsx"
    book.save(doc)
    assert [s["name"] for s in services(content, doc)] == ["居民身份证申领"]


def test_an_old_xls_list_with_merged_departments_imports(content):
    # Excel 97-2003, written by tests/fixtures/legacy_xls.py: a title row, 部门 and 主事项 merged down
    # over their items, an item with no 主事项, a 备注 column with a number in it
    found = {s["name"]: s for s in services(content, FIXTURES / "legacy-mulu.xls")}
    assert set(found) == {"老年人优待证办理", "老年人优待（高龄津贴申领）", "灵活就业人员参保登记"}
    assert found["老年人优待（高龄津贴申领）"]["implementing_body"] == "民政办"
    assert found["灵活就业人员参保登记"]["implementing_body"] == "社保所"  # not the 主事项 above it
    assert found["灵活就业人员参保登记"]["extra"] == [{"label": "备注", "text": "12345"}]
    assert found["老年人优待证办理"]["extra"] == [{"label": "备注", "text": "年满60周岁"}]


def test_an_old_word_file_is_converted_by_libreoffice(content, tmp_path):
    """A .doc (Word 97-2003) imports like the .docx it was saved from. LibreOffice makes the .doc
    here too; CI installs it (scripts/install-system-deps.sh), elsewhere the test says it is missing."""
    from generator.sources.office_convert import soffice

    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (scripts/install-system-deps.sh)")
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = tmp_path / "信息表.docx"
    info_table_docx(docx, read_document(FIXTURES / "xincun.txt").records[:3], INFO_LABELS)
    word = __import__("docx").Document(str(docx))
    word.add_paragraph("")  # Word ends every document with a paragraph; a table last is lost on the way
    word.save(str(docx))
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True,
                   timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    doc = tmp_path / "信息表.doc"
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # really the old binary format
    from_doc = {s["name"]: s for s in services(content, doc)}
    again = tmp_path / "again"
    shutil.copytree(content, again)
    from_docx = {s["name"]: s for s in services(again, docx)}
    assert len(from_doc) == 3 and from_doc == from_docx


def test_a_doc_without_libreoffice_says_what_to_do(tmp_path):
    doc = tmp_path / "指南.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)  # an OLE container, not a workbook
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(tmp_path / "content"), "import", str(doc)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PATH": str(Path(sys.executable).parent)})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "指南.doc: 这是旧版 Word / WPS 文件（.doc），需要 LibreOffice 才能读取" in run.stderr
    assert "另存为 .docx" in run.stderr


# ---- columns and values that need more than one home -------------------------------------------

def test_a_second_column_of_one_field_keeps_its_own_header(content, tmp_path):
    [service] = from_csv(content, "事项名称,URL,在线预约地址\n居民身份证申领,https://a.example.gov.cn/x,https://b.example.gov.cn/y\n").values()
    assert service["online"]["url"] == "https://a.example.gov.cn/x"
    assert {"label": "在线预约地址", "text": "https://b.example.gov.cn/y"} in service["extra"]


def test_audience_words_become_codes_and_stay_as_written(content, tmp_path):
    found = from_csv(content, '事项名称,服务对象\n居民身份证申领,自然人\n企业开办,"企业法人,事业法人"\n')
    assert found["居民身份证申领"]["audience"] == ["residents"]
    assert found["企业开办"]["audience"] == ["enterprises"]
    assert {"label": "服务对象", "text": "企业法人,事业法人"} in found["企业开办"]["extra"]


# ---- phones as cities print them ----------------------------------------------------------------

def test_several_numbers_give_a_phone_and_keep_the_text(content, tmp_path):
    found = from_csv(content, "事项名称,咨询电话,投诉电话\n"
                              "律师执业许可,省厅：020-86351219、020-86351130；广州：020-83100130,"
                              "省人才服务局投诉电话：020-37605405，人社系统投诉电话：12333\n"
                              "档案接收,87686011,020-87300569-825\n")
    lawyer = found["律师执业许可"]
    assert lawyer["phone"] == "020-86351219"
    assert {"label": "咨询电话", "text": "省厅：020-86351219、020-86351130；广州：020-83100130"} in lawyer["extra"]
    assert lawyer["supervision"] == [{"label": "省人才服务局投诉电话：020-37605405，人社系统投诉电话：12333"}]
    archive = found["档案接收"]
    assert archive["phone"] == "020-87686011"  # the area code most of the document's numbers carry
    assert archive["supervision"] == [{"label": "监督投诉电话", "phone": "020-87300569-825"}]


def test_every_number_in_a_text_dials():
    shown = str(with_phone_links("省厅：020-86351219；热线12345；分机 022-25869855转8001；编号 2021000123"))
    assert "[020-86351219](tel:+862086351219)" in shown and "[12345](tel:12345)" in shown
    assert "(tel:+862225869855;ext=8001)" in shown
    assert "2021000123" in shown and "tel:2021000123" not in shown  # not a number anyone can dial


# ---- notes at 2,000 rows -------------------------------------------------------------------------

def test_notes_of_one_kind_become_one_line_with_the_rows():
    notes = [f"目录.csv:{n}: 法定时限“无”看不出是多久：已原样放在“其他信息”" for n in range(2, 40)]
    notes += ["目录.csv:7: 咨询电话“号码待定”不是可识别的号码", "目录.csv: 第 C 列“备注”没有对应的栏目"]
    out = grouped(notes)
    assert out[0].startswith("目录.csv: 共 38 行（第 2、3、4、5、6、7、8、9…… 行），如第 2 行：法定时限“无”")
    assert out[1:] == notes[-2:]


def test_the_reader_is_the_same_for_every_format(tmp_path):
    # the same two rows as .csv and .xls give the same records
    csv_doc = tmp_path / "same.csv"
    csv_doc.write_text("部门,主事项,子事项,备注\n民政办,老年人优待,老年人优待证办理,年满60周岁\n", "utf-8")
    [record] = read_document(csv_doc).records
    xls_first = read_document(FIXTURES / "legacy-mulu.xls").records[0]
    assert record.fields == xls_first.fields and record.extra == xls_first.extra


def test_a_list_without_numbers_keeps_its_order(content, tmp_path):
    # 序号 is not invented; the catalogue lists the services where the document has them, not by name
    from generator.catalogue.load import load_catalogue
    from generator.sources.importer import write_files

    doc = tmp_path / "list.csv"
    names = ["赡养关系证明", "爱国卫生检查", "重点人群疫苗接种", "安置房申请", "老年人优待证办理"]
    doc.write_text("部门,事项名称\n" + "".join(f"民政办,{n}\n" for n in names), "utf-8")
    result = import_document(doc, content, office_name="测试街道便民服务中心")
    written = [yaml.safe_load(t) for p, t in result.files.items() if p.name != "office.yml"]
    assert all("number" not in s for s in written) and sorted(s["order"] for s in written) == [1, 2, 3, 4, 5]
    write_files(result.files)
    (content / "vocabulary.yml").write_text((ROOT / "content/vocabulary.yml").read_text("utf-8"), "utf-8")
    (content / "materials.yml").write_text((ROOT / "content/materials.yml").read_text("utf-8"), "utf-8")
    assert [s.name for s in load_catalogue(content).services] == names


def test_map_works_in_a_guide_too(content, tmp_path):
    doc = tmp_path / "指南.txt"
    doc.write_text("一、事项名称：老年人优待证办理\n二、办理依据：《老年人权益保障法》第五十八条。\n三、温馨提示：请带近期照片\n"
                   "四、办理时间：工作日\n", "utf-8")
    [service] = services(content, doc, mapping={"温馨提示": "conditions", "办理时间": "忽略"})
    assert service["conditions"] == ["请带近期照片"] and "hours" not in service and "extra" not in service


def test_level_and_case_type_have_a_home(content, tmp_path):
    [service] = from_csv(content, "事项名称,行使层级,办件类型\n老年人优待证办理,乡镇（街道）级,即办件\n").values()
    assert (service["level"], service["case_type"]) == ("乡镇（街道）级", "即办件") and "extra" not in service


def test_item_type_as_words_from_a_portal_code(content, tmp_path):
    found = from_csv(content, "事项名称,事项类型,链接地址\n"
                              "延缓入学审批,01,\n"
                              "学生资助政策咨询,,http://www.example.gov.cn/front/ywTransToDetail?itemCode=512C&taskType=20&deptCode=1\n"
                              "企业投资项目备案,其他行政权力,\n")
    assert found["延缓入学审批"]["item_type"] == "行政许可"
    assert {"label": "事项类型", "text": "01"} in found["延缓入学审批"]["extra"]  # the code stays as written
    assert found["学生资助政策咨询"]["item_type"] == "公共服务"
    assert found["企业投资项目备案"]["item_type"] == "其他行政权力"


def test_a_label_value_table_of_any_width_is_a_guide(content, tmp_path):
    # a city portal's guide: two label | value pairs a row, a value merged across a row, a label no
    # field names (温馨提示) kept as 其他信息
    import docx

    word = docx.Document()
    table = word.add_table(rows=0, cols=4)
    for cells in (("事项名称", "老年人优待证办理", "事项类型", "公共服务"),
                  ("实施主体", "某街道民政办", "办理时限", "即办"),
                  ("办理地点", "某街道党群服务中心一楼", "咨询电话", "022-25869855"),
                  ("申请材料", "1.身份证；\n2.近期一寸照片", "温馨提示", "可由家属代办")):
        row = table.add_row().cells
        for cell, text in zip(row, cells):
            cell.text = text
    merged = table.add_row().cells
    merged[0].text = "设定依据"
    merged[1].merge(merged[3]).text = "《中华人民共和国老年人权益保障法》第五十八条。"
    word.add_paragraph("")
    doc = tmp_path / "指南.docx"
    word.save(str(doc))
    [service] = services(content, doc)
    assert (service["name"], service["item_type"], service["implementing_body"], service["phone"]) == \
        ("老年人优待证办理", "公共服务", "某街道民政办", "022-25869855")
    assert service["materials"] == {"items": ["身份证；", "近期一寸照片"]}
    assert service["legal_basis"][0]["text"] == "《中华人民共和国老年人权益保障法》第五十八条。"
    assert service["extra"] == [{"label": "温馨提示", "text": "可由家属代办"}]


def test_an_info_table_shows_how_each_label_was_read(tmp_path):
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(tmp_path / "content"), "import",
                          str(FIXTURES / "xincun.txt"), "--dry-run"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "各列的读法：" in run.stdout and "xincun.txt “监督方式” → 监督方式（栏目名）" in run.stdout
    assert "xincun.txt “0运行要件” → 运行要件（栏目名）" in run.stdout  # a Word export's stray digit, read through


def test_a_list_of_names_alone_imports(content):
    found = from_csv(content, "事项名称\n老年人优待证办理\n高龄津贴申领\n")
    assert set(found) == {"老年人优待证办理", "高龄津贴申领"}


def test_a_power_list_with_its_own_header_words_imports(content):
    # a 权责清单 as county governments publish them: 权力名称 / 行使主体 / 职权编码 / 追责情形
    found = from_csv(content, "序号,权力类型,权力名称,职权编码,行使主体,实施依据,追责情形,办理对象\n"
                              "1,行政确认,独生子女父母光荣证发放,000107001000,某镇人民政府,《人口与计划生育法》第二十七条。,"
                              "对不符合条件的予以确认的,自然人\n")
    [service] = found.values()
    assert (service["name"], service["item_type"], service["item_code"], service["implementing_body"]) == \
        ("独生子女父母光荣证发放", "行政确认", "000107001000", "某镇人民政府")
    assert service["audience"] == ["residents"] and {"label": "追责情形", "text": "对不符合条件的予以确认的"} in service["extra"]


def test_a_conversion_that_runs_out_of_time_leaves_nothing_behind(tmp_path, monkeypatch):
    """LibreOffice's launcher starts soffice.bin as a child: on the time limit both end, and the
    conversion's temporary folder goes with them."""
    import os
    import time

    from generator.sources import office_convert

    bin_dir, scratch = tmp_path / "bin", tmp_path / "tmp"
    bin_dir.mkdir()
    scratch.mkdir()
    pids = tmp_path / "pids"
    fake = bin_dir / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nsleep 300\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setattr(office_convert, "CONVERT_SECONDS", 1)
    monkeypatch.setattr(office_convert.tempfile, "tempdir", str(scratch))
    doc = tmp_path / "旧文件.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(ValueError, match="LibreOffice 在 1 秒内没有完成转换"):
        office_convert.converted(doc, doc.read_bytes())
    time.sleep(0.2)
    for pid in map(int, pids.read_text().split()):
        state = Path(f"/proc/{pid}/stat")
        assert not state.exists() or state.read_text().split()[2] == "Z", f"process {pid} still runs"
    assert list(scratch.iterdir()) == []


# ---- files that are not what their name says ----------------------------------------------------

HTML_LIST = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table border=1><tr><td colspan=3>某街道政务服务事项目录</td></tr>
<tr><td>序号</td><td>事项名称</td><td>设定依据</td></tr>
<tr><td>1</td><td>居民身份证申领</td><td>《中华人民共和国居民身份证法》</td></tr>
<tr><td>2</td><td>老年人优待证办理</td><td>《老年人权益保障法》</td></tr></table></body></html>"""


def test_a_web_page_saved_as_xls_is_read_as_the_table_it_is(content, tmp_path):
    """Office systems export a list as an HTML table named .xls: read by what it is."""
    doc = tmp_path / "目录.xls"
    doc.write_bytes(HTML_LIST.encode("gb18030"))
    found = {s["name"]: s for s in services(content, doc)}
    assert set(found) == {"居民身份证申领", "老年人优待证办理"}
    assert found["居民身份证申领"]["legal_basis"][0]["text"] == "《中华人民共和国居民身份证法》"


def test_a_web_page_guide_saved_as_doc_is_read_as_a_guide(content, tmp_path):
    doc = tmp_path / "指南.doc"
    doc.write_text("<!DOCTYPE html><html><body><h1>临时救助办事指南</h1><p>办理事项：临时救助</p>"
                   "<p>一、办理地点：镇便民服务中心</p><p>二、咨询电话：0359-6523418</p></body></html>", "utf-8")
    [service] = services(content, doc)
    assert service["name"] == "临时救助" and service["address"] == "镇便民服务中心"


def test_a_web_page_with_nothing_to_import_says_what_it_is(tmp_path):
    doc = tmp_path / "清单.xls"
    doc.write_text("<html><body><p>暂无数据</p></body></html>", "utf-8")
    with pytest.raises(ValueError, match="这是一个网页文件（HTML，不是真正的 Excel / Word 文件）"):
        read_document(doc)


def test_a_truncated_xls_is_called_incomplete(tmp_path):
    doc = tmp_path / "目录.xls"
    doc.write_bytes((FIXTURES / "legacy-mulu.xls").read_bytes()[:3000])
    with pytest.raises(ValueError, match="文件不完整（可能没有下载或复制完，或已损坏）"):
        read_document(doc)


def test_an_rtf_saved_as_doc_is_converted_by_libreoffice(content, tmp_path):
    from generator.sources.office_convert import soffice

    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (scripts/install-system-deps.sh)")
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = tmp_path / "指南.docx"
    word = __import__("docx").Document()
    for line in ("临时救助办事指南", "办理事项：临时救助", "一、办理地点：镇便民服务中心", "二、咨询电话：0359-6523418"):
        word.add_paragraph(line)
    word.save(str(docx))
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "rtf", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True,
                   timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    doc = tmp_path / "指南.doc"
    (tmp_path / "指南.rtf").rename(doc)
    assert doc.read_bytes().startswith(b"{\\rtf")
    [service] = services(content, doc)
    assert service["name"] == "临时救助" and service["address"] == "镇便民服务中心"


def test_no_header_says_which_row_came_closest_and_what_it_lacks(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["某镇服务清单"], ["序号", "内容", "设定依据"], ["1", "就业登记", "《就业服务与就业管理规定》"]):
        sheet.append(row)
    doc = tmp_path / "清单.xlsx"
    book.save(doc)
    with pytest.raises(ValueError) as refused:
        read_document(doc)
    message = str(refused.value)
    assert "没有找到表头" in message and "最像表头的是第 2 行" in message
    assert "“序号”（序号）、“设定依据”（法定依据）" in message and "还缺事项名称" in message
    assert "表头分成上下两行" in message
