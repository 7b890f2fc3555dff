"""Resident queries typed into the real search box: the expected services are in the top 5."""
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from sitehelpers import search_index

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "search_queries.yml").read_text("utf-8"))
HIT_AT_5_TARGET = 0.95


def top_results(page, query: str, n: int = 5) -> list[str]:
    box = page.locator('input[data-md-component="search-query"]')
    box.fill("")
    box.press("End")
    # ready (not 正在初始化搜索引擎, the index still loading) and cleared of the last query's count
    page.wait_for_function("() => !/\\d|初始化/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)
    box.press("End")  # Material's search reacts to key events, not to fill()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.match(/\\d|没有/)", timeout=15000)
    links = page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "els => els.map(a => new URL(a.href).pathname)")
    return [link.strip("/") for link in links[:n]]


@pytest.fixture(scope="module")
def results(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page.goto(site_url)
    page.locator('label[for="__search"]').first.click()
    found = {}
    for q in QUERIES:
        found[q["query"]] = top_results(page, q["query"])
    titles = page.locator(".md-search-result__article h1").all_inner_texts()
    page.close()
    return found, titles


def page_of(expected: str) -> str:
    """"xincun/shiye-dengji" is a service page; "journeys/…" a journey's."""
    return expected if expected.startswith("journeys/") else f"offices/{expected}"


def is_miss(q, found) -> bool:
    got = found[q["query"]]
    if q.get("first") and (not got or got[0] != page_of(q["expect"][0])):
        return True
    return not all(page_of(e) in got for e in q["expect"])


def test_hit_at_5(results):
    found, _ = results
    misses = {q["query"]: (q["expect"], found[q["query"]]) for q in QUERIES if is_miss(q, found)}
    hit = 1 - len(misses) / len(QUERIES)
    print(f"\nhit@5 = {hit:.1%} over {len(QUERIES)} queries")
    for kind in sorted({q.get("kind", "plain") for q in QUERIES}):
        of_kind = [q for q in QUERIES if q.get("kind", "plain") == kind]
        missed = sum(q["query"] in misses for q in of_kind)
        print(f"  {kind}: {len(of_kind) - missed}/{len(of_kind)}")
    for query, (expected, got) in misses.items():
        print(f"  miss: {query}: expected {expected}, top 5 {got}")
    assert len(QUERIES) >= 30
    assert hit >= HIT_AT_5_TARGET, misses


def test_a_life_event_shows_its_journey_first_and_loose_words_reach_their_meaning(results):
    """生孩子要办什么 / 刚生了孩子 -> 给宝宝办医保 first; 我要开个小店 -> 创业担保贷款 (alias 开店贷款) first."""
    found, _ = results
    strict = [q for q in QUERIES if q.get("first") and q.get("kind") in ("journey", "spoken")]
    assert len(strict) >= 4
    assert not [(q["query"], found[q["query"]]) for q in strict if is_miss(q, found)]


def test_results_name_the_office(results):
    _, titles = results
    titles = [t.replace("\u200b", "") for t in titles]  # Material shows its word breaks as U+200B
    assert titles and any("（杨家泊镇）" in t for t in titles)


def test_internal_duties_never_rank_above_resident_services(browser, site_url):
    from conftest import CONTENT
    from generator.catalogue.load import load_catalogue

    catalogue = load_catalogue(CONTENT)
    internal = {f"offices/{s.office_id}/{s.id}" for s in catalogue.services if s.internal}
    resident = {f"offices/{s.office_id}/{s.id}" for s in catalogue.services if not s.internal}
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page.goto(site_url)
    page.locator('label[for="__search"]').first.click()
    checked = 0
    for query in ("盖章", "印章", "公章", "培训", "工作", "管理", "账户"):
        found = top_results(page, query, n=50)
        kinds = ["internal" if f in internal else "resident" for f in found if f in internal | resident]
        if "internal" in kinds and "resident" in kinds:
            checked += 1
        assert kinds == sorted(kinds, key=lambda k: k == "internal"), (query, found)
    page.close()
    assert checked >= 3  # the queries do mix both kinds


def _all_results(browser, site_url, whole: dict | None = None):
    """Top-5 locations and the first result's highlighted title and text, for every query; with
    `whole`, from that search_index.json, which Material's worker indexes itself."""
    import json

    page = browser.new_page(viewport={"width": 375, "height": 667})
    requested = []

    def route(r):
        path = urlparse(r.request.url).path
        if not r.request.url.startswith(site_url):
            r.abort()
        elif whole and path.endswith("/search/search_index.json"):
            r.fulfill(status=200, content_type="application/json", body=json.dumps(whole, ensure_ascii=False))
        else:
            requested.append(path)
            r.continue_()

    page.route("**/*", route)
    page.goto(site_url)
    page.locator('label[for="__search"]').first.click()
    found = {}
    for q in QUERIES:
        top = top_results(page, q["query"])
        first = page.locator("li.md-search-result__item").first
        found[q["query"]] = (top, first.inner_html() if top else "")
    page.close()
    return found, requested


def test_the_index_in_pieces_answers_as_materials_own(browser, site_url, built_site):
    """The index built at build time and fetched in pieces gives every query the results, order and
    highlighting that Material's worker gives with the index it builds itself from every document."""
    pieced, requested = _all_results(browser, site_url)
    assert any("/search/terms/" in path for path in requested) and any("/search/docs/" in path for path in requested)
    built_in_browser, requested = _all_results(browser, site_url, search_index(built_site))
    assert not any("/search/terms/" in path for path in requested)
    differ = {q: (pieced[q][0], built_in_browser[q][0]) for q in pieced if pieced[q] != built_in_browser[q]}
    for q, (a, b) in differ.items():
        print("\nDIFF", q, "\n  pieces", a, "\n  whole ", b, "\n  html", pieced[q][1][:700], "\n  HTML", built_in_browser[q][1][:700])
    assert not differ, differ
    assert sum("<mark" in html for _, html in pieced.values()) >= len(QUERIES) / 2  # highlighting works


def _open_search(page):
    opener = page.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():
        opener.click()  # a phone: the header's button opens the overlay
    else:
        page.locator(".md-search__input").click()


def _search(page, query: str):
    box = page.locator('input[data-md-component="search-query"]')
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.match(/\\d|没有/)", timeout=15000)
    page.wait_for_selector("[data-sg-search-help]", timeout=5000)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_search_that_finds_nothing_offers_a_next_tap(new_page, site_url, width):
    """低保 is not in this guide: the panel says so first and where to ask, then the themes, the offices
    and the 12345 hotline; search/help.json is fetched for the search, not for the page view."""
    page = new_page(width=width, height=800)
    fetched = []
    page.on("request", lambda r: fetched.append(urlparse(r.url).path))
    page.goto(site_url)
    assert not any(p.endswith("search/help.json") for p in fetched)
    _open_search(page)
    _search(page, "低保怎么办")
    help_box = page.locator("[data-sg-search-help]")
    text = help_box.inner_text()
    assert text.startswith("本指南未收录“最低生活保障（低保）”。请咨询户籍所在地的街道（乡镇）民政部门或社会救助窗口")
    assert "按主题找：社会保险" in text and "杨家泊镇党群服务中心" in text and "失业了怎么办" in text
    assert help_box.locator('a[href="tel:12345"]').count() >= 1
    # the panel comes right under the count, before any result
    order = page.evaluate("""() => { const m = document.querySelector('.md-search-result__meta');
        return m.nextElementSibling && m.nextElementSibling.hasAttribute('data-sg-search-help') }""")
    assert order
    for box in help_box.locator("a").all():
        assert box.bounding_box()["height"] >= 44, box.inner_text()
    assert any(p.endswith("search/help.json") for p in fetched)
    help_box.get_by_role("link", name="失业保险").click()
    page.wait_for_url("**/themes/shiye-baoxian/")


def test_a_search_with_results_ends_with_the_way_on(new_page, site_url):
    page = new_page(width=375, height=800)
    page.goto(site_url)
    _open_search(page)
    _search(page, "社保卡")
    assert page.locator("li.md-search-result__item").count() >= 2
    help_box = page.locator("[data-sg-search-help]")
    text = help_box.inner_text()  # a long list first says it was cut to the most relevant (共找到 N 项 …)
    assert "没找到要办的事？" in text.splitlines() and "本指南未收录" not in text
    last = page.evaluate("() => document.querySelector('.md-search-result').lastElementChild.hasAttribute('data-sg-search-help')")
    assert last
    _search(page, "xyzqwv")
    # the last query's count and panel stand until Material answers this one: wait for its panel
    page.wait_for_function("() => /xyzqwv/.test(document.querySelector('[data-sg-search-help]')?.textContent || '')")
    assert page.locator("[data-sg-search-help]").inner_text().startswith("没有找到与“xyzqwv”有关的服务")


SEARCH_DATA = ("search/search_index.json", "search/words/", "search/terms/", "search/docs/", "search/help.json",
               "/workers/", "/lunr/",
               "sg-search-help.js")


def _fetched(context) -> list[str]:
    """Paths the page and its workers request (a context sees the search worker's requests too)."""
    paths = []
    context.on("request", lambda r: paths.append(urlparse(r.url).path))
    return paths


@pytest.mark.parametrize("width", [375, 1280])
def test_search_data_is_fetched_on_intent_never_on_a_page_view(browser, site_url, width):
    """A page view downloads no search index, worker or help: they come when the resident turns to
    the search (taps the search button, the home page's search field, or the field itself)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    paths = _fetched(context)
    page.goto(site_url + "offices/yangjiabo/shiye-baoxianjin-shenling/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert not [p for p in paths if any(d in p for d in SEARCH_DATA)], paths
    _open_search(page)
    _search(page, "失业金")
    assert page.locator("li.md-search-result__item").count() > 0
    for data in ("search/search_index.json", "search/terms/", "search/docs/", "search/help.json"):
        assert any(data in p for p in paths), data
    assert not any("search/words/" in p for p in paths)  # a township's words come with search_index.json
    context.close()


def test_a_page_reached_from_a_result_highlights_the_words(browser, site_url):
    """Material marks the query's words on a page opened from a result (?h=): the index it needs is
    fetched for such a page without waiting for the search to be opened."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page.goto(site_url + "offices/yangjiabo/shiye-baoxianjin-shenling/?h=失业")
    page.wait_for_selector("article mark", timeout=15000)
    assert "失业" in page.locator("article mark").first.inner_text()
    context.close()


@pytest.mark.parametrize("how", ["insertText", "composition"])
def test_text_that_arrives_without_a_key_starts_the_search(new_page, site_url, how):
    """Voice input, an input method's composition or a paste from the menu put text in the box with
    no key pressed: the search starts all the same."""
    page = new_page(width=375, height=800)
    page.goto(site_url)
    _open_search(page)
    box = page.locator('input[data-md-component="search-query"]')
    box.wait_for(state="visible")
    box.focus()
    page.wait_for_timeout(300)  # Material has read the empty box on focus: only the text's events remain
    if how == "insertText":  # what a voice keyboard or a paste does: an input event, no keyup
        page.evaluate("""() => { const input = document.querySelector('.md-search__input'); input.focus();
            input.value = '社保卡'; input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: '社保卡'})) }""")
    else:  # an input method: input events while composing, then compositionend with the text
        page.evaluate("""() => { const input = document.querySelector('.md-search__input'); input.focus();
            input.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
            input.value = 'shebaoka'; input.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true}));
            input.value = '社保卡'; input.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '社保卡'})) }""")
    page.wait_for_function(
        "() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000)
    assert page.locator("li.md-search-result__item").count() >= 2
    assert "社会保障卡" in page.locator("li.md-search-result__item").first.inner_text()


def test_not_covered_never_contradicts_a_service_that_covers_it(browser, project_copy, tmp_path):
    """An imported 最低生活保障 service: the build warns that vocabulary.yml still lists 低保 as not
    covered, and a search for 低保 shows the service with no 本指南未收录 answer beside it."""
    from bench.serving import serve_folder
    from conftest import build_site

    folder = project_copy / "content/offices/yangjiabo"
    (folder / "dibao.yml").write_text("id: dibao\nname: 最低生活保障审核确认\naliases: [低保]\n"
                                      "implementing_body: 杨家泊镇党群服务中心\nnumber: '9-1'\nlegal_basis:\n- text: 《社会救助暂行办法》\n"
                                      "boundary: 镇负责受理\nprocess:\n  steps: [受理, 审核]\nmaterials:\n  items: [身份证]\n"
                                      "responsibility: 受理\nsupervision:\n- label: 杨家泊镇纪检办公室\n", "utf-8")
    run = build_site(project_copy, tmp_path / "site")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "“最低生活保障（低保）”列为本指南未收录，但事项“最低生活保障审核确认”" in run.stderr
    server, url = serve_folder(tmp_path / "site")
    try:
        page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
        page.goto(url)
        _open_search(page)
        _search(page, "低保")
        first = page.locator("li.md-search-result__item").first.inner_text().replace("\u200b", "")
        assert "最低生活保障审核确认" in first
        assert "本指南未收录" not in page.locator(".md-search-result").inner_text()
        assert page.locator(".md-search-result__terms").evaluate_all(
            "nodes => nodes.every(n => getComputedStyle(n).display === 'none')")  # no struck-through 缺少
    finally:
        server.shutdown()
