"""The footer every Chinese government page carries: each field, each publish-check message, the
shipped example values shown as examples, and the readable site map."""
import re
import subprocess
import sys

import pytest

from conftest import build_site, make_publishable
from generator.website.site_identity import SiteIdentityError, publishing_problems, site_identity
from sitehelpers import squeeze

REAL = dict(sponsor="天津市滨海新区新村街道办事处", organizer="新村街道党群服务中心", phone="022－25869855",
            email="xincunjd@binhai.gov.cn", site_code="1201160012", icp="津ICP备05004365号-1",
            police="津公网安备12011602000123号")


def test_real_values_are_accepted_and_written_one_way():
    identity = site_identity(government_site=True, **REAL)
    assert identity.phone == "022-25869855" and identity.phone_tel == "tel:+862225869855"
    assert identity.police == "津公网安备 12011602000123号"
    assert identity.police_lookup == "https://beian.mps.gov.cn/#/query/webSearch?code=12011602000123"
    assert identity.icp_lookup == "https://beian.miit.gov.cn/"
    assert publishing_problems(identity) == []


@pytest.mark.parametrize("field, value, expected", [
    ("icp", "ICP备05004365号", "ICP 备案号“ICP备05004365号”写法不对，应如 津ICP备05004365号"),
    ("icp", "津ICP证030173号", "ICP 备案号“津ICP证030173号”写法不对"),
    ("icp", "津ICP备05004365", "写法不对"),
    ("police", "津公网安备 1201160200012号", "公安机关备案号“津公网安备 1201160200012号”写法不对，应如 津公网安备 12011602000123号（14 位数字）"),
    ("police", "12011602000123", "公安机关备案号“12011602000123”写法不对"),
    ("site_code", "120116001", "网站标识码“120116001”写法不对，应10 位字母或数字"),
    ("site_code", "12011600１2", "网站标识码"),
    ("phone", "2586985", "联系电话“2586985”写法不对，应如 022-25869855"),
    ("email", "xincunjd.binhai.gov.cn", "联系邮箱“xincunjd.binhai.gov.cn”写法不对"),
])
def test_an_impossible_form_is_refused_naming_the_field_and_the_expected_form(field, value, expected):
    with pytest.raises(SiteIdentityError) as raised:
        site_identity(**{**REAL, field: value})
    assert expected in str(raised.value)


def test_an_unknown_setting_is_named():
    with pytest.raises(SiteIdentityError, match="不认识的设置 beian"):
        site_identity(beian="津ICP备05004365号")


@pytest.mark.parametrize("field, label", [("sponsor", "主办单位"), ("site_code", "网站标识码"),
                                          ("icp", "ICP 备案号"), ("police", "公安机关备案号")])
def test_a_government_site_lacking_a_required_field_is_not_ready(field, label):
    identity = site_identity(government_site=True, **{**REAL, field: ""})
    [problem] = publishing_problems(identity)
    assert f"政府网站页脚缺少{label}（mkdocs.yml 的 service-guide.site）" in problem
    # a site that does not say it is a government site may leave the filings out
    assert publishing_problems(site_identity(**{**REAL, field: ""})) == []


def test_a_government_site_needs_a_phone_or_an_email():
    assert publishing_problems(site_identity(government_site=True, **{**REAL, "phone": ""})) == []
    [problem] = publishing_problems(site_identity(government_site=True, **{**REAL, "phone": "", "email": ""}))
    assert "缺少联系电话或联系邮箱" in problem


def test_example_values_are_never_ready():
    [problem] = publishing_problems(site_identity(example=True, **REAL))
    assert "页脚信息仍是示例值（service-guide.site.example: true）" in problem
    [problem] = publishing_problems(site_identity(**{**REAL, "sponsor": "××区××街道办事处",
                                                     "email": "zwfw@example.gov.cn"}))
    assert "页脚的主办单位、联系邮箱看起来是示例值" in problem


