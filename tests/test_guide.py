"""The 办事指南 elements: parsed, inherited, checked with a file:line message, and shown only when set."""
import json
import re

import pytest

from conftest import CONTENT, FULL_SERVICE, add_full_guide
from generator.catalogue import elements
from generator.website import urls
from generator.catalogue.load import ContentError, load_catalogue
from sitehelpers import main_html, main_text, search_index, squeeze

SERVICE = "offices/shili/shehuibaozhang-ka-shenling.yml"


@pytest.mark.parametrize("text, kind, amount", [
    ("即办", "immediate", None),
    ("当场办结", "immediate", None),
    ("当场办结（即时制卡）", "immediate", None),
    ("5个工作日", "working_days", 5),
    ("自受理之日起5个工作日内办结", "working_days", 5),
    ("自受理之日起二十个工作日内办结", "working_days", 20),
    ("十五个工作日", "working_days", 15),
    ("１０个工作日", "working_days", 10),
    ("30日", "days", 30),
    ("六十日内作出决定", "days", 60),
    ("7天", "days", 7),
    ("3个月", "months", 3),
    ("一百二十日", "days", 120),
    ("7(工作日)", "working_days", 7),
    ("30（工作日）", "working_days", 30),
])
def test_time_limits_parse(text, kind, amount):
    d = elements.parse_duration(text)
    assert (d.kind, d.amount, d.text) == (kind, amount, text)


@pytest.mark.parametrize("text", ["尽快办理", "看情况", "按规定时限", "0个工作日"])
def test_time_limits_that_say_no_time(text):
    assert elements.parse_duration(text) is None


@pytest.fixture
def full(content_copy):
    return add_full_guide(content_copy)


def full_service(catalogue):
    return next(s for s in catalogue.services if (s.office_id, s.id) == FULL_SERVICE)


def test_fully_filled_service_loads_every_element(full):
    s = full_service(load_catalogue(full))
    assert elements.present_elements(s) == set(elements.ELEMENTS)
    # place, hours and phone come from office.yml; the window is the service's own
    assert s.place.address == "滨海新区示例路88号党群服务中心一楼大厅"
    assert s.place.phone == "022-66668888" and s.place.window == "3号社保窗口"
    assert s.time_limit.promised.kind == "immediate"
    assert (s.time_limit.legal.kind, s.time_limit.legal.amount) == ("working_days", 20)
    assert s.time_limit.expected is s.time_limit.promised
    assert s.fees.free and s.visits == 1 and len(s.faq) == 4
    assert len(s.materials.items) == 12 and len(s.process.steps) == 8
    form = s.materials.items[1]
    assert (form.forms, form.copies, form.source) == (("原件",), 1, "申请人自备")
    assert form.blank_form == "files/shebaoka-shenling-dengjibiao.pdf"
    assert s.materials.items[3].summary() == "原件、复印件 · 1 份"
    assert s.materials.items[7].summary() == "原件 · 1 份 · 容缺"
    assert s.materials.items[-1].name == "邮寄地址和收件人电话（选择邮寄时）"  # a plain string still works


def test_real_services_have_no_guide_elements_invented():
    catalogue = load_catalogue(CONTENT)
    assert all(not elements.present_elements(s) for s in catalogue.services)
    assert all(not m.detailed for s in catalogue.services for m in s.materials.all_materials())


def problems_after(content, old, new, rel=SERVICE) -> list[str]:
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ContentError) as info:
        load_catalogue(content)
    return [str(p) for p in info.value.problems]


def line_of(content, needle, rel=SERVICE) -> int:
    return next(i for i, line in enumerate((content / rel).read_text("utf-8").split("\n"), 1) if needle in line)


