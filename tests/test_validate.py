"""Every class of bad input gives a clear message with file, line and field, and a non-zero exit."""
import subprocess
import sys

import pytest

from generator.catalogue.load import ContentError, load_catalogue

SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling.yml"


def problems(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_catalogue(content)
    return [str(p) for p in info.value.problems]


def edit(content, rel, old, new):
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(content, rel, needle) -> int:
    return next(i for i, line in enumerate((content / rel).read_text("utf-8").split("\n"), 1) if needle in line)


def test_real_content_is_valid():
    catalogue = load_catalogue(__import__("conftest").CONTENT)
    assert len(catalogue.services) == 48 and len(catalogue.offices) == 2


def test_yaml_syntax_error(content_copy):
    edit(content_copy, SERVICE, "name: 失业保险金申领", "name: [失业保险金申领")
    [msg] = problems(content_copy)
    assert msg.startswith(f"content/{SERVICE}:") and "YAML 语法错误" in msg


SYNTAX_SLIPS = [  # (what the editor typed in place of the name line, line to point at, words of the message)
    ('name: "失业保险金申领', "name:", "引号没有闭合"),
    ("name: 失业保险金申领: 个人", "name:", "冒号加空格"),
    ("name: [失业保险金申领", None, "方括号 [ ] 没有闭合"),
    ("name: {a: 失业保险金申领", None, "花括号 { } 没有闭合"),
    ("name: @失业保险金申领", "name:", "保留字符"),
    ("\tname: 失业保险金申领", None, "制表符"),
    ("name: 失业保险金申领\naliases:\n\t- 失业金", "\t- 失业金", "制表符"),  # libyaml: "cannot start any token"
]


@pytest.mark.parametrize("typed,at,words", SYNTAX_SLIPS)
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_yaml_slips_read_the_same_with_either_parser(content_copy, monkeypatch, typed, at, words, parser):
    """The message names the slip in Chinese, whichever YAML parser is installed; an unclosed quote
    points at its own line, not at the end of the file."""
    import yaml
    from generator.catalogue import yamlio

    if parser == "python":
        monkeypatch.setattr(yamlio, "SafeLoader", yaml.SafeLoader)
    edit(content_copy, SERVICE, "name: 失业保险金申领", typed)
    [msg] = problems(content_copy)
    assert "YAML 语法错误：" in msg and words in msg and "found" not in msg and "expected" not in msg, msg
    if at:
        assert msg.startswith(f"content/{SERVICE}:{line_of(content_copy, SERVICE, at)}:"), msg


def test_service_in_another_offices_folder(content_copy):
    """The file names 杨家泊镇党群服务中心 as its 实施机构 but sits in 新村's folder: its page would say 新村."""
    moved = content_copy / "offices/xincun/shiye-baoxianjin-shenling.yml"
    (content_copy / SERVICE).rename(moved)
    [msg] = problems(content_copy)
    line = line_of(content_copy, "offices/xincun/shiye-baoxianjin-shenling.yml", "implementing_body:")
    assert msg.startswith(f"content/offices/xincun/shiye-baoxianjin-shenling.yml:{line}: implementing_body: ")
    assert "实施机构是“杨家泊镇党群服务中心”" in msg and "请把文件移到 offices/yangjiabo/" in msg


@pytest.mark.parametrize("where", ["offices/shiye.yml", "shiye.yml", "offices/yangjiabo/draft/shiye.yml",
                                   "old/shiye.yaml"])
def test_service_file_outside_any_office_folder(content_copy, where):
    target = content_copy / where
    target.parent.mkdir(parents=True, exist_ok=True)
    (content_copy / SERVICE).rename(target)
    [msg] = problems(content_copy)
    assert msg.startswith(f"content/{where}: （整个文件）: 这个文件不在任何机构文件夹中，网站不会读取它")


def test_empty_materials_list(content_copy):
    path = content_copy / SERVICE
    text = path.read_text("utf-8")
    start, end = text.index("materials:\n"), text.index("responsibility:")
    path.write_text(text[:start] + "materials:\n  items: []\n" + text[end:], "utf-8")
    empty, required = problems(content_copy)  # the list says nothing, and 杨家泊镇 requires materials
    assert empty.startswith(f"content/{SERVICE}:{line_of(content_copy, SERVICE, 'materials:')}: materials: 材料清单是空的")
    assert "杨家泊镇要求每个事项填写“运行要件”（materials）" in required


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system ['echo x']", "!!binary aGVsbG8=",
                                    "!!set {a, b}", "!local [失业金]"])
def test_every_non_standard_yaml_tag_is_refused(content_copy, tagged):
    edit(content_copy, SERVICE, "title: 失业保险金申领", f"title: 失业保险金申领\naliases: {tagged}")
    [msg] = problems(content_copy)
    assert msg.startswith(f"content/{SERVICE}:{line_of(content_copy, SERVICE, 'aliases:')}:")
    assert "不支持 YAML 标签“" + tagged.split()[0] + "”" in msg


