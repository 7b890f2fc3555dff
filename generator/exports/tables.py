"""One row per service, one column per field, for spreadsheets: services.csv (UTF-8 with BOM, so
Excel opens it right) and services.xlsx (a sheet per office). Lists are joined one item a line,
numbered like the 信息表 writes them; variants and material groups are headed 【名称】."""
from __future__ import annotations

import csv
import io
import re

from generator.catalogue import elements
from generator.catalogue.fields import BOTH, FIELDS, Field, label
from generator.catalogue.textcheck import FORMULA_ESCAPE, starts_like_formula
from generator.catalogue.model import AUDIENCE_NAMES, Catalogue, Material, Service
from generator.website import urls


# Numbering styles for a list in one cell; the first that no item uses inside itself is taken, so an
# item with a list of its own ("住院：1.收据 2.病案首页") is read back as one item by the importer
STYLES = [lambda n: f"{n}. ", lambda n: f"（{n}）", lambda n: f"{n}、", lambda n: "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1]]
NESTED = [re.compile(r"\d\s*[.．](?!\d)"), re.compile(r"[（(]\d+[）)]"), re.compile(r"\d\s*、"), re.compile("[①-⑳]")]


def numbered(items) -> str:
    items = list(items)
    for style, nested in zip(STYLES, NESTED):
        if not any(nested.search(item) for item in items) and (style is not STYLES[-1] or len(items) <= 20):
            return "\n".join(style(n) + item for n, item in enumerate(items, 1))
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def material_text(m: Material) -> str:
    details = [x for x in (m.summary(), m.source, m.note) if x] + [f"{d.label}：{d.text}" for d in m.details]
    return m.name + (f"（{'；'.join(details)}）" if details else "")



def _blocks(intro: str, items: list[str], groups: list[tuple[str, str, list[str]]]) -> str:
    parts = [intro] if intro else []
    if items:
        parts.append(numbered(items))
    for name, group_intro, group_items in groups:
        parts.append("\n".join(filter(None, [f"【{name}】", group_intro, numbered(group_items)])))
    return "\n".join(parts)


def process_text(s: Service) -> str:
    p = s.process
    return _blocks(p.intro, list(p.steps), [(v.name, v.intro, list(v.steps)) for v in p.variants])


def materials_text(s: Service) -> str:
    m = s.materials
    if m.kind != "list":
        return m.text
    return _blocks(m.intro, [material_text(i) for i in m.items],
                   [(g.name, g.intro, [material_text(i) for i in g.items]) for g in m.groups])


def _time_limit(s: Service, key: str) -> str:
    d = getattr(s.time_limit, key) if s.time_limit else None
    return d.text if d else ""


# The cells of the fields that are not plain text (catalogue/fields.py): every other column is the
# field's value as written. The header is the field's name, which the importer reads back, so an
# exported workbook always imports again.
CELLS = {
    "office": lambda s, c, u: c.offices[s.office_id].name,
    "office_id": lambda s, c, u: s.office_id,
    "topic": lambda s, c, u: c.topics[s.topic_id].name if s.topic_id else "",
    "audience": lambda s, c, u: "、".join(AUDIENCE_NAMES[a] for a in s.audience),
    "aliases": lambda s, c, u: "、".join(s.aliases),
    # one cited text alone is not numbered: the importer keeps a lone "1." as the office's own text
    "legal_basis": lambda s, c, u: numbered(e.text for e in s.legal_basis) if len(s.legal_basis) > 1
    else "".join(e.text for e in s.legal_basis),
    "process": lambda s, c, u: process_text(s),
    "materials": lambda s, c, u: materials_text(s),
    "responsibility": lambda s, c, u: s.responsibility if isinstance(s.responsibility, str) else "－".join(s.responsibility),
    "supervision": lambda s, c, u: "\n".join(f"{x.label}：{x.phone}" if x.phone else x.label for x in s.supervision),
    "time_limit": lambda s, c, u: _time_limit(s, "stated"),
    "promised": lambda s, c, u: _time_limit(s, "promised"),
    "legal_time": lambda s, c, u: _time_limit(s, "legal"),
    "fees": lambda s, c, u: elements.fees_text(s.fees) if s.fees else "",
    "online": lambda s, c, u: s.online.platform if s.online else "",
    "online_url": lambda s, c, u: s.online.url if s.online else "",
    "query_url": lambda s, c, u: s.online.query_url if s.online else "",
    "visits": lambda s, c, u: "" if s.visits is None else str(s.visits),
    "faq": lambda s, c, u: "\n".join(f"问：{q.question}\n答：{q.answer}" for q in s.faq),
    "extra": lambda s, c, u: "\n".join(f"{e.label}：{e.plain_text}" for e in s.extra),
    "updated": lambda s, c, u: u.get("updated", ""),
    "url": lambda s, c, u: u.get("url", ""),
}


def _plain_cell(field: Field):
    """A plain field's cell: its text, or its list numbered (the place is the service's, inherited)."""
    def cell(s, c, u):
        value = getattr(s.place if field.on == BOTH else s, field.key)
        return numbered(value) if isinstance(value, tuple) else value
    return cell


COLUMNS: list[tuple[str, object]] = [(f.key, CELLS.get(f.key) or _plain_cell(f)) for f in FIELDS if f.column]
HEADERS = [label(key) for key, _ in COLUMNS]
WIDE = {label(key) for key in ("legal_basis", "process", "materials", "conditions", "faq", "supervision")}


def rows(catalogue: Catalogue, services: list[Service], site_url: str, updated: dict[str, str]) -> list[list[str]]:
    out = []
    for s in services:
        extra = {"updated": updated.get(s.source) or s.updated or "",
                 "url": urls.public_url(site_url, urls.service(s.office_id, s.id))}
        out.append([get(s, catalogue, extra) for _, get in COLUMNS])
    return out


def services_csv(catalogue: Catalogue, site_url: str, updated: dict[str, str]) -> bytes:
    """Every cell quoted; a cell that a spreadsheet would read as a formula starts with ' (OWASP)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEADERS)
    for row in rows(catalogue, catalogue.services, site_url, updated):
        writer.writerow([FORMULA_ESCAPE + value if starts_like_formula(value) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def services_xlsx(catalogue: Catalogue, site_url: str, updated: dict[str, str]) -> bytes:
    """A sheet per office (named by its short name), header row bold and frozen, long cells wrapped.
    openpyxl's write-only mode: a 5,000-service workbook in about a second."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    wrapped = [h in WIDE for h in HEADERS]
    for office in catalogue.offices.values():
        sheet = book.create_sheet(_sheet_title(office.short_name, book.sheetnames))
        for letter, header in zip(_letters(len(HEADERS)), HEADERS):
            sheet.column_dimensions[letter].width = 40 if header in WIDE else 16
        sheet.freeze_panes = "C2"
        header_cells = []
        for header in HEADERS:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows(catalogue, catalogue.services_of(office.id), site_url, updated):
            out = []
            for value, wide in zip(row, wrapped):
                if wide and "\n" in value or starts_like_formula(value):
                    out.append(_text_cell(sheet, value, wrap if wide and "\n" in value else None))
                else:
                    out.append(value)
            sheet.append(out)
    buffer = io.BytesIO()
    book.properties.creator = "service-guide"
    book.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _text_cell(sheet, value: str, alignment):
    """A cell that is text whatever it starts with: openpyxl would store "=..." as a formula, so the
    type is set to string, and Excel's own quote prefix (as if the user typed '=...) marks it, so
    editing the cell in Excel or WPS keeps it text too. The visible text is the catalogue's."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if starts_like_formula(value):
        cell.quotePrefix = True
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _sheet_title(name: str, taken: list[str]) -> str:
    title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "机构"
    candidate, n = title, 2
    while candidate in taken:
        candidate = f"{title[:28]}-{n}"
        n += 1
    return candidate


def _letters(n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(1, n + 1)]


def _deterministic_zip(data: bytes) -> bytes:
    """openpyxl stamps the current time into the file: fix it, so two builds give the same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                content = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
