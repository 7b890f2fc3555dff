"""办事指南 documents — labelled sections, one service or several — import into the same elements,
including the guide elements (时限, 收费, 地点, 次数); the real 信息表 items re-laid-out as guides
import exactly as the 信息表 documents do."""

import pytest
import yaml

from conftest import FIXTURES
from generator.sources.detect import read_document
from generator.sources.importer import import_document
from test_table_import import reference

CN = "一二三四五六七八九十"
LABELS = {"number": "序号", "name": "事项名称", "legal_basis": "设定依据", "implementing_body": "实施主体",
          "boundary": "职责边界", "process": "办理流程", "materials": "申请材料", "responsibility": "责任事项",
          "supervision": "监督投诉"}


def services(result) -> dict:
    return {p.name: yaml.safe_load(t) for p, t in result.files.items() if p.name != "office.yml"}


def test_a_guide_with_every_kind_of_label(tmp_path):
    r = import_document(FIXTURES / "guide-shiyejin.txt", tmp_path / "content", office_id="mou", city="天津市")
    assert not r.unplaced
    [s] = services(r).values()
    # a guide has no 序号 and none is invented: its place in the document orders it
    assert s["name"] == s["title"] == "失业保险金申领" and "number" not in s and s["order"] == 1
    assert s["item_type"] == "行政给付"
    assert s["conditions"] == ["非因本人意愿中断就业", "已办理失业登记"]
    assert s["materials"] == {"items": ["身份证或社会保障卡", "银行账号"]}
    assert s["process"] == {"steps": ["提出申请", "窗口受理，当场告知结果"]}
    assert (s["time_limit"], s["fees"], s["visits"]) == ("即办", "不收费", 1)
    assert s["address"] == "滨海新区某街道党群服务中心一楼" and s["phone"] == "022-12345678"
    assert s["supervision"] == [{"label": "监督电话", "phone": "022-87654321"}]
    assert not any("序号" in line for line in r.report)


def guide_text(records) -> str:
    lines = []
    for record in records:
        lines.append(f"{record.heading}办事指南")
        for i, (key, label) in enumerate(LABELS.items()):
            lines += [f"{CN[i]}、{label}", record.fields.get(key, "")]
    return "\n".join(lines)


@pytest.mark.parametrize("name, office", [("xincun.txt", "xincun"), ("yangjiabo.txt", "yangjiabo")])
def test_real_items_as_guides_import_like_the_documents(tmp_path_factory, name, office):
    content, expected = reference(tmp_path_factory, name, office)
    doc = tmp_path_factory.mktemp("g") / "guides.txt"
    doc.write_text(guide_text(read_document(FIXTURES / name).records), "utf-8")
    r = import_document(doc, content, office_id=office, city="天津市")
    assert not r.unplaced, r.unplaced[:5]
    assert services(r) == expected


def test_a_guide_in_word(tmp_path):
    import docx

    document = docx.Document()
    for line in (FIXTURES / "guide-shiyejin.txt").read_text("utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "指南.docx"
    document.save(str(path))
    r = import_document(path, tmp_path / "content", office_id="mou", city="天津市")
    assert not r.unplaced
    [s] = services(r).values()
    assert s["time_limit"] == "即办" and s["conditions"] == ["非因本人意愿中断就业", "已办理失业登记"]


def test_two_column_table_with_guide_labels(tmp_path):
    """A 信息表-style label | value table that carries guide elements too."""
    import docx

    document = docx.Document()
    document.add_paragraph("（就业登记）信息表")
    table = document.add_table(rows=0, cols=2)
    for label, value in [("序号", "2-2"), ("名称", "就业登记"), ("法定依据", "《就业服务与就业管理规定》"),
                         ("实施机构", "某街道党群服务中心"), ("运行流程", "1.登记"), ("运行要件", "身份证"),
                         ("承诺时限", "3个工作日"), ("法定时限", "15个工作日"), ("收费标准", "免费"),
                         ("网上办理", "天津网上办事大厅 https://zwfw.tj.gov.cn/")]:
        row = table.add_row().cells
        row[0].text, row[1].text = label, value
    path = tmp_path / "信息表.docx"
    document.save(str(path))
    r = import_document(path, tmp_path / "content", office_id="mou")
    assert not r.unplaced
    [s] = services(r).values()
    assert s["time_limit"] == {"promised": "3个工作日", "legal": "15个工作日"}
    assert s["fees"] == "不收费" and any("按“不收费”导入" in line for line in r.report)
    assert s["online"] == {"platform": "天津网上办事大厅", "url": "https://zwfw.tj.gov.cn/"}


def test_compound_labels_and_short_lines(tmp_path):
    """"一、事项名称、内容及用途" is the name (its first sentence) with the whole text kept; a heading that
    names several fields ("四、办理（申请）条件、材料及流程") leaves them to its sub-sections; two short
    lines are two materials, not one wrapped line."""
    doc = tmp_path / "指南.txt"
    doc.write_text("一、事项名称、内容及用途\n居住证明。用于办理入学等事项。\n二、开具单位\n村（社区）\n"
                   "三、办理（申请）条件、材料及流程\n（一）办理（申请）条件\n本村（社区）居民\n"
                   "（二）办理（申请）材料\n当事人身份证\n当事人户口本\n（三）办理（申请）流程\n申请。受理。出具。\n"
                   "四、办理时限\n5个工作日\n", "utf-8")
    r = import_document(doc, tmp_path / "content", office_id="mou")
    assert not r.unplaced, r.unplaced
    [s] = services(r).values()
    assert s["name"] == s["title"] == "居住证明" and s["implementing_body"] == "村（社区）"
    assert s["extra"][0] == {"label": "事项名称、内容及用途", "text": "居住证明。用于办理入学等事项。"}
    assert s["conditions"] == ["本村（社区）居民"] and s["materials"] == {"items": ["当事人身份证", "当事人户口本"]}
    assert s["time_limit"] == "5个工作日" and "process" in s
