"""A synthetic district (12 offices, 300 services) builds strictly, and pages stay small.

The real content has two offices; paths that only appear with many offices (the list of other
offices cut at five, compact search for large catalogues) are exercised here.
"""
import json
import shutil

import re

import pytest

from bench.synth import make_catalogue
from conftest import ROOT, build_site
from generator.catalogue.ids import is_office_page_name
from generator.website import pages, urls
from sitehelpers import main_html, search_index


def test_synthetic_district_builds_strictly(tmp_path):
    make_catalogue(tmp_path, 300, seed=3)
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("search_full_text: auto", "search_full_text: compact")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [p for p in (tmp_path / "site/offices").glob("*/*/index.html") if not is_office_page_name(p.parent.name)]
    assert len(pages) == 300
    page = tmp_path / "site/offices/office-001/shiye-baoxianjin-shenling/index.html"
    body = main_html(page)
    assert body.count('href="../../office-') == 5 and "其余 6 个机构" in body
    assert max(p.stat().st_size for p in pages) < 100_000
    # compact search: one document per service (title, aliases, keywords); the rest stays on the page
    index = search_index(tmp_path / "site")
    [doc] = [d for d in index["docs"] if d["location"].startswith("offices/office-001/shiye-baoxianjin-shenling/")]
    assert "身份证" in doc["keywords"] and "就失业证" in doc["keywords"]
    # the alias 失业金 reaches every office's version through the topic's own word
    assert index["config"]["sg_aliases"]["失业金"] == ["sgtshiyebaoxianjin"] and "sgtshiyebaoxianjin" in doc["keywords"]
    assert "办理流程" in body and "法定依据" in body and "就失业证" in body


def _rendered(content, tmp_path):
    from generator.catalogue.load import load_catalogue
    from generator.website.render import RenderOptions, render_site

    catalogue = load_catalogue(content)
    options = RenderOptions(site_url="https://banshi.example.cn/", qr_cache=tmp_path / "qr.json")
    return catalogue, {page.path: page.markdown for page in render_site(catalogue, options)}


@pytest.fixture(params=[False, True], ids=["township", "district"])
def large(request, monkeypatch):
    """The same 300 services read as a township's list or, with the bar lowered, as a district's:
    the materials index then gives each kind of document pages of its own, 40 services a page."""
    if request.param:
        monkeypatch.setattr(pages, "LARGE_CATALOGUE", 100)
        monkeypatch.setattr(pages, "LINKS_PER_PAGE", 40)
        monkeypatch.setattr(pages, "BOOKLET_SERVICES", 10)
    return request.param


def test_an_edit_feeds_every_page_it_changes_and_a_rename_not_every_sibling(tmp_path, large):
    """The incremental preview's map of what an edit feeds, checked against rendering everything:
    every page whose Markdown changes is fed. A rename feeds only the other offices' pages that
    name the service among their five, not all twelve."""
    from generator.website.incremental import pages_fed_by

    make_catalogue(tmp_path, 300, seed=3)
    content = tmp_path / "content"
    office_dir = content / "offices/office-012"
    card = office_dir / "shiye-baoxianjin-shenling.yml"
    first_card = content / "offices/office-001/shiye-baoxianjin-shenling.yml"
    text = card.read_text("utf-8")

    def rename(path, suffix):
        head, sep, rest = path.read_text("utf-8").partition("\nname: ")
        path.write_text(head + sep + rest.replace("\n", suffix + "\n", 1), "utf-8")

    edits = [
        ("rename, last office", lambda: rename(card, "（改名）")),
        ("rename, first office", lambda: rename(first_card, "（改名）")),
        ("new alias", lambda: card.write_text(card.read_text("utf-8") + "aliases: [失业补助]\n", "utf-8")),
        # the home page promises a supervision phone on every page only while every service has one
        ("no supervision phone", lambda: card.write_text(card.read_text("utf-8").replace(
            "- label: 监督电话\n  phone: 022-23220490\n", "- label: 监督电话\n"), "utf-8")),
        ("removed", lambda: card.unlink()),
        ("back again", lambda: card.write_text(text, "utf-8")),
    ]
    before, old_pages = _rendered(content, tmp_path)
    fed_counts = {}
    for label, edit in edits:
        edit()
        after, new_pages = _rendered(content, tmp_path)
        changed = {path for path in old_pages.keys() | new_pages.keys() if old_pages.get(path) != new_pages.get(path)}
        fed = pages_fed_by(before, after)
        assert fed is not None and changed <= fed, (label, sorted(changed - fed))
        fed_counts[label] = len({p for p in fed if p.startswith("offices/office-") and "shiye-baoxianjin" in p})
        before, old_pages = after, new_pages
    # office-012 is named by no other office's page (each lists its first five others): only its own page
    assert fed_counts["rename, last office"] == 1
    # office-001 is named on every other office's page
    assert fed_counts["rename, first office"] == 12
    assert fed_counts["removed"] == 12  # "其余 N 个机构" changes on every one

    if large:  # the edits above moved services in and out of the kinds' pages: all of it was fed
        assert any(p.startswith("materials/mat-") for p in fed)


