"""Every character of every field of every item in the source documents survives in the YAML.

The reader here is deliberately naive and shares no code with the importer.
"""
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, FIXTURES

FIELD_KEYS = {"序号": "number", "名称": "name", "法定依据": "legal_basis", "实施机构": "implementing_body",
              "职责边界": "boundary", "运行流程": "process", "运行要件": "materials", "责任事项": "responsibility",
              "监督方式": "supervision"}
# List numbering is structure in the YAML (list order), so the reader drops it from the source side.
MARKER = re.compile(r"\d+\s*[.．、）)]|[（(]\d+[）)]|[①-⑳]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]")


def naive_read(path: Path) -> list[dict]:
    items, current, label = [], None, None
    text = path.read_text(encoding="utf-8-sig").replace("[bookmark: _GoBack]", "")
    for line in text.split("\n"):
        heading = re.match(r"^\s*（(.+)）信息表\s*$", line)
        if heading:
            current = {"heading": heading.group(1)}
            items.append(current)
            label = None
            continue
        if current is None:
            continue
        if line.startswith("\t"):
            cell = line[1:].strip()
            key = re.sub(r"[\s\d]", "", cell)
            if key in FIELD_KEYS:
                label = FIELD_KEYS[key]
                current[label] = ""
                continue
        if label and line.strip():
            current[label] += "\n" + line
    return items


def significant(text: str) -> Counter:
    return Counter(ch for ch in MARKER.sub("", text) if ch.isalnum())


def strings(value) -> str:
    if isinstance(value, dict):
        return " ".join(strings(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(strings(v) for v in value)
    return "" if value is None else str(value)


def yaml_items(office: str) -> dict[str, dict]:
    result = {}
    for path in (CONTENT / "offices" / office).glob("*.yml"):
        if path.name != "office.yml":
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            result[data["number"]] = data
    return result


@pytest.mark.parametrize("office,fixture,count", [("xincun", "xincun.txt", 18), ("yangjiabo", "yangjiabo.txt", 30)])
def test_every_character_survives(office, fixture, count):
    source = naive_read(FIXTURES / fixture)
    assert len(source) == count
    items = yaml_items(office)
    assert sorted(items) == sorted(s["number"].strip() for s in source)
    checked = 0
    for src in source:
        item = items[src["number"].strip()]
        lost = significant(src["heading"]) - significant(item["title"])
        assert not lost, f"{office} {src['number'].strip()} heading lost {''.join(lost.elements())}"
        for key in FIELD_KEYS.values():
            assert key in src, f"{office} {src['number'].strip()}: naive reader found no {key}"
            value = item[key]
            if key == "legal_basis":  # the verbatim text must hold everything, citations aside
                value = [entry["text"] for entry in value]
            lost = significant(src[key]) - significant(strings(value))
            assert not lost, f"{office} {src['number'].strip()} {key} lost: {''.join(lost.elements())}"
            checked += 1
    assert checked == count * len(FIELD_KEYS)


def test_naive_reader_is_not_blind():
    """The check above would notice a dropped material: remove one and the reader sees the loss."""
    source = naive_read(FIXTURES / "yangjiabo.txt")
    item = yaml_items("yangjiabo")["4-2"]
    src = next(s for s in source if s["number"].strip() == "4-2")
    shortened = dict(item["materials"], items=item["materials"]["items"][:-1])
    assert significant(src["materials"]) - significant(strings(shortened))
