"""The incremental preview (`mkdocs serve --dirty`): after a series of edits, every page and the
search index are exactly what a clean build of the same content makes; pages an edit does not
feed are not rebuilt; a broken file stops a round and the next save recovers."""
import gc
import json
import logging
import time

import pytest
from conftest import ROOT
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"
CARD = "content/offices/xincun/shehuibaozhang-ka-shenban.yml"


def _config(project, site):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL  # as mkdocs serve sets it
    return config


def _round(project, site) -> set[str]:
    """One preview rebuild as `mkdocs serve --dirty` runs it; the HTML files it (re)wrote."""
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    build(_config(project, site), serve_url=SERVE_URL, dirty=True)
    assert _collector_back_on(), "a round leaves the cycle collector off (idle_gc.py)"
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if before.get(p) != p.stat().st_mtime_ns}


def _collector_back_on(within: float = 5) -> bool:
    deadline = time.monotonic() + within
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.05)
    return gc.isenabled()


def _edit(project, rel, old, new):
    path = project / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _site_files(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith(("data/", "assets/"))}


@pytest.fixture
def preview(project_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICE_GUIDE_WORKERS", "1")  # a round of many pages converts some in a helper
    site = tmp_path / "preview"
    config = _config(project_copy, site)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=SERVE_URL, dirty=True)
    return project_copy, site


def test_incremental_rounds_match_a_clean_build(preview, tmp_path, caplog):
    project, site = preview
    # 1. a word added to a step: the page, its booklet and its comparison; found by search
    rebuilt = _round_after(project, site, lambda: _edit(project, CARD, "- 银行网点即时制卡", "- 银行网点即时制卡（周六加班）"))
    assert "offices/xincun/shehuibaozhang-ka-shenban/index.html" in rebuilt
    assert "offices/xincun/booklet/index.html" in rebuilt and "compare/shehui-baozhang-ka/index.html" in rebuilt
    assert "offices/yangjiabo/index.html" not in rebuilt and "legal/index.html" not in rebuilt
    assert len(rebuilt) <= 6, rebuilt
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert any("周六加班" in d["text"].replace("\u200b", "") for d in index["docs"] if d["location"].startswith("offices/xincun/shehuibaozhang-ka-shenban/"))
    assert len({d["location"] for d in index["docs"]}) == len(index["docs"])  # no page indexed twice
    # 2. a new name: every page that lists the service
    rebuilt = _round_after(project, site, lambda: _edit(project, CARD, "name: 社会保障卡申办", "name: 社会保障卡申领"))
    assert {"offices/xincun/index.html", "legal/index.html",
            "offices/yangjiabo/shehuibaozhang-ka-fafang-buhuan-gongzuo/index.html"} <= rebuilt
    # 3. a service added, 4. one renamed (new file and id), 5. one deleted, 6. the legal basis edited
    new = project / "content/offices/xincun/shebao-ka-buban.yml"
    _round_after(project, site, lambda: new.write_text(
        (project / CARD).read_text("utf-8").replace("id: shehuibaozhang-ka-shenban", "id: shebao-ka-buban")
        .replace("number: '1.5'", "number: '1.10'").replace("name: 社会保障卡申领", "name: 社会保障卡补办"), "utf-8"))
    assert (site / "offices/xincun/shebao-ka-buban/index.html").exists()
    old_path = project / "content/offices/xincun/chuangye-peixun.yml"

    def rename():
        text = old_path.read_text("utf-8").replace("id: chuangye-peixun", "id: chuangye-peixun-syb")
        (project / "content/offices/xincun/chuangye-peixun-syb.yml").write_text(text, "utf-8")
        old_path.unlink()

    _round_after(project, site, rename)
    assert not (site / "offices/xincun/chuangye-peixun/index.html").exists()
    _round_after(project, site, lambda: (project / "content/offices/yangjiabo/xiaoedaikuan.yml").unlink())
    _round_after(project, site, lambda: _edit(project, CARD, "第十四条、第十六条", "第十四条"))
    # 7. a broken file: the round keeps the last good pages (the browser reloads instead of waiting)
    # and every page shows the problems, file and line; fixing it recovers
    text = (project / CARD).read_text("utf-8")
    rebuilt = _round_after(project, site, lambda: (project / CARD).write_text(text.replace("materials:", "materails:"), "utf-8"))
    assert rebuilt <= {"404.html"}  # MkDocs writes its 404 page every round
    problems = json.loads((site / "sg-preview-status.json").read_text("utf-8"))["problems"]
    assert problems and all(p.startswith("content/offices/xincun/shehuibaozhang-ka-shenban.yml:") for p in problems)
    assert any("materails" in p for p in problems), problems
    assert "sg-preview-status.json" in (site / "offices/yangjiabo/index.html").read_text("utf-8")
    _round_after(project, site, lambda: (project / CARD).write_text(text, "utf-8"))
    assert json.loads((site / "sg-preview-status.json").read_text("utf-8")) == {"problems": []}
    # 8. an office's own file: everything may change; a helper process converts some of the pages
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.service_guide"):
        _round_after(project, site, lambda: _edit(project, "content/offices/xincun/office.yml", "新村街道党群服务中心", "新村街道党群服务中心（东楼）"))
    helped = [r.getMessage() for r in caplog.records if r.getMessage().startswith("pages converted by helper")]
    assert helped and not helped[-1].startswith("pages converted by helper processes: 0 "), helped
    assert helped[-1].endswith("(again here: 0)"), helped

    # 9. a page template override, then the theme: the pages they shape are rebuilt
    override = project / "overrides/pages/offices.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    _round_after(project, site, lambda: override.write_text(
        (ROOT / "generator/templates/offices.md.j2").read_text("utf-8").replace("# 办事机构", "# 办事机构一览"), "utf-8"))
    assert "办事机构一览" in (site / "offices/index.html").read_text("utf-8")
    theme = project / "overrides/main.html"
    rebuilt = _round_after(project, site, lambda: theme.write_text(
        theme.read_text("utf-8").replace("{% block extrahead %}", "{% block extrahead %}\n  <meta name=\"sg-test\" content=\"1\">"), "utf-8"))
    assert rebuilt == {p.relative_to(site).as_posix() for p in site.rglob("*.html")}  # every page carries the theme
    assert 'name="sg-test"' in (site / "offices/xincun/shehuibaozhang-ka-shenban/index.html").read_text("utf-8")

    clean = tmp_path / "clean"
    config = _config(project, clean)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    got, want = _site_files(site), _site_files(clean)
    assert sorted(got) == sorted(want)
    for rel, path in want.items():
        if rel == "search/search_index.json":
            assert json.loads(got[rel].read_text("utf-8")) == json.loads(path.read_text("utf-8"))
        elif not rel.endswith(".gz"):
            assert got[rel].read_bytes() == path.read_bytes(), rel


def _round_after(project, site, edit) -> set[str]:
    edit()
    return _round(project, site)

