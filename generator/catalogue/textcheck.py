"""Characters that have no place in catalogue text: control characters, bidi overrides and
invisible ones. They pass unseen through an editor, break pages (a C1 control character ended
a page's front matter) or make two values look equal that are not (序号 "2.4" and "2.4" + U+200B)."""
from __future__ import annotations

import re
import unicodedata

# Cc (controls) except tab and newline; Cf (format: zero-width, bidi embeddings/overrides/isolates,
# BOM, soft hyphen); line and paragraph separators; noncharacters like U+FFFE
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                  "\ufeff\ufff9-\ufffb\ufffe\uffff]")
NAMES = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u200e": "从左到右标记",
         "\u200f": "从右到左标记", "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向格式结束",
         "\u202d": "从左到右覆盖", "\u202e": "从右到左覆盖", "\ufeff": "零宽不换行空格（BOM）",
         "\u00ad": "软连字符", "\u2028": "行分隔符", "\u2029": "段分隔符", "\u2060": "字连接符"}


def bad_character(text: str) -> str | None:
    """A Chinese description of the first forbidden character in `text`, or None."""
    m = _BAD.search(text)
    if not m:
        return None
    ch = m.group(0)
    kind = NAMES.get(ch) or ("控制字符" if unicodedata.category(ch) == "Cc" else "不可见字符")
    return (f"第 {m.start() + 1} 个字符是看不见的{kind} U+{ord(ch):04X}，"
            "常由复制粘贴带入，会让页面出错或让两个看似相同的值不同：请删除")


def strings_with_paths(data, path=()):
    """Every string in a YAML value (keys too), with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield path + (key,), key
            yield from strings_with_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings_with_paths(value, path + (i,))


def comparable(value: str) -> str:
    """The form two ids or 序号 are compared in: NFKC ("２.４" is "2.4"), no spaces or invisibles."""
    return re.sub(r"\s+", "", _BAD.sub("", unicodedata.normalize("NFKC", value)))


# A spreadsheet (Excel, WPS, LibreOffice) reads a cell that starts with one of these as a formula:
# =HYPERLINK(...) or +cmd|' /C calc'!A0 in a download would run on the reader's computer (OWASP,
# "CSV Injection"). Leading spaces do not make it text in every program, so they are looked past.
FORMULA_START = ("=", "+", "-", "@")
FORMULA_ESCAPE = "'"  # what a spreadsheet user types to keep =... as text; shown before the text in a CSV


def starts_like_formula(text: str) -> bool:
    return text[:1] in ("\t", "\r") or text.lstrip(" \u3000").startswith(FORMULA_START)


def reads_as_formula(text: str) -> bool:
    """Text a spreadsheet would compute (=..., @SUM(, -2+3+cmd|…), not a list item like "-身份证":
    worth a warning to the editor who imports it."""
    return bool(_FORMULA_PAYLOAD.match(text.lstrip(" \u3000")))


_FORMULA_PAYLOAD = re.compile(r"[=@]|[+\-][A-Za-z0-9_(]")


def unescape_formula(text: str) -> str:
    """A cell as our own CSV download wrote it ('=...) back to the text the catalogue holds."""
    if text.startswith(FORMULA_ESCAPE) and starts_like_formula(text[1:]):
        return text[1:]
    return text
