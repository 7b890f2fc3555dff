"""Printing for the notice board: every service page as A4 PDF from Chromium's print media.

One page for nearly all services, two at most; only the content; the name, every material and the
supervision phone present; a QR code that decodes (zbarimg) to the page's own URL; office booklets
of cover + contents + one page-run per service.
"""
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT
from generator.website import urls
from generator.catalogue.load import load_catalogue

CATALOGUE = load_catalogue(CONTENT)
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("\nmarkdown_extensions")[0]
                          .replace("!!python", ""))["site_url"]
NAV_WORDS = ["办事指南", "服务对比", "材料索引", "搜索", "Made with", "也叫"]  # header, tabs, search, footer


def pdf_of(page, site_url: str, path: str, out: Path, prepare=None) -> Path:
    page.emulate_media(media="screen")
    page.goto(site_url + path)
    if prepare:
        prepare(page)
    page.emulate_media(media="print")
    out.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    return out


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in re.search(r"Page size:.*", info).group(0)
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def pdf_text(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", raw)


def qr_codes(pdf: Path, page_number: int, tmp: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page_number), "-l", str(page_number), str(pdf),
                    str(tmp / "page")], check=True)
    image = next(tmp.glob("page*.png"))
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    image.unlink()
    return result.stdout.split()


def local_page(browser, site_url):
    """A page that may load only the local site."""
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    return page


