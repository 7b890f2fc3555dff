"""What every reader of an office's document yields: raw records (a heading and label -> text
cells), and the labels real documents head their columns and sections with.

No interpretation of values happens here; that is the importer's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue.fields import FIELDS
from generator.sources.text import NOISE

# Field -> the words real 权责清单 / 信息表 / 清单 documents head it with (catalogue/fields.py), plus the
# 子项 column of lists that split a main item into sub-items
LABELS = {**{f.key: list(f.names) for f in FIELDS}, "sub_name": ["子项名称", "子项"]}
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
