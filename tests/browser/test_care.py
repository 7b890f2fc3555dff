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


# Every visible link and button, and every element whose own text shows, with its box and type size
# Every link and button a resident can see (on screen, not transparent, not hidden), and every such
# element whose own text shows, with its box and type size
SHOWN = """el => { const r = el.getBoundingClientRect()
  return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0
    && el.checkVisibility({opacityProperty: true, visibilityProperty: true}) }"""
TARGETS = f"""() => [...document.querySelectorAll('a, button, label.md-header__button, summary')].filter({SHOWN})
  .map(el => {{ const r = el.getBoundingClientRect(); return [el.textContent.trim().slice(0, 20) || el.outerHTML.slice(0, 60), r.width, r.height] }})"""
TEXT = f"""() => [...document.querySelectorAll('body *')]
  .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).filter({SHOWN})
  .map(el => [el.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(el).fontSize)])"""
MAIN_CONTROLS = ".md-header__button:visible, .sg-print-button:visible, .sg-online-button:visible, .sg-read-aloud:visible"


@pytest.mark.parametrize("name", ["home", "service", "journey", "office"])
def test_care_mode_meets_the_elder_friendly_numbers(mode_page, name):
    """适老化: every link and button at least 44 × 44 px (inline links too), the main controls 60 px,
    no text under 18 px, footer included."""
    path = {"home": "", "service": SERVICE, "journey": "journeys/shiye-le-zenmeban/", "office": "offices/xincun/"}[name]
    page = mode_page(path, care=True)
    small = [t for t in page.evaluate(TARGETS) if t[1] < 44 - 0.5 or t[2] < 44 - 0.5]
    assert not small, small[:10]
    for control in page.locator(MAIN_CONTROLS).all():
        assert control.bounding_box()["height"] >= 60 - 0.5, control.inner_html()[:60]
    tiny = [t for t in page.evaluate(TEXT) if t[1] < 18 - 0.01]
    assert not tiny, tiny[:10]


SPEECH = """voices => {
  window.__spoken = []
  const synth = { speaking: false, getVoices: () => voices, cancel() {}, addEventListener() {},
                  speak(u) { window.__spoken.push({ lang: u.lang, voice: u.voice && u.voice.lang, text: u.text }) } }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true })
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text } }
}"""


@pytest.mark.parametrize("path", [SERVICE, "journeys/shiye-le-zenmeban/"], ids=["service", "journey"])
def test_read_aloud_speaks_the_page_in_chinese(mode_page, path):
    page = mode_page(path, care=True)
    page.evaluate(SPEECH, [{"lang": "en-US", "name": "English"}, {"lang": "zh-CN", "name": "普通话"}])
    button = page.get_by_role("button", name="朗读")
    assert button.bounding_box()["height"] >= 60 - 0.5
    button.click()
    page.wait_for_function("() => window.__spoken.length === 1")
    spoken = page.evaluate("window.__spoken[0]")
    assert spoken["lang"] == "zh-CN" and spoken["voice"] == "zh-CN"
    title = page.locator("article h1").first.inner_text().replace("\u200b", "")
    assert spoken["text"].startswith(title) and "朗读" not in spoken["text"][:80] and "打印" not in spoken["text"][:80]
    assert button.get_attribute("aria-pressed") == "true"


def test_read_aloud_says_plainly_when_the_device_has_no_chinese_voice(mode_page):
    page = mode_page(SERVICE, care=True)
    page.evaluate(SPEECH, [{"lang": "en-US", "name": "English"}])
    page.get_by_role("button", name="朗读").click()
    note = page.get_by_role("status")
    assert note.inner_text().startswith("这台设备没有中文语音，无法朗读")
    assert page.evaluate("window.__spoken.length") == 0


def test_read_aloud_is_offered_in_care_mode_only(mode_page):
    page = mode_page(SERVICE, care=False)
    assert not page.locator(".sg-read-aloud").is_visible()


def search_for(page, query: str) -> list[str]:
    """The results shown for a query typed into the header's search, at 375 px."""
    opener = page.locator('label.md-header__button[for="__search"]')
    opener.click() if opener.is_visible() else page.locator(".md-search__input").click()
    box = page.locator('input[data-md-component="search-query"]')
    box.fill(query)
    box.press("End")
    page.wait_for_function("() => /\\d|没有/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=15000)
    return [r.inner_text().replace("\u200b", "") for r in page.locator("li.md-search-result__item").all()]


@pytest.mark.parametrize("query", ["长辈版", "关怀版", "大字版"])
def test_residents_find_care_mode_by_what_they_call_it(mode_page, query):
    page = mode_page("", care=False)
    shown = search_for(page, query)
    # the home page's 关怀版 section, found first by each of its names
    assert "关怀版（长辈版、大字版、老年人版）" in shown[0], shown
    page.locator(".sg-help-care-switch").wait_for()  # the switch too, above the results


@pytest.mark.parametrize("query", ["老年人", "字太小"])
def test_a_query_about_old_age_offers_care_mode_above_the_services(mode_page, query):
    """老年人 finds the services for older residents and, above them, the switch to 关怀版, one tap away."""
    page = mode_page("", care=False)
    shown = search_for(page, query)
    offer = page.locator(".sg-help-care")
    offer.wait_for()
    first = page.locator("li.md-search-result__item").first
    assert not shown or offer.bounding_box()["y"] < first.bounding_box()["y"]
    assert offer.inner_text().startswith("字太小、看不清？换成关怀版")
    switch = offer.locator("button.sg-help-care-switch")
    assert switch.inner_text() == "关怀版"
    size = switch.bounding_box()
    assert size["height"] >= 44 and size["width"] >= 44
    switch.click()
    assert page.evaluate("document.documentElement.classList.contains('sg-care')")
    assert page.evaluate("localStorage.getItem('sg-care')") == "1"
    assert offer.inner_text().startswith("现在是关怀版") and switch.inner_text() == "标准版"
    if query == "老年人":
        assert any("养老" in r for r in shown[:3]), shown  # the services stay: 养老保险 first
