"""The importer on the quirks the real documents contain."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalogue.phones import tel_uri

from docfixtures import info_table_docx
import yaml

from conftest import FIXTURES
from generator.sources import text as T
from generator.catalogue.citations import normalise_doc_number, parse_citations
from generator.sources.detect import read_document
from generator.catalogue.ids import ID_PATTERN
from generator.sources.importer import ImportConflict, import_document, write_files


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Both documents imported into an empty content folder that has the real topics file."""
    content = tmp_path_factory.mktemp("c") / "content"
    content.mkdir()
    (content / "topics.yml").write_text((Path(__file__).parent.parent / "content/topics.yml").read_text("utf-8"), "utf-8")
    result = {}
    for office, name in [("xincun", "xincun.txt"), ("yangjiabo", "yangjiabo.txt")]:
        r = import_document(FIXTURES / name, content, office_id=office, city="天津市", district="滨海新区")
        result[office] = {yaml.safe_load(t)["number"]: yaml.safe_load(t) for p, t in r.files.items()
                          if p.name != "office.yml"}
        result[office + "/office"] = yaml.safe_load(r.files[content / "offices" / office / "office.yml"])
        result[office + "/report"] = r.report
    return result


def test_counts_and_ids(imported):
    assert len(imported["xincun"]) == 18 and len(imported["yangjiabo"]) == 30
    import re
    ids = [s["id"] for s in imported["yangjiabo"].values()]
    assert len(set(ids)) == 30 and all(re.match(ID_PATTERN, i) for i in ids)
    assert imported["xincun"]["2.4"]["id"] == "shiye-baoxianjin-shenling"


def test_bookmark_noise_is_gone(imported):
    groups = imported["xincun"]["2.6"]["materials"]["groups"]
    assert groups[3]["name"] == "大学生创业房租补贴"
    assert not any("bookmark" in yaml.safe_dump(s, allow_unicode=True) for s in imported["yangjiabo"].values())
    assert imported["yangjiabo"]["16"]["title"] == "劳务派遣和人力资源公司质量评估"


def test_zero_prefixed_and_spaced_labels(imported):
    assert imported["xincun"]["1.4"]["materials"]["items"] == ["户口本原件及首页、本人页复印件", "身份证原件及复印件"]
    assert imported["yangjiabo"]["1-1"]["name"] == "就业困难人员认定"  # label "名  称"


def test_wrapped_lines_are_joined(imported):
    steps = imported["yangjiabo"]["1-2"]["process"]["steps"]
    assert steps[0] == "申请：符合条件的企业每月25日前，向经营地所在区人社局提出申请，同时提供相关材料；"
    assert steps[3].startswith("拨付：公示无异议的，区人社局于次月初10个工作日内")


def test_several_items_on_one_line(imported):
    assert imported["yangjiabo"]["11"]["materials"]["items"] == ["市教委推介的名单", "身份证明", "二期网查询"]
    assert imported["xincun"]["1.6"]["materials"]["items"][:3] == ["认定表；", "身份证复印件", "户口本首页和本人页复印件"]
    first_group = imported["xincun"]["1.2"]["materials"]["groups"][0]
    assert first_group["name"] == "急诊留观转住院需提供以下资料" and len(first_group["items"]) == 3


def test_unnumbered_item_after_numbered(imported):
    assert imported["yangjiabo"]["4-2"]["materials"]["items"] == ["劳动人事争议仲裁申请书；", "身份证明材料。"]


def test_decimal_looking_item_starts(imported):
    assert imported["xincun"]["2.7"]["materials"]["items"] == ["身份证原件", "2寸彩色照片1张"]
    assert imported["xincun"]["2.2"]["materials"]["items"][0] == "1寸彩色照片2张"


@pytest.mark.parametrize("text,items", [
    ("1.甲；2.乙；3.丙", ["甲；", "乙；", "丙"]),
    ("1、居民户口本；\n2、居民身份证", ["居民户口本；", "居民身份证"]),
    ("（1）本人身份证；（2）户口页；（3）照片", ["本人身份证；", "户口页；", "照片"]),
    ("1）报告 2）申请 3）情况说明", ["报告", "申请", "情况说明"]),
    ("①身份证②户口本", ["身份证", "户口本"]),
    ("1）住院：1.收据 2.病案首页\n2）门诊：1.收据 2.处方", ["住院：1.收据 2.病案首页", "门诊：1.收据 2.处方"]),
    ("7）离婚协议 8.农行卡复印件", ["离婚协议", "农行卡复印件"]),
])
def test_numbering_styles(text, items):
    """Items split at their numbers keep their own punctuation: the office's text, as written."""
    assert T.split_numbered(text)[1] == items


