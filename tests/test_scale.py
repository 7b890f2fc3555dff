"""A synthetic district (12 offices, 300 services) builds strictly, and pages stay small.

The real content has two offices; paths that only appear with many offices (the list of other
offices cut at five, compact search for large catalogues) are exercised here.
"""
import shutil

from bench.synth import make_catalogue
from conftest import ROOT, build_site
from sitehelpers import main_html


def test_synthetic_district_builds_strictly(tmp_path):
    make_catalogue(tmp_path, 300, seed=3)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [p for p in (tmp_path / "site/offices").glob("*/*/index.html") if p.parent.name != "booklet"]
    assert len(pages) == 300
    page = tmp_path / "site/offices/office-001/shiye-baoxianjin-shenling/index.html"
    body = main_html(page)
    assert body.count('href="../../office-') == 5 and "其余 6 个机构" in body
    assert max(p.stat().st_size for p in pages) < 100_000
