"""Read a 信息表 document (plain-text export or .docx) into raw records: heading + label/value cells.

No interpretation of values happens here; that is the importer's job. What cannot be placed
(text before the first heading, cells that are not a known label) is reported, never dropped.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .safefiles import UnreadableFile, read_regular_file
from .text import NOISE

HEADING = re.compile(r"^\s*[（(](.+)[）)]\s*信息表\s*$")

# Canonical field -> labels seen in real 权责清单 / 信息表 documents.
LABELS = {
    "number": ["序号", "编号"],
    "name": ["名称", "事项名称", "职权名称", "服务名称"],
    "legal_basis": ["法定依据", "设定依据", "实施依据", "职权依据", "法律依据", "依据"],
    "implementing_body": ["实施机构", "实施主体", "办理机构", "责任主体"],
    "boundary": ["职责边界", "责任边界"],
    "process": ["运行流程", "办理流程", "流程"],
    "materials": ["运行要件", "申请材料", "办理材料", "所需材料"],
    "responsibility": ["责任事项"],
    "supervision": ["监督方式", "监督电话", "投诉电话", "监督投诉电话", "监督投诉"],
    # 办事指南 elements, as 清单 tables and guides head them
    "title": ["标题", "主项名称"],
    "sub_name": ["子项名称", "子项"],
    "topic": ["主题"],
    "audience": ["服务对象"],
    "aliases": ["别名"],
    "item_type": ["事项类型", "职权类型", "类型", "权力类型", "事项类别"],
    "item_code": ["事项编码", "编码", "事项代码", "基本编码", "实施编码"],
    "conditions": ["受理条件", "申请条件", "办理条件"],
    "address": ["办理地点", "受理地点", "办公地址"],
    "window": ["办理窗口", "受理窗口"],
    "hours": ["办理时间", "受理时间", "办公时间"],
    "holidays": ["节假日说明"],
    "phone": ["咨询电话", "咨询方式"],
    "enquiry_window": ["咨询窗口"],
    "time_limit": ["办理时限", "办结时限", "时限"],
    "promised": ["承诺时限", "承诺办结时限"],
    "legal_time": ["法定时限", "法定办结时限"],
    "fees": ["收费", "收费标准", "是否收费", "收费情况"],
    "online": ["网上办理", "网办平台", "网上办理平台"],
    "online_url": ["网上办理网址", "网上办理地址", "网办地址"],
    "query_url": ["网上查询网址", "网上查询", "查询网址"],
    "visits": ["到现场次数", "跑动次数", "到办事现场次数"],
    "result": ["办理结果", "审批结果", "结果名称"],
    "delivery": ["送达方式", "结果送达"],
    "faq": ["常见问题"],
    "office": ["机构"],
    "office_id": ["机构编号"],
    "updated": ["更新日期"],
    "url": ["网址"],
    "id": ["编号（网址用）", "网址编号"],
}
LABEL_TO_FIELD = {label: key for key, labels in LABELS.items() for label in labels}


def normalise_label(cell: str) -> str:
    """"序  号" -> 序号, "0运行要件" -> 运行要件, "名称：" -> 名称."""
    squeezed = re.sub(r"\s", "", NOISE.sub("", cell))
    return re.sub(r"^\d+|[：:]$", "", squeezed)


@dataclass
class RawRecord:
    heading: str | None
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, nothing lost


@dataclass
class RawDocument:
    path: Path
    records: list[RawRecord]
    unplaced: list[str]


MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # a district's whole list with pictures stays far below
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc, and any Office file with a password


def read_document(path: Path, mapping: dict[str, str] | None = None) -> RawDocument:
    """Raw records of a document, its layout told by its content (not by its file name alone):
    a 清单 table one service per row (.xlsx, a .docx table, .csv), or 信息表 label | value items
    (.docx, Word's text export)."""
    from . import tablesource
    from .guidesource import read_guide

    try:
        data = read_regular_file(path, MAX_DOCUMENT_BYTES)
    except UnreadableFile as exc:
        raise ValueError(f"{path}: {exc}") from None
    if data.startswith(OLE_SIGNATURE):
        raise ValueError(f"{path.name}: 这是旧版 Office 文件（.xls/.doc）或设有打开密码：请在 Excel / Word 中去掉密码，"
                         "另存为 .xlsx / .docx 后再导入")
    kind = _zip_kind(data)
    if kind is None and (data.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm")):
        if path.suffix.lower() != ".docx":
            raise ValueError(f"{path.name}: 不是可读取的 Excel / Word 文件（文件可能已损坏）：请重新另存为 .xlsx 或 .docx 后再导入")
    if kind == "xlsx":
        try:
            sheets = tablesource.xlsx_sheets(data)
        except Exception:  # openpyxl raises many kinds for a damaged workbook
            raise ValueError(f"{path.name}: 不是可读取的 .xlsx 文件，请在 Excel 中另存为 .xlsx 后再导入") from None
        document = tablesource.read_sheets(sheets, path, mapping)
        if document is None:
            raise ValueError(f"{path.name}: 没有找到表头：表格前 {tablesource.HEADER_SEARCH_ROWS} 行中应有一行列名，"
                             "至少包括事项名称和另一个栏目（如 序号、设定依据、实施主体）")
        return document
    if kind == "docx" or path.suffix.lower() == ".docx":
        document = _open_docx(path, data)
        table_doc = tablesource.read_sheets(tablesource.docx_table_sheets(document), path, mapping)
        if table_doc is not None and table_doc.records:
            return table_doc
        rows = list(_docx_rows(document))
        if not any(kind == "heading" for kind, _, _ in rows):  # no 信息表 headings: a guide?
            guide = read_guide(path, [p.text for p in document.paragraphs])
            if guide is not None and guide.records:
                return guide
        return _records_from_rows(path, rows)
    text = decode_text(data, path)
    if _looks_tabular(text):
        table_doc = tablesource.read_sheets([tablesource.csv_sheet(text, path.stem)], path, mapping)
        if table_doc is not None:
            return table_doc
    lines = [line for line in text.split("\n") if line.strip()]
    table_cells = sum(1 for line in lines if line.startswith("\t"))  # Word's export of table cells
    if not any(HEADING.match(NOISE.sub("", line)) for line in lines) and table_cells < len(lines) / 3:
        guide = read_guide(path, text.split("\n"))
        if guide is not None and guide.records:
            return guide
    return _records_from_rows(path, _txt_rows(path, text))


def _zip_kind(data: bytes) -> str | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return "xlsx" if "xl/workbook.xml" in names else "docx" if "word/document.xml" in names else None


def _looks_tabular(text: str) -> bool:
    """A header row of separated column names among the first lines (a .csv, or a pasted table)."""
    for line in text.split("\n")[:15]:
        cells = [c for c in re.split(r"[,\t;]", line) if c.strip()]
        if len(cells) >= 3 and sum(1 for c in cells if LABEL_TO_FIELD.get(normalise_label(c.strip('"')))) >= 2:
            return True
    return False


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8, or GB18030 (what Word on a Chinese Windows writes for "plain text")."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path.name}: 无法识别文字编码，请在 Word 中另存为“纯文本（UTF-8）”")


def _txt_rows(path: Path, text: str):
    """Yield ("heading", text, line) and ("cell", text, line) from the Word text export.

    In the export a table cell starts with a tab; lines without one continue the cell above.
    """
    cell: list[str] | None = None
    cell_line = 0
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if HEADING.match(NOISE.sub("", line)):
            if cell is not None:
                yield "cell", "\n".join(cell), cell_line
            cell = None
            yield "heading", NOISE.sub("", line).strip(), lineno
        elif line.startswith("\t"):
            if cell is not None:
                yield "cell", "\n".join(cell), cell_line
            cell, cell_line = [line[1:]], lineno
        elif cell is not None and line.strip():
            cell.append(line)
        elif line.strip():
            yield "loose", line, lineno
    if cell is not None:
        yield "cell", "\n".join(cell), cell_line


def _open_docx(path: Path, data: bytes):
    import docx  # python-docx; imported here so the text path works without it

    unreadable = ValueError(f"{path.name}: 不是可读取的 .docx 文件。请在 Word 中另存为 .docx，或导出为纯文本 .txt 再导入")
    try:
        # a small .docx can unpack to gigabytes (a "zip bomb"): look at the sizes before parsing
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError(f"{path.name}: 解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB："
                         "不像是一份信息表，请检查文件")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a damaged or non-docx file
        raise unreadable from None


def _docx_rows(document):
    """Paragraphs and two-column tables of a .docx, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    position = 0
    for block in document.iter_inner_content():
        position += 1
        if isinstance(block, Paragraph):
            text = NOISE.sub("", block.text).strip()
            if HEADING.match(text):
                yield "heading", text, position
            elif text:
                yield "loose", text, position
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each once
                    text = "\n".join(p.text for p in cell.paragraphs)
                    if not cells or cells[-1] != text:
                        cells.append(text)
                if len(cells) == 1 and HEADING.match(cells[0].strip()):
                    yield "heading", cells[0].strip(), position
                    continue
                # A 信息表 is "label | value": a third column (备注) has no field to go to, and gluing
                # it onto the value would put a remark inside a material or a step
                for i, text in enumerate(cells):
                    yield ("cell" if i < 2 else "extra"), text, position


def _records_from_rows(path: Path, rows) -> RawDocument:
    records: list[RawRecord] = []
    unplaced: list[str] = []
    current: RawRecord | None = None
    label: str | None = None
    for kind, text, line in rows:
        if kind == "heading":
            current = RawRecord(heading=HEADING.match(text).group(1).strip(), line=line)
            records.append(current)
            label = None
            continue
        if not text.strip():
            continue
        if kind == "extra":
            (current.unplaced if current else unplaced).append(
                f"{path.name}:{line}: 表格多出一列（信息表应为“栏目 | 内容”两列）：{text.strip()[:60]}")
            continue
        key = LABEL_TO_FIELD.get(normalise_label(text)) if kind == "cell" else None
        if key and (current is None or key not in current.fields or label is None):
            if current is None or key in current.fields:
                # a table with no heading paragraph: the 序号/名称 row starts a new record
                current = RawRecord(heading=None, line=line)
                records.append(current)
            label = key
            current.fields[key] = ""
            continue
        where = f"{path.name}:{line}"
        if current is None:
            unplaced.append(f"{where}: 在第一个事项之前的文字：{text.strip()[:60]}")
        elif label is None:
            current.unplaced.append(f"{where}: 不属于任何栏目的文字：{text.strip()[:60]}")
        elif current.fields[label]:
            if _looks_like_label(text):
                current.unplaced.append(f"{where}: 未知栏目“{text.strip()}”及其内容")
                label = None
            else:
                current.fields[label] += "\n" + text
        else:
            current.fields[label] = text
    return RawDocument(path=path, records=records, unplaced=unplaced)


def _looks_like_label(text: str) -> bool:
    """A short all-Han cell standing where a label belongs (an unknown column such as 备注)."""
    s = normalise_label(text)
    return 2 <= len(s) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in s)
