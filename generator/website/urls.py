"""Where every page lives. One module owns paths so links and collisions are checked in one place.

Paths are Markdown source paths (what MkDocs calls src_uri); with directory URLs,
offices/xincun/shiye-baoxianjin-shenling.md is served at /offices/xincun/shiye-baoxianjin-shenling/.
"""
from __future__ import annotations

from urllib.parse import quote

import hashlib
import posixpath

from markupsafe import Markup

HOME = "index.md"
OFFICES = "offices/index.md"
COMPARE = "compare/index.md"
LEGAL = "legal/index.md"
MATERIALS = "materials/index.md"
EDITOR_GUIDE = "editor/index.md"
EDITOR_REPORT = "editor/report.md"
OPEN_DATA = "open-data.md"
SITE_MAP = "site-map.md"  # the readable 网站地图 (sitemap.xml is the search engines')
# Downloads beside the pages (written by exports/); templates reach them as `downloads`
CATALOGUE_JSON = "data/catalogue.json"
CATALOGUE_SCHEMA = "data/catalogue.schema.json"
SERVICES_CSV = "data/services.csv"
SERVICES_XLSX = "data/services.xlsx"
CHANGES_FEED = "data/changes.atom"


def office_json(office_id: str) -> str:
    return f"data/offices/{office_id}.json"


def office(office_id: str) -> str:
    return f"offices/{office_id}/index.md"


def service(office_id: str, service_id: str) -> str:
    return f"offices/{office_id}/{service_id}.md"


def office_staff(office_id: str) -> str:
    return f"offices/{office_id}/staff.md"


def booklet(office_id: str, volume: int = 1) -> str:
    """An office's booklet; a large office's further volumes beside it (booklet-2/), in the same
    folder as the service pages, whose bodies a booklet reuses with their relative links."""
    return f"offices/{office_id}/booklet.md" if volume == 1 else f"offices/{office_id}/booklet-{volume}.md"


def journey(journey_id: str) -> str:
    return f"journeys/{journey_id}.md"


def theme(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def comparison(topic_id: str) -> str:
    return f"compare/{topic_id}.md"


def anchor(key: str, prefix: str = "doc") -> str:
    """A short stable HTML id for a Chinese key (a 文号, a title, a material name)."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def page_url(path: str) -> str:
    """The public URL path of a page (directory URLs): offices/x/y.md -> offices/x/y/."""
    if path == HOME:
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def public_url(site_url: str, path: str) -> str:
    """The address a page (a .md source path) or a published file has on the web; "" without a
    site_url. The one place an absolute URL is made: QR codes, the open data, the feed, booklets."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + (page_url(path) if path.endswith(".md") else path)


def relative(from_path: str, to_path: str, fragment: str = "") -> Markup:
    """A Markdown link target from one page's source to another's (MkDocs checks and rewrites it)."""
    rel = _relpath(posixpath.dirname(from_path) or ".", to_path)
    return Markup(rel + (f"#{fragment}" if fragment else ""))


def _relpath(from_dir: str, to_path: str) -> str:
    """posixpath.relpath for the clean relative paths of docs/ (no "..", no "."), without its
    abspath calls: 90,000 links at 5,000 services."""
    here = [] if from_dir == "." else from_dir.split("/")
    there = to_path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


class PathCollision(Exception):
    pass


def check_unique(paths: list[str]) -> None:
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise PathCollision(f"两个页面的网址相同：{path}")
        seen.add(path)


def map_search(address: str, city: str = "") -> str:
    """A map search for an address (高德's URI API): a plain link, nothing loaded from outside the site.
    The city goes first unless the address already names it, so 示例路88号 finds the right town."""
    where = address if not city or address.startswith(city) else city + address
    return "https://uri.amap.com/search?keyword=" + quote(where, safe="")


def material(slug: str, part: int = 1) -> str:
    """A kind of document's own page at city scale; its later parts beside it (materials/<slug>/2/)."""
    return f"materials/{slug}/index.md" if part == 1 else f"materials/{slug}/{part}.md"


def legal_document(key: str, part: int = 1) -> str:
    """A cited document's own page at city scale (key: its anchor, urls.anchor of its 文号 or title)."""
    return f"legal/{key}/index.md" if part == 1 else f"legal/{key}/{part}.md"


def editor_report_office(office_id: str) -> str:
    """An office's part of the completeness report, in a district's catalogue."""
    return f"editor/report/{office_id}.md"