def test_the_shipped_footer_says_its_values_are_examples(built_site):
    page = (built_site / "offices/xincun/index.html").read_text("utf-8")
    footer = page[page.index('<div class="md-copyright sg-site-footer">'):]
    text = squeeze(re.sub(r"<[^>]+>", " ", footer))
    assert text.startswith("以下主办单位、联系方式和备案号是示例，不是真实信息。")
    for shown in ("主办单位：天津市滨海新区××街道办事处", "承办单位：××街道党群服务中心", "联系电话：022-66000000",
                  "网站标识码：0000000000", "津ICP备00000000号", "津公网安备00000000000000号", "网站地图"):
        assert shown in text, shown


def test_a_real_footer_on_every_page_links_its_filings(project_copy, tmp_path):
    make_publishable(project_copy)
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = [p for p in (tmp_path / "site").rglob("*.html")]
    assert len(pages) > 70
    for page in pages:
        html = page.read_text("utf-8")
        assert "津ICP备05004365号-1" in html and "网站标识码：1201160012" in html, page
    html = (tmp_path / "site/offices/xincun/wengang-butie/index.html").read_text("utf-8")
    footer = html[html.index('<div class="md-copyright sg-site-footer">'):]
    assert "示例" not in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">津ICP备05004365号-1</a>' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=12011602000123"' in footer
    icon = re.search(r'<img src="([^"]+)" alt="" width="16" height="16">津公网安备 12011602000123号', footer).group(1)
    assert icon == "../../../assets/images/beian-police.svg"  # shipped with the site, never fetched from elsewhere
    assert (tmp_path / "site/assets/images/beian-police.svg").is_file()
    assert '<a href="tel:+862225869855">022-25869855</a>' in footer and "mailto:xincunjd@binhai.gov.cn" in footer
    assert '<a href="../../../site-map/">网站地图</a>' in footer


def test_an_impossible_footer_value_stops_the_build_and_publish_check(project_copy, tmp_path):
    config = make_publishable(project_copy)
    config.write_text(config.read_text("utf-8").replace("津ICP备05004365号-1", "津备05004365"), "utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("已发布", "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs.yml 的 service-guide.site：ICP 备案号“津备05004365”写法不对，应如 津ICP备05004365号" in result.stderr
    assert (tmp_path / "site/index.html").read_text("utf-8") == "已发布"  # the published site stays as it was
    check = _publish_check(project_copy)
    assert check.returncode == 1 and "ICP 备案号“津备05004365”写法不对" in check.stderr


def test_publish_check_names_every_missing_field(project_copy):
    config = make_publishable(project_copy)
    text = config.read_text("utf-8")
    for line in ("        site_code: \"1201160012\"", "        police: 津公网安备 12011602000123号"):
        text = re.sub(re.escape(line) + r".*\n", "", text)
    config.write_text(text, "utf-8")
    check = _publish_check(project_copy)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "政府网站页脚缺少网站标识码、公安机关备案号（mkdocs.yml 的 service-guide.site）" in check.stderr


def test_publish_check_refuses_the_shipped_example_footer(project_copy):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("https://banshi.example.cn/", "https://banshi.binhai.gov.cn/"),
                      "utf-8")
    check = _publish_check(project_copy)
    assert check.returncode == 1 and "页脚信息仍是示例值" in check.stderr and "site_url" not in check.stderr


def test_the_site_map_lists_every_column_journey_theme_office_and_service(built_site):
    from generator.catalogue.load import load_catalogue
    from conftest import CONTENT

    catalogue = load_catalogue(CONTENT)
    html = (built_site / "site-map/index.html").read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    for column in ("首页", "办事机构", "服务对比", "法律依据", "材料索引", "开放数据"):
        assert f">{column}</a>" in article, column
    for journey in catalogue.journeys.values():
        assert f">{journey.title}</a>" in article
    for office in catalogue.offices.values():
        assert f'href="../offices/{office.id}/">{office.name}</a>' in article
    for service in catalogue.services:
        link = f'href="../offices/{service.office_id}/{service.id}/"'
        assert (link in article) == (not service.internal), service.id
    assert "编辑人员指南" not in article  # the editors' pages stay out of what residents browse


def _publish_check(root):
    return subprocess.run([sys.executable, "-m", "generator", "--content", "content", "publish-check"],
                          cwd=root, capture_output=True, text=True)
