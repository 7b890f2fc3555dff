"""The real content built with MkDocs: every page there, every field shown, links that hold."""
import json
import shutil
import os
import posixpath
import re
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import pytest

from bench.serving import free_port, wait_for
from conftest import CONTENT, ROOT, build_site, make_publishable
from generator.catalogue.ids import is_office_page_name
from generator.website import urls
from generator.catalogue.load import load_catalogue
from generator.website.listings import citation_key, legal_index, shared_topics
from generator.website.render import RenderOptions, render_site
from sitehelpers import main_html, main_text, read_page, search_index, squeeze

CATALOGUE = load_catalogue(CONTENT)


def html_path(site: Path, page_path: str) -> Path:
    return site / urls.page_url(page_path) / "index.html"


def test_page_counts(built_site):
    services = list(built_site.glob("offices/*/*/index.html"))
    services = [p for p in services if not is_office_page_name(p.parent.name)]
    assert len(services) == 48
    assert len(list(built_site.glob("offices/*/index.html"))) == 2
    shared = shared_topics(CATALOGUE)
    assert len(shared) >= 10
    for topic in shared:
        assert html_path(built_site, urls.comparison(topic.id)).exists()
    for page in (urls.LEGAL, urls.MATERIALS, urls.COMPARE, urls.EDITOR_GUIDE):
        assert html_path(built_site, page).exists()


def _internal_links(site: Path, page: Path) -> list[Path]:
    out = []
    base = page.parent.relative_to(site).as_posix()
    for href in read_page(page).links:
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
        path = site / target
        out.append(path / "index.html" if not target.endswith(".html") else path)
    return out


def test_everything_reachable_from_home(built_site):
    seen, queue = set(), deque([built_site / "index.html"])
    while queue:
        page = queue.popleft()
        if page in seen or not page.exists() or page.suffix != ".html":
            continue
        seen.add(page)
        queue.extend(_internal_links(built_site, page))
    expected = {html_path(built_site, urls.service(s.office_id, s.id)) for s in CATALOGUE.services}
    expected |= {html_path(built_site, urls.comparison(t.id)) for t in shared_topics(CATALOGUE)}
    expected |= {html_path(built_site, p) for p in (urls.LEGAL, urls.MATERIALS, urls.office("xincun"),
                                                    urls.office("yangjiabo"), urls.booklet("xincun"))}
    assert not expected - seen


def test_every_field_of_every_service_is_on_its_page(built_site):
    for s in CATALOGUE.services:
        text = main_text(html_path(built_site, urls.service(s.office_id, s.id)))
        values = [s.name, s.title, s.number, s.implementing_body, s.boundary, CATALOGUE.offices[s.office_id].name]
        values += [e.text for e in s.legal_basis]
        values += list(s.process.steps) + [v.name for v in s.process.variants]
        values += [step for v in s.process.variants for step in v.steps] + [s.process.intro]
        values += list(s.materials.all_items()) + [g.name for g in s.materials.groups] + [s.materials.text]
        values += [g.intro for g in s.materials.groups] + [s.materials.intro]
        values += list(s.responsibility) if isinstance(s.responsibility, tuple) else [s.responsibility]
        values += [c.label for c in s.supervision] + [c.phone for c in s.supervision if c.phone]
        for value in filter(None, values):
            assert squeeze(value) in text, f"{s.source}: {value!r} not on the page"


def test_phone_is_a_tel_link(built_site):
    page = html_path(built_site, urls.service("yangjiabo", "shiye-baoxianjin-shenling"))
    assert 'href="tel:+862267259291"' in main_html(page)  # international form: dials from any SIM


