"""Input layouts are one list (sources/layouts.py): each says how well a document fits it, the
best that reads services wins, and the import says which layout it chose and why."""
from pathlib import Path

from generator.sources import layouts
from generator.sources.detect import open_document, read_document
from generator.sources.records import RawDocument, RawRecord

FIXTURES = Path(__file__).parent / "fixtures"


def chosen(path: Path) -> list[str]:
    return [layout.name for _, layout in layouts.ranked(open_document(path))]


def test_an_information_sheet_export_is_read_as_one(tmp_path):
    assert chosen(FIXTURES / "xincun.txt")[0] == "信息表"
    document = read_document(FIXTURES / "xincun.txt")
    assert document.layout.startswith("信息表（有 18 个“（…）信息表”标题")


def test_a_guide_of_labelled_lines_is_read_as_a_guide():
    assert chosen(FIXTURES / "guide-shiyejin.txt") == ["办事指南", "信息表"]
    assert read_document(FIXTURES / "guide-shiyejin.txt").layout.startswith("办事指南（")


def test_a_csv_is_a_list_before_anything_else(tmp_path):
    path = tmp_path / "mulu.csv"
    path.write_text("序号,事项名称,实施主体\n1,老年人优待证办理,某街道\n2,居住证明开具,某街道\n", "utf-8")
    assert chosen(path)[0] == "清单"
    document = read_document(path)
    assert [r.fields["name"] for r in document.records] == ["老年人优待证办理", "居住证明开具"]
    assert document.layout == "清单（逗号或制表符分隔的表格文件）"


def test_a_legacy_workbook_is_a_list():
    assert chosen(FIXTURES / "legacy-mulu.xls")[:1] == ["清单"]
    assert "信息表" not in chosen(FIXTURES / "legacy-mulu.xls")  # a workbook has no 信息表 lines


def test_a_new_layout_is_one_entry_and_wins_when_it_fits_best(tmp_path, monkeypatch):
    path = tmp_path / "odd.txt"
    path.write_text("@@ 老年人优待证办理\n@@ 居住证明开具\n", "utf-8")

    def fit(source):
        lines = [b for b in source.blocks if b.startswith("@@")]
        return layouts.Fit(5, f"{len(lines)} 行以 @@ 开头") if lines else layouts.NO_FIT

    def read(source, mapping):
        records = [RawRecord(heading=None, fields={"name": b[3:]}, line=i + 1)
                   for i, b in enumerate(source.blocks) if b.startswith("@@")]
        return RawDocument(source.path, records, [])

    monkeypatch.setattr(layouts, "LAYOUTS", (*layouts.LAYOUTS, layouts.Layout("某区格式", fit, read)))
    document = read_document(path)
    assert document.layout == "某区格式（2 行以 @@ 开头）"
    assert [r.fields["name"] for r in document.records] == ["老年人优待证办理", "居住证明开具"]


def test_a_layout_that_fits_but_reads_nothing_gives_way_to_the_next(tmp_path, monkeypatch):
    eager = layouts.Layout("空读", lambda source: layouts.Fit(9, "总是匹配"), lambda source, mapping: None)
    monkeypatch.setattr(layouts, "LAYOUTS", (eager, *layouts.LAYOUTS))
    assert read_document(FIXTURES / "xincun.txt").layout.startswith("信息表")