BAD_VALUES = [
    ("promised: 当场办结（即时制卡）", "promised: 尽快办理", "尽快办理", "time_limit.promised",
     "看不出办理时限“尽快办理”是多久"),
    ("    copies: 1\n    source: 政府部门核发", "    copies: 0\n    source: 政府部门核发", "copies: 0",
     "materials.items[0].copies", "（份数）不能小于 1"),
    ("    form: 电子版", "    form: 原本", "form: 原本", "materials.items[2].form",
     "“原本”无效，应为以下之一：原件、复印件、电子版"),
    ("url: https://zwfw.example.gov.cn/shebaoka\n", "url: zwfw.example.gov.cn/shebaoka\n",
     "url: zwfw", "online.url", "以 http:// 或 https:// 开头"),
    ("url: https://zwfw.example.gov.cn/shebaoka\n", "url: javascript:alert(1)\n",
     "url: javascript", "online.url", "以 http:// 或 https:// 开头"),
    ("blank_form: files/shebaoka-shenling-dengjibiao.pdf", "blank_form: files/nope.pdf", "files/nope.pdf",
     "materials.items[1].blank_form", "找不到文件 content/files/nope.pdf"),
    ("sample: files/shebaoka-shenling-yangbiao.pdf", "sample: ../README.md", "../README.md",
     "materials.items[1].sample", "应放在 content/files/ 下"),
    ("blank_form: files/shebaoka-shenling-dengjibiao.pdf", "blank_form: files/表#1.pdf", "files/表#1.pdf",
     "materials.items[1].blank_form", "含有“#”，放进网址后链接会断开"),
    ("blank_form: files/shebaoka-shenling-dengjibiao.pdf", "blank_form: files/申请 表.pdf", "files/申请 表.pdf",
     "materials.items[1].blank_form", "含有空格"),
    ("blank_form: files/shebaoka-shenling-dengjibiao.pdf", "blank_form: files/.git/config", "files/.git",
     "materials.items[1].blank_form", "是隐藏文件"),
    ("promised: 当场办结（即时制卡）", "promised: 99999个工作日", "99999", "time_limit.promised",
     "超过十年，不可能是真实时限"),
    ("fees: 不收费", "fees:\n- name: 工本费\n  amount: -50元", "amount: -50元", "fees[0].amount",
     "是负数：收费金额不能为负"),
    ("fees: 不收费", "fees:\n- name: 工本费\n  amount: 100000000000000000000000000元", "amount: 1", "fees[0].amount",
     "超过一亿元，不可能是收费标准"),
    ("result: 社会保障卡", "updated: 2024-13-45\nresult: 社会保障卡", "updated:", "updated",
     "日期“2024-13-45”不存在：应写成 年-月-日"),
    ("fees: 不收费", "fees: 无", "fees: 无", "fees", "不收费时写“不收费”（不要写“无”或留空）"),
    ("fees: 不收费", "fees: ''", "fees: ''", "fees", "不收费时写“不收费”"),
    ("fees: 不收费", "fees:\n- name: 工本费", "name: 工本费", "fees[0]", "缺少必填字段“amount”（金额）"),
    ("visits: 1", "visits: -1", "visits: -1", "visits", "（到现场次数）不能小于 0"),
    ("window: 3号社保窗口", "phone: '12'", "phone: '12'", "phone", "“12”不是可识别的电话号码"),
    ("window: 3号社保窗口", "phone: 022－6666 888", "phone: 022", "phone", "区号与号码的位数不符"),
    ("faq:\n- question: 社保卡丢了怎么办？\n  answer:", "faq:\n- question: 社保卡丢了怎么办？\n  anser:",
     "anser:", "faq[0].anser", "未知字段“anser”，是否想写“answer”（回答）"),
    ("conditions:\n- 在本市", "conditions: 在本市\nx:\n- 在本市", "conditions: 在本市", "conditions",
     "（受理条件）应为列表"),
]


@pytest.mark.parametrize("old, new, needle, field, message", BAD_VALUES, ids=[b[3] + ":" + b[2] for b in BAD_VALUES])
def test_bad_guide_value_gets_file_line_field_message(full, old, new, needle, field, message):
    found = problems_after(full, old, new)
    expected = f"content/{SERVICE}:{line_of(full, needle)}: {field}: "
    assert any(p.startswith(expected) and message in p for p in found), found


