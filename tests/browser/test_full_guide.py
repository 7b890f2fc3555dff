"""The fully filled example service (every guide element, 12 materials, 8 steps, 4 FAQ) as a
resident's phone shows it, as search finds it, and as the notice board prints it."""
import re

import pytest

from conftest import FULL_SERVICE
from generator.website import urls
from tests.browser.test_print import pdf_of, pdf_pages, pdf_text
from tests.browser.test_search import top_results

PHONE = {"width": 375, "height": 667}
PATH = urls.page_url(urls.service(*FULL_SERVICE))
EXPECTED = "offices/" + "/".join(FULL_SERVICE)


def test_phone_no_horizontal_scroll_and_enquiry_phone_leads(new_page, full_guide_url):
    page = new_page(**PHONE)
    page.goto(full_guide_url + PATH)
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    first_tel = page.locator('article a[href^="tel:"]').first
    assert first_tel.get_attribute("href") == "tel:+862266668888"  # the enquiry line, not the complaint line
    box = first_tel.bounding_box()
    assert box["height"] >= 44 and box["y"] < 900  # a thumb-sized button near the top of the page
    for link in page.locator(".sg-download a").all():
        assert link.bounding_box()["height"] >= 24


@pytest.mark.parametrize("width", [375, 1280])
def test_online_service_is_a_button_at_the_top_and_not_on_paper(new_page, full_guide_url, width):
    page = new_page(width=width, height=800)
    page.goto(full_guide_url + PATH)
    button = page.locator("article a.sg-online-button")
    assert button.count() == 1 and button.inner_text() == "在线办理"
    assert button.get_attribute("href") == "https://zwfw.example.gov.cn/shebaoka"
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44 and box["y"] < 400  # above the facts, thumb-sized
    page.emulate_media(media="print")
    assert not button.is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_clean(new_page, full_guide_url, width):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(width=width, height=800)
    page.goto(full_guide_url + PATH)
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad


def test_found_by_place_and_convenience_words(browser, full_guide_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(full_guide_url)
    page.locator('label[for="__search"]').first.click()
    for query in ("示例路", "社保卡 网上办", "社保卡不收费", "最多跑一次", "即办"):
        assert EXPECTED in top_results(page, query), query
    page.close()


def test_prints_on_two_pages_with_the_facts(browser, full_guide_url, tmp_path):
    page = browser.new_page()
    pdf = pdf_of(page, full_guide_url, PATH, tmp_path / "full.pdf")
    page.close()
    pages = pdf_pages(pdf)
    print(f"\nfully filled service: {pages} printed page(s)")
    assert pages <= 2
    text = pdf_text(pdf)
    for value in ("滨海新区示例路88号党群服务中心一楼大厅", "周一至周五9:00-12:00", "当场办结（即时制卡）",
                  "自受理之日起20个工作日内办结", "不收费", "022-66668888", "最多跑1次",
                  "https://zwfw.example.gov.cn/shebaoka", "原件、复印件·1份", "社保卡丢了怎么办"):
        assert re.sub(r"\s+", "", value) in text, value
    assert "下载空白表格" not in text  # a link to a file is no use on paper
