"""Resident queries typed into the real search box: the expected services are in the top 5."""
from pathlib import Path

import pytest
import yaml

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "search_queries.yml").read_text("utf-8"))
HIT_AT_5_TARGET = 0.9


def top_results(page, query: str, n: int = 5) -> list[str]:
    box = page.locator('input[data-md-component="search-query"]')
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !/\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
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


def test_hit_at_5(results):
    found, _ = results
    misses = {q["query"]: (q["expect"], found[q["query"]]) for q in QUERIES
              if not all(f"offices/{e}" in found[q["query"]] for e in q["expect"])}
    hit = 1 - len(misses) / len(QUERIES)
    print(f"\nhit@5 = {hit:.1%} over {len(QUERIES)} queries")
    for query, (expected, got) in misses.items():
        print(f"  miss: {query}: expected {expected}, top 5 {got}")
    assert len(QUERIES) >= 30
    assert hit >= HIT_AT_5_TARGET, misses


def test_results_name_the_office(results):
    _, titles = results
    titles = [t.replace("\u200b", "") for t in titles]  # Material shows its word breaks as U+200B
    assert titles and any("（杨家泊镇）" in t for t in titles)
