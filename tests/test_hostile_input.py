"""Hostile and broken input answers quickly with a clear message: never a hang, a traceback or a
half-written output. One test per class of input found in the field, then property-based tests
(Hypothesis) over the YAML loader and validator, the importer's readers and the renderer."""
import io
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import CONTENT, ROOT, build_site
from generator.catalogue.load import ContentError, load_catalogue
from generator.sources.detect import read_document
from generator.sources.importer import import_document
from generator.website.escaping import md_escape
from generator.website.render import RenderOptions, render_site

OFFICE = "offices/yangjiabo"
SERVICE = f"{OFFICE}/shiye-baoxianjin-shenling.yml"
LAUGHS = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
                 for p, a in zip([None, *"abcdefgh"], "abcdefghi"))


def validate(content: Path):
    """`service-guide validate` as an editor runs it, bounded in time (a hang fails the test)."""
    return subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "validate"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def _socket(path: Path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    return s


CLASSES = {
    "billion laughs": (lambda c: (c / SERVICE).write_text(LAUGHS, "utf-8"),
                       f"{SERVICE}:1: b[0]: 不支持 YAML 的锚点和别名（& 和 *）"),
    "list nested 5,000 deep": (lambda c: (c / SERVICE).write_text("x: " + "[" * 5000 + "]" * 5000, "utf-8"),
                               f"{SERVICE}:1: x: 嵌套层数太深"),
    "mapping nested 3,000 deep": (lambda c: (c / SERVICE).write_text("x: " + "{a: " * 3000 + "1" + "}" * 3000, "utf-8"),
                                  f"{SERVICE}:1: x: 嵌套层数太深"),
    "FIFO": (lambda c: os.mkfifo(c / OFFICE / "something.yml"),
             f"{OFFICE}/something.yml: （整个文件）: 是一个命名管道（FIFO），不是普通文件"),
    "directory": (lambda c: (c / OFFICE / "zz.yml").mkdir(), f"{OFFICE}/zz.yml: （整个文件）: 是一个文件夹，不是普通文件"),
    "socket": (lambda c: _socket(c / OFFICE / "s.yml"), f"{OFFICE}/s.yml: （整个文件）: 是一个套接字，不是普通文件"),
    "broken link": (lambda c: os.symlink("nope.yml", c / OFFICE / "broken.yml"),
                    f"{OFFICE}/broken.yml: （整个文件）: 是一个无法读取的链接（链接指向的文件不存在）"),
    "symlink loop": (lambda c: (os.symlink("b.yml", c / OFFICE / "a.yml"), os.symlink("a.yml", c / OFFICE / "b.yml")),
                     f"{OFFICE}/a.yml: （整个文件）: 是一个无法读取的链接（符号链接循环）"),
    "3 MB file": (lambda c: (c / SERVICE).write_text("x: '" + "a" * 3_000_000 + "'", "utf-8"),
                  f"{SERVICE}: （整个文件）: 太大（2.9 MB，最多 2 MB）"),
    "office.yml is a folder": (lambda c: ((c / OFFICE / "office.yml").unlink(), (c / OFFICE / "office.yml").mkdir()),
                               f"{OFFICE}/office.yml: （整个文件）: 是一个文件夹"),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_class_gets_its_message(content_copy, name):
    make, message = CLASSES[name]
    keep = make(content_copy)  # noqa: F841  (a socket lives as long as its object)
    run = validate(content_copy)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"content/{message}" in run.stderr, run.stderr


def test_mkdocs_build_gives_the_same_message(project_copy):
    (project_copy / "content" / SERVICE).write_text(LAUGHS, "utf-8")
    os.mkfifo(project_copy / "content" / OFFICE / "pipe.yml")
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "不支持 YAML 的锚点和别名" in result.stderr and "命名管道（FIFO）" in result.stderr
    assert not (project_copy / "site").exists()


# Documents to import come from anyone's e-mail

def _zip_bomb(path: Path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (250 * 1024 * 1024))


DOCUMENTS = {
    "FIFO": (lambda p: os.mkfifo(p), "是一个命名管道（FIFO），不是普通文件"),
    "folder": (lambda p: p.mkdir(), "是一个文件夹，不是普通文件"),
    "zip bomb": (_zip_bomb, "解压后有 250 MB，超过 200 MB"),
    "not a zip": (lambda p: p.write_bytes(os.urandom(2000)), "不是可读取的 .docx 文件"),
    "empty": (lambda p: p.write_bytes(b""), "不是可读取的 .docx 文件"),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_hostile_documents(tmp_path, name):
    make, message = DOCUMENTS[name]
    doc = tmp_path / "信息表.docx"
    make(doc)
    content = tmp_path / "content"
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "import", str(doc)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not content.exists()


def test_huge_text_document(tmp_path):
    doc = tmp_path / "big.txt"
    with open(doc, "wb") as f:
        f.truncate(60 * 1024 * 1024)
    with pytest.raises(ValueError, match="太大（60.0 MB，最多 50 MB）"):
        read_document(doc)


# Property-based: whatever the input, a result or a message

FUZZ = settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@pytest.fixture(scope="module")
def small_content(tmp_path_factory) -> Path:
    """The real topics and one real office: a small tree a fuzzed file can be dropped into."""
    root = tmp_path_factory.mktemp("fuzz") / "content"
    root.mkdir()
    shutil.copy(CONTENT / "topics.yml", root / "topics.yml")
    shutil.copytree(CONTENT / OFFICE, root / OFFICE)
    return root


def _check_loads_or_explains(content: Path):
    try:
        catalogue = load_catalogue(content)
    except ContentError as exc:
        assert exc.problems and all(p.file and p.message for p in exc.problems)
        return None
    return catalogue


scalars = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
yaml_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=30)
real_service = yaml.safe_load((CONTENT / SERVICE).read_text("utf-8"))


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_as_a_service_file(small_content, text):
    (small_content / SERVICE).write_text(text, "utf-8")
    _check_loads_or_explains(small_content)


@FUZZ
@given(key=st.sampled_from(sorted(real_service)), value=yaml_values)
def test_any_value_in_any_field(small_content, key, value):
    data = dict(real_service, **{key: value})
    (small_content / SERVICE).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalogue = _check_loads_or_explains(small_content)
    if catalogue is not None:  # a valid catalogue also renders
        assert render_site(catalogue, RenderOptions())


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_service_file(small_content, data):
    (small_content / SERVICE).write_bytes(data)
    _check_loads_or_explains(small_content)


# Text that Markdown, HTML or YAML would read as syntax, in every text field of a service
hostile_text = st.text(alphabet=st.sampled_from(list("<>&\"'`*_[](){}#|~^$!:-=\\\n 　失业金1.、") + ["\u00a0"]),
                       min_size=1, max_size=40).filter(lambda s: s.strip())


@FUZZ
@given(name=hostile_text, step=hostile_text, material=hostile_text)
def test_renderer_keeps_any_text_as_text(small_content, name, step, material):
    data = dict(real_service, name=name, process={"steps": [step]}, materials={"items": [material]})
    (small_content / SERVICE).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalogue = _check_loads_or_explains(small_content)
    if catalogue is None:
        return
    pages = {p.path: p.markdown for p in render_site(catalogue, RenderOptions())}
    body = pages[f"{OFFICE}/shiye-baoxianjin-shenling.md"]
    # every value stands in the page as escaped text: no tag, link or list syntax of its own
    for value in (name, step, material):
        assert str(md_escape(value)) in body
        assert "<" not in str(md_escape(value)) or "<br>" in str(md_escape(value))


doc_lines = st.lists(st.one_of(
    st.sampled_from(["（测试事项）信息表", "\t序号", "\t名称", "\t运行要件", "\t运行流程", "\t法定依据", "\t备注", "\t1",
                     "\t1.身份证", "\t测试", "", "前言"]),
    st.text(max_size=20).map(lambda s: "\t" + s), st.text(max_size=20)), max_size=40)


@FUZZ
@given(lines=doc_lines)
def test_any_text_export_imports_or_explains(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("doc")
    doc = folder / "x.txt"
    doc.write_text("\n".join(lines), "utf-8")
    try:
        result = import_document(doc, folder / "content", office_id="test")
    except ValueError as exc:
        assert str(exc)
        return
    assert result.unplaced or all(p.suffix == ".yml" for p in result.files)
    assert not (folder / "content").exists()  # reading never writes


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(max_size=15), min_size=1, max_size=4), max_size=8),
       heading=st.booleans())