def test_misspelled_field_suggests_the_right_one(content_copy):
    edit(content_copy, SERVICE, "materials:", "materails:")
    found = problems(content_copy)
    line = line_of(content_copy, SERVICE, "materails:")
    assert [m for m in found if f"{SERVICE}:{line}: materails: 未知字段“materails”，是否想写“materials”" in m] == found


def test_missing_required_field(content_copy):
    edit(content_copy, SERVICE, "name: 失业保险金申领\n", "")
    [msg] = problems(content_copy)
    assert "缺少必填字段“name”（名称）" in msg


def test_number_written_as_float(content_copy):
    edit(content_copy, "offices/xincun/chengxiangjumin-yiliaobaoxian-dengji.yml", "number: '1.1'", "number: 1.10")
    [msg] = problems(content_copy)
    assert "number: （序号）应为文字，实际是数字" in msg and '请加引号写成 "1.1"' in msg


def test_wrong_type_list_expected(content_copy):
    edit(content_copy, SERVICE, "topic: shiye-baoxianjin", "topic: shiye-baoxianjin\naliases: 失业金")
    found = problems(content_copy)
    assert any("aliases: （搜索别名）应为列表" in m for m in found)


def test_duplicate_ids(content_copy):
    src = content_copy / SERVICE
    (src.parent / "copy.yml").write_text(src.read_text("utf-8").replace("number: 3-1", "number: 3-9"), "utf-8")
    found = problems(content_copy)
    assert any("编号“shiye-baoxianjin-shenling”与" in m and "重复" in m for m in found)


@pytest.mark.parametrize("bad", ["../x", "失业金", "a b", "Shiye"])
def test_ids_that_are_not_url_safe(content_copy, bad):
    edit(content_copy, SERVICE, "id: shiye-baoxianjin-shenling", f"id: '{bad}'")
    [msg] = problems(content_copy)
    assert f"id: （事项编号（网址用））“{bad}”不能用作网址" in msg
    assert f":{line_of(content_copy, SERVICE, 'id:')}:" in msg


def test_unknown_topic(content_copy):
    edit(content_copy, SERVICE, "topic: shiye-baoxianjin", "topic: shiye-baoxianjn")
    [msg] = problems(content_copy)
    assert "主题“shiye-baoxianjn”不存在，是否想写“shiye-baoxianjin”" in msg


def test_unknown_office(content_copy):
    (content_copy / "offices/ghost").mkdir()
    (content_copy / "offices/ghost/a.yml").write_text((content_copy / SERVICE).read_text("utf-8"), "utf-8")
    [msg] = problems(content_copy)
    assert msg.startswith("content/offices/ghost:") and "缺少 office.yml" in msg


def test_unknown_theme_in_topics(content_copy):
    edit(content_copy, "topics.yml", "theme: shiye-baoxian\n", "theme: shiye\n")
    [msg] = problems(content_copy)
    assert "content/topics.yml:" in msg and "分类“shiye”不存在" in msg


@pytest.mark.parametrize("bad,hint", [
    ("022-2586985", "区号与号码的位数不符"),           # Tianjin numbers have eight digits
    ("67259291", "缺区号"),
    ("1381234567", "位数"),                             # a mobile with a digit missing
    ("监督电话", "应写成 022-25869855"),
])
def test_unparseable_phone(content_copy, bad, hint):
    edit(content_copy, SERVICE, "phone: 022-67259291", f"phone: \"{bad}\"")
    [msg] = problems(content_copy)
    assert f"supervision[0].phone: “{bad}”不是可识别的电话号码" in msg and hint in msg, msg


@pytest.mark.parametrize("good", ["12345", "12315", "95598", "400-810-8888", "+86 22 2586 9855", "13812345678",
                                  "022-25869855转8001", "0755-88127587", "022－25869855"])
def test_every_kind_of_chinese_number_is_a_phone(content_copy, good):
    edit(content_copy, SERVICE, "phone: 022-67259291", f"phone: \"{good}\"")
    load_catalogue(content_copy)  # no ContentError


def test_non_utf8_file(content_copy):
    path = content_copy / SERVICE
    path.write_bytes(path.read_text("utf-8").encode("gbk"))
    [msg] = problems(content_copy)
    assert "不是 UTF-8 编码" in msg


def test_duplicate_key(content_copy):
    edit(content_copy, SERVICE, "name: 失业保险金申领", "name: 失业保险金申领\nname: 又一个")
    [msg] = problems(content_copy)
    assert "字段“name”重复出现" in msg


