"""No English in what a resident sees or hears: the visible text of the home, service, office and
404 pages, and every aria-label, title, placeholder and alt the theme or our templates add.

Latin words are allowed only where the catalogue itself says them (APP, JPG, SYB, 文号 letters), they
name a file format a download is offered in, or they are part of an address or of the footer's ICP
filing number (津ICP备…号, as the filing system writes it)."""
import re

import pytest

from conftest import CONTENT

FORMATS = {"CSV", "Excel", "JSON", "Schema", "Atom", "A4"}
FILING = {"ICP"}
PAGES = ["", "offices/yangjiabo/shiye-baoxianjin-shenling/", "offices/xincun/wengang-butie/", "offices/yangjiabo/", "404.html"]
SHOWN = """() => {
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement
    if (el && !el.closest("script, style") && el.checkVisibility() && node.textContent.trim())
      out.push(["text", node.textContent.trim()])
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]"))
    for (const name of ["aria-label", "title", "placeholder", "alt"])
      if (el.getAttribute(name)) out.push([name, el.getAttribute(name)])
  out.push(["title", document.title])
  return out
}"""


def catalogue_words() -> set[str]:
    words = set()
    for path in CONTENT.rglob("*.y*ml"):
        words.update(re.findall(r"[A-Za-z]{2,}", path.read_text("utf-8")))
    return words


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
@pytest.mark.parametrize("path", PAGES)
def test_no_english_in_the_interface(new_page, site_url, path, care):
    allowed = catalogue_words() | FORMATS | FILING
    page = new_page(375, 667)
    page.goto(site_url)
    page.evaluate(f"localStorage.setItem('sg-care', '{int(care)}')")
    page.goto(site_url + path)
    page.locator('label[for="__search"]').first.click()  # the search dialog's texts too
    english = [(kind, text) for kind, text in page.evaluate(SHOWN)
               for word in re.findall(r"[A-Za-z]{2,}", re.sub(r"https?://\S+|\S+@\S+", "", text)) if word not in allowed]
    assert not english, english
    assert page.evaluate("document.documentElement.lang") == "zh"
