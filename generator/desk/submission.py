"""A posted form -> the changes it asks for: only inputs whose value differs from the file's, a
cleared input deletes its key, an entry the editor removed (its path posted as `_remove`) is
deleted whole, and a new entry's inputs set its values (blank new entries ask for nothing)."""
from __future__ import annotations

import re

from generator.desk.changes import REMOVED
from generator.desk.forms import control_at, inputs

PATH = re.compile(r"^[a-z][a-z0-9_]*(\.(\d{1,4}|[a-z][a-z0-9_]*))*$")
REMOVE, OPENED, CSRF = "_remove", "_opened", "_csrf"


def _typed(text: str, control: str):
    text = text.replace("\r\n", "\n").strip()
    if text == "":
        return REMOVED
    if control == "number" and text.isdigit():
        return int(text)
    return text


def _under(path: str, prefixes: list[str]) -> bool:
    return any(path == p or path.startswith(p + ".") for p in prefixes)


def changes_of(kind: str, parts: list, posted: dict[str, list[str]]) -> dict:
    """`parts` is the form of the `kind` file as it is now; `posted` maps each posted name to its values."""
    removed = [p for p in posted.get(REMOVE, []) if PATH.match(p)]
    known = {i.path: i for i in inputs(parts)}
    changes: dict = {p: REMOVED for p in removed}
    for path, values in posted.items():
        if path.startswith("_") or not PATH.match(path) or _under(path, removed):
            continue
        control = known[path].control if path in known else control_at(kind, path)
        value = _typed(values[-1] if values else "", control)
        before = known[path].value if path in known else ""
        if value is REMOVED and before in ("", None):
            continue
        if value is not REMOVED and str(value) == str(before) and not isinstance(before, (list, dict)):
            continue
        changes[path] = value
    return changes
