"""A service needs only a name and its office, as a real 目录 row gives them: it validates, builds
and shows what is known, never an empty heading. An office that wants the 信息表's fields says so
with `require:` (the two Tianjin offices do)."""
import pytest

from conftest import build_site
from generator.catalogue.load import ContentError, load_catalogue
from sitehelpers import main_html

OFFICE_YML = "name: 某社区居民委员会\nshort_name: 某社区\nkind: 社区\ncity: 济宁市\n"


def add_office(content, services: dict[str, str], office: str = OFFICE_YML):
    folder = content / "offices" / "shequ"
    folder.mkdir()
    (folder / "office.yml").write_text(office, "utf-8")
    for name, text in services.items():
        (folder / name).write_text(text, "utf-8")


def test_a_name_is_enough(content_copy):
    add_office(content_copy, {"zhengming.yml": "id: qinshu-guanxi-zhengming\nname: 亲属关系证明（仅限公证）\n"})
    service = next(s for s in load_catalogue(content_copy).services if s.office_id == "shequ")
    assert service.implementing_body == "某社区居民委员会"  # the office itself, when the list names none
    assert (service.number, service.legal_basis, service.process.known, service.materials.known) == ("", (), False, False)


def test_unnumbered_services_follow_numbered_ones_in_file_order(content_copy):
    add_office(content_copy, {"b.yml": "id: b\nname: 乙证明\n", "a.yml": "id: a\nname: 甲证明\n",
                              "c.yml": "id: c\nname: 丙证明\nnumber: '2'\n"})
    ids = [s.id for s in load_catalogue(content_copy).services if s.office_id == "shequ"]
    assert ids == ["c", "a", "b"]


def test_an_office_can_require_the_information_sheet_fields(content_copy):
    add_office(content_copy, {"zhengming.yml": "id: zhengming\nname: 亲属关系证明\n"},
               OFFICE_YML + "require: [legal_basis, materials]\n")
    with pytest.raises(ContentError) as info:
        load_catalogue(content_copy)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 2 and all(p.startswith("content/offices/shequ/zhengming.yml") for p in found)
    assert "某社区要求每个事项填写“法定依据”（legal_basis），此事项没有" in found[0]
    assert "“运行要件”（materials）" in found[1]


def test_the_tianjin_offices_keep_todays_strictness(content_copy):
    path = content_copy / "offices/yangjiabo/shiye-baoxianjin-shenling.yml"
    text = path.read_text("utf-8")
    start, end = text.index("legal_basis:"), text.index("process:")
    path.write_text(text[:start] + text[end:], "utf-8")
    with pytest.raises(ContentError) as info:
        load_catalogue(content_copy)
    [problem] = [str(p) for p in info.value.problems]
    assert "杨家泊镇要求每个事项填写“法定依据”（legal_basis）" in problem


def test_a_page_shows_what_is_known_and_no_empty_heading(project_copy):
    add_office(project_copy / "content", {
        "zhengming.yml": "id: zhengming\nname: 亲属关系证明（仅限公证）\n",
        "juzhu.yml": "id: juzhu\nname: 居住证明\nnumber: '2'\ntime_limit: 5个工作日\n"
                     "materials:\n  items: [居民身份证]\n"})
    site = project_copy / "site"
    build = build_site(project_copy, site)
    assert build.returncode == 0, build.stderr
    bare = main_html(site / "offices/shequ/zhengming/index.html")
    for heading in ("需要准备的材料", "办理流程", "依据与职责", "法定依据", "序号", "责任事项", "监督投诉"):
        assert heading not in bare, heading
    assert "亲属关系证明（仅限公证）" in bare and "办理机构" in bare and "某社区居民委员会" in bare
    some = main_html(site / "offices/shequ/juzhu/index.html")
    assert "<strong>序号</strong>：2" in some and "需要准备的材料" in some and "居民身份证" in some and "5个工作日" in some
    assert "办理流程" not in some and "法定依据" not in some and "序号 2" not in some  # 序号: staff facts only
    booklet = main_html(site / "offices/shequ/booklet/index.html")
    assert "亲属关系证明（仅限公证）" in booklet and "居住证明" in booklet


def test_extra_information_is_shown_exported_and_read_back(content_copy, tmp_path):
    from generator.exports.tables import services_xlsx
    from generator.sources.importer import import_document
    from generator.website.render import render_site

    add_office(content_copy, {"zhengming.yml": "id: zhengming\nname: 亲属关系证明\nextra:\n"
                                               "- label: 备注\n  text: 仅限公证使用\n- label: 办件类型\n  text: 即办件\n"})
    catalogue = load_catalogue(content_copy)
    [page] = render_site(catalogue, only={"offices/shequ/zhengming.md"})
    assert "## 其他信息" in page.markdown and "**备注**：仅限公证使用" in page.markdown
    assert "**办件类型**：即办件" in page.markdown
    workbook = tmp_path / "services.xlsx"
    workbook.write_bytes(services_xlsx(catalogue, "https://banshi.example.cn/", {}))
    again = tmp_path / "again"
    again.mkdir()
    result = import_document(workbook, again)
    [text] = [t for p, t in result.files.items() if p.name == "zhengming.yml"]
    import yaml

    assert yaml.safe_load(text)["extra"] == [{"label": "备注", "text": "仅限公证使用"},
                                            {"label": "办件类型", "text": "即办件"}]


def test_a_main_item_and_its_sub_items_sort_main_first(content_copy):
    # "9" and "9-1" once compared an int with a text and stopped the build with a traceback
    add_office(content_copy, {"a.yml": "id: a\nname: 甲\nnumber: '9-1'\n", "b.yml": "id: b\nname: 乙\nnumber: '9'\n",
                              "c.yml": "id: c\nname: 丙\nnumber: '10'\n", "d.yml": "id: d\nname: 丁\nnumber: '1.10'\n"})
    ids = [s.id for s in load_catalogue(content_copy).services if s.office_id == "shequ"]
    assert ids == ["d", "b", "a", "c"]
