"""An import is checked against the whole catalogue as it will be once written (every office, the
journeys, the topics): it either leaves content/ valid or writes nothing and says why. A body the
centres act for (区人社局) may be imported as an office of its own without making the centres'
services that name it invalid."""
import subprocess
import sys

from conftest import ROOT


def run(content, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--content", str(content), *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_importing_a_bureau_the_centres_name_keeps_them_valid(content_copy, tmp_path):
    named = [p for p in (content_copy / "offices").rglob("*.yml") if "implementing_body: 区人社局" in p.read_text("utf-8")]
    assert len(named) == 2  # two centre services the bureau handles
    doc = tmp_path / "区人社局清单.csv"
    doc.write_text("序号,事项名称,实施机构\n1,就业困难人员认定,区人社局\n2,失业登记,区人社局\n", "utf-8-sig")
    imported = run(content_copy, "import", str(doc), "--office-id", "qurenshe")
    assert imported.returncode == 0, imported.stderr
    check = run(content_copy, "validate")
    assert check.returncode == 0, check.stderr
    assert "由 杨家泊镇党群服务中心 代为受理的，可以不改" in check.stderr or "代为受理的，可以不改" in check.stderr


def test_an_import_that_would_break_another_office_writes_nothing(content_copy, tmp_path):
    """An office named as the 新村 centre's services name their 实施机构, imported under another id:
    新村's 17 services would then sit in the wrong folder. The import refuses, naming them."""
    before = {p: p.read_text("utf-8") for p in (content_copy / "offices").rglob("*.yml")}
    doc = tmp_path / "清单.csv"
    doc.write_text("序号,事项名称\n1,老年人优待证办理\n", "utf-8-sig")
    imported = run(content_copy, "import", str(doc), "--office-id", "xincunjie", "--office-name", "新村街党群服务中心")
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    assert "其他机构" in imported.stderr and "content/offices/xincun/" in imported.stderr
    assert not (content_copy / "offices" / "xincunjie").exists()
    assert before == {p: p.read_text("utf-8") for p in (content_copy / "offices").rglob("*.yml")}


def test_a_renamed_service_is_one_file_with_its_old_id_and_the_editors_fields(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "topics.yml").write_text((ROOT / "content" / "topics.yml").read_text("utf-8"), "utf-8")
    doc = tmp_path / "清单.csv"
    doc.write_text("序号,事项名称,实施机构\n1,失业登记,某街道党群服务中心\n2,就业登记,某街道党群服务中心\n"
                   "3,老年证办理,某街道党群服务中心\n", "utf-8-sig")
    assert run(content, "import", str(doc), "--office-id", "mou").returncode == 0
    old = content / "offices" / "mou" / "jiuye-dengji.yml"
    old.write_text(old.read_text("utf-8") + "aliases: [找工作登记]\nhours: 周一至周五 9:00-17:00\n", "utf-8")
    doc.write_text("序号,事项名称,实施机构\n1,失业登记,某街道党群服务中心\n2,就业创业登记,某街道党群服务中心\n"
                   "3,老年人优待证办理,某街道党群服务中心\n", "utf-8-sig")
    before = sorted(p.name for p in old.parent.iterdir())
    refused = run(content, "import", str(doc), "--office-id", "mou")
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert sorted(p.name for p in old.parent.iterdir()) == before
    again = run(content, "import", str(doc), "--office-id", "mou", "--force")
    assert again.returncode == 0, again.stderr
    assert f"改名：{old}：“就业登记” → “就业创业登记”（序号相同" in again.stdout
    assert "“老年证办理” → “老年人优待证办理”" in again.stdout
    assert sorted(p.name for p in old.parent.iterdir()) == before  # no second file beside the old one
    text = old.read_text("utf-8")
    assert "name: 就业创业登记" in text and "id: jiuye-dengji" in text  # printed QR codes point to this id
    assert "找工作登记" in text and "周一至周五 9:00-17:00" in text
    assert run(content, "validate").returncode == 0