def test_all_problems_at_once_and_cli_exit(content_copy):
    edit(content_copy, SERVICE, "topic: shiye-baoxianjin", "topic: nope")
    edit(content_copy, "offices/xincun/office.yml", "kind: 街道", "kind: 街")
    result = subprocess.run([sys.executable, "-m", "generator", "--content", str(content_copy), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "内容检查发现 2 个问题" in result.stderr
    assert "offices/xincun/office.yml:4: kind: （类型）“街”无效，应为以下之一：街道、镇、乡、地区、社区、村、区县、部门、其他" in result.stderr


def test_preview_of_an_unknown_office(content_copy):
    with pytest.raises(ContentError) as info:
        load_catalogue(content_copy, offices=["xincnu"])
    assert "要预览的机构 xincnu 不存在；可用：xincun、yangjiabo" in str(info.value)


def test_preview_of_one_office(content_copy):
    catalogue = load_catalogue(content_copy, offices=["xincun"])
    assert list(catalogue.offices) == ["xincun"] and len(catalogue.services) == 18


def test_resident_vocabulary_is_loaded():
    words = load_catalogue(__import__("conftest").CONTENT).resident_words
    assert words.spoken["被裁员"] == ("失业",) and "怎么办" in words.fillers


def test_resident_vocabulary_phrase_under_two_meanings(content_copy):
    edit(content_copy, "vocabulary.yml", "means: [欠薪, 拖欠工资]", "means: [欠薪, 拖欠工资]\n  - says: [下岗]\n    means: [再就业]")
    [msg] = problems(content_copy)
    line = line_of(content_copy, "vocabulary.yml", "says: [下岗]")
    assert msg.startswith(f"content/vocabulary.yml:{line}: spoken[") and "说法“下岗”已在第 1 组出现" in msg


def test_resident_vocabulary_single_character_phrase(content_copy):
    edit(content_copy, "vocabulary.yml", "says: [孩子,", "says: [娃, 孩子,")
    [msg] = problems(content_copy)
    line = line_of(content_copy, "vocabulary.yml", "says: [娃, 孩子,")
    assert msg.startswith(f"content/vocabulary.yml:{line}: spoken[2].says[0]") and "至少" in msg


@pytest.mark.parametrize("name", ["index", "staff", "booklet", "booklet-2"])
def test_a_service_may_not_take_a_name_of_its_office_s_own_pages(content_copy, name):
    """index, staff, booklet and a large office's further booklet volumes (booklet-2 …) live in the
    office's folder beside the services: an id among them would overwrite or hide a page."""
    edit(content_copy, SERVICE, "id: shiye-baoxianjin-shenling", f"id: {name}")
    assert f"编号“{name}”是保留字（机构页面要用），请换一个" in "\n".join(problems(content_copy))


def test_a_content_folder_that_is_not_there_is_named_not_a_traceback(project_copy):
    import subprocess
    import sys

    from conftest import build_site

    cli = subprocess.run([sys.executable, "-m", "generator", "--content", "nope", "validate"],
                         capture_output=True, text=True, cwd=project_copy)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert "nope: content_dir: 找不到内容文件夹" in cli.stderr and "service-guide.content_dir" in cli.stderr
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("content_dir: content", "content_dir: nope"), "utf-8")
    build = build_site(project_copy, project_copy / "site")
    assert build.returncode != 0 and "Traceback" not in build.stderr and "找不到内容文件夹" in build.stderr
    assert not (project_copy / "site").exists()


@pytest.mark.parametrize("added, field, words", [
    ("aliases: &a [x, *a]", "aliases[1]", "锚点和别名"),
    ("aliases: !!binary aGVsbG8=", "aliases", "!!binary"),
    ("aliases: !custom 失业金", "aliases", "!custom"),
    ("aliases: " + "[" * 300 + "]" * 300, "aliases", "嵌套层数太深"),
])
def test_yaml_refusals_name_the_field(content_copy, added, field, words):
    path = content_copy / SERVICE
    path.write_text(path.read_text("utf-8").replace("aliases:", "old_aliases:") + added + "\n", "utf-8")
    [msg] = problems(content_copy)
    line = len(path.read_text("utf-8").rstrip("\n").split("\n"))
    assert msg.startswith(f"content/{SERVICE}:{line}: {field}: ") and words in msg, msg


def test_a_megabyte_of_text_in_one_field_is_refused_by_field(content_copy):
    path = content_copy / SERVICE
    path.write_text(path.read_text("utf-8") + "holidays: " + "节" * 350_000 + "\n", "utf-8")  # 1 MB
    [msg] = problems(content_copy)
    line = len(path.read_text("utf-8").rstrip("\n").split("\n"))
    assert msg.startswith(f"content/{SERVICE}:{line}: holidays: 这一栏的文字有 350000 个字，超过 20000 个字的上限")


def test_a_journey_of_ten_thousand_steps_is_refused(content_copy):
    path = content_copy / "journeys.yml"
    steps = "".join(f"      - title: 第{n}步\n        text: 说明\n        services: []\n" for n in range(10_000))
    path.write_text("journeys:\n  - id: long\n    title: 很长的路\n    for: 测试\n    steps:\n" + steps, "utf-8")
    messages = problems(content_copy)
    assert any("journeys[0].steps: " in m and "最多 30 项，现在有 10000 项" in m for m in messages), messages[:3]


def test_eight_thousand_not_covered_words_are_refused(content_copy):
    path = content_copy / "vocabulary.yml"
    entries = "".join(f"  - says: [词{n:04d}]\n    name: 事{n:04d}\n    ask: 拨打 12345\n" for n in range(8_000))
    path.write_text(path.read_text("utf-8") .split("not_covered:")[0] + "not_covered:\n" + entries, "utf-8")
    messages = problems(content_copy)
    assert any("not_covered: " in m and "最多 300 项，现在有 8000 项" in m for m in messages), messages[:3]