def test_any_docx_table_imports_or_explains(tmp_path_factory, rows, heading):
    import docx

    document = docx.Document()
    if heading:
        document.add_paragraph("（测试事项）信息表")
    width = max((len(r) for r in rows), default=1)
    table = document.add_table(rows=0, cols=width)
    for r in rows:
        cells = table.add_row().cells
        for i, text in enumerate(r):
            cells[i].text = "".join(ch for ch in text if ch.isprintable())
    buffer = io.BytesIO()
    document.save(buffer)
    folder = tmp_path_factory.mktemp("docx")
    path = folder / "x.docx"
    path.write_bytes(buffer.getvalue())
    try:
        import_document(path, folder / "content", office_id="test")
    except ValueError as exc:
        assert str(exc)
    assert not (folder / "content").exists()


def test_serve_survives_hostile_files_and_recovers(project_copy):
    """Saved while `mkdocs serve` runs: the server stays up, prints the message, recovers when fixed."""
    import time

    from bench.serving import free_port, wait_for

    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    content = project_copy / "content"
    path = content / SERVICE
    good = path.read_text("utf-8")
    url = f"http://127.0.0.1:{port}/offices/yangjiabo/shiye-baoxianjin-shenling/"
    try:
        assert wait_for(url, "失业保险金申领", 60) is not None
        for n, break_it in enumerate([
            lambda: path.write_text(LAUGHS, "utf-8"),
            lambda: path.write_text("x: " + "[" * 5000 + "]" * 5000, "utf-8"),
            lambda: os.mkfifo(content / OFFICE / "pipe.yml"),
            # a new folder alone triggers no rebuild: the editor's next save does
            lambda: ((content / OFFICE / "zz.yml").mkdir(), path.write_text(good + "\n", "utf-8")),
        ]):
            break_it()
            time.sleep(3)
            assert server.poll() is None, "serve exited"
            (content / OFFICE / "pipe.yml").unlink(missing_ok=True)
            if (content / OFFICE / "zz.yml").is_dir():
                (content / OFFICE / "zz.yml").rmdir()
            path.write_text(good.replace("- 银行账号", f"- 银行账号（第 {n} 次修正）"), "utf-8")
            assert wait_for(url, f"银行账号（第 {n} 次修正）", 30) is not None, n
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    for message in ("不支持 YAML 的锚点和别名", "嵌套层数太深", "命名管道（FIFO）", "是一个文件夹"):
        assert message in output, message
    assert "Traceback" not in output


