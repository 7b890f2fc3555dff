"""Pages converted (and indexed for search) by helper processes give the very same site, and what
a conversion warns about still fails a strict build."""
import filecmp
import json
import logging
import os

from conftest import ROOT, build_site
from sitehelpers import search_index

import generator.mkdocs_plugin.parallel_pages as parallel

_real_convert = parallel._convert


def _differences(left, right) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only."""
    found = []

    def walk(cmp, prefix=""):
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right))
    return found


def test_helpers_build_the_same_site(tmp_path):
    alone = build_site(ROOT, tmp_path / "alone", SERVICE_GUIDE_WORKERS="0")
    helped = build_site(ROOT, tmp_path / "helped", SERVICE_GUIDE_WORKERS="2")
    assert alone.returncode == 0 and helped.returncode == 0, alone.stderr + helped.stderr
    pages = list((tmp_path / "helped").rglob("index.html"))
    assert len(pages) > 40
    assert _differences(tmp_path / "alone", tmp_path / "helped") == []
    # search entries the helpers made are in the index, segmented as Material does it
    index = json.dumps(search_index(tmp_path / "helped"), ensure_ascii=False)
    assert "城乡居民\u200b个人\u200b垫付" in index


def test_a_broken_link_on_a_helpers_page_fails_a_strict_build(project_copy, tmp_path):
    pages = project_copy / "content" / "pages"
    for n in range(6):  # consecutive pages: helpers take two in every five
        (pages / f"zz-broken-{n}.md").write_text(f"# 坏链接{n}\n\n[去处](missing-{n}.md)\n", "utf-8")
    result = build_site(project_copy, tmp_path / "site", SERVICE_GUIDE_WORKERS="1")
    assert result.returncode != 0
    for n in range(6):
        assert f"missing-{n}.md" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


_converted = 0


def _dies_on_the_fifth(src_uri):
    """A helper's work that ends the helper at its fifth page, as a kill would."""
    global _converted
    _converted += 1
    if _converted == 5:
        os._exit(9)
    return _real_convert(src_uri)


def test_a_helper_that_dies_does_not_hang_the_build(project_copy, tmp_path, monkeypatch, caplog):
    """A helper killed mid-build (the kernel's OOM killer) never answers; MkDocs converts the rest."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr(parallel, "_convert", _dies_on_the_fifth)  # the forked helpers inherit it
    monkeypatch.setattr(parallel, "HELPER_TIMEOUT", 3)
    monkeypatch.setenv("SERVICE_GUIDE_WORKERS", "1")
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.service_guide"):
        build(config)
    assert "辅助进程没有响应" in caplog.text
    pages = list((tmp_path / "site").rglob("index.html"))
    assert len(pages) > 40
    service = (tmp_path / "site/offices/xincun/shehuibaozhang-ka-shenban/index.html").read_text("utf-8")
    assert "需要准备的材料" in service
