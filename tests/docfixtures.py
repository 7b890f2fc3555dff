"""Documents the tests build from the real items: a 信息表 re-laid-out as a Word file."""
from pathlib import Path


def info_table_docx(path: Path, records, labels: dict[str, str], remarks: dict[str, str] | None = None) -> Path:
    """Each record as a "（名称）信息表" paragraph over a label | value table; `remarks` adds a third
    column ({field: text}), as some offices' tables have (备注)."""
    import docx

    document = docx.Document()
    for record in records:
        document.add_paragraph(f"（{record.heading}）信息表")
        table = document.add_table(rows=0, cols=3 if remarks else 2)
        for key, value in record.fields.items():
            row = table.add_row().cells
            row[0].text, row[1].text = labels[key], value
            if remarks:
                row[2].text = remarks.get(key, "")
    document.save(str(path))
    return path
