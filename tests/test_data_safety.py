"""Never lose or corrupt an editor's data: render, build and import refuse what would destroy or
garble, and every refusal is a message with nothing changed (files counted and hashed before and after)."""
import hashlib
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, build_site
from generator.catalogue.load import ContentError, load_catalogue
from docfixtures import info_table_docx
from generator.sources.detect import read_document

SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling.yml"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too) with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT)


# render writes only into a folder it may own

@pytest.mark.parametrize("target, message", [
    ("content", "重叠"),
    ("content/pages", "重叠"),
    ("README.md", "是一个文件"),
    (".", "重叠"),
    ("overrides", "已有其他文件"),
])
def test_render_refuses_folders_it_did_not_make(project_copy, target, message):
    (project_copy / "README.md").write_text("# 项目说明\n", "utf-8")
    before = snapshot(project_copy)
    run = cli("--content", project_copy / "content", "render", project_copy / target, cwd=project_copy)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert snapshot(project_copy) == before  # nothing deleted, nothing added, no staging folder left


def test_render_into_new_then_own_folder(project_copy, tmp_path):
    out = tmp_path / "pages"
    first = cli("--content", project_copy / "content", "render", out)
    assert first.returncode == 0, first.stderr
    assert (out / ".service-guide-render").is_file() and (out / "offices/xincun/index.md").is_file()
    (out / "offices/xincun/stale.md").write_text("old", "utf-8")
    again = cli("--content", project_copy / "content", "render", out)
    assert again.returncode == 0, again.stderr
    assert not (out / "offices/xincun/stale.md").exists()  # its own folder is replaced whole
    # no staging or backup left (.cache holds the QR codes of mkdocs.yml's site_url, as a build keeps them)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("--content", project_copy / "content", "render", empty).returncode == 0


# a failed or killed build leaves the previous site whole

def test_failed_build_keeps_the_previous_site(project_copy):
    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = snapshot(site)
    assert len(before) > 100
    path = project_copy / "content" / SERVICE
    path.write_text(path.read_text("utf-8").replace("name: 失业保险金申领", "name: [失业"), "utf-8")
    failed = build_site(project_copy, site)
    assert failed.returncode == 1 and "YAML 语法错误" in failed.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith(".site")) == []


def test_strict_build_with_a_dead_link_keeps_the_previous_site(project_copy):
    """MkDocs aborts a --strict build only after its last plugin event, where the new site used
    to be swapped in: a page with a dead link must not go live while the build exits 1."""
    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = snapshot(site)
    page = project_copy / "content" / "pages" / "editor" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n[另见](no-such-page.md)\n", "utf-8")
    failed = build_site(project_copy, site)
    assert failed.returncode == 1 and "no-such-page.md" in failed.stderr
    assert "严格模式（--strict）下有 1 条警告" in failed.stderr and "site/ 保持原样" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(site) == before
    assert [p.name for p in project_copy.iterdir() if p.name.startswith(".site")] == []