@pytest.fixture(scope="module")
def printed(browser, site_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    page = local_page(browser, site_url)
    pdfs = {}
    for s in CATALOGUE.services:
        path = urls.page_url(urls.service(s.office_id, s.id))
        pdfs[s] = pdf_of(page, site_url, path, folder / f"{s.office_id}-{s.id}.pdf")
    for office_id in CATALOGUE.offices:
        pdfs[office_id] = pdf_of(page, site_url, urls.page_url(urls.booklet(office_id)), folder / f"{office_id}.pdf")
    page.close()
    return pdfs


def test_page_counts(printed):
    counts = {s: pdf_pages(pdf) for s, pdf in printed.items() if not isinstance(s, str)}
    distribution = Counter(counts.values())
    print(f"\npages per service: {dict(sorted(distribution.items()))}; two pages: "
          f"{[f'{s.office_id} {s.number}' for s, n in counts.items() if n > 1]}")
    assert len(counts) == 48
    assert distribution[1] >= 44
    assert max(counts.values()) <= 2


def test_content_only_with_name_materials_phone(printed):
    for s, pdf in printed.items():
        if isinstance(s, str):
            continue
        text = pdf_text(pdf)
        office = CATALOGUE.offices[s.office_id]
        for word in NAV_WORDS:
            assert word not in text, f"{s.source}: {word!r} printed"
        must = [s.name, office.name, s.number, *s.materials.all_items(), *(c.phone for c in s.supervision if c.phone)]
        must += [step for v in s.process.variants for step in v.steps] + list(s.process.steps)
        for value in must:
            assert re.sub(r"\s+", "", value) in text, f"{s.source}: {value!r} missing from the print"
        assert re.search(r"内容更新：\d{4}-\d{2}-\d{2}", text)


def test_qr_code_decodes_to_the_page_url(printed, tmp_path):
    for s, pdf in printed.items():
        if isinstance(s, str):
            continue
        url = SITE_URL.rstrip("/") + "/" + urls.page_url(urls.service(s.office_id, s.id))
        assert qr_codes(pdf, 1, tmp_path) == [url], s.source  # on the first sheet, whatever runs over
        assert url in pdf_text(pdf)


def test_booklet_is_cover_contents_and_services(printed):
    for office_id in CATALOGUE.offices:
        services = [s for s in CATALOGUE.services_of(office_id) if not s.internal]
        # cover, contents, then each notice from a sheet of its own: at least one sheet each, and no more
        # than printed alone (a notice's wording can break a line differently beside its running header)
        pages = pdf_pages(printed[office_id])
        assert 2 + len(services) <= pages <= 2 + sum(pdf_pages(printed[s]) for s in services), office_id
        text = pdf_text(printed[office_id])
        assert all(re.sub(r"\s+", "", s.name) in text for s in services)
        internal = [s for s in CATALOGUE.services_of(office_id) if s.internal]
        assert not any(re.sub(r"\s+", "", s.name) in text for s in internal)


def page_texts(pdf: Path) -> list[list[str]]:
    """The non-empty lines of each printed page, spaces removed."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return [[re.sub(r"\s+", "", line) for line in page.split("\n") if line.strip()] for page in pages if page.strip()]


FOOT = re.compile(r"(?:在线查看：(?P<address>\S*?))?第(?P<n>\d+)页共(?P<total>\d+)页")


def split_foot(lines: list[str]) -> tuple[list[str], str, str]:
    """A printed page's lines above its foot, the address the foot gives and its "第n页共m页". A long
    address wraps: its rest is the last line, the page number stays on the first."""
    for k in (1, 2):
        foot = FOOT.fullmatch(lines[-k]) if len(lines) >= k else None
        if foot:
            address = (foot["address"] or "") + "".join(lines[len(lines) - k + 1:])
            return lines[:-k], address, f"第{foot['n']}页共{foot['total']}页"
    return lines, "", ""


def test_every_printed_page_has_header_and_page_number(printed):
    """The running header names the service and office; the foot gives the address to read it online
    and 第 x 页 共 y 页."""
    for s, pdf in printed.items():
        pages = page_texts(pdf)
        if isinstance(s, str):  # a booklet: every service page names its service
            continue
        office = CATALOGUE.offices[s.office_id]
        for n, lines in enumerate(pages, 1):
            header = re.sub(r"\s+", "", f"{s.name} · {office.name}")  # a long name wraps in the margin
            assert "".join(lines[:3]).startswith(header), (s.source, n, lines[:2])
            address = SITE_URL.rstrip("/") + "/" + urls.page_url(urls.service(s.office_id, s.id))
            assert split_foot(lines)[1:] == (address, f"第{n}页共{len(pages)}页"), (s.source, n, lines[-2:])
    for office_id in CATALOGUE.offices:
        pages = page_texts(printed[office_id])
        assert all(split_foot(lines)[2] == f"第{n}页共{len(pages)}页" for n, lines in enumerate(pages, 1))
        blank = [n for n, lines in enumerate(pages, 1) if len(split_foot(lines)[0]) < 2]  # a running header alone
        assert not blank, (office_id, blank)
        services = [s for s in CATALOGUE.services_of(office_id) if not s.internal]
        expected = [re.sub(r"\s+", "", f"{s.name} · {CATALOGUE.offices[office_id].name}")
                    for s in services]
        for lines in pages[2:]:  # after the cover and the contents, every page names its service
            assert any(line.startswith(h) for line in lines[:3] for h in expected), lines[:2]


def _headings(s) -> set[str]:
    words = {"需要准备的材料", "办理流程", "受理条件", "办理结果", "常见问题", "监督投诉", "其他机构的同类事项",
             "依据与职责", "法定依据"}
    words |= {g.name for g in s.materials.groups} | {v.name for v in s.process.variants}
    return {re.sub(r"\s+", "", w) for w in words}


def test_no_heading_ends_a_printed_page(printed):
    orphans = []
    for s, pdf in printed.items():
        services = [s] if not isinstance(s, str) else [x for x in CATALOGUE.services_of(s) if not x.internal]
        headings = set().union(*(_headings(x) for x in services))
        for n, lines in enumerate(page_texts(pdf)[:-1], 1):
            body = split_foot(lines)[0]
            if body and body[-1] in headings:
                orphans.append((getattr(s, "source", s), n, body[-1]))
    assert not orphans, orphans


@pytest.fixture(scope="module")
def paginated(browser, site_url, tmp_path_factory):
    """Each booklet as its print button prints it: laid out by paged.js, then printed."""
    folder = tmp_path_factory.mktemp("paged")
    page = local_page(browser, site_url)
    pdfs, counted = {}, {}

    def paginate(page):
        button = page.locator(".sg-booklet-print")
        assert button.is_visible() and button.inner_text() == "打印全册（目录带页码）"
        counted[page.url] = page.evaluate("sgPaginateBooklet()")

    for office_id in CATALOGUE.offices:
        pdfs[office_id] = pdf_of(page, site_url, urls.page_url(urls.booklet(office_id)), folder / f"{office_id}.pdf",
                                 prepare=paginate)
        assert pdf_pages(pdfs[office_id]) == counted[page.url]
    page.close()
    return pdfs


def test_booklet_contents_give_each_services_page(paginated, printed):
    for office_id, pdf in paginated.items():
        office = CATALOGUE.offices[office_id]
        pages = page_texts(pdf)
        # the same pages as the browser's own printing: cover, contents, each service's notice
        assert len(pages) == pdf_pages(printed[office_id]), office_id
        assert all(split_foot(lines)[2] == f"第{n}页共{len(pages)}页" for n, lines in enumerate(pages, 1))
        contents = "".join(pages[1])
        services = [s for s in CATALOGUE.services_of(office_id) if not s.internal]
        for s in services:
            entry = re.search(re.escape(re.sub(r"\s+", "", s.name)) + r"第(\d+)页", contents)
            assert entry, (office_id, s.number, contents[:200])
            n = int(entry.group(1))
            header = re.sub(r"\s+", "", f"{s.name} · {office.name}")
            # page n is where the service starts: its running header there, another's (or the contents) before
            assert any(line.startswith(header) for line in pages[n - 1][:3]), (s.name, n, pages[n - 1][:2])
            assert not any(line.startswith(header) for line in pages[n - 2][:3]), (s.name, n)


def test_print_button_is_not_on_paper(printed):
    for office_id in CATALOGUE.offices:
        assert "打印全册" not in pdf_text(printed[office_id])


def test_a_notice_prints_as_large_as_fits_one_sheet(printed, browser, site_url):
    """14 pt or more for every notice print_fit.py judges to fit one sheet, and then it does fit; the
    QR code has its caption and the contact block is on paper."""
    from generator.website.print_fit import print_size

    page = local_page(browser, site_url)
    large = 0
    for s, pdf in printed.items():
        if isinstance(s, str):
            continue
        size = print_size(s, CATALOGUE.offices[s.office_id].name)
        page.goto(site_url + urls.page_url(urls.service(s.office_id, s.id)))
        page.emulate_media(media="print")
        points = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.sg-checklist li, .md-typeset p')).fontSize) * 0.75")
        if size in ("large", "larger"):
            large += 1
            assert points >= 14 and pdf_pages(pdf) == 1, (s.source, size, points, pdf_pages(pdf))
        else:
            assert points >= 12, (s.source, points)
        text = pdf_text(pdf)
        assert "扫码查看最新版" in text and "去哪办" in text and "咨询" in text, s.source
    page.close()
    assert large >= 30  # of the 48 real notices, most fit one sheet at 14 pt or more


def test_a_booklet_cover_says_whom_to_ask(printed):
    cover = page_texts(printed["yangjiabo"])[0]
    text = "".join(cover)
    assert "杨家泊镇党群服务中心办事须知" in text and "天津市12345政务服务便民热线12345" in text
    assert "监督投诉：杨家泊镇纪检办公室022-67259291" in text and "在线查看最新版" in text


SECOND_SHEET_NEVER = ["去哪办", "咨询", "监督投诉", "依据与职责", "法定依据", "扫码查看最新版", "在线查看"]


def test_only_materials_or_steps_run_over_to_a_second_sheet(printed):
    """The QR code, its caption, 去哪办 / 咨询 and 监督投诉 are on the first sheet; a second holds only the
    rest of the materials or the steps."""
    for s, pdf in printed.items():
        if isinstance(s, str) or pdf_pages(pdf) == 1:
            continue
        second = "".join(split_foot(page_texts(pdf)[1])[0][1:])  # between its running header and its foot
        assert not [w for w in SECOND_SHEET_NEVER if w in second], (s.source, second[:200])
        first = "".join(page_texts(pdf)[0])
        assert all(w in first for w in ("去哪办", "咨询", "监督投诉", "扫码查看最新版")), s.source


MEASURED = """() => { const pt = el => parseFloat(getComputedStyle(el).fontSize) * 0.75;
  const all = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility());
  const texts = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT), printed = [];
  while (texts.nextNode()) { const e = texts.currentNode.parentElement;
    if (texts.currentNode.textContent.trim() && e.checkVisibility()) printed.push(e); }
  const qr = document.querySelector('.sg-print-qr').getBoundingClientRect();
  const under = all('article > :not(.sg-print-qr)').map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) =>
    r.height > 0 && r.right > qr.left + 1 && r.left < qr.right - 1 && r.bottom > qr.top + 1 && r.top < qr.bottom - 1);
  return {title: pt(document.querySelector('h1')), contact: Math.min(...all('.sg-facts li, .sg-facts a').map(pt)),
          body: Math.min(...printed.map(pt)), under_qr: under.map(([e]) => e.textContent.slice(0, 30))} }"""


@pytest.mark.parametrize("kind", ["service", "journey"])
def test_a_notice_is_legible_from_a_metre(browser, site_url, kind):
    """Title ≥ 24 pt, the 去哪办 / 咨询 frame ≥ 16 pt, no text of the notice under 12 pt (the legal basis,
    the staff facts, the QR code's caption included), and nothing printed under the QR code. The sheet
    is laid out at its printed width: 184 mm of A4 at 96 px an inch."""
    page = browser.new_page(viewport={"width": 695, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    paths = [urls.service(s.office_id, s.id) for s in CATALOGUE.services] if kind == "service" else \
        [urls.journey(j) for j in CATALOGUE.journeys]
    for path in paths:
        page.goto(site_url + urls.page_url(path))
        page.emulate_media(media="print")
        sizes = page.evaluate(MEASURED)
        least = {k: round(sizes[k], 1) for k in ("title", "contact", "body")}
        assert least["title"] >= 24 and least["contact"] >= 16 and least["body"] >= 12, (path, least)
        assert sizes["under_qr"] == [], (path, sizes["under_qr"])
    page.close()


@pytest.mark.parametrize("journey_id", sorted(CATALOGUE.journeys))
def test_a_journey_prints_on_one_sheet_with_its_qr_code_and_where_to_go(browser, site_url, journey_id, tmp_path):
    page = local_page(browser, site_url)
    path = urls.page_url(urls.journey(journey_id))
    pdf = pdf_of(page, site_url, path, tmp_path / "journey.pdf")
    page.close()
    assert pdf_pages(pdf) == 1
    assert qr_codes(pdf, 1, tmp_path) == [SITE_URL.rstrip("/") + "/" + path]
    text = pdf_text(pdf)
    journey = CATALOGUE.journeys[journey_id]
    for office_id in dict.fromkeys(o for o, _ in journey.services()):
        assert CATALOGUE.offices[office_id].name + "：" in text and "咨询" in text
    assert lowest_text(pdf) >= 0.6  # the sheet is filled, not a third of it blank


def lowest_text(pdf: Path) -> float:
    """How far down the first sheet its text reaches (0 top, 1 bottom), the page number left out."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    words = re.findall(r'yMax="([\d.]+)">([^<]*)</word>', boxes)
    return max(float(y) for y, word in words if not re.search(r"第|页", word)) / height