def test_a_district_materials_index_names_each_kind_and_its_pages_list_the_services(tmp_path, monkeypatch):
    """Above the bar the materials index lists each kind of document with its count; each kind's
    pages list every service that needs it once, at most LINKS_PER_PAGE a page, with links between
    the pages. Below it, the index is one page as ever."""
    from generator.website.listings import materials_index

    make_catalogue(tmp_path, 300, seed=3)
    monkeypatch.setattr(pages, "LARGE_CATALOGUE", 100)
    monkeypatch.setattr(pages, "LINKS_PER_PAGE", 40)
    catalogue, rendered = _rendered(tmp_path / "content", tmp_path)
    entries = materials_index(catalogue, catalogue.material_kinds)
    index = rendered[urls.MATERIALS]
    assert index.count("](") == len(entries) and "offices/" not in index  # no service named on the index
    for entry in entries:
        assert f"- [{entry.name}]({entry.slug}/index.md)（{len(entry.services)} 项服务）" in index
        count = pages.parts(len(entry.services))
        listed = []
        for part in range(1, count + 1):
            page = rendered[urls.material(entry.slug, part)]
            links = re.findall(r"^- \[[^\]]+\]\(([^)]+)\)$", page, re.M)
            assert 0 < len(links) <= 40
            listed += links
            if count > 1:
                assert f"**第 {part} 页**" in page and page.count("[第 ") == count - 1
        assert len(listed) == len(set(listed)) == len(entry.services), entry.name
    assert max(pages.parts(len(e.services)) for e in entries) > 1  # some kind runs over several pages
    monkeypatch.setattr(pages, "LARGE_CATALOGUE", 500)
    _, township = _rendered(tmp_path / "content", tmp_path)
    assert not [p for p in township if p.startswith("materials/mat-")]
    assert township[urls.MATERIALS].count("](../offices/") == sum(len(e.services) for e in entries)


