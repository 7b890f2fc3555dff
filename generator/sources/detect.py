"""A document opened by what it is, told by its content (not its file name alone), then read as
the layout that fits it best (sources/layouts.py). Also where a document is refused before any
reading: too large, cut short, locked, a damaged or zip-bomb .docx, an unknown text encoding.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from generator.catalogue.safefiles import UnreadableFile, read_regular_file
from generator.sources import infotable, office_convert, sheets, tables
from generator.sources.html_pages import html_blocks, looks_like_html
from generator.sources.layouts import PAGE, SHEETS, TEXT, WORD, Source, read_best
from generator.sources.records import RawDocument, field_for, remapped


MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # a district's whole list with pictures stays far below
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc, and any Office file with a password
RTF_SIGNATURE = b"{\\rtf"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected .xlsx / .docx holds


def read_document(path: Path, mapping: dict[str, str] | None = None) -> RawDocument:
    """Raw records of a document: opened by what it is (not by its file name alone), then read as
    the layout that fits it best (sources/layouts.py), which the notes name."""
    source = open_document(path)
    document = read_best(source, mapping)
    if document is not None:
        return document
    if source.form == SHEETS:
        raise ValueError(f"{path.name}: 没有找到表头：表格前 {tables.HEADER_SEARCH_ROWS} 行中应有一行列名，"
                         f"至少包括事项名称和另一个栏目（如 序号、设定依据、实施主体）。{tables.header_diagnosis(source.grids, mapping)}")
    if source.form == PAGE:
        raise ValueError(f"{path.name}: 这是一个网页文件（HTML，不是真正的 Excel / Word 文件），里面没有找到事项的表格或办事指南："
                         "请在浏览器或 Excel / Word 中打开它，另存为 .xlsx 或 .docx 后再导入")
    return remapped(infotable.records_from_rows(path, source.rows), mapping)  # nothing found: the importer says so


def open_document(path: Path) -> Source:
    """The document's sheets, tables, paragraphs or lines, whatever file it is: .xlsx / .xls / .et /
    .ods, .docx / .doc / .wps / RTF, a web page saved under an Office name, .csv or Word's text export.
    A file that cannot be read is refused here, with what to do."""
    try:
        data = read_regular_file(path, MAX_DOCUMENT_BYTES)
    except UnreadableFile as exc:
        raise ValueError(f"{path}: {exc}") from None
    if data.startswith(RTF_SIGNATURE):  # Word's RTF, often saved under a .doc name
        data = office_convert.converted(path, data, kind="RTF 文件")
    if looks_like_html(data):  # a web page under an .xls or .doc name, as office systems export
        return _page_source(path, data)
    if data.startswith(OLE_SIGNATURE):  # Office 97-2003 (.xls, .doc), WPS (.et, .wps), or a password
        workbook = _legacy_workbook(path, data)
        if workbook is not None:
            return Source(path, SHEETS, grids=workbook)
        data = office_convert.converted(path, data)  # messages still name the file the editor gave
    if _is_ods(data):
        workbook = _calamine(data)
        if workbook is None:
            raise ValueError(f"{path.name}: 不是可读取的 .ods 文件，请另存为 .xlsx 后再导入")
        return Source(path, SHEETS, grids=workbook)
    kind = _zip_kind(data)
    if kind is None and (data.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm")):
        if path.suffix.lower() != ".docx":
            raise ValueError(f"{path.name}: 不是可读取的 Excel / Word 文件（文件可能已损坏）：请重新另存为 .xlsx 或 .docx 后再导入")
    if kind == "xlsx":
        return Source(path, SHEETS, grids=_xlsx_workbook(path, data))
    if kind == "docx" or path.suffix.lower() == ".docx":
        document = _open_docx(path, data)
        return Source(path, WORD, grids=sheets.docx_table_sheets(document), blocks=sheets.docx_blocks(document),
                      make_rows=lambda: infotable.docx_rows(document))
    return _text_source(path, decode_text(data, path))


def _legacy_workbook(path: Path, data: bytes) -> list | None:
    """The sheets of an Office 97-2003 workbook; None for a .doc, which LibreOffice converts."""
    if ole_truncated(data):
        raise ValueError(f"{path.name}: 文件不完整（可能没有下载或复制完，或已损坏）：请重新获取原文件，"
                         "或在 Excel / Word 中打开确认后另存为 .xlsx / .docx 再导入")
    if ENCRYPTED in data or path.suffix.lower() in (".xlsx", ".xlsm", ".docx"):
        raise ValueError(f"{path.name}: 文件设有打开密码（或不是 .xlsx / .docx）：请在 Excel / Word 中去掉密码，"
                         "另存为 .xlsx / .docx 后再导入")
    return _calamine(data)


def _xlsx_workbook(path: Path, data: bytes) -> list:
    try:
        return sheets.xlsx_sheets(data)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValueError(f"{path.name}: 不是可读取的 .xlsx 文件，请在 Excel 中另存为 .xlsx 后再导入") from None


def _text_source(path: Path, text: str) -> Source:
    """Word's text export, a .csv or a pasted table: its lines, and the table when it is one."""
    tabular = "逗号或制表符分隔的表格文件" if path.suffix.lower() in (".csv", ".tsv") else \
        "前几行有分隔开的列名" if _looks_tabular(text) else ""
    return Source(path, TEXT, grids=[sheets.csv_sheet(text, path.stem)] if tabular else [], blocks=text.split("\n"),
                  make_rows=lambda: infotable.text_rows(path, text), tabular=tabular)


def _page_source(path: Path, data: bytes) -> Source:
    """A saved web page: its paragraphs and tables."""
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    blocks, grids = html_blocks(text if text is not None else decode_text(data, path))
    return Source(path, PAGE, grids=grids, blocks=blocks)


def ole_truncated(data: bytes) -> bool:
    """An Office 97-2003 file cut short: its header names sectors of its allocation table that the
    file does not reach (a download or copy that did not finish)."""
    if len(data) < 512:
        return True
    size = 1 << min(int.from_bytes(data[30:32], "little"), 16)
    if size not in (512, 4096):
        return False  # no header of a compound file at all: the readers after this say what it is
    sectors = (len(data) - 512) // size
    listed = (int.from_bytes(data[76 + 4 * i:80 + 4 * i], "little") for i in range(109))
    return any(sector >= sectors for sector in listed if sector < 0xFFFFFFFA)


def _calamine(data: bytes) -> list | None:
    """Sheets of an .xls / .et / .ods, or None when calamine cannot read the file (a .doc, a password)."""
    try:
        return sheets.calamine_sheets(data)
    except ValueError:
        raise
    except Exception:  # calamine raises its own kinds for a file that is not a workbook
        return None


def _is_ods(data: bytes) -> bool:
    return data.startswith(b"PK") and b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]


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
        if len(cells) >= 3 and sum(1 for c in cells if field_for(c.strip('"'))[0]) >= 2:
            return True
    return False


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text", Notepad's
    "Unicode"), or GB18030 (what Word and Excel on a Chinese Windows write by default)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError(f"{path.name}: 文件以 UTF-16 标记开头，但内容不是有效的 UTF-16：请重新导出") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path.name}: 无法识别文字编码，请在 Word 中另存为“纯文本（UTF-8）”")


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


