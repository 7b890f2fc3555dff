"""Text from YAML goes into Markdown pages as literal text, never as markup.

Characters Markdown, its extensions or HTML would interpret become numeric entities, which both
Python-Markdown and browsers show as the character itself. Line breaks become <br>, so a value
always stays on its line of the template.
"""
from __future__ import annotations

import json
import re

from markupsafe import Markup

from generator.catalogue.phones import phones_in

SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]<>#|~^$\"'"}
SPECIAL["&"] = "&amp;"
_SPECIAL_RE = re.compile("[" + re.escape("".join(SPECIAL)) + "]")
# What would start a list, quote or heading when it opens a line
_LINE_START = re.compile(r"^(\s*)([-+*:](?=\s)|>|\d+[.)](?=\s|$))", re.M)
# A line of ---, ***, ___ or === alone: a horizontal rule, or the underline of a heading above it
_RULE = re.compile(r"^(\s*)([-*_=])(?=(?:\s*\2){2,}\s*$)", re.M)


_NEEDS_WORK = re.compile(r"[" + re.escape("".join(SPECIAL)) + r"\n]|^\s*(?:[-+*:>=]|\d+[.)])")


def md_escape(value) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not _NEEDS_WORK.search(text):  # most values: plain Chinese text, nothing to escape
        return Markup(text)
    text = _SPECIAL_RE.sub(lambda m: SPECIAL[m.group(0)], text)
    text = _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    text = _RULE.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return Markup("<br>".join(text.split("\n")))


def front_matter_string(value) -> Markup:
    """A YAML (JSON-style) string for page front matter, itself free of markup."""
    return Markup(json.dumps(str(md_escape(value)), ensure_ascii=False))


def css_string(value) -> Markup:
    """A quoted CSS string (for @page running headers) that can neither end itself nor the <style>."""
    text = "".join(ch if ch.isalnum() or ch in " ·-—（）()、，。：" or ord(ch) > 0x2000 and ch not in "\u2028\u2029"
                   else f"\\{ord(ch):X} " for ch in str(value))
    return Markup(f'"{text}"')


def with_phone_links(value) -> Markup:
    """Text as literal Markdown with every phone number in it a tel: link (省厅：020-86351219、
    020-86351130 keeps its words, and each number dials)."""
    text = str(value)
    out, at = [], 0
    for written, phone in phones_in(text):
        start = text.index(written, at)
        out += [md_escape(text[at:start]), Markup(f"[{md_escape(written)}]({phone.tel})")]
        at = start + len(written)
    out.append(md_escape(text[at:]))
    return Markup("").join(out)
