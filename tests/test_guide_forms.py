"""Guides as county and township offices write them import whole: every label form, tables inside a
guide, several services in one document, policy sheets and Q&A pages. Nothing is refused for its
shape; what the reader could only guess, or could not place, is kept and listed for review (待核对),
never shown to residents. The documents are written here, in the shapes real offices use (the real
ones are in ../shared/real-docs, tested by test_real_documents.py)."""
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from generator.sources.guides import line_runs
from generator.sources.importer import import_document


def services(result) -> list[dict]:
    return [yaml.safe_load(t) for p, t in result.files.items() if p.name != "office.yml"]


def office(result) -> dict:
    return next(yaml.safe_load(t) for p, t in result.files.items() if p.name == "office.yml")


def text_doc(tmp_path, text: str, name="指南.txt"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def word_doc(tmp_path, blocks: list, name="指南.docx"):
    """A .docx of paragraphs (str) and tables (lists of rows; a cell of None is merged with the
    cell to its left)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                if cell is None:
                    table.cell(r, c - 1).merge(table.cell(r, c))
                else:
                    table.cell(r, c).text = cell
    path = tmp_path / name
    document.save(str(path))
    return path


@pytest.mark.parametrize("line, expected", [
    ("一、办理地点", [("address", "办理地点", "")]),
    ("一、办理地点:镇便民服务中心一楼", [("address", "办理地点", "镇便民服务中心一楼")]),
    ("1、办理时间：工作日 9:00-17:00", [("hours", "办理时间", "工作日 9:00-17:00")]),
    ("(一)受理条件:本镇户籍居民", [("conditions", "受理条件", "本镇户籍居民")]),
    ("（二）受理条件。本镇户籍居民。", [("conditions", "受理条件", "本镇户籍居民。")]),
    ("【办理时限】即办", [("time_limit", "办理时限", "即办")]),
    ("实施机构:某县民政局 设定依据:《社会救助暂行办法》第十一条 咨询电话:0737-7226787",
     [("implementing_body", "实施机构", "某县民政局"), ("legal_basis", "设定依据", "《社会救助暂行办法》第十一条"),
      ("phone", "咨询电话", "0737-7226787")]),
    ("办理部门:镇民政办 电话:0553-8811272", [("implementing_body", "办理部门", "镇民政办"), ("phone", "电话", "0553-8811272")]),
    ("办理时间和地点:工作日，镇政府一楼", [("hours+address", "办理时间和地点", "工作日，镇政府一楼")]),
    ("3、救助供养标准: 965元/月", [(None, "救助供养标准", "965元/月")]),
    ("1. 身份证原件", []),                      # a list item, not a label
    ("(一)无劳动能力;", []),                     # an item of a list
    ("(一)凡困难群众提出申请,经核实后予以救助。", []),  # a sentence
    ("监督投诉方式：电话:023—65751638", [("supervision", "监督投诉方式", "电话:023—65751638")]),
])
def test_every_label_form(line, expected):
    assert [(r.key, r.label, r.value) for r in line_runs(line)] == expected


def test_a_township_guide_with_numbered_labels_and_an_unknown_one(tmp_path):
    doc = word_doc(tmp_path, [
        "芜湖市湾沚区特困人员救助供养办事指南",
        "1、办理事项:特困人员救助供养",
        "2、办理条件:同时具备以下条件的,应当依法纳入救助供养范围:",
        "(一)无劳动能力;",
        "(二)无生活来源;",
        "3、救助供养标准: 965元/月",
        "4、申请材料:本人有效身份证明,承诺书。",
        "5、办理时间:工作日8:00-12:00;14:30-17:30",
        "办理地点:某区行政四号楼三楼区民政局",
        "6、联系方式:0553-8811272",
    ])
    r = import_document(doc, tmp_path / "content", city="芜湖市")
    [s] = services(r)
    assert s["name"] == "特困人员救助供养" and s["source_title"] == "芜湖市湾沚区特困人员救助供养办事指南"
    assert s["conditions"] == ["同时具备以下条件的,应当依法纳入救助供养范围:", "(一)无劳动能力;", "(二)无生活来源;"]
    assert s["hours"] == "工作日8:00-12:00;14:30-17:30" and s["address"] == "某区行政四号楼三楼区民政局"
    assert s["phone"] == "0553-8811272"
    assert {"label": "救助供养标准", "text": "965元/月"} in s["extra"]
    # the unknown label and the label read by its key word are listed for the editor, not refused
    assert any("救助供养标准" in line for line in s["review"]) and any("联系方式" in line for line in s["review"])
    assert office(r)["name"] == "芜湖市湾沚区" and r.office_id == "wuhushiwanzhiqu"  # from the title, not the file


def test_a_policy_sheet(tmp_path):
    doc = text_doc(tmp_path, "2023年城乡低保办事指南\n(一)政策依据:《社会救助暂行办法》第九条\n"
                             "(二)准入条件:家庭人均收入低于当地低保标准\n(三)审批程序:申请、审核、审批\n"
                             "(四)保障标准:每人每月 800 元\n")
    [s] = services(import_document(doc, tmp_path / "content", office_name="某镇人民政府"))
    assert s["name"] == "城乡低保"  # the year and the word 指南 are no part of the name
    assert s["legal_basis"][0]["text"] == "《社会救助暂行办法》第九条"
    assert s["conditions"] == ["家庭人均收入低于当地低保标准"] and s["process"]["steps"] == ["申请、审核、审批"]
    assert s["extra"] == [{"label": "保障标准", "text": "每人每月 800 元"}]


def test_a_qa_page(tmp_path):
    doc = text_doc(tmp_path, "社会保障卡补办指南\n事项名称：社会保障卡补办\n常见问题\n1、社保卡丢了怎么办？\n"
                             "答：先挂失，再到窗口补办。\n2、补卡要多久？\n当场办结。\n")
    [s] = services(import_document(doc, tmp_path / "content", office_name="某镇人民政府"))
    assert s["faq"] == [{"question": "社保卡丢了怎么办？", "answer": "先挂失，再到窗口补办。"},
                        {"question": "补卡要多久？", "answer": "当场办结。"}]


def test_sub_labels_and_a_compound_label(tmp_path):
    doc = text_doc(tmp_path, "居住证明开具指南\n一、事项名称：居住证明\n二、办理地点和时间\n地点：村委会办公室\n"
                             "时间：工作日上午\n三、办理时间和地点：每周一，社区服务站\n")
    [s] = services(import_document(doc, tmp_path / "content", office_name="某村村民委员会"))
    assert s["address"].startswith("村委会办公室") and s["hours"].startswith("工作日上午")
    # 办理时间和地点 with one text: both fields carry it, and the editor is asked to check
    assert "每周一，社区服务站" in s["address"] and "每周一，社区服务站" in s["hours"]
    assert any("办理时间和地点" in line for line in s["review"])


def test_tables_inside_a_guide(tmp_path):
    doc = word_doc(tmp_path, [
        "生育登记服务",
        "一、基本信息",
        [["事项名称", "生育服务证登记"], ["办理时间", "工作日"], ["是否收费", ""], ["通办范围", "全市"],
         ["监督投诉方式：", "电话:023—65751638"]],
        [["所属领域", "卫生健康", None, None], ["一级事项", "生育登记", "二级事项", "办事指南"]],
        "二、申请材料",
        [["序号", "材料名称", "必要性", "规格份数", "材料来源", "审查要点"],
         ["1", "结婚证", "必要", "1", "政府部门核发", ""],
         ["2", "户口簿", "非必要", "1", "申请人提供", "有效期内"]],
        "三、收费标准一览表",
        [["项目", "金额"], ["工本费", "0 元"]],
    ])
    r = import_document(doc, tmp_path / "content", office_name="某镇人民政府")
    [s] = services(r)
    assert s["name"] == "生育服务证登记" and s["hours"] == "工作日" and "fees" not in s  # an empty value says nothing
    assert s["supervision"] == [{"label": "电话", "phone": "023—65751638"}] or \
        s["supervision"][0]["phone"].endswith("65751638")
    assert {"label": "通办范围", "text": "全市"} in s["extra"]
    # a table of labels the registry does not know is kept whole; a cell spanning three columns once
    assert {"label": "表格", "table": [["所属领域", "卫生健康", "", ""], ["一级事项", "生育登记", "二级事项", "办事指南"]]} \
        in s["extra"]
    assert s["materials"]["items"] == [
        {"name": "结婚证", "necessity": "必要",
         "details": [{"label": "必要性", "text": "必要"}, {"label": "规格份数", "text": "1"},
                     {"label": "材料来源", "text": "政府部门核发"}]},
        {"name": "户口簿", "necessity": "非必要",
         "details": [{"label": "必要性", "text": "非必要"}, {"label": "规格份数", "text": "1"},
                     {"label": "材料来源", "text": "申请人提供"}, {"label": "审查要点", "text": "有效期内"}]}]
    # any other table is kept whole, under its caption, and shown as a table
    assert {"label": "三、收费标准一览表", "table": [["项目", "金额"], ["工本费", "0 元"]]} in s["extra"]
    assert any("表格" in line for line in s["review"])


def test_several_services_each_with_its_materials_table(tmp_path):
    blocks = ["金寨县燕子河镇为民服务项目服务指南"]
    for n, name in enumerate(["社会保障卡注销", "社会保障卡应用状态查询"], 1):
        blocks += [f"{n}、{name}", f"事项名称:{name}", "受理条件:参保人员", "承诺时限:1工作日",
                   f"{name}事项受理材料清单",
                   [["序号", "材料名称", "必要性", "规格份数", "材料来源", "审查要点"],
                    ["1", "社会保障卡", "必要", "1", "申请人提供", ""]]]
    r = import_document(word_doc(tmp_path, blocks), tmp_path / "content")
    found = sorted(services(r), key=lambda s: s["order"])
    assert [s["name"] for s in found] == ["社会保障卡注销", "社会保障卡应用状态查询"]
    assert all(s["materials"]["items"][0]["name"] == "社会保障卡" for s in found)
    assert all("title" not in s or s["title"] == s["name"] for s in found)  # the document's title is not theirs
    assert office(r)["name"] == "金寨县燕子河镇" and office(r)["source_title"] == "金寨县燕子河镇为民服务项目服务指南"


def test_text_without_a_label_is_kept_and_awaits_review(tmp_path):
    doc = text_doc(tmp_path, "临时救助办事指南\n详细信息见下。\n办理事项:临时救助\n一、办理流程:\n"
                             "(一)个人提出申请,经核实后予以救助。\n(二)情况紧急的,先行救助。\n"
                             "二、办理电话:0359-6523418\n另附流程图一张。\n")
    r = import_document(doc, tmp_path / "content", office_name="某县民政局")
    [s] = services(r)
    assert s["extra"][0] == {"label": "正文", "text": "详细信息见下。"}
    assert s["process"]["steps"] == ["个人提出申请,经核实后予以救助。", "情况紧急的,先行救助。"]
    assert s["phone"].startswith("0359-6523418")  # 办理电话: a phone by its key word
    assert "另附流程图一张。" in yaml.safe_dump(s, allow_unicode=True)
    assert any("详细信息见下" in line for line in s["review"])


def test_review_is_for_editors_only(tmp_path):
    """The import prints what awaits review; publish-check warns while any remains; the report
    lists it; no page a resident reads and no open data shows it. The data downloads carry what the
    guide gave (its tables, its materials' columns) and stay valid against their published schema."""
    import json
    import shutil

    from jsonschema import Draft202012Validator

    from conftest import build_site
    from generator import exports

    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv*", ".git", "site", ".cache", "node_modules"))
    content = project / "content"
    doc = word_doc(tmp_path, ["临时救助办事指南", "办理事项:临时救助", "一、办理流程:", "提出申请",
                              "二、救助标准:按实际困难确定",
                              [["序号", "材料名称", "规格份数"], ["1", "身份证", "1份"]],
                              "三、救助金额一览表", [["类别", "金额"], ["一般", "500 元"]]])
    cli = [sys.executable, "-m", "generator", "--content", str(content)]
    run = subprocess.run(cli + ["import", str(doc), "--office-name", "某县民政局", "--office-id", "mouxian"],
                         capture_output=True, text=True, cwd=project)
    assert run.returncode == 0, run.stderr
    assert "待核对 2 处" in run.stdout and "栏目“救助标准”不是已知栏目" in run.stdout
    report = subprocess.run(cli + ["report"], capture_output=True, text=True, cwd=project)
    assert "待核对 2 处：临时救助" in report.stdout and "救助标准" in report.stdout
    check = subprocess.run(cli + ["publish-check"], capture_output=True, text=True, cwd=project)
    assert "1 个事项还有导入时待核对的内容" in check.stderr
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.stderr[-2000:]
    # every page a resident reads (the editor's guide explains the review list, with an example)
    pages = "".join(p.read_text("utf-8") for p in (project / "site").rglob("*.html") if "editor" not in p.parts)
    assert "按实际困难确定" in pages and "规格份数：1份" in pages and "500 元" in pages
    assert "不是已知栏目" not in pages and "待核对" not in pages
    document = json.loads((project / "site" / exports.CATALOGUE_JSON).read_text("utf-8"))
    schema = json.loads((project / "site" / exports.CATALOGUE_SCHEMA).read_text("utf-8"))
    assert not [e.message for e in Draft202012Validator(schema).iter_errors(document)]
    [service] = [s for s in document["services"] if s["office"] == "mouxian"]
    assert "review" not in service and {"label": "规格份数", "text": "1份"} in service["materials"]["items"][0]["details"]
    assert {"label": "三、救助金额一览表", "table": [["类别", "金额"], ["一般", "500 元"]]} in service["extra"]


def test_a_list_under_a_title_row(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [["某县某镇村级政务服务事项通用目录(2023年版)"], ["共3主项(4办理项)。"],
                ["序号", "主项名称", "子项名称", "事项类型", "行使层级", "设定依据", "备注"],
                ["一、法定村级受理、办结事项(2项)"],
                ["1", "法律援助咨询服务", None, "公共服务", "2,3", "《中华人民共和国法律援助法》第二十二条", None],
                ["2", "社会保险登记", "灵活就业人员参保登记", "公共服务", "4", "1.《中华人民共和国社会保险法》第二十条", None],
                [None, None, "城乡居民参保登记", "公共服务", "县级", "《中华人民共和国社会保险法》第五十八条", None],
                ["二、向村级延伸受理环节事项(1项)"],
                ["1", "残疾人证办理", None, "公共服务", "县级", "《残疾人保障法》", "村级代办"]]:
        sheet.append(row)
    for cells in ("A1:G1", "A2:G2", "A4:G4", "A6:A7", "B6:B7", "A8:G8"):
        sheet.merge_cells(cells)
    path = tmp_path / "目录.xlsx"
    book.save(path)
    r = import_document(path, tmp_path / "content")
    found = {s["name"]: s for s in services(r)}
    assert len(found) == 4 and "序号" not in found and not any("共3主项" in n for n in found)
    assert office(r)["name"] == "某县某镇" and office(r)["source_title"] == "某县某镇村级政务服务事项通用目录(2023年版)"
    assert any("共3主项(4办理项)。" in note for note in r.report)
    first, second = found["社会保险登记（灵活就业人员参保登记）"], found["社会保险登记（城乡居民参保登记）"]
    assert first["number"] == second["number"] == "2" and first["order"] < second["order"]  # as the office wrote it
    assert first["legal_basis"][0]["text"] == "1.《中华人民共和国社会保险法》第二十条"  # the cell's own "1." stays
    assert first["group"] == "一、法定村级受理、办结事项(2项)"
    assert found["残疾人证办理"]["group"] == "二、向村级延伸受理环节事项(1项)"
    legal_aid = found["法律援助咨询服务"]
    assert legal_aid["level"] == "省级、市级" and {"label": "实施层级", "text": "2,3"} in legal_aid["extra"]
    assert first["level"] == "县级" and {"label": "实施层级", "text": "4"} in first["extra"]


def test_a_two_row_header_under_a_title(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [["某县某镇人民政府权力清单和责任清单目录"],
                ["序号", "权力类型", "权力名称", "权力依据", "职责边界划分", None, "承办机构"],
                [None, None, None, None, "县级部门", "乡镇(街道)", None],
                ["1", "行政许可", "落户审批", "《户口登记条例》第三条", "业务指导", "受理、初审", "镇派出所"]]:
        sheet.append(row)
    for cells in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3"):
        sheet.merge_cells(cells)
    path = tmp_path / "权责清单.xlsx"
    book.save(path)
    r = import_document(path, tmp_path / "content")
    [s] = services(r)  # the header's second row is no service
    assert s["name"] == "落户审批" and s["implementing_body"] == "镇派出所"
    assert {"label": "职责边界划分·县级部门", "text": "业务指导"} in s["extra"]
    assert {"label": "职责边界划分·乡镇(街道)", "text": "受理、初审"} in s["extra"]
    assert office(r)["name"] == "某县某镇人民政府"


def test_a_document_with_no_label_and_no_guide_title_is_still_refused_with_a_reason(tmp_path):
    doc = text_doc(tmp_path, "今天天气很好。\n我们去公园。\n")
    with pytest.raises(ValueError, match="没有找到任何事项"):
        import_document(doc, tmp_path / "content", office_name="某镇")


def test_an_id_is_never_a_phone_number_or_a_sentence(tmp_path):
    doc = text_doc(tmp_path, "事项名称：居住证明开具，需本人到场办理\n实施机构：0553-8811272\n"
                             "办理地点：镇便民服务中心\n")
    r = import_document(doc, tmp_path / "content", city="芜湖市")
    [path] = [p for p in r.files if p.name != "office.yml"]
    assert path.stem == "juzhu-zhengming-kaiju"  # the name up to its first comma
    assert r.office_id == "wuhushi" and office(r)["name"] == "芜湖市"  # not the phone the 实施机构 cell holds


def test_a_guide_without_any_name_says_how_to_give_one(tmp_path):
    doc = text_doc(tmp_path, "咨询电话：0553-8811272\n办理地点：镇便民服务中心\n")
    r = import_document(doc, tmp_path / "content", city="芜湖市")
    assert r.unplaced and "事项名称：" in r.unplaced[0]


def test_a_second_label_of_one_field_keeps_its_own_text(tmp_path):
    """四、实施机关 and 六、承办机构 both name the implementing body: the second is kept under its own
    name, never glued onto the first."""
    doc = text_doc(tmp_path, "一、事项名称：企业退休人员档案关系接收\n四、实施机关：某区某街道办事处\n"
                             "六、承办机构：某区某街道办事处人社中心\n七、承诺时限：1个工作日内\n")
    r = import_document(doc, tmp_path / "content", city="济南市")
    [s] = services(r)
    assert s["implementing_body"] == "某区某街道办事处"
    assert {"label": "承办机构", "text": "某区某街道办事处人社中心"} in s["extra"]
    assert any("“承办机构”和“实施机关”都是实施机构" in line for line in s["review"])
    assert office(r)["name"] == "某区某街道办事处"