def test_every_citation_is_indexed_and_links_back(built_site):
    """Every citation of a resident's service (the centre's own duties are on its staff view)."""
    legal = html_path(built_site, urls.LEGAL)
    source = main_html(legal)
    docs = legal_index(CATALOGUE)
    checked = 0
    for s in CATALOGUE.services:
        if s.internal:
            continue
        service_url = "/" + urls.page_url(urls.service(s.office_id, s.id))
        for entry in s.legal_basis:
            for c in entry.citations:
                anchor = urls.anchor(citation_key(c, docs))
                section = re.search(rf'id="{anchor}".*?(?=<h[23] |\Z)', source, re.S)
                assert section, f"{c} has no entry in the legal index"
                hrefs = re.findall(r'href="([^"]+)"', section.group(0))
                resolved = {posixpath.normpath(posixpath.join("/legal/", h)) + "/" for h in hrefs}
                assert service_url in resolved, f"{c}: no link back to {service_url}"
                # and the service page links to that entry
                page = main_html(html_path(built_site, urls.service(s.office_id, s.id)))
                assert f"legal/#{anchor}" in page
                checked += 1
    assert checked > 70  # 79 citations of resident services in the shipped content


def test_doc_number_variants_are_one_entry(built_site):
    text = main_text(html_path(built_site, urls.LEGAL))
    assert text.count("文号：津人社办发〔2020〕91号") == 1
    assert "﹝2020﹞91号" not in text


def test_legal_index_groups_and_issuers(built_site):
    text = main_text(html_path(built_site, urls.LEGAL))
    for group in ("法律", "市级部门", "市委、市政府", "滨海新区"):
        assert squeeze(group) in text
    assert "发文机关：市医保局" in text and "发文机关：市政府" in text
    assert "《中华人民共和国劳动争议调解仲裁法》" in text


def test_comparisons_show_both_offices(built_site):
    for topic in shared_topics(CATALOGUE):
        html = main_html(html_path(built_site, urls.comparison(topic.id)))
        for s in CATALOGUE.services_of_topic(topic.id):
            assert f"../../offices/{s.office_id}/{s.id}/" in html
    card = main_html(html_path(built_site, urls.comparison("shehui-baozhang-ka")))
    assert "<mark>90KB</mark>" in card and "<mark>120Kb</mark>" in card
    medical = main_html(html_path(built_site, urls.comparison("chengxiang-yibao-canbao")))
    only = re.findall(r'仅此机构</span>([^<]*)', medical)
    assert any("居住证" in o for o in only)


def test_materials_index_merges_spellings(built_site):
    text = main_text(html_path(built_site, urls.MATERIALS))
    assert "居民身份证" in text and "社会保障卡" in text
    html = main_html(html_path(built_site, urls.MATERIALS))
    section = re.search(r'id="mat-[0-9a-f]+">居民身份证.*?(?=<h2)', html, re.S).group(0)
    assert section.count("<li>") >= 30  # 身份证原件 / 居民身份证 / 本人身份证 … are one entry


def test_internal_duties_stay_out_of_resident_lists_but_not_out_of_the_data(built_site):
    """The centre's own duties (marked by the office or recognised by the importer) are listed on the
    staff view only; their pages and the open data keep them."""
    duties = ["做好中心印章管理工作", "根治欠薪，实现欠薪案件动态清零。", "全面参保计划工作的资源排查、入户调查工作"]
    resident_pages = ["index.html", "offices/yangjiabo/index.html", "offices/yangjiabo/booklet/index.html",
                      "themes/laodong-guanxi/index.html"]
    for page in resident_pages:
        text = main_text(built_site / page)
        for duty in duties:
            assert duty not in text, (page, duty)
    staff = main_html(html_path(built_site, urls.office_staff("yangjiabo")))
    listed, internal = staff.split('id="internal"')
    assert all(d in internal for d in duties) and "失业保险金申领" in listed
    assert ">3-1<" in listed  # 序号 live here, not on residents' pages
    assert "做好中心印章管理工作" in (built_site / "data/catalogue.json").read_text("utf-8")
    assert (built_site / "offices/yangjiabo/zuohao-zhongxin-yinzhang-guanligongzuo/index.html").exists()


