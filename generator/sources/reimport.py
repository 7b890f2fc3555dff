"""Importing a newer version of a document an office already has: what it adds, removes and
changes, field by field with the old and new values, before anything is written; and applying it
without losing what editors added by hand that the document does not carry (topic, aliases,
place, hours, hand-filled elements, the details of a material, comments in the file)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.catalogue.fields import SERVICE_KEYS
from generator.sources.roundtrip import updated_text
from generator.catalogue.yamlio import dump_yaml

# Inferred by the importer, not read from the document: an editor's choice wins
EDITOR_OWNED = ("topic", "audience", "aliases")


@dataclass
class FileChange:
    path: Path
    status: str  # added | changed | renamed | same
    fields: list[str] = field(default_factory=list)
    text: str = ""  # what would be written
    values: dict[str, tuple] = field(default_factory=dict)  # field -> (old, new), for the editor to compare
    why: str = ""  # for a rename: what tells the old service and the new name apart as one


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
    order = {k: i for i, k in enumerate(SERVICE_KEYS)}
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
    renames = _renames(files)
    for path, text in files.items():
        office_dirs.add(path.parent)
        new = yaml.safe_load(text)
        if path in renames:  # the document renamed a service: its file (and id, and QR codes) stay
            old_path, why = renames[path]
            new["id"] = yaml.safe_load(old_path.read_text(encoding="utf-8")).get("id", new.get("id"))
            changes.append(_changed(old_path, new, "renamed", why))
            continue
        if not path.exists():
            changes.append(FileChange(path, "added", [], text))
            continue
        changes.append(_changed(path, new))
    kept = {c.path for c in changes}
    removed = sorted(p for d in office_dirs if d.is_dir() for p in d.glob("*.yml")
                     if p.name != "office.yml" and p not in files and p not in kept)
    return ImportPlan(changes, removed)


def _changed(path: Path, new: dict, status: str = "changed", why: str = "") -> FileChange:
    old_text = path.read_text(encoding="utf-8")
    old = yaml.safe_load(old_text) or {}
    merged = merge(old, new) if path.name != "office.yml" else {**new, **{k: v for k, v in old.items()
                                                                         if k not in new or _empty(new[k])}}
    changed = [k for k in dict.fromkeys(list(old) + list(merged)) if old.get(k) != merged.get(k)]
    if not changed:
        return FileChange(path, "same", [], old_text)
    header = old_text.split("\n", 1)[0] + "\n" if old_text.startswith("#") else ""
    rewritten = updated_text(old_text, merged) or dump_yaml(merged, header)
    return FileChange(path, status, changed, rewritten, {k: (old.get(k), merged.get(k)) for k in changed}, why)


CLOSE_NAME = 0.6  # difflib's ratio of two names: 就业登记 / 就业创业登记 is 0.8


def _renames(files: dict[Path, str]) -> dict[Path, tuple[Path, str]]:
    """New service files of the document whose service an old file of the office already holds
    under another name: new path -> (old path, why). Matched by 事项编码, then by 序号 (and place in
    the document), then by a close name; each old file at most once."""
    new = {p: yaml.safe_load(t) for p, t in files.items() if p.name != "office.yml" and not p.exists()}
    gone = {}
    for folder in {p.parent for p in new}:
        if folder.is_dir():
            gone.update({p: yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in folder.glob("*.yml")
                         if p.name != "office.yml" and p not in files})
    found: dict[Path, tuple[Path, str]] = {}
    for why, same in (("事项编码相同", lambda a, b: a.get("item_code") and a.get("item_code") == b.get("item_code")),
                      ("序号相同", lambda a, b: a.get("number") and a.get("number") == b.get("number")
                       and _shared_words(a, b)),
                      ("名称相近", _close_names)):
        for new_path, service in new.items():
            if new_path in found:
                continue
            candidates = [p for p, old in gone.items() if p.parent == new_path.parent and same(service, old)
                          and p not in {old for old, _ in found.values()}]
            if len(candidates) == 1:  # one candidate only: a guess between two is no rename
                found[new_path] = (candidates[0], why)
    return found


def _shared_words(a: dict, b: dict) -> bool:
    """Half of the shorter name's characters in the other: 就业登记 in 就业创业登记, not 老年证办理 in 失业登记."""
    x, y = a.get("name", ""), b.get("name", "")
    shorter, longer = sorted((x, y), key=len)
    return bool(shorter) and sum(ch in longer for ch in shorter) * 2 >= len(shorter)


def _close_names(a: dict, b: dict) -> bool:
    x, y = a.get("name", ""), b.get("name", "")
    return bool(x and y) and (x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= CLOSE_NAME)