def test_failed_downloads_job_keeps_the_previous_site(project_copy, monkeypatch, capfd):
    """The downloads are written by a second process during the build: if it fails, the build
    fails with a message and the published site stays as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    import generator.mkdocs_plugin.downloads_job as job

    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = snapshot(site)

    def broken(*args):
        raise ValueError("磁盘已满")

    monkeypatch.setattr(job, "data_files", broken)
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    err = capfd.readouterr().err
    assert "下载文件生成失败：磁盘已满" in err and "Traceback" not in err
    assert snapshot(site) == before
    assert [p.name for p in project_copy.iterdir() if p.name.startswith(".site")] == []


def test_killed_build_keeps_the_previous_site(project_copy):
    import os

    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = snapshot(site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                             cwd=project_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # kill it once it is writing pages into its staging folder
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.rglob("*.html") for p in project_copy.glob(".site.staging-*")):
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert snapshot(site) == before
    # the next build clears what the killed one left behind
    assert build_site(project_copy, site).returncode == 0
    assert not list(project_copy.glob(".site.staging-*"))


# the importer refuses documents whose structure it would have to guess, and keeps what it need not guess

def _docx_with_remarks(path: Path):
    """A 信息表 .docx whose table has a third column (备注)."""
    labels = {"number": "序号", "name": "名称", "legal_basis": "法定依据", "implementing_body": "实施机构",
              "boundary": "职责边界", "process": "运行流程", "materials": "运行要件", "responsibility": "责任事项",
              "supervision": "监督方式"}
    info_table_docx(path, read_document(FIXTURES / "xincun.txt").records[:1], labels,
                    remarks={"materials": "窗口备注：周三下午不办理"})


def test_docx_with_a_third_column_keeps_it_beside_its_field(tmp_path):
    # neither glued onto the materials nor refused: the remark stays, labelled by the row it stands in
    doc = tmp_path / "信息表.docx"
    _docx_with_remarks(doc)
    content = tmp_path / "content"
    run = cli("--content", content, "import", doc, "--office-id", "xincun")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    [service] = [yaml.safe_load(p.read_text("utf-8")) for p in (content / "offices/xincun").glob("*.yml")
                 if p.name != "office.yml"]
    assert {"label": "运行要件（备注）", "text": "窗口备注：周三下午不办理"} in service["extra"]
    assert "周三" not in yaml.safe_dump(service["materials"], allow_unicode=True)


def test_text_export_without_headings_is_refused(tmp_path):
    doc = tmp_path / "noheads.txt"
    doc.write_text("\n".join(line for line in (FIXTURES / "xincun.txt").read_text("utf-8").split("\n")
                             if "信息表" not in line), "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    before = snapshot(content)
    run = cli("--content", content, "import", doc, "--office-id", "xincun")
    assert run.returncode == 1 and "未知栏目“序号”" in run.stderr and "未写入任何文件" in run.stderr
    assert snapshot(content) == before and not (content / "offices").exists()


@pytest.mark.parametrize("office_id", ["../../outside/escaped", "a/b", "Xincun", "新村"])
def test_office_id_must_be_url_safe(tmp_path, office_id):
    content = tmp_path / "work" / "content"
    run = cli("--content", content, "import", FIXTURES / "xincun.txt", "--office-id", office_id)
    assert run.returncode == 1 and "不能用作网址" in run.stderr and "Traceback" not in run.stderr
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


# text that would break pages or hide duplicates

def problems(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_catalogue(content)
    return [str(p) for p in info.value.problems]


def replace(content, old, new, rel=SERVICE):
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("written, message", [
    ('name: "失业保险\\x80金申领"', "第 5 个字符是看不见的控制字符 U+0080"),
    ("name: 失业保险\x80金申领", "文件中有不可用的控制字符 U+0080（第 5 行）"),
    ("name: 失业\u202e保险金申领", "第 3 个字符是看不见的从右到左覆盖 U+202E"),
    ("name: 失业保险金申领\u200b", "第 8 个字符是看不见的零宽空格 U+200B"),
    ("name: 失业保险金\ufeff申领", "零宽不换行空格（BOM） U+FEFF"),
])
def test_invisible_and_control_characters_are_named(content_copy, written, message):
    replace(content_copy, "name: 失业保险金申领", written)
    found = problems(content_copy)
    assert any(p.startswith(f"content/{SERVICE}:5: ") and message in p for p in found), found


def test_invisible_characters_in_any_field_and_file(content_copy):
    replace(content_copy, "label: 监督电话", "label: 监督\u200d电话", "offices/xincun/office.yml")
    topics = content_copy / "topics.yml"
    topics.write_text(topics.read_text("utf-8").replace("name: 社会保险", "name: 社会\u2066保险", 1), "utf-8")
    found = "\n".join(problems(content_copy))
    assert "content/offices/xincun/office.yml" in found and "U+200D" in found
    assert "content/topics.yml" in found and "U+2066" in found


def test_numbers_compared_after_normalisation(content_copy):
    other = "offices/yangjiabo/shiye-dengji.yml"
    number = next(line for line in (content_copy / other).read_text("utf-8").split("\n") if line.startswith("number:"))
    replace(content_copy, number, "number: ３-１", other)  # full-width digits: the same 序号 as 3-1
    found = problems(content_copy)
    assert any("序号“３-１”与" in p or "序号“3-1”与" in p for p in found), found


def test_strict_build_fails_on_a_control_character(project_copy):
    replace(project_copy / "content", "name: 失业保险金申领", 'name: "失业保险\\x80金申领"')
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 1 and "U+0080" in result.stderr and "Traceback" not in result.stderr


# every value that reaches an HTML attribute is escaped

class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _ in attrs)
        self.urls += [value for name, value in attrs if name == "data-url"]


def test_site_url_that_is_no_url_is_refused(project_copy):
    """Material writes site_url unescaped into the canonical link: such a value must never build."""
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "site_url: https://banshi.example.cn/", "site_url: 'https://banshi.example.cn/x\" onmouseover=\"alert(1)/'"),
        "utf-8")
    site = project_copy / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 1 and "不是有效网址" in result.stderr and "Traceback" not in result.stderr
    assert not site.exists()


def test_page_url_is_escaped_in_the_qr_attribute(tmp_path):
    """`render --site-url` has no MkDocs to refuse a quote: our own attributes escape it."""
    out = tmp_path / "pages"
    run = cli("render", out, "--site-url", 'https://x.cn/a" onmouseover="alert(1)/')
    assert run.returncode == 0, run.stderr
    parser = _Attributes()
    parser.feed((out / "offices/yangjiabo/shiye-baoxianjin-shenling.md").read_text("utf-8"))
    assert "onmouseover" not in parser.names
    assert parser.urls == ['https://x.cn/a" onmouseover="alert(1)/offices/yangjiabo/shiye-baoxianjin-shenling/']


# only what the catalogue names is published from content/files/, never through a link

def test_only_the_forms_services_name_are_published(project_copy, tmp_path):
    from conftest import add_full_guide

    content = add_full_guide(project_copy / "content")
    files = content / "files"
    (files / "草稿-未审.docx").write_bytes(b"draft")
    (files / ".git").mkdir()
    (files / ".git" / "config").write_text("[remote]\n", "utf-8")
    (files / "old").mkdir()
    (files / "old" / "shenqingbiao-2019.pdf").write_bytes(b"%PDF-1.4 old")
    named = {"files/shebaoka-shenling-dengjibiao.pdf", "files/shebaoka-shenling-yangbiao.pdf"}
    site = project_copy / "site"
    build = build_site(project_copy, site)
    assert build.returncode == 0, build.stderr
    assert {p.relative_to(site).as_posix() for p in (site / "files").rglob("*") if p.is_file()} == named
    out = tmp_path / "pages"
    render = cli("--content", content, "render", out)
    assert render.returncode == 0, render.stderr
    assert {p.relative_to(out).as_posix() for p in (out / "files").rglob("*") if p.is_file()} == named


@pytest.mark.parametrize("make, shown", [
    (lambda pages: (pages / "passwd.md").symlink_to("/etc/passwd"), "content/pages/passwd.md"),
    (lambda pages: ((pages / "loop-a").symlink_to("loop-b"), (pages / "loop-b").symlink_to("loop-a")),
     "content/pages/loop-a"),
    (lambda pages: ((pages / "sub").mkdir(), (pages / "sub" / "up").symlink_to("..")), "content/pages/sub/up"),
])
def test_linked_pages_are_refused_by_name(project_copy, make, shown):
    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = snapshot(site)
    make(project_copy / "content" / "pages")
    failed = build_site(project_copy, site)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr[-2000:]
    assert "以下是符号链接，网站只发布 content/pages/ 里的真实文件" in failed.stderr and f"  {shown}\n" in failed.stderr
    assert snapshot(site) == before


def test_a_template_override_error_names_its_file_and_line(project_copy):
    package = ROOT / "generator" / "templates" / "service.md.j2"
    override = project_copy / "overrides" / "pages" / "service.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    lines = package.read_text("utf-8").split("\n")
    at = lines.index("{{ body }}")
    lines[at] = "{{ service.nmae }} {{ body }}"
    override.write_text("\n".join(lines), "utf-8")
    failed = build_site(project_copy, project_copy / "site")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert f"模板错误：{override}:{at + 1}: 模板中的“nmae”不存在（Service 没有这个字段），请检查拼写" in failed.stderr
    lines[at] = "{{ servce.name }} {{ body }}"
    override.write_text("\n".join(lines), "utf-8")
    failed = build_site(project_copy, project_copy / "site")
    assert f"模板错误：{override}:{at + 1}: 模板中的“servce”没有定义，请检查拼写" in failed.stderr
    lines[at] = "{{ service.name + 1 }} {{ body }}"  # Python's own error inside the template: no traceback
    override.write_text("\n".join(lines), "utf-8")
    failed = build_site(project_copy, project_copy / "site")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr[-2000:]
    assert f"模板错误：{override}:{at + 1}: 模板中的表达式出错（TypeError：" in failed.stderr


@pytest.mark.parametrize("topics, message", [
    ("topics:\n  - id: x\n    name: [未闭合\n", "topics.yml:4: YAML 语法错误：方括号 [ ] 没有闭合"),
    ("topics: 5\n", "topics.yml:1: （整个文件）: 缺少必填字段“themes”"),
    ("", "topics.yml: 文件是空的"),
])
def test_import_with_a_broken_topics_file_names_it(tmp_path, topics, message):
    content = tmp_path / "content"
    content.mkdir()
    (content / "topics.yml").write_text(topics, "utf-8")
    run = cli("--content", content, "import", FIXTURES / "xincun.txt", "--city", "天津市")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert message in run.stderr and "请先改正它" in run.stderr
    assert not (content / "offices").exists()
