"""Rewriting a service file an editor has touched: the document's new values go in, and what the
editor wrote around them stays — comments, key order, quoting (ruamel.yaml's round-trip mode)."""
from __future__ import annotations

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString


def _editor_yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 10_000
    rt.allow_unicode = True
    rt.indent(mapping=2, sequence=2, offset=0)  # the layout dump_yaml writes: "key:\n- item"
    return rt


def _fresh(value):
    """A plain value as ruamel writes it in our style: text over several lines as a | block."""
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        # ruamel writes YAML 1.2, where 9:00 or 2026-01-01 are plain text; the loader reads 1.1, where
        # they are a number and a date: quote what 1.1 would not read back as this text
        try:
            plain = yaml.safe_load(value)
        except yaml.YAMLError:
            plain = None
        return value if plain == value else SingleQuotedScalarString(value)
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _fresh(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    return value


def _update(node, value):
    """`node` (as loaded, comments attached) changed in place to equal `value`, part by part, so a
    comment beside a part that stays stays too."""
    if isinstance(node, CommentedMap) and isinstance(value, dict):
        for key in [k for k in node if k not in value]:
            del node[key]
        for position, (key, item) in enumerate(value.items()):
            if key not in node:
                node.insert(min(position, len(node)), key, _fresh(item))
            elif node[key] != item:
                node[key] = _update(node[key], item)
        return node
    if isinstance(node, CommentedSeq) and isinstance(value, list):
        for i, item in enumerate(value[:len(node)]):
            if node[i] != item:
                node[i] = _update(node[i], item)
        del node[len(value):]
        node.extend(_fresh(item) for item in value[len(node):])
        return node
    return _fresh(value)


def updated_text(old_text: str, values: dict) -> str | None:
    """`old_text` with `values` in place of its own, its comments kept; None when that cannot be
    done faithfully (the caller then writes the file afresh)."""
    rt = _editor_yaml()
    try:
        doc = rt.load(old_text)
    except Exception:  # ruamel raises many kinds; the file loaded with PyYAML already, so fall back
        return None
    if not isinstance(doc, CommentedMap):
        return None
    _update(doc, values)
    out = io.StringIO()
    rt.dump(doc, out)
    text = out.getvalue()
    try:
        same = yaml.safe_load(text) == values
    except yaml.YAMLError:
        same = False
    return text if same else None
