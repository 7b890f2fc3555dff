"""The import's notes, readable at 2,000 rows: notes of one kind in one file become one line that
gives an example and the rows, instead of a line per row."""
from __future__ import annotations

import re

PLACE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<message>.*)$", re.S)
SHOWN_ROWS = 8
GROUP_FROM = 4  # up to three notes of a kind stay as they are


def kind_of(message: str) -> str:
    """A note without its values: 咨询电话“87686011”不是… and 咨询电话“39022717”不是… are one kind."""
    return re.sub(r"\d+", "N", re.sub(r"“[^”]*”", "“…”", message))


def grouped(notes: list[str]) -> list[str]:
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    order: list[object] = []
    for note in notes:
        m = PLACE.match(note)
        if not m:
            order.append(note)
            continue
        key = (m.group("file"), kind_of(m.group("message")))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((int(m.group("line")), m.group("message")))
    out = []
    for item in order:
        if isinstance(item, str):
            out.append(item)
            continue
        found = groups[item]
        if len(found) < GROUP_FROM:
            out += [f"{item[0]}:{line}: {message}" for line, message in found]
            continue
        rows = "、".join(str(line) for line, _ in found[:SHOWN_ROWS]) + ("……" if len(found) > SHOWN_ROWS else "")
        out.append(f"{item[0]}: 共 {len(found)} 行（第 {rows} 行），如第 {found[0][0]} 行：{found[0][1]}")
    return out