table_cells = st.one_of(st.sampled_from(["序号", "事项名称", "子项名称", "设定依据", "实施主体", "备注", "一、公共服务", "",
                                         "1", "2", "即办", "不收费"]), st.text(max_size=12))


@FUZZ
@given(rows=st.lists(st.lists(table_cells, min_size=1, max_size=6), max_size=12),
       encoding=st.sampled_from(["utf-8-sig", "gb18030"]))
def test_any_csv_table_imports_or_explains(tmp_path_factory, rows, encoding):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    folder = tmp_path_factory.mktemp("csv")
    doc = folder / "清单.csv"
    try:
        doc.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return  # text GB18030 cannot hold is not a GB18030 file
    try:
        import_document(doc, folder / "content", office_id="test")
    except ValueError as exc:
        assert str(exc)
    assert not (folder / "content").exists()


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(table_cells, min_size=1, max_size=6), max_size=10),
       merges=st.lists(st.tuples(st.integers(1, 10), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)), max_size=3))
def test_any_xlsx_table_imports_or_explains(tmp_path_factory, rows, merges):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(["".join(ch for ch in c if ch.isprintable()) for c in row])
    for r, c, down, right in merges:  # merged cells anywhere, as real lists have them
        try:
            book.active.merge_cells(start_row=r, start_column=c, end_row=r + down, end_column=c + right)
        except ValueError:
            pass
    folder = tmp_path_factory.mktemp("xlsx")
    doc = folder / "清单.xlsx"
    book.save(doc)
    try:
        import_document(doc, folder / "content", office_id="test")
    except ValueError as exc:
        assert str(exc)
    assert not (folder / "content").exists()


@pytest.mark.parametrize("text", ["---", "***", "___", "===", "- - -"])
def test_a_line_of_dashes_stays_text_not_a_rule_or_heading(small_content, text):
    """"---" as a material's note or a whole value must not become a horizontal rule (or "===" turn
    the line above into a heading) on the page."""
    import markdown

    data = dict(real_service, materials={"intro": text, "items": ["身份证"]}, conditions=["本镇居民", text])
    (small_content / SERVICE).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalogue = _check_loads_or_explains(small_content)
    pages = {p.path: p.markdown for p in render_site(catalogue, RenderOptions())}
    page = pages[f"{OFFICE}/shiye-baoxianjin-shenling.md"].split("\n---\n", 1)[1]  # after the front matter
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html"])
    assert "<hr" not in html and "<h1>本镇居民" not in html
