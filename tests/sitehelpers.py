"""Reading built HTML pages the way a reader sees them: text and links."""
import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read_page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def main_html(path: Path) -> str:
    """The article body of a Material page (no header, nav or footer)."""
    source = path.read_text(encoding="utf-8")
    m = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', source, re.S)
    return m.group(1) if m else source


def main_text(path: Path) -> str:
    parser = _Page()
    parser.feed(main_html(path))
    return squeeze("".join(parser.text))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def search_index(site: Path) -> dict:
    """A built site's search index with every document and all of its config, whether the build cut
    it into pieces (generator/search/shards.py) or not (a preview)."""
    import json

    from generator.search.shards import whole_index

    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    if "sg_shards" not in index.get("config", {}):
        return index
    files = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in (site / "search").rglob("*.json")}
    return whole_index(index, files)