@pytest.mark.parametrize("old, new, field, message", [
    ("legal: 自受理之日起20个工作日内办结", "legal: 自受理之日起400个工作日内办结", "time_limit.legal", "超过一年，请核对"),
    ("fees: 不收费", "fees:\n- name: 评估费\n  amount: 20万元", "fees[0].amount", "超过十万元，请核对"),
])
def test_implausible_values_are_warnings_not_errors(full, old, new, field, message):
    path = full / SERVICE
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    catalogue = load_catalogue(full)  # builds: a long legal limit or a large fee can be real
    [warning] = [str(w) for w in catalogue.warnings]
    needle = new.split("\n")[-1].strip()
    assert warning.startswith(f"content/{SERVICE}:{line_of(full, needle)}: {field}: ") and message in warning


def test_a_form_linked_from_outside_content_is_refused(full):
    form = full / "files" / "shebaoka-shenling-dengjibiao.pdf"
    form.unlink()
    form.symlink_to("/etc/passwd")
    [found] = [p for p in problems_after(full, "window: 3号社保窗口", "window: 3号社保窗口") if "blank_form" in p]
    assert "是指向 content/ 以外的链接：只发布 content/ 里的文件" in found


def test_a_form_over_the_size_limit_is_refused_and_the_limit_is_settable(full):
    form = full / "files" / "shebaoka-shenling-dengjibiao.pdf"
    with form.open("ab") as handle:
        handle.truncate(21 * 1024 * 1024)
    [found] = [p for p in problems_after(full, "window: 3号社保窗口", "window: 3号社保窗口") if "blank_form" in p]
    assert "太大（21.0 MB，最多 20 MB）" in found and "max_file_mb" in found
    assert load_catalogue(full, max_file_mb=25)


def test_office_can_require_elements(full):
    rel = "offices/xincun/office.yml"
    found = problems_after(full, "require: [number,", "require: [time_limit, address, number,", rel)
    # every 新村 service lacks both; the other offices are not asked
    assert len(found) == 2 * 18
    assert all(p.startswith("content/offices/xincun/") for p in found)
    assert any("新村街道要求每个事项填写“办理时限”（time_limit），此事项没有" in p for p in found)


def test_office_require_is_met_by_inherited_place(full):
    rel = "offices/shili/office.yml"
    path = full / rel
    path.write_text(path.read_text("utf-8") + "require: [address, hours, phone, time_limit, fees]\n", "utf-8")
    assert full_service(load_catalogue(full)).place.hours


def test_unknown_required_element(full):
    found = problems_after(full, "require: [number,", "require: [deadline, number,", "offices/xincun/office.yml")
    assert any("require[0]" in p and "“deadline”无效" in p for p in found)


# The built site: every element where it belongs when set, no trace when not

def page(site, office, service):
    return site / urls.page_url(urls.service(office, service)) / "index.html"


def test_every_element_on_the_service_page(full_guide_site):
    s = full_service(load_catalogue(full_guide_site.parent / "content"))
    text = main_text(page(full_guide_site, *FULL_SERVICE))
    values = [s.place.address, s.place.window, s.place.hours, s.place.holidays, s.place.phone,
              s.place.enquiry_window, *s.conditions, s.item_type, s.item_code, s.time_limit.promised.text,
              s.time_limit.legal.text, "不收费", s.online.platform, "最多跑1次", s.result, s.delivery,
              *(q.question for q in s.faq), *(q.answer for q in s.faq)]
    values += [m.name for m in s.materials.items] + [m.note for m in s.materials.items if m.note]
    values += [m.source for m in s.materials.items if m.source] + [m.summary() for m in s.materials.items]
    for value in filter(None, values):
        assert squeeze(value) in text, value
    html = main_html(page(full_guide_site, *FULL_SERVICE))
    assert 'href="https://zwfw.example.gov.cn/shebaoka"' in html
    assert 'href="https://zwfw.example.gov.cn/shebaoka/chaxun"' in html
    assert 'href="tel:+862266668888"' in html
    # the address as a map search, a plain link (no map is loaded into the page); the city goes first
    from urllib.parse import quote
    address = load_catalogue(full_guide_site.parent / "content").offices["shili"].place.address
    assert f'href="https://uri.amap.com/search?keyword={quote("天津市" + address, safe="")}"' in html
    assert "<li><strong>办理时间</strong>" in html  # the link ends its line: the next fact is an item of its own
    for file in ("shebaoka-shenling-dengjibiao.pdf", "shebaoka-shenling-yangbiao.pdf"):
        assert f'href="../../../files/{file}"' in html  # the page is served at offices/shili/<id>/
        assert (full_guide_site / "files" / file).read_bytes().startswith(b"%PDF")


