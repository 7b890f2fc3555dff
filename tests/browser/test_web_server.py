"""A resident's visit through nginx, under the portal's sub-path and its Content-Security-Policy: the
home page, a service page, a search, the 关怀版 switch and a booklet's print, with no policy
violation reported by Chromium and nothing fetched from outside the column."""
import subprocess

import pytest

from browser.test_search import top_results
from generator.website import urls

SERVICE = urls.page_url(urls.service("yangjiabo", "shiye-baoxianjin-shenling"))
BOOKLET = urls.page_url(urls.booklet("xincun"))
# Reported to the page as events and to the console (also for workers); Playwright's own scripts are exempt
LISTEN = """document.addEventListener("securitypolicyviolation", e =>
  (window.__violations = window.__violations || []).push(e.violatedDirective + " " + e.blockedURI))"""


@pytest.fixture
def visit(browser, nginx_site):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.add_init_script(LISTEN)
    page = context.new_page()
    report = {"console": [], "outside": [], "failed": [], "loaded": []}
    page.on("console", lambda m: "Content Security Policy" in m.text and report["console"].append(m.text))
    page.on("requestfailed", lambda r: report["failed"].append(r.url))
    context.on("requestfinished", lambda r: report["loaded"].append(r.url))  # the search worker's too

    def route(r):
        if r.request.url.startswith(nginx_site.url):
            r.continue_()
        else:
            report["outside"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield page, report
    context.close()


def violations(page, report) -> list[str]:
    return report["console"] + (page.evaluate("window.__violations || []"))


def test_a_visit_runs_under_the_policy_without_a_violation(visit, nginx_site):
    page, report = visit
    response = page.goto(nginx_site.url)
    assert response.status == 200 and "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    assert page.locator(".sg-site-footer").get_by_text("网站标识码：1201160012").is_visible()

    # a search: the worker, the index's pieces and the help panel all load under the policy
    page.locator('label[for="__search"]').first.click()
    found = top_results(page, "失业金")
    assert "zwfw/xincun/offices/yangjiabo/shiye-baoxianjin-shenling" in found
    page.wait_for_selector("[data-sg-search-help]")  # the panel after the results, from search/help.json
    for data in ("search/search_index.json", "search/terms/", "search/docs/", "search/help.json"):
        # the index's pieces and the help, under the column (a township's words come in search_index.json)
        assert any(url.startswith(nginx_site.url + data) for url in report["loaded"]), data
    page.keyboard.press("Escape")

    # the 关怀版 switch (its early inline script is one of the hashes) holds across pages
    page.goto(nginx_site.url + SERVICE)
    assert page.locator("h1").inner_text() == "失业保险金申领"
    page.locator("[data-sg-care]").click()
    page.goto(nginx_site.url + urls.page_url(urls.office("yangjiabo")))
    assert page.evaluate("document.documentElement.classList.contains('sg-care')")
    page.locator("[data-sg-care]").click()

    assert not violations(page, report), violations(page, report)
    assert not report["outside"] and not report["failed"], report


def test_a_booklet_paginates_and_prints_under_the_policy(visit, nginx_site, tmp_path):
    page, report = visit
    page.goto(nginx_site.url + BOOKLET)
    pages = page.evaluate("sgPaginateBooklet()")  # what its print button runs before printing
    assert pages > 10
    page.emulate_media(media="print")
    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {pages}\n" in info  # laid out by paged.js: its pages are the printed ones
    assert not violations(page, report), violations(page, report)
    assert not report["outside"] and not report["failed"], report


def test_a_printed_notice_leads_back_to_the_column(visit, nginx_site, tmp_path):
    """The QR code on paper decodes to the page's public address, sub-path included."""
    from browser.test_print import pdf_of, pdf_pages, qr_codes
    from bench.nginx_site import SUB_PATH_URL

    page, report = visit
    pdf = pdf_of(page, nginx_site.url, SERVICE, tmp_path / "notice.pdf")
    assert qr_codes(pdf, pdf_pages(pdf), tmp_path) == [SUB_PATH_URL + SERVICE]  # on the last page
    assert not violations(page, report), violations(page, report)
