"""一件事: journeys defined in content/journeys.yml, checked at their lines, shown as step-by-step pages."""
import json
import subprocess
import sys

from conftest import CONTENT
from generator.catalogue.load import load_catalogue
from generator.website import urls
from sitehelpers import main_html, main_text, search_index
from test_validate import edit, line_of, problems

JOURNEYS = "journeys.yml"


def test_the_shipped_journeys_use_only_their_own_offices_services():
    catalogue = load_catalogue(CONTENT)
    assert [j.title for j in catalogue.journeys.values()] == ["失业了怎么办", "给宝宝办医保"]
    for journey in catalogue.journeys.values():
        offices = {office for office, _ in journey.services()}
        assert len(offices) == 1, journey.title
        assert len(journey.steps) >= 3


def test_a_link_to_a_missing_service_is_an_error_at_its_line(content_copy):
    edit(content_copy, JOURNEYS, "services: [yangjiabo/shiye-baoxianjin-shenling]",
         "services: [yangjiabo/shiye-baoxianjin-shenqing]")
    edit(content_copy, JOURNEYS, "services: [xincun/shehuibaozhang-ka-shenban]", "services: [xinchun/shehuibaozhang-ka-shenban]")
    found = problems(content_copy)
    line = line_of(content_copy, JOURNEYS, "yangjiabo/shiye-baoxianjin-shenqing")
    assert any(p.startswith(f"content/journeys.yml:{line}") and "“失业了怎么办”第 2 步" in p
               and "是否想写“yangjiabo/shiye-baoxianjin-shenling”" in p for p in found), found
    line = line_of(content_copy, JOURNEYS, "xinchun/")
    assert any(p.startswith(f"content/journeys.yml:{line}") and "机构“xinchun”不存在" in p for p in found), found


def test_a_malformed_journey_names_its_field(content_copy):
    edit(content_copy, JOURNEYS, "        services: [yangjiabo/shiye-dengji]\n", "        services: [失业登记]\n")
    found = problems(content_copy)
    line = line_of(content_copy, JOURNEYS, "services: [失业登记]")
    assert any(p.startswith(f"content/journeys.yml:{line}") and "services" in p for p in found), found


def test_validate_command_reports_a_broken_journey_without_a_traceback(content_copy):
    edit(content_copy, JOURNEYS, "yangjiabo/jiuye-chuangye-zheng-dengji", "yangjiabo/jiuye-chuangye-zheng")
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content_copy), "validate"],
                         capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "journeys.yml:" in run.stderr and "jiuye-chuangye-zheng-dengji" in run.stderr


def test_a_journey_page_lists_its_steps_in_order_with_links(built_site):
    page = built_site / "journeys/shiye-le-zenmeban/index.html"
    text = main_text(page)
    steps = ["第1步：办理失业登记", "第2步：申领失业保险金", "第3步：领取《就业创业证》", "第4步：符合条件的，认定就业困难人员"]
    positions = [text.index(s) for s in steps]
    assert positions == sorted(positions)
    html = main_html(page)
    assert 'href="../../offices/yangjiabo/shiye-dengji/"' in html
    assert "<strong>如果</strong>要离开本区、把失业保险待遇转到别处，<strong>就</strong>办理失业保险待遇转出：" in html
    assert 'href="../../offices/yangjiabo/shiye-baoxian-daiyu-zhuan-chu/"' in html


def test_each_service_says_which_step_it_is_and_the_home_page_links_journeys(built_site):
    service = main_html(built_site / "offices/yangjiabo/shiye-baoxianjin-shenling/index.html")
    assert "这是一件事「<a href=\"../../../journeys/shiye-le-zenmeban/#step-2\">失业了怎么办</a>」的第 2 步（共 4 步）" in service
    # a service only a branch links still says so
    assert "「失业了怎么办」的第2步" in main_text(built_site / "offices/yangjiabo/shiye-baoxian-daiyu-zhuan-chu/index.html")
    assert "一件事" not in main_text(built_site / "offices/yangjiabo/xiaoedaikuan/index.html")
    home = main_html(built_site / "index.html")
    assert 'href="journeys/shiye-le-zenmeban/">失业了怎么办</a>' in home and 'href="journeys/baobao-canbao/">给宝宝办医保</a>' in home


def test_journeys_are_found_by_search(built_site):
    index = search_index(built_site)
    locations = {d["location"] for d in index["docs"]}
    assert urls.page_url(urls.journey("baobao-canbao")) in locations
