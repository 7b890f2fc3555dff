"""The built site as a resident's phone sees it: no sideways scrolling, usable tap targets,
accessible markup (axe-core), every internal link resolving, and no request leaving the machine."""
from urllib.parse import urljoin, urlparse

import pytest

PHONE = {"width": 375, "height": 667}
PAGES = {
    "home": "",
    "office": "offices/yangjiabo/",
    "service": "offices/xincun/wengang-butie/",
    "service-variants": "offices/yangjiabo/shiye-baoxianjin-shenling/",
    "comparison": "compare/shehui-baozhang-ka/",
    "compare-matrix": "compare/",
    "legal-index": "legal/",
    "materials-index": "materials/",
    "journey": "journeys/shiye-le-zenmeban/",
    "staff-view": "offices/yangjiabo/staff/",
    "open-data": "open-data/",
    "site-map": "site-map/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_horizontal_scroll_on_a_phone(new_page, site_url, name):
    page = new_page(**PHONE)
    page.goto(site_url + PAGES[name])
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: page is {overflow}px wider than the phone"


def test_tel_link_and_tap_targets_on_service_page(new_page, site_url):
    page = new_page(**PHONE)
    page.goto(site_url + "offices/yangjiabo/shiye-baoxianjin-shenling/")
    # the first number on the page is whom to ask (the city's hotline: 杨家泊 publishes no enquiry
    # phone), never the 纪检 complaint line, which stays under 监督投诉
    tel = page.locator('article a[href^="tel:"]').first
    assert tel.get_attribute("href") == "tel:12345"
    complaint = page.locator('article a[href="tel:+862267259291"]')
    assert complaint.count() == 1
    for link in (tel, complaint):
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    # every link in the article is at least 24px high (WCAG 2.2 target size, minimum)
    small = page.evaluate("""() => [...document.querySelectorAll('article a')]
        .filter(a => a.offsetParent !== null)
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
        .filter(([, h]) => h > 0 && h < 24)""")
    assert not small, small


@pytest.mark.parametrize("name", ["home", "office", "service", "comparison", "legal-index"])
def test_axe_no_serious_or_critical(new_page, site_url, name):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page()
    page.goto(site_url + PAGES[name])
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    print(f"\naxe {name}: {len(results.response['violations'])} violations, serious/critical: {bad}")
    assert not bad


def test_every_internal_link_resolves(built_site, site_url):
    """Crawl the whole built site (every HTML file), following every internal link and anchor."""
    from sitehelpers import read_page

    pages = {p.relative_to(built_site).as_posix(): read_page(p) for p in built_site.rglob("*.html")}
    broken = []
    checked = 0
    for rel, parsed in pages.items():
        url = urljoin(site_url, rel)
        for href in parsed.links:
            target = urljoin(url, href)
            if not target.startswith(site_url):
                continue
            parts = urlparse(target)
            path = parts.path[len(urlparse(site_url).path):]
            file = path + "index.html" if path.endswith("/") or not path else path
            checked += 1
            if file not in pages and not (built_site / file).exists():
                broken.append((rel, href))
            elif parts.fragment and file in pages and parts.fragment not in pages[file].ids:
                broken.append((rel, href))
    print(f"\nlink crawl: {len(pages)} pages, {checked} internal links checked, {len(broken)} broken")
    assert checked > 1000 and not broken, broken[:20]


def test_no_external_requests(new_page, site_url, blocked_requests):
    for path in PAGES.values():
        page = new_page(**PHONE)
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert blocked_requests == []


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_home_search_field_puts_the_cursor_in_search(new_page, site_url, viewport):
    page = new_page(**viewport)
    page.goto(site_url)
    page.locator(".sg-search-button").click()
    page.wait_for_function("() => document.activeElement.dataset.mdComponent === 'search-query'", timeout=5000)
    page.keyboard.type("失业金")
    page.keyboard.press("End")
    page.wait_for_selector("li.md-search-result__item", timeout=15000)
    shown = page.locator(".md-search-result__list").inner_text().replace("\u200b", "")
    assert "失业保险金申领" in shown
    assert "sgt" not in shown  # the topic words that rank results are never shown


@pytest.mark.parametrize("viewport, layout", [(PHONE, "block"), ({"width": 1280, "height": 800}, "table-row")])
def test_comparison_overview_is_a_table_or_cards(new_page, site_url, viewport, layout):
    page = new_page(**viewport)
    page.goto(site_url + "compare/")
    rows = page.locator("table.sg-matrix tbody tr")
    assert rows.count() >= 30
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == layout
    if layout == "block":  # each card names the office beside the service
        label = rows.first.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
        assert "新村街道" in label
    assert "|---|" not in page.locator("article").inner_text()
    # every service is named (not a bare 序号) and is a thumb-sized target
    sizes = page.evaluate("""() => [...document.querySelectorAll('table.sg-matrix td a')]
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().width, a.getBoundingClientRect().height])""")
    assert len(sizes) >= 40
    assert not [s for s in sizes if s[1] < 44 or s[2] < 44 or s[0].replace(".", "").replace("-", "").isdigit()], sizes


@pytest.mark.parametrize("path", ["offices/xincun/wengang-butie/", "offices/yangjiabo/shiye-baoxianjin-shenling/"])
def test_variant_tabs_on_a_phone(browser, site_url, path):
    """Tapping each variant shows its steps, marks it (the bar under that label) and reads at body size."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(site_url + path)
    labels = page.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    assert labels.count() >= 2
    body_size = page.evaluate("() => getComputedStyle(document.querySelector('article p, article li')).fontSize")
    # one row: Material draws the "selected" bar along the bottom of the row, under the right label
    tops = labels.evaluate_all("els => els.map(e => e.offsetTop)")
    assert len(set(tops)) == 1, tops
    order = list(range(labels.count())) + [0]  # and back to the first
    for i in order:
        labels.nth(i).scroll_into_view_if_needed()
        labels.nth(i).tap()
        page.wait_for_timeout(300)
        state = page.evaluate("""i => {
            const set = document.querySelector('.tabbed-set')
            const label = set.querySelectorAll(':scope > .tabbed-labels > label')[i]
            const bar = getComputedStyle(set.querySelector(':scope > .tabbed-labels'))
            const blocks = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
            return {checked: set.querySelectorAll(':scope > input')[i].checked,
                    shown: blocks.map(b => b.offsetParent !== null),
                    bar: parseFloat(bar.getPropertyValue('--md-indicator-x')), left: label.offsetLeft,
                    size: getComputedStyle(label).fontSize, height: label.getBoundingClientRect().height}
        }""", i)
        assert state["checked"] and state["shown"] == [j == i for j in range(labels.count())], (i, state)
        assert abs(state["bar"] - state["left"]) < 1, (i, state)
        assert state["size"] == body_size and state["height"] >= 44
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_home_tap_targets(new_page, site_url):
    """Theme topics and the editor's link are thumb-sized on a phone, and never break mid-word."""
    page = new_page(**PHONE)
    page.goto(site_url)
    sizes = page.evaluate("""() => [...document.querySelectorAll('.sg-topics a, .sg-editor-link a')]
        .map(a => { const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.height, r.width,
                    a.getClientRects().length] })""")
    assert len(sizes) >= 30  # every resident topic, and the editor link
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert not small, small
    assert all(rects == 1 for text, _, _, rects in sizes if len(text) <= 12)  # a short name stays on one line


def test_404_page_and_footer_in_chinese(new_page, site_url):
    page = new_page(**PHONE)
    page.goto(site_url + "404.html")
    assert page.locator("article h1").inner_text() == "找不到这个页面"
    assert page.locator("article a", has_text="回到首页").get_attribute("href") == "/."
    page.locator(".sg-search-button").click()
    page.wait_for_function("() => document.activeElement.dataset.mdComponent === 'search-query'", timeout=5000)
    footer = page.locator("footer").inner_text()
    assert "Made with" not in footer and "内容来自各街镇党群服务中心公开的信息表" in footer


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_a_service_says_where_and_whom_and_its_journey_step(new_page, site_url, viewport):
    """杨家泊 失业保险金申领 as a resident sees it: where (said plainly when unknown), whom to call (12345,
    never the supervision line), the body its steps name, and its place in 失业了怎么办 one tap away."""
    page = new_page(**viewport)
    page.goto(site_url + "offices/yangjiabo/shiye-baoxianjin-shenling/")
    facts = page.locator(".sg-facts").inner_text()
    assert "去哪办：杨家泊镇党群服务中心（未公布地址）" in facts and "办理时间：未公布" in facts
    assert "可拨打天津市12345政务服务便民热线" in facts and "022-67259291" not in facts
    assert "流程中的其他部门：各区人社局失业保险管理部门" in facts
    meta = page.locator(".sg-meta").first.inner_text()
    assert "序号" not in meta and "3-1" not in meta
    step = page.locator(".sg-journey-link a")
    assert step.bounding_box()["height"] >= 44
    step.click()
    page.wait_for_url("**/journeys/shiye-le-zenmeban/#step-2")
    for link in page.locator(".sg-journey a").all():
        box = link.bounding_box()
        assert box["height"] >= 44, link.inner_text()
    assert page.locator(".sg-journey-step h2").all_inner_texts()[1].startswith("第 2 步")