def test_chinese_numbered_groups():
    blocks = T.split_blocks("一、急诊：\n1.收据；2.明细\n二、新生儿住院垫付：\n1.说明\n（三）门特\n1.处方")
    assert [(b.name, b.items) for b in blocks] == [("急诊", ["收据；", "明细"]), ("新生儿住院垫付", ["说明"]),
                                                   ("门特", ["处方"])]


def test_variants(imported):
    assert [v["name"] for v in imported["yangjiabo"]["3-1"]["process"]["variants"]] == ["首次申领", "按月申领"]
    assert [v["name"] for v in imported["yangjiabo"]["2-1"]["process"]["variants"]] == ["现场", "线上"]
    assert imported["yangjiabo"]["2-1"]["process"]["variants"][1]["steps"][0].startswith("登录")
    six = imported["xincun"]["2.6"]
    names = [v["name"] for v in six["process"]["variants"]]
    assert len(names) == 6 and names == [g["name"] for g in six["materials"]["groups"]]
    assert [g["name"] for g in imported["yangjiabo"]["3-1"]["materials"]["groups"]] == ["首次申领", "按月申领"]


def test_honest_materials(imported):
    assert imported["yangjiabo"]["7-1"]["materials"] == {"kind": "none", "text": "无"}
    assert imported["yangjiabo"]["16"]["materials"] == {"kind": "see_process", "text": "见流程"}
    assert imported["yangjiabo"]["9"]["materials"] == {"kind": "varies", "text": "根据不同业务所需材料不同"}


def test_title_and_name_both_kept(imported):
    item = imported["yangjiabo"]["9"]
    assert item["title"] == "“滨海通办”" and item["name"] == "落实“滨海通办”工作,实现应办尽办"
    assert imported["yangjiabo"]["6-3"]["title"] != imported["yangjiabo"]["6-3"]["name"]


def test_implementing_body_can_differ_from_office(imported):
    assert imported["yangjiabo"]["1-2"]["implementing_body"] == "区人社局"
    assert imported["yangjiabo/office"]["name"] == "杨家泊镇党群服务中心"
    assert imported["yangjiabo/office"]["kind"] == "镇"


def test_responsibility_chain_or_text(imported):
    assert imported["xincun"]["1.8"]["responsibility"] == ["受理", "录入", "上报", "审核", "下发"]
    assert imported["yangjiabo"]["1-1"]["responsibility"] == "对就业困难人员进行认定"


def test_supervision_phones(imported):
    # the number as the document prints it (a full-width dash): it dials as it is
    assert imported["xincun"]["1.1"]["supervision"] == [{"label": "监督电话", "phone": "022－25869855"}]
    assert tel_uri("022－25869855") == "tel:+862225869855"
    assert imported["yangjiabo"]["1-1"]["supervision"] == [{"label": "杨家泊镇纪检办公室", "phone": "022-67259291"}]


def test_doc_numbers_normalised():
    spellings = ["津人社办发﹝2020﹞91号", "津人社办发〔2020〕91号", "津人社办发[2020]91号", "津人社办发【2020】91号",
                 "津人社办发{2020}91号", "津人社办发（2020）91号", "津人社办发〔２０２０〕９１号"]
    assert {normalise_doc_number(s) for s in spellings} == {"津人社办发〔2020〕91号"}
    assert normalise_doc_number("《…》（津政发）【2009】21号") == "津政发〔2009〕21号"


def test_citations_parsed():
    cites = parse_citations("1.《天津市基本医疗保险规定》（2012年市人民政府令第49号）第二十七条 …第三十一条 …")
    assert cites[0].title == "天津市基本医疗保险规定" and cites[0].articles == ("第二十七条", "第三十一条")
    cites = parse_citations("市人社局关于做好就业困难人员灵活就业社会保险补贴有关工作的通知（津人社规字〔2020〕89号）")
    assert cites[0].doc_number == "津人社规字〔2020〕89号" and cites[0].title.endswith("有关工作的通知")
    assert parse_citations("中华人民共和国劳动争议调解仲裁法")[0].title == "中华人民共和国劳动争议调解仲裁法"
    assert parse_citations("临时性文件") == []


