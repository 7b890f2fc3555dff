"""关怀版 (the large-type, high-contrast mode for older readers): remembered across pages, readable
at phone and desktop widths and at 200% zoom, accessible, and printing exactly as the standard page."""
import subprocess

import pytest

SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling/"
PAGES = {"home": "", "service": SERVICE, "office": "offices/xincun/", "404": "404.html"}
WIDTHS = {"phone": (375, 667, 1), "desktop": (1366, 768, 1), "desktop-200%": (683, 384, 2)}

# WCAG relative luminance and contrast of an element's text against the first opaque background
# behind it (walking up the tree), as the page computes them.
CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number)
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4 })
                                      .reduce((s, v, i) => s + v * [.2126, .7152, .0722][i], 0)
  let bg = el, back = [255, 255, 255]
  while (bg) {
    const c = rgb(getComputedStyle(bg).backgroundColor)
    if (c.length === 3 || c[3] === 1) { back = c.slice(0, 3); break }
    bg = bg.parentElement
  }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(back)].sort((x, y) => y - x)
  return (a + .05) / (b + .05)
}"""


@pytest.fixture
def mode_page(browser, site_url):
    contexts = []

    def make(path, care, width=375, height=667, scale=1):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1:") else r.abort())
        page.goto(site_url)
        page.evaluate(f"localStorage.setItem('sg-care', '{1 if care else 0}')")
        page.goto(site_url + path)
        return page

    yield make
    for context in contexts:
        context.close()


def test_switch_is_remembered_across_pages(mode_page, site_url):
    page = mode_page("", care=False)
    switch = page.locator("[data-sg-care]")
    assert switch.inner_text() == "关怀版" and switch.get_attribute("aria-pressed") == "false"
    box = switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    body_size = lambda: page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    standard = body_size()
    switch.click()
    assert page.evaluate("document.documentElement.classList.contains('sg-care')")
    assert switch.inner_text() == "标准版" and switch.get_attribute("aria-pressed") == "true"
    assert body_size() >= 18 > standard
    page.goto(site_url + SERVICE)  # another page: on before it paints, the switch says so
    assert page.evaluate("document.documentElement.classList.contains('sg-care')")
    assert page.locator("[data-sg-care]").get_attribute("aria-pressed") == "true"
    page.locator("[data-sg-care]").click()
    page.goto(site_url + "offices/")
    assert not page.evaluate("document.documentElement.classList.contains('sg-care')")
    assert page.locator("[data-sg-care]").inner_text() == "关怀版"


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_readable_in_both_modes(mode_page, name, width, care):
    w, h, scale = WIDTHS[width]
    page = mode_page(PAGES[name], care, w, h, scale)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"{name} {width}: {overflow}px of sideways scrolling"
    text = page.locator("article p, article li").first
    size = text.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    ratios = [page.locator(selector).first.evaluate(CONTRAST) for selector in ("article p", "article a", "article h1")
              if page.locator(selector).count()]
    header = page.locator(".md-header__topic .md-ellipsis").first.evaluate(CONTRAST)
    print(f"\n{name} {width} {'care' if care else 'standard'}: body {size}px, contrast "
          f"{min(ratios):.1f} (text, links, title), header {header:.1f}")
    assert min(ratios) >= (7 if care else 4.5) and header >= (7 if care else 4.5)
    if care:
        assert size >= 18
    # every control the header offers stays on screen
    for control in page.locator(".md-header__button:visible").all():
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= w + 0.5, control.inner_html()[:60]


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", ["home", "service", "404"])
def test_axe_in_both_modes(mode_page, name, width, care):
    from axe_playwright_python.sync_playwright import Axe

    w, h, scale = WIDTHS[width]
    page = mode_page(PAGES[name], care, w, h, scale)
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad


def test_care_mode_prints_exactly_as_the_standard_page(mode_page, tmp_path):
    rasters = {}
    for care in (False, True):
        page = mode_page(SERVICE, care)
        page.emulate_media(media="print")
        pdf = tmp_path / f"{care}.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / f"p{care}")], check=True)
        rasters[care] = sorted(tmp_path.glob(f"p{care}*.png"))
    assert len(rasters[True]) == len(rasters[False]) >= 1
    for standard, care in zip(rasters[False], rasters[True]):
        assert standard.read_bytes() == care.read_bytes(), care.name
