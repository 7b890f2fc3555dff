"""Golden pages: one per page type, so an unintended change to any template shows up as a diff.

After an intended change, regenerate and review the diff before committing:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py && git diff tests/golden
"""
import os
from pathlib import Path

import pytest

from conftest import CONTENT
from generator.website import urls
from generator.catalogue.load import load_catalogue
from generator.website.render import RenderOptions, render_site

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "home.md": urls.HOME,
    "offices.md": urls.OFFICES,
    "office-yangjiabo.md": urls.office("yangjiabo"),
    "service-yangjiabo-3-1.md": urls.service("yangjiabo", "shiye-baoxianjin-shenling"),
    "service-xincun-1.2.md": urls.service("xincun", "chengxiangjumin-geren-dianfu-yiyao-feiyong-baoxiao"),
    "service-yangjiabo-7-1.md": urls.service("yangjiabo", "xiangguan-zhengzhao-gongzhang-banli-shiyong-zhanghu-sheli"),
    "booklet-xincun.md": urls.booklet("xincun"),
    "theme-shehui-baoxian.md": urls.theme("shehui-baoxian"),
    "compare-index.md": urls.COMPARE,
    "compare-shehui-baozhang-ka.md": urls.comparison("shehui-baozhang-ka"),
    "legal-index.md": urls.LEGAL,
    "materials-index.md": urls.MATERIALS,
}


@pytest.fixture(scope="module")
def rendered():
    catalogue = load_catalogue(CONTENT)
    options = RenderOptions(site_url="https://banshi.example.cn/",
                            updated={s.source: "2026-01-01" for s in catalogue.services})
    return {p.path: p.markdown for p in render_site(catalogue, options)}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_golden(rendered, name):
    actual = rendered[PAGES[name]]
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8"), f"{name} changed: see the module docstring"
