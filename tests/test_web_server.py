"""The site as nginx serves it under a portal's sub-path (bench/nginx_site.py): precompressed files sent as
they are, the right types and cache lifetimes, security headers on every response, the 404 page, and
every link, asset and address of every page pointing inside /zwfw/xincun/."""
import gzip
import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlparse

import pytest

from generator.deploy.csp import inline_script_hashes
from generator.deploy.nginx import CONFIG
from generator.website import urls
from bench.nginx_site import PREFIX, SUB_PATH_URL

SERVICE = urls.page_url(urls.service("yangjiabo", "shiye-baoxianjin-shenling"))


def fetch(url: str, gzipped: bool = True):
    """(status, headers, body as sent) without following redirects."""
    url = quote(url, safe=":/?#[]@!$&'()*+,;=%")  # a link may name a Chinese file name as it is
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzipped else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_every_text_file_has_its_gz_and_nginx_sends_it(nginx_site):
    site = nginx_site.site
    status, headers, body = fetch(nginx_site.url + SERVICE)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    page = site / SERVICE / "index.html"
    assert gzip.decompress(body) == page.read_bytes()
    assert body == (site / SERVICE / "index.html.gz").read_bytes()  # the file written at build time, as it is
    status, headers, plain = fetch(nginx_site.url + SERVICE, gzipped=False)  # a client without gzip
    assert status == 200 and "Content-Encoding" not in headers and plain == page.read_bytes()
    missing = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".atom")
               and p.stat().st_size > 1024 and not p.with_name(p.name + ".gz").exists()]
    assert not missing, missing[:5]
    # made while MkDocs went on writing (PagesCompressor) or after it: each is of its file as it is now
    stale = [p for p in site.rglob("*.gz") if gzip.decompress(p.read_bytes()) != p.with_suffix("").read_bytes()]
    assert not stale, stale[:5]


@pytest.mark.parametrize("path, content_type, cache", [
    (SERVICE, "text/html; charset=utf-8", "public, max-age=300"),
    ("search/search_index.json", "application/json; charset=utf-8", "public, max-age=300"),
    ("search/terms/0.json", "application/json; charset=utf-8", "public, max-age=300"),
    ("sitemap.xml", "text/xml; charset=utf-8", "public, max-age=300"),
    ("data/changes.atom", "application/atom+xml; charset=utf-8", "public, max-age=300"),
    ("data/services.csv", "text/csv; charset=utf-8", "public, max-age=300"),
    ("data/services.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "public, max-age=300"),
    ("assets/guide.css", "text/css; charset=utf-8", "public, max-age=3600"),
    ("assets/images/beian-police.svg", "image/svg+xml; charset=utf-8", "public, max-age=3600"),
    ("assets/javascripts/workers/sg-search.js", "application/javascript; charset=utf-8", "public, max-age=3600"),
])
def test_types_and_cache_lifetimes(nginx_site, path, content_type, cache):
    status, headers, _ = fetch(nginx_site.url + path)
    assert status == 200, path
    assert headers["Content-Type"] == content_type and headers["Cache-Control"] == cache


def test_fingerprinted_theme_files_are_cached_for_a_year(nginx_site):
    bundle = next((nginx_site.site / "assets/javascripts").glob("bundle.*.min.js")).name
    status, headers, _ = fetch(nginx_site.url + "assets/javascripts/" + bundle)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "application/javascript; charset=utf-8"


def test_security_headers_on_pages_data_workers_and_errors(nginx_site):
    hashes = inline_script_hashes(sorted(nginx_site.site.rglob("*.html")))
    assert len(hashes) >= 3  # Material's scope and tabs scripts, the 关怀版 script, the search route
    for path in ("", SERVICE, "search/search_index.json", "assets/javascripts/workers/sg-search.js", "no-such-page/"):
        _, headers, _ = fetch(nginx_site.url + path)
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
        script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
        assert script_src == ["'self'", *(f"'{h}'" for h in hashes)], path  # no 'unsafe-inline', no other host
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Server" not in headers or "nginx/" not in headers["Server"]
    # stylesheets and scripts a page loads run under the page's policy: they carry only nosniff
    _, headers, _ = fetch(nginx_site.url + "assets/guide.css")
    assert headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" not in headers


def test_the_404_page_is_chinese_and_its_assets_load_from_any_depth(nginx_site):
    status, headers, body = fetch(nginx_site.url + "offices/xincun/no-such-service/")
    html = gzip.decompress(body).decode("utf-8") if headers["Content-Encoding"] == "gzip" else body.decode("utf-8")
    assert status == 404 and "找不到这个页面" in html
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    assert assets and all(a.startswith(PREFIX) for a in assets), assets
    for asset in assets:
        assert fetch(f"http://{urlparse(nginx_site.url).netloc}{asset}")[0] == 200, asset
    assert f'href="{PREFIX}"' in html or f'href="{PREFIX}."' in html  # the way home


def test_the_server_configuration_is_not_served_and_folders_redirect_within_the_column(nginx_site):
    assert (nginx_site.site / CONFIG).is_file()
    assert fetch(nginx_site.url + CONFIG)[0] == 404
    status, headers, _ = fetch(nginx_site.url + "offices")
    assert status == 301 and headers["Location"] == PREFIX + "offices/"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "meta" and name == "content" and "://" in value)):
                self.links.append(value)


def test_every_link_and_asset_of_every_page_stays_inside_the_column_and_loads(nginx_site):
    """A crawl from the home page through nginx: every local link, script, stylesheet and download is
    under /zwfw/xincun/ and answers 200; absolute addresses name the column's public URL."""
    origin = f"http://{urlparse(nginx_site.url).netloc}"
    seen, queue, broken, outside = set(), [nginx_site.url], [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = fetch(url)
        if status != 200:
            broken.append((url, status))
            continue
        if not headers["Content-Type"].startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(gzip.decompress(body).decode("utf-8") if headers["Content-Encoding"] == "gzip" else body.decode())
        for link in parser.links:
            if link.startswith(SUB_PATH_URL):
                link = origin + PREFIX + link[len(SUB_PATH_URL):]
            elif link.startswith(("http:", "https:", "mailto:", "tel:", "data:", "#")):
                if link.startswith("https://www.binhai.gov.cn/") or link.startswith("https://banshi"):
                    outside.append((url, link))
                continue
            target = urljoin(url, link).split("#")[0]
            if urlparse(target).netloc != urlparse(origin).netloc:
                continue
            if not urlparse(target).path.startswith(PREFIX):
                outside.append((url, link))
            elif target not in seen:
                queue.append(target)
    pages = [u for u in seen if u.endswith("/")]
    assert len(pages) > 80, len(pages)
    assert not broken, broken[:10]
    assert not outside, outside[:10]


def test_public_addresses_carry_the_sub_path(nginx_site):
    """QR codes, JSON-LD, Open Graph, the feed and the data downloads name the column's own URL."""
    public = SUB_PATH_URL + SERVICE
    html = (nginx_site.site / SERVICE / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{public}">' in html
    assert f'<meta property="og:url" content="{public}">' in html
    assert f'content="{SUB_PATH_URL}assets/images/share.png"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert public in json.dumps(data, ensure_ascii=False)
    feed = (nginx_site.site / "data/changes.atom").read_text("utf-8")
    assert f'href="{public}"' in feed
    catalogue = json.loads((nginx_site.site / "data/catalogue.json").read_text("utf-8"))
    assert public in json.dumps(catalogue, ensure_ascii=False)
    assert f"<loc>{public}</loc>" in (nginx_site.site / "sitemap.xml").read_text("utf-8")
    assert "https://banshi.example.cn" not in html + feed
