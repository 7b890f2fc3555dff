"""Importing a newer version of a document an office already has: what it adds, removes and
changes, field by field with the old and new values, before anything is written; and applying it
without losing what editors added by hand that the document does not carry (topic, aliases,
place, hours, hand-filled elements, the details of a material, comments in the file)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.sources.importer import SERVICE_KEY_ORDER
from generator.sources.roundtrip import updated_text
from generator.catalogue.yamlio import dump_yaml

# Inferred by the importer, not read from the document: an editor's choice wins
EDITOR_OWNED = ("topic", "audience", "aliases")


@dataclass
class FileChange:
    path: Path
    status: str  # added | changed | same
    fields: list[str] = field(default_factory=list)
    text: str = ""  # what would be written
    values: dict[str, tuple] = field(default_factory=dict)  # field -> (old, new), for the editor to compare


@dataclass
class ImportPlan:
    changes: list[FileChange]
    removed: list[Path]  # service files of the office that the document no longer has

    def of(self, status: str) -> list[FileChange]:
        return [c for c in self.changes if c.status == status]


def _empty(value) -> bool:
    return value in ("", None, [], {})


def merge(old: dict, new: dict) -> dict:
    """The document's values, except where it says nothing (an empty value, a missing key) or the
    key is one the importer only guessed: there the file keeps what the editor wrote. A material
    the document names again keeps the details the editor gave it."""
    merged = dict(new)
    for key, value in old.items():
        if key not in new or _empty(new[key]) or key in EDITOR_OWNED:
            merged[key] = value
    if isinstance(old.get("materials"), dict) and isinstance(merged.get("materials"), dict):
        merged["materials"] = with_details(old["materials"], merged["materials"])
    order = {k: i for i, k in enumerate(SERVICE_KEY_ORDER)}
    return dict(sorted(merged.items(), key=lambda kv: order.get(kv[0], len(order))))


def _items(materials: dict) -> list:
    return list(materials.get("items", [])) + [i for g in materials.get("groups", []) for i in g.get("items", [])]


def with_details(old: dict, new: dict) -> dict:
    """The document's materials, each one the editor described (form, copies, blank_form …) with
    that description: the document names a material, the editor says what to bring of it."""
    described = {item["name"]: item for item in _items(old) if isinstance(item, dict) and "name" in item}

    def fill(items: list) -> list:
        return [described.get(item if isinstance(item, str) else item.get("name"), item) for item in items]

    out = dict(new)
    if "items" in out:
        out["items"] = fill(out["items"])
    if "groups" in out:
        out["groups"] = [{**group, "items": fill(group["items"])} if "items" in group else group
                         for group in out["groups"]]
    return out


def plan(files: dict[Path, str]) -> ImportPlan:
    changes = []
    office_dirs = set()
    for path, text in files.items():
        office_dirs.add(path.parent)
        new = yaml.safe_load(text)
        if not path.exists():
            changes.append(FileChange(path, "added", [], text))
            continue
        old_text = path.read_text(encoding="utf-8")
        old = yaml.safe_load(old_text) or {}
        merged = merge(old, new) if path.name != "office.yml" else {**new, **{k: v for k, v in old.items()
                                                                             if k not in new or _empty(new[k])}}
        changed = [k for k in dict.fromkeys(list(old) + list(merged)) if old.get(k) != merged.get(k)]
        if not changed:
            changes.append(FileChange(path, "same", [], old_text))
            continue
        header = old_text.split("\n", 1)[0] + "\n" if old_text.startswith("#") else ""
        rewritten = updated_text(old_text, merged) or dump_yaml(merged, header)
        changes.append(FileChange(path, "changed", changed, rewritten,
                                  {k: (old.get(k), merged.get(k)) for k in changed}))
    removed = sorted(p for d in office_dirs if d.is_dir() for p in d.glob("*.yml")
                     if p.name != "office.yml" and p not in files)
    return ImportPlan(changes, removed)