def test_quick_facts_come_before_the_materials(full_guide_site):
    text = main_text(page(full_guide_site, *FULL_SERVICE))
    order = [text.index(w) for w in ("去哪办", "办理时间", "要多久", "收费", "网上办", "跑几次", "咨询",
                                     "需要准备的材料", "办理流程", "受理条件", "办理结果", "常见问题",
                                     "监督投诉", "法定依据")]
    assert order == sorted(order)


def test_office_page_shows_place_hours_phones(full_guide_site):
    text = main_text(full_guide_site / "offices/shili/index.html")
    for value in ("滨海新区示例路88号党群服务中心一楼大厅", "1号至4号综合受理窗口", "周一至周五9:00-12:00",
                  "法定节假日不办公", "022-66668888", "大厅入口咨询台", "022-66669999"):
        assert squeeze(value) in text


def test_comparison_marks_guide_differences(full_guide_site):
    html = main_html(full_guide_site / "compare/shehui-baozhang-ka/index.html")
    text = main_text(full_guide_site / "compare/shehui-baozhang-ka/index.html")
    for row in ("办理地点", "办理时间", "办理时限", "收费", "网上办理", "到现场次数", "咨询电话", "受理条件"):
        assert f">{row}</h2>" in html, row
    assert "承诺：当场办结（即时制卡）" in text and "未公布" in text
    # form and copies of a material stand beside its name, and what only one office asks is flagged
    assert squeeze("居民身份证（原件 · 1 份）") in text
    assert text.count("仅此机构") >= 10


# No trace where an element is not set: the real offices publish none of them

# 去哪办, 办理时间 and 咨询 are not among them: every page says where and whom to ask, and says plainly
# what the source leaves out instead of hiding the gap
FACT_LABELS = ["要多久", "收费", "网上办", "跑几次", "事项类型", "事项编码"]
SECTION_IDS = ["conditions", "result", "faq"]


def test_real_pages_show_no_empty_guide_element(built_site):
    catalogue = load_catalogue(CONTENT)
    for s in catalogue.services:
        html = main_html(page(built_site, s.office_id, s.id))
        for label in FACT_LABELS:
            assert f"<strong>{label}</strong>" not in html, (s.source, label)
        for section in SECTION_IDS:
            assert f'id="{section}"' not in html, (s.source, section)
        assert "暂未公布" not in html and "sg-mat-form" not in html
        office = catalogue.offices[s.office_id].name
        assert f"<strong>去哪办</strong>：{office}（未公布地址）" in html
        assert "<strong>办理时间</strong>：未公布，去之前请先咨询" in html
        assert html.count("未公布") == 3 and "本事项未公布咨询电话，可拨打" in html  # the three contact lines alone
    for office in catalogue.offices:
        text = main_text(built_site / f"offices/{office}/index.html")
        assert "暂未公布" not in text and "办公地址" not in text and "办公时间" not in text
    comparison = main_html(built_site / "compare/shehui-baozhang-ka/index.html")
    for row in ("办理地点", "办理时限", "收费", "网上办理", "到现场次数", "受理条件"):
        assert f">{row}</h2>" not in comparison


def test_home_promises_only_what_pages_show(built_site, full_guide_site):
    home = main_text(built_site / "index.html")
    assert re.search("每项都写明要带的材料、办理步骤和监督投诉电话", home)
    assert "办理地点" not in home.split("每项都写明")[1].split("。")[0]


# The completeness report, for editors

