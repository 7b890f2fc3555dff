"""A change to one file as the desk makes it: values set at their paths, written through the
round-trip writer so every other line stays as it was (comments, key order, quoting), checked as
`validate` would before anything is written, and never over a file that changed since the form
was opened."""
from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass

import yaml

from generator.sources.roundtrip import updated_text

REMOVED = None  # a change to this value deletes the key or the list entry


class StaleFile(Exception):
    """The file changed since the form was opened (a re-import, another editor)."""

    def __init__(self, current_text: str):
        super().__init__("这个文件在您打开表单之后被修改过（重新导入，或其他人保存过）：为了不覆盖别人的修改，未保存")
        self.current_text = current_text


class UnkeepableLayout(Exception):
    """The round-trip writer could not keep the file's other lines as they are."""


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split(path: str) -> tuple:
    """"materials.groups.0.items.1.name" -> ("materials", "groups", 0, "items", 1, "name")."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def value_at(data, path: str):
    node = data
    for part in split(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def with_changes(data: dict, changes: dict[str, object]) -> dict:
    """A copy of `data` with each path set to its value (REMOVED deletes it); missing mappings and
    list entries on the way are made. Entries are removed last, highest index first."""
    out = copy.deepcopy(data)
    removals = []
    for path, value in changes.items():
        parts = split(path)
        if value is REMOVED:
            removals.append(parts)
            continue
        node = out
        for part, following in zip(parts, parts[1:]):
            empty = [] if isinstance(following, int) else {}
            if isinstance(node, list):
                while len(node) <= part:
                    node.append(copy.deepcopy(empty))
                if not isinstance(node[part], type(empty)):
                    node[part] = empty
            elif not isinstance(node.get(part), type(empty)):
                node[part] = empty
            node = node[part]
        last = parts[-1]
        if isinstance(node, list):
            while len(node) <= last:
                node.append(None)
        node[last] = value
    # the highest index of a list first, so the ones before it keep their places
    for parts in sorted(removals, key=lambda p: [(0, x) if isinstance(x, int) else (1, x) for x in p], reverse=True):
        parent = value_at(out, ".".join(map(str, parts[:-1]))) if len(parts) > 1 else out
        try:
            del parent[parts[-1]]
        except (KeyError, IndexError, TypeError):
            continue
    return out


@dataclass(frozen=True)
class Edit:
    """What one save would write: the new text, and each changed path as (old, new)."""
    text: str
    changed: dict


def edit(old_text: str, opened: str, changes: dict[str, object]) -> Edit:
    """`old_text` (the file now) with `changes`; `opened` is the fingerprint of the text the form was
    made from. Only the changed values are written; a change that changes nothing writes nothing."""
    if fingerprint(old_text) != opened:
        raise StaleFile(old_text)
    data = yaml.safe_load(old_text) or {}
    changed = {path: (value_at(data, path), value) for path, value in changes.items() if value_at(data, path) != value}
    if not changed:
        return Edit(old_text, {})
    new_data = with_changes(data, {path: new for path, (_, new) in changed.items()})
    text = updated_text(old_text, new_data)
    if text is None:
        raise UnkeepableLayout("这个文件的写法无法在保留其余各行不变的情况下修改，请用文本编辑器修改")
    return Edit(text, changed)
