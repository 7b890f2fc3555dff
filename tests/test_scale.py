"""A synthetic district (12 offices, 300 services) builds strictly, and pages stay small.

The real content has two offices; paths that only appear with many offices (the list of other
offices cut at five, compact search for large catalogues) are exercised here.
"""
import json
import shutil

from bench.synth import make_catalogue
from conftest import ROOT, build_site
from sitehelpers import main_html


def test_synthetic_district_builds_strictly(tmp_path):
    make_catalogue(tmp_path, 300, seed=3)
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("search_full_text: auto", "search_full_text: compact")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [p for p in (tmp_path / "site/offices").glob("*/*/index.html") if p.parent.name != "booklet"]
    assert len(pages) == 300
    page = tmp_path / "site/offices/office-001/shiye-baoxianjin-shenling/index.html"
    body = main_html(page)
    assert body.count('href="../../office-') == 5 and "其余 6 个机构" in body
    assert max(p.stat().st_size for p in pages) < 100_000
    # compact search: one document per service (title, aliases, keywords); the rest stays on the page
    index = json.loads((tmp_path / "site/search/search_index.json").read_text("utf-8"))
    [doc] = [d for d in index["docs"] if d["location"].startswith("offices/office-001/shiye-baoxianjin-shenling/")]
    assert "身份证" in doc["keywords"] and "就失业证" in doc["keywords"]
    # the alias 失业金 reaches every office's version through the topic's own word
    assert index["config"]["sg_aliases"]["失业金"] == ["sgtshiyebaoxianjin"] and "sgtshiyebaoxianjin" in doc["keywords"]
    assert "办理流程" in body and "法定依据" in body and "就失业证" in body