def test_report_command_lists_gaps_with_totals(full):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(full), "report"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    shili = out.split("示例街道党群服务中心（1 项居民服务）")[1].split("\n\n")[0]
    assert "办理时限 1/1" in shili and "缺：" not in shili and "提示" not in shili
    xincun = out.split("新村街道党群服务中心（18 项居民服务）")[1].split("\n\n")[0]
    assert "办理地点 0/18" in xincun and "常见问题 0/18" in xincun
    assert "  18 项缺：办理地点、" in xincun  # the services grouped by what they lack, each on its line
    assert "    1.1 城乡居民医疗保险登记（content/offices/xincun/chengxiangjumin-yiliaobaoxian-dengji.yml）\n" in xincun
    assert "提示：办理地点、办理窗口、办理时间、节假日说明、咨询电话、咨询窗口可在 content/offices/xincun/office.yml" in xincun
    assert "\n杨家泊镇党群服务中心（23 项居民服务）\n" in out  # 30 items, 7 of them the centre's own duties


def test_report_page_is_for_editors_only(full_guide_site):
    page = full_guide_site / "editor/report/index.html"
    html = page.read_text("utf-8")
    text = main_text(page)
    assert "办事指南要素完整度" in text and "<table>" in main_html(page)
    assert squeeze("办理时限（time_limit）1/1") in text and squeeze("办理时限（time_limit）0/18") in text
    assert "report" not in (full_guide_site / "index.html").read_text("utf-8").split('<nav class="md-tabs"')[1].split("</nav>")[0]
    index = json.dumps(search_index(full_guide_site), ensure_ascii=False)
    assert "editor/report/" not in index and "要素完整度" not in index
    assert 'href="../../offices/xincun/chengxiangjumin-yiliaobaoxian-dengji/"' in html


def test_editor_guide_shows_the_full_example_as_tested():
    """The Chinese editor's guide carries the fixture's fully filled service word for word."""
    from conftest import FULL_GUIDE, ROOT

    guide_text = (ROOT / "content/pages/editor/index.md").read_text("utf-8")
    example = (FULL_GUIDE / "offices/shili/shehuibaozhang-ka-shenling.yml").read_text("utf-8").split("\n", 1)[1]
    assert f"```yaml\n{example}```" in guide_text
    for key in elements.ELEMENTS:
        assert f"`{key}`" in guide_text, key


def test_progress_query_link_shows_without_a_result(full):
    """A query_url is shown on its own: it used to appear only when 办理结果 or 送达方式 was set."""
    from dataclasses import replace

    from generator.catalogue.model import Catalogue
    from generator.website.render import render_site

    catalogue = load_catalogue(full)
    service = replace(full_service(catalogue), result="", more=())
    catalogue = Catalogue(catalogue.offices, [service if s is full_service(catalogue) else s for s in catalogue.services],
                          catalogue.themes, catalogue.topics)
    path = urls.service(*FULL_SERVICE)
    [page] = render_site(catalogue, only={path})
    assert "## 办理结果" in page.markdown and "**进度查询**" in page.markdown
    assert "https://zwfw.example.gov.cn/shebaoka/chaxun" in page.markdown and "**结果**" not in page.markdown


def test_report_leads_with_one_line_per_office_and_runs_with_errors(content_copy):
    import subprocess
    import sys

    broken = content_copy / "offices/xincun/shiye-baoxianjin-shenling.yml"
    broken.write_text(broken.read_text("utf-8") + "phone: 12\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content_copy), "report"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("内容检查发现 1 个问题") and "shiye-baoxianjin-shenling.yml" in lines[1] and "phone" in lines[1]
    overview = lines[lines.index("居民还看不到的（先补收益最大的机构）："):][1:3]
    # the office with most to gain first: 23 services of 杨家泊镇 before the 17 of 新村 that loaded
    assert overview[0].startswith("  杨家泊镇党群服务中心（23 项）：23 项没有办理地点")
    assert overview[1].startswith("  新村街道党群服务中心（17 项）") and "office.yml 填写一次" in overview[1]