def _write_docx(path: Path, source: Path):
    """A .docx in the usual layout (heading paragraph, then a two-column label | value table)."""
    labels = {"number": "序号", "name": "事项名称", "legal_basis": "设定依据", "implementing_body": "实施主体",
              "boundary": "职责边界", "process": "运行流程", "materials": "运行要件", "responsibility": "责任事项",
              "supervision": "监督方式"}
    info_table_docx(path, read_document(source).records, labels)


def test_docx_with_synonym_labels_matches_text_export(tmp_path, imported):
    path = tmp_path / "yangjiabo.docx"
    _write_docx(path, FIXTURES / "yangjiabo.txt")
    content = tmp_path / "content"
    content.mkdir()
    (content / "topics.yml").write_text((Path(__file__).parent.parent / "content/topics.yml").read_text("utf-8"), "utf-8")
    r = import_document(path, content, office_id="yangjiabo", city="天津市")
    from_docx = {yaml.safe_load(t)["number"]: yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"}
    assert from_docx == imported["yangjiabo"]


def test_unplaced_text_is_reported(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("前言文字\n（测试事项）信息表\n\t序号\n\t1\n\t名称\n\t测试事项\n\t备注\n\t这一栏不认识\n"
                   "\t运行要件\n\t1.身份证\n", encoding="utf-8")
    content = tmp_path / "content"
    r = import_document(doc, content, office_id="test")
    assert r.unplaced == ["x.txt:1: 在第一个事项之前的文字：前言文字"]
    # a label the 信息表 does not know is no longer glued or refused: kept under its own name
    [record] = read_document(doc).records
    assert record.extra == [("备注", "这一栏不认识")] and record.fields["materials"] == "1.身份证"
    assert any("栏目“备注”不在信息表的栏目中" in note for note in record.notes)



def test_never_overwrites_edited_files(tmp_path):
    content = tmp_path / "content"
    r = import_document(FIXTURES / "yangjiabo.txt", content, office_id="yangjiabo")
    write_files(r.files)
    target = next(p for p in r.files if p.name != "office.yml")
    target.write_text(target.read_text("utf-8") + "aliases: [手工添加]\n", "utf-8")
    before = {p: p.read_text("utf-8") for p in r.files}
    with pytest.raises(ImportConflict):
        write_files(r.files)
    assert before == {p: p.read_text("utf-8") for p in r.files}  # nothing half-written
    write_files(r.files, force=True)
    assert "手工添加" not in target.read_text("utf-8")


def test_cli_import_refuses_and_explains(tmp_path):
    content = tmp_path / "content"
    cmd = [sys.executable, "-m", "generator", "--content", str(content), "import", str(FIXTURES / "yangjiabo.txt"),
           "--office-id", "yangjiabo"]
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    # what the document does not carry (office hours, aliases) is kept on a re-import, silently
    office = content / "offices/yangjiabo/office.yml"
    office.write_text(office.read_text("utf-8").replace("hours: ''", "hours: 周一至周五"), "utf-8")
    service = content / "offices/yangjiabo/shiye-baoxianjin-shenling.yml"
    service.write_text(service.read_text("utf-8") + "aliases: [失业补助金]\n", "utf-8")
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    # what it does carry and an editor changed is a conflict: listed with its fields, nothing written
    service.write_text(service.read_text("utf-8").replace("boundary: 杨家泊镇党群服务中心", "boundary: 镇权限"), "utf-8")
    before = service.read_text("utf-8")
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert f"变化：{service}\n    职责边界：“镇权限” → “杨家泊镇党群服务中心”" in again.stdout, again.stdout
    assert service.read_text("utf-8") == before
    forced = subprocess.run(cmd + ["--force"], capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    text = service.read_text("utf-8")
    assert "boundary: 杨家泊镇党群服务中心" in text and "失业补助金" in text and "周一至周五" in office.read_text("utf-8")
    missing = subprocess.run(cmd[:6] + [str(tmp_path / "nope.docx")], capture_output=True, text=True)
    assert missing.returncode == 1 and "找不到文件" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("没有事项", encoding="utf-8")
    none = subprocess.run(cmd[:6] + [str(empty)], capture_output=True, text=True)
    assert none.returncode == 1 and "信息表" in none.stderr and "Traceback" not in none.stderr


def test_gbk_text_export_reads_like_utf8(tmp_path, imported):
    gbk = tmp_path / "yangjiabo-gbk.txt"
    gbk.write_bytes((FIXTURES / "yangjiabo.txt").read_text("utf-8").encode("gb18030"))
    r = import_document(gbk, tmp_path / "content", office_id="yangjiabo")
    services = [yaml.safe_load(t) for p, t in r.files.items() if p.name != "office.yml"]
    assert len(services) == 30
    assert {s["number"]: s["name"] for s in services}["9"] == "落实“滨海通办”工作,实现应办尽办"


def test_damaged_docx_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "信息表.docx"
    bad.write_bytes(b"this is not a zip file")
    result = subprocess.run([sys.executable, "-m", "generator", "--content", str(tmp_path / "content"), "import",
                             str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "不是可读取的 .docx 文件" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "content").exists()


def test_text_arrives_as_written():
    # Layout whitespace goes; a full-width space inside a line and every closing mark stay.
    assert T.clean("\u3000\u3000第一条\u3000申请人应当提交材料。\r\n\n") == "第一条\u3000申请人应当提交材料。"
    assert T.split_lines_items("《公证法》第十一条；\n《细则》第八条。") == ["《公证法》第十一条；", "《细则》第八条。"]


def test_reimport_keeps_comments_and_material_details(tmp_path):
    """--force takes the document's values; what the editor added around them stays: a comment,
    the form and copies of a material the document names again, a blank form to download."""
    content = tmp_path / "content"
    cmd = [sys.executable, "-m", "generator", "--content", str(content), "import", str(FIXTURES / "yangjiabo.txt"),
           "--office-id", "yangjiabo"]
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    service = content / "offices/yangjiabo/shiye-baoxianjin-shenling.yml"
    text = service.read_text("utf-8")
    line = re.search(r"^( *)- (身份证[^\n]*)$", text, re.M)  # the first material, a plain item
    indent, name = line.group(1), line.group(2)
    described = f"{indent}- name: {name}\n{indent}  form: 原件  # 窗口要求原件\n{indent}  copies: 2"
    text = text.replace(line.group(0), described, 1)
    text = text.replace("boundary: 杨家泊镇党群服务中心", "boundary: 镇权限  # 与镇里核对过")
    text = "# 手工核对：2026-11-30\n" + text
    service.write_text(text, "utf-8")
    assert yaml.safe_load(text)["boundary"] == "镇权限"
    forced = subprocess.run(cmd + ["--force"], capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    after = service.read_text("utf-8")
    assert after.startswith("# 手工核对：2026-11-30\n")
    assert "boundary: 杨家泊镇党群服务中心" in after                     # the document's value
    assert "form: 原件  # 窗口要求原件" in after and "copies: 2" in after  # the editor's description
    reloaded = yaml.safe_load(after)
    items = reloaded["materials"]["groups"][0]["items"]
    assert {"name": name, "form": "原件", "copies": 2} in items


def test_the_centres_own_duties_are_told_from_services(imported):
    """Duty statements (做好…工作, …，实现…清零。) are marked internal; services ending in 工作 are not."""
    yangjiabo = imported["yangjiabo"]
    duties = {n for n, s in yangjiabo.items() if s.get("audience") == ["internal"]}
    assert duties == {"7-1", "7-2", "8", "9", "10", "13", "17"}
    assert yangjiabo["6-3"]["audience"] == ["residents"]  # 社会保障卡发放、补换工作: a service
    assert not any(s.get("audience") == ["internal"] for s in imported["xincun"].values())


def test_names_that_only_mention_a_seal_or_a_check_stay_services():
    from generator.sources.duties import reads_as_duty
    assert not reads_as_duty("公章刻制业特种行业许可证核发")
    assert not reads_as_duty("重大事故隐患的排查和处理情况的备案")
    assert not reads_as_duty("社会保障卡发放、补换工作")
    assert reads_as_duty("做好中心印章管理工作")
    assert reads_as_duty("根治欠薪，实现欠薪案件动态清零。")