def test_a_district_materials_pages_build_strictly_and_stay_light(tmp_path, monkeypatch):
    """MkDocs builds the pages of each kind of document and of each cited document with every link
    resolved (--strict), in this process so the lowered bar applies; the indexes and each page stay
    far under a heavy page's size."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    make_catalogue(tmp_path, 300, seed=3)
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    monkeypatch.setattr(pages, "LARGE_CATALOGUE", 100)
    monkeypatch.setattr(pages, "LINKS_PER_PAGE", 40)
    monkeypatch.setattr(pages, "BOOKLET_SERVICES", 10)
    monkeypatch.setenv("SERVICE_GUIDE_WORKERS", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` starts its plugins
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    index = tmp_path / "site/materials/index.html"
    kinds = list((tmp_path / "site/materials").glob("mat-*/index.html"))
    assert kinds and index.stat().st_size < 60_000
    assert all(page.stat().st_size < 60_000 for page in (tmp_path / "site/materials").rglob("*.html"))
    assert main_html(index).count('href="mat-') == len(kinds)
    documents = list((tmp_path / "site/legal").glob("doc-*/index.html"))
    assert documents and main_html(tmp_path / "site/legal/index.html").count('href="doc-') == len(documents)
    assert all(page.stat().st_size < 60_000 for page in (tmp_path / "site/legal").rglob("*.html"))
    assert list((tmp_path / "site/offices/office-001").glob("booklet-[0-9]/index.html"))  # volumes 2, 3 …
    assert list((tmp_path / "site/editor/report").glob("office-*/index.html"))
    heaviest = max((tmp_path / "site").rglob("*.html"), key=lambda page: page.stat().st_size)
    assert heaviest.stat().st_size < 300_000, heaviest


def test_a_district_legal_index_names_each_document_and_its_pages_list_the_services(tmp_path, monkeypatch):
    """Above the bar the legal-basis index names each document with how many services cite it; each
    document's pages list every citing service once, and a service page's 见索引 link goes there."""
    from generator.website.listings import legal_index

    make_catalogue(tmp_path, 300, seed=3)
    monkeypatch.setattr(pages, "LARGE_CATALOGUE", 100)
    monkeypatch.setattr(pages, "LINKS_PER_PAGE", 40)
    catalogue, rendered = _rendered(tmp_path / "content", tmp_path)
    docs = legal_index(catalogue)
    index = rendered[urls.LEGAL]
    assert index.count("](") == len(docs) and "offices/" not in index
    for doc in docs.values():
        key = urls.anchor(doc.key)
        assert f"]({key}/index.md)" in index and f"：{len(doc.citing)} 项服务" in index
        listed = []
        for part in range(1, pages.parts(len(doc.citing)) + 1):
            links = re.findall(r"^- \[[^\]]+\]\(([^)]+)\)", rendered[urls.legal_document(key, part)], re.M)
            assert 0 < len(links) <= 40
            listed += links
        assert len(listed) == len(set(listed)) == len(doc.citing), doc.key
    service = next(s for s in catalogue.services if s.legal_basis and s.legal_basis[0].citations)
    page = rendered[urls.service(service.office_id, service.id)]
    assert re.search(r"见索引：\[[^\]]+\]\(\.\./\.\./legal/doc-[0-9a-f]{10}/index\.md\)", page)
    assert "legal/index.md#" not in page


def test_a_district_s_other_listings_stay_light(tmp_path, monkeypatch):
    """Twelve offices: the comparison overview lists each service with how many offices offer it
    instead of a twelve-column matrix; a theme names a topic offered by more than ten offices once,
    with its comparison; the editor's report gives each office a page; a booklet of more notices
    than a volume holds comes in volumes that together hold each notice once."""
    make_catalogue(tmp_path, 300, seed=3)
    monkeypatch.setattr(pages, "LARGE_CATALOGUE", 100)
    monkeypatch.setattr(pages, "BOOKLET_SERVICES", 10)
    catalogue, rendered = _rendered(tmp_path / "content", tmp_path)
    compare = rendered[urls.COMPARE]
    assert "<table" not in compare and "- [失业保险金申领](shiye-baoxianjin.md)（12 个机构）" in compare
    theme = next(p for path, p in rendered.items() if path.startswith("themes/") and "失业保险金申领" in p)
    assert "12 个机构提供这项服务" in theme and "offices/office-001/shiye-baoxianjin-shenling" not in theme
    report = rendered[urls.EDITOR_REPORT]
    for office in catalogue.offices.values():
        assert f"](report/{office.id}.md)" in report and office.name in rendered[urls.editor_report_office(office.id)]
        resident = [s for s in catalogue.services_of(office.id) if not s.internal]
        volumes = pages.booklet_volumes(catalogue, office.id)
        assert volumes == -(-len(resident) // 10) > 1
        ids = []
        for volume in range(1, volumes + 1):
            booklet = rendered[urls.booklet(office.id, volume)]
            assert f"分 {volumes} 册；本册是第 {volume} 册" in booklet and "打印本册（目录带页码）" in booklet
            assert f"**第 {volume} 册**" in booklet and booklet.count("[第 ") == volumes - 1  # links to the others
            ids += re.findall(r"^- \[[^\]]+\]\(#([\w-]+)-top\)$", booklet, re.M)
        assert ids == [s.id for s in resident]  # every notice once, in order
        assert all(f"[第 {v} 册](" in rendered[urls.office(office.id)] for v in range(1, volumes + 1))