def test_resident_pages_carry_no_staff_numbers(built_site):
    office = main_text(html_path(built_site, urls.office("yangjiabo")))
    assert "3-1" not in office and "失业保险金申领" in office and "工作人员视图" in office
    page = main_html(html_path(built_site, urls.service("yangjiabo", "shiye-baoxianjin-shenling")))
    meta = re.search(r'<p class="sg-meta">.*?</p>', page, re.S).group(0)
    assert "序号" not in meta and "3-1" not in meta
    assert "<strong>序号</strong>：3-1（杨家泊镇党群服务中心事项清单）" in page.split('class="sg-staff"')[1]


def test_editor_guide_out_of_navigation(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    nav = re.search(r'<nav class="md-tabs".*?</nav>', home, re.S).group(0)
    assert "editor" not in nav and "法律依据" in nav


def test_escaping(project_copy, tmp_path):
    path = project_copy / "content/offices/yangjiabo/shiye-baoxianjin-shenling.yml"
    text = path.read_text("utf-8")
    text = text.replace("name: 失业保险金申领", "name: <script>alert(1)</script>失业保险金申领")
    text = text.replace("    - 银行账号", "    - '**粗体** [链接](http://evil.example) # 标题 {: .x } <b>b</b> &amp; 1. 2.'")
    path.write_text(text, "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site/offices/yangjiabo/shiye-baoxianjin-shenling/index.html"
    html = page.read_text("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<script>alert(1)</script>失业保险金申领" in main_text(page)  # shown as text
    body = main_html(page)
    assert "evil.example" not in re.findall(r'href="([^"]*)"', body).__str__()
    assert "<strong>粗体</strong>" not in body and "<b>b</b>" not in body
    assert squeeze("**粗体** [链接](http://evil.example) # 标题 {: .x } <b>b</b> &amp; 1. 2.") in main_text(page)


def test_render_is_deterministic():
    options = RenderOptions(site_url="https://example.cn/", updated={})
    first = [(p.path, p.markdown) for p in render_site(CATALOGUE, options)]
    second = [(p.path, p.markdown) for p in render_site(load_catalogue(CONTENT), options)]
    assert first == second


def test_two_builds_are_identical(built_site, tmp_path):
    result = build_site(ROOT, tmp_path / "again")
    assert result.returncode == 0
    for page in built_site.rglob("*.html"):
        twin = tmp_path / "again" / page.relative_to(built_site)
        assert page.read_bytes() == twin.read_bytes(), page
    pieces = sorted(p.relative_to(built_site) for p in (built_site / "search").rglob("*.json"))
    assert len(pieces) > 10 and pieces == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again/search").rglob("*.json"))
    for piece in pieces:  # the search index and its pieces
        assert (built_site / piece).read_bytes() == (tmp_path / "again" / piece).read_bytes(), piece


def test_content_error_stops_build_with_message(project_copy, tmp_path):
    path = project_copy / "content/offices/xincun/shiye-baoxianjin-shenling.yml"
    path.write_text(path.read_text("utf-8").replace("materials:", "materails:"), "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "content/offices/xincun/shiye-baoxianjin-shenling.yml:" in result.stderr
    assert "是否想写“materials”" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site/index.html").exists()


def test_template_error_is_reported_not_raised(project_copy, tmp_path):
    (project_copy / "overrides/pages").mkdir(parents=True, exist_ok=True)
    (project_copy / "overrides/pages/office.md.j2").write_text("# {{ office.name }\n", "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "模板错误" in result.stderr and "office.md.j2" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_override(project_copy, tmp_path):
    (project_copy / "overrides/pages").mkdir(parents=True, exist_ok=True)
    (project_copy / "overrides/pages/offices.md.j2").write_text("---\ntitle: 机构\n---\n\n# 自定义机构列表\n", "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "自定义机构列表" in (tmp_path / "site/offices/index.html").read_text("utf-8")
    assert not (tmp_path / "site/pages").exists()  # the template itself is not published


def test_serve_picks_up_edits_and_survives_errors(project_copy):
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cfg = project_copy / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("site_url: https://banshi.example.cn/", "site_url: ''"), "utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/offices/yangjiabo/shiye-baoxianjin-shenling/"
        assert wait_for(url, "失业保险金申领", 60) is not None
        path = project_copy / "content/offices/yangjiabo/shiye-baoxianjin-shenling.yml"
        good = path.read_text("utf-8")
        path.write_text(good.replace("- 银行账号", "- 银行账号（本人名下）"), "utf-8")
        assert wait_for(url, "银行账号（本人名下）") is not None
        path.write_text(good.replace("materials:", "materails:"), "utf-8")
        time.sleep(4)
        assert server.poll() is None, "serve exited on a content error"
        path.write_text(good.replace("- 银行账号", "- 银行账号（已修正）"), "utf-8")
        assert wait_for(url, "银行账号（已修正）") is not None
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "是否想写“materials”" in output


def test_service_pages_stay_small(built_site):
    """The navigation lists a few section pages, never every service: a page stays far under 100 KB."""
    sizes = {p: p.stat().st_size for p in built_site.glob("offices/*/*/index.html") if not is_office_page_name(p.parent.name)}
    assert max(sizes.values()) < 100_000, max(sizes.items(), key=lambda kv: kv[1])
    page = (built_site / "offices/xincun/wengang-butie/index.html").read_text("utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary'):page.index('<div class="md-content"')]
    assert "wengang-butie" not in nav and "shiye-baoxianjin" not in nav  # no service in the navigation


RAW_MARKDOWN = re.compile(r"<p>\s*\|[^<]*\||\|\s*:?-{3,}:?\s*\||\{:\s*[.#]|\{#[\w-]+|=== &quot;|=== \"|^!!! |\]\([^)]*\.md[#)]",
                          re.M)


def test_no_raw_markdown_on_any_page(built_site):
    """Every built page: Markdown syntax never shows as text in the article (a table's pipes, an
    attribute list, a tab or admonition marker, a link to a .md source)."""
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 70
    leaks = {}
    for page in pages:
        article = main_html(page)
        m = RAW_MARKDOWN.search(article)
        if m:
            leaks[page.relative_to(built_site).as_posix()] = m.group(0)[:60]
    assert not leaks, leaks


def test_page_structure(built_site):
    """Tables are tables, checklists are lists, steps are ordered lists."""
    compare = main_html(built_site / "compare/index.html")
    assert compare.count('<table class="sg-matrix">') == len(CATALOGUE.themes) - 1  # internal duties are not compared
    assert compare.count("<tr>") >= 30
    for s in CATALOGUE.services:
        html = main_html(html_path(built_site, urls.service(s.office_id, s.id)))
        if s.materials.all_items():
            assert re.search(r'<div class="sg-checklist[^"]*">\s*<ul>', html), s.source
        if s.process.steps or any(v.steps for v in s.process.variants):
            assert "<ol>" in html, s.source
    assert "<table>" in main_html(built_site / "editor/report/index.html")


def test_placeholder_site_url_warns_and_fails_the_publishing_check(project_copy):
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 0 and "site_url 仍是示例地址 https://banshi.example.cn/" in result.stderr
    check = subprocess.run([sys.executable, "-m", "generator", "--content", "content", "publish-check"],
                           cwd=project_copy, capture_output=True, text=True)
    assert check.returncode == 1 and "发布检查未通过" in check.stderr
    make_publishable(project_copy)
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 0 and "示例地址" not in result.stderr and "警告" not in result.stderr
    check = subprocess.run([sys.executable, "-m", "generator", "--content", "content", "publish-check"],
                           cwd=project_copy, capture_output=True, text=True)
    assert check.returncode == 0 and "https://banshi.binhai.gov.cn/" in check.stdout


def test_publish_check_warns_when_residents_would_have_nobody_to_ask(project_copy):
    config = make_publishable(project_copy)
    text = config.read_text("utf-8")
    config.write_text(text.replace('        phone: "12345"\n', '        phone: ""\n'), "utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "--content", "content", "publish-check"],
                           cwd=project_copy, capture_output=True, text=True)
    # services without a phone are a warning (an office may add them later); an office that says
    # nothing of where, when or whom, on a government site with no hotline, is a refusal
    assert check.returncode == 1 and "杨家泊镇党群服务中心没有公布办公地址、办公时间或咨询电话" in check.stderr
    assert "警告：mkdocs.yml 没有设置纠错方式（service-guide.corrections）也没有咨询热线" in check.stderr
    # neither office publishes an enquiry phone: 41 services for residents (7 are the office's own work)
    assert "警告：41 个事项本身和所属机构都没有咨询电话（" in check.stderr and "service-guide.hotline" in check.stderr


def test_dates_come_from_git_and_from_edits(project_copy):
    """A committed file carries its commit date; a file with uncommitted edits, the day it was saved."""
    import datetime as dt

    from generator.website.gitdates import last_changed

    env = dict(os.environ, GIT_COMMITTER_DATE="2024-05-06T12:00:00", GIT_AUTHOR_DATE="2024-05-06T12:00:00")
    for args in (["init", "-q"], ["add", "content"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c"]):
        subprocess.run(["git", *args], cwd=project_copy, env=env, check=True, capture_output=True)
    edited = project_copy / "content/offices/xincun/wengang-butie.yml"
    edited.write_text(edited.read_text("utf-8") + "\n", "utf-8")
    dates = last_changed(project_copy / "content")
    assert dates["content/offices/yangjiabo/shiye-baoxianjin-shenling.yml"] == "2024-05-06"
    assert dates["content/offices/xincun/wengang-butie.yml"] == dt.date.today().isoformat()


def test_search_index_carries_the_query_workers_help(built_site):
    config = search_index(built_site)["config"]
    # homophones of the index's own characters: 宝 and 报 sound like 保 (社宝卡 -> 社保卡)
    assert {"保", "宝", "报"} <= set(config["sg_pinyin"]["bao"])
    assert "行" in config["sg_pinyin"]["xing"] and "行" in config["sg_pinyin"]["hang"]
    every = "".join(config["sg_pinyin"].values())
    assert all(ch in every for word in config["sg_vocabulary"] for ch in word if "\u4e00" <= ch <= "\u9fff")
    assert config["sg_spoken"]["被裁员"] == ["失业"] and "怎么办" in config["sg_fillers"]
    # a phone downloads it: the table is a few tens of KB, not a dictionary
    assert len(json.dumps(config["sg_pinyin"], ensure_ascii=False).encode()) < 40_000


SHARED_PAGES = {  # one page of each type, and what its card must say
    "offices/yangjiabo/shiye-baoxianjin-shenling/index.html": ("失业保险金申领 · 杨家泊镇", ["杨家泊镇党群服务中心办理", "身份证或社会保障卡", "银行账号"]),
    "offices/xincun/index.html": ("新村街道党群服务中心", ["天津市滨海新区新村街道党群服务中心", "18 项服务"]),
    "offices/xincun/booklet/index.html": ("新村街道党群服务中心 · 办事须知（装订本）", ["打印装订"]),
    "offices/index.html": ("办事机构", ["新村街道党群服务中心", "杨家泊镇党群服务中心"]),
    "themes/shiye-baoxian/index.html": ("失业保险", ["失业保险金申领"]),
    "compare/index.html": ("各机构服务对比", ["材料"]),
    "compare/shehui-baozhang-ka/index.html": ("社会保障卡申领与补换 · 各机构对比", ["新村街道、杨家泊镇"]),
    "legal/index.html": ("法律依据索引", ["法规"]),
    "materials/index.html": ("材料索引", ["证件"]),
    "index.html": ("办事指南", ["带什么材料"]),
    "404.html": ("办事指南", ["办事指南"]),
}


def _meta(html: str) -> dict[str, str]:
    import html as html_lib

    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
    return {key: html_lib.unescape(value) for key, value in found}


@pytest.mark.parametrize("path", sorted(SHARED_PAGES))
def test_share_card_metadata(built_site, path):
    title, says = SHARED_PAGES[path]
    html = (built_site / path).read_text("utf-8")
    meta = _meta(html)
    assert meta["og:title"] == title
    assert meta["og:description"] == meta["description"] and all(s in meta["og:description"] for s in says), meta
    assert len(meta["og:description"]) <= 110
    assert meta["og:image"] == "https://banshi.example.cn/assets/images/share.png"
    assert (built_site / "assets/images/share.png").stat().st_size > 10_000
    assert meta["og:site_name"] == "办事指南" and meta["og:locale"] == "zh_CN"
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    if canonical:
        assert meta["og:url"] == canonical.group(1)
    else:
        assert path == "404.html" and "og:url" not in meta


def test_share_description_with_quotes_and_markup_stays_in_its_attribute(project_copy, tmp_path):
    path = project_copy / "content/offices/xincun/shehuibaozhang-ka-shenban.yml"
    text = path.read_text("utf-8").replace("  - 提供本人身份证原件", '  - 带"<b>户口本</b>"&原件', 1)
    path.write_text(text, "utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/offices/xincun/shehuibaozhang-ka-shenban/index.html").read_text("utf-8")
    assert _meta(html)["og:description"].startswith('新村街道党群服务中心办理；要带：带"<b>户口本</b>"&原件')
    assert "<b>户口本" not in html.split("</head>")[0]


def _set_corrections(project, email="", phone="", name=""):
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    for key, value in (("email", email), ("phone", phone), ("name", name)):
        text = re.sub(rf'(\n        {key}: )""', rf'\g<1>"{value}"', text, count=1)
    config.write_text(text, "utf-8")


def test_error_report_line_by_mail_and_phone(project_copy, tmp_path):
    from urllib.parse import parse_qs, unquote, urlsplit

    _set_corrections(project_copy, "jiucuo@example.gov.cn", "022－25869855", "新村街道综合办")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/offices/xincun/shehuibaozhang-ka-shenban/index.html").read_text("utf-8")
    footer = re.search(r'<div class="sg-footer"[^>]*>(.*?)</div>', html, re.S).group(1)
    mailto = re.search(r'href="(mailto:[^"]+)"', footer).group(1).replace("&amp;", "&")
    parts = urlsplit(mailto)
    query = parse_qs(parts.query)
    assert unquote(parts.path) == "jiucuo@example.gov.cn"
    assert query["subject"] == ["办事指南纠错：社会保障卡申办（新村街道）"]
    assert "https://banshi.example.cn/offices/xincun/shehuibaozhang-ka-shenban/" in query["body"][0]
    assert ">发邮件告诉我们</a>，或致电新村街道综合办" in footer and 'href="tel:+862225869855"' in footer


def test_error_report_line_falls_back_to_the_hotline_never_the_supervision_line(built_site):
    # mkdocs.yml sets no corrections contact but the city's 12345 hotline; the 监督电话 is for complaints
    html = (built_site / "offices/xincun/shehuibaozhang-ka-shenban/index.html").read_text("utf-8")
    footer = re.search(r'<div class="sg-footer"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "发现信息有误？请致电天津市12345政务服务便民热线" in footer and 'href="tel:12345"' in footer
    assert "022-25869855" not in footer and "监督" not in footer and "mailto:" not in footer


def test_a_page_without_an_enquiry_phone_says_so_and_names_the_hotline(built_site):
    # 杨家泊 publishes no enquiry phone: the page does not look complete, and gives the next contact
    html = main_html(html_path(built_site, urls.service("yangjiabo", "shiye-baoxianjin-shenling")))
    text = re.sub(r"<[^>]+>", "", html)
    assert "咨询：本事项未公布咨询电话，可拨打天津市12345政务服务便民热线 12345" in text
    assert re.search(r'<a[^>]*href="tel:12345"[^>]*>12345</a>', html)


def test_bad_error_report_email_stops_the_build(project_copy, tmp_path):
    _set_corrections(project_copy, "jiucuo at example")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "纠错邮箱“jiucuo at example”不是有效的邮箱地址" in result.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site.staging*"))


def test_page_chrome_is_not_searchable_and_offices_read_naturally(built_site):
    # the home page's search hint names 社保卡丢了 as an example: it must not make the home page a result
    index = search_index(built_site)
    home = "".join(d["text"] for d in index["docs"] if not d["location"].startswith(("offices", "compare", "legal",
                                                                                     "materials", "themes", "editor")))
    assert "社保卡丢了" not in home.replace("\u200b", "") and "例如" not in home.replace("\u200b", "")
    offices = main_text(built_site / "offices/index.html")
    assert "滨海新区，可办23项服务" in offices and "滨海新区镇" not in offices  # main_text drops spaces


def test_a_comparison_never_marks_no_materials_as_an_extra_requirement(built_site):
    html = main_html(html_path(built_site, urls.comparison("shiye-baoxianjin")))
    assert "按月申领：无需材料" in html
    assert not re.search(r"仅此机构</span>\s*按月申领：无需材料", html)
    assert "仅此机构" in html  # what one office alone asks is still flagged


def test_a_page_says_who_does_what_when_its_steps_name_another_body(built_site):
    """The office publishes the service; its steps may send the resident to the district bureau: the
    facts say both, each as what it is."""
    page = main_text(html_path(built_site, urls.service("yangjiabo", "shiye-baoxianjin-shenling")))
    assert "办理机构：杨家泊镇党群服务中心" in page
    assert "流程中的其他部门：各区人社局失业保险管理部门（哪一步在哪里办，请先咨询）" in page
    bureau = main_text(html_path(built_site, urls.service("yangjiabo", "gongyixing-gangweibutie-shenling")))
    assert "实施机构：区人社局" in bureau and "咨询受理：杨家泊镇党群服务中心" in bureau
    assert "办理机构" not in bureau
    # 新村街党群服务中心 is the office's own shorter spelling: no second body
    own = main_text(html_path(built_site, urls.service("xincun", "chuangye-peixun")))
    assert "办理机构：新村街党群服务中心" in own and "实施机构" not in own and "街党群服务中心（哪一步" not in own


def test_rendered_pages_build_with_plain_mkdocs_and_the_same_theme(project_copy, tmp_path):
    """The portable path: `service-guide render` writes the pages, MkDocs without our plugin builds
    them with the same overrides (no plugin, so no footer filings; the pages and links all there)."""
    pages = tmp_path / "pages"
    run = subprocess.run([sys.executable, "-m", "generator", "--content", "content", "render", str(pages),
                          "--site-url", "https://banshi.binhai.gov.cn/"], cwd=project_copy, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    config = (project_copy / "mkdocs.yml").read_text("utf-8")
    plain = config[:config.index("  - service-guide:")] + config[config.index("\nmarkdown_extensions"):]
    (project_copy / "mkdocs-plain.yml").write_text(plain.replace("docs_dir: content/pages", f"docs_dir: {pages}"), "utf-8")
    shutil.copytree(project_copy / "content/pages", pages, dirs_exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs-plain.yml", "-d", str(tmp_path / "site")],
                            cwd=project_copy, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "site/offices/yangjiabo/shiye-baoxianjin-shenling/index.html").read_text("utf-8")
    assert "失业保险金申领" in html and "网站地图</a>" in html and "网站标识码" not in html
