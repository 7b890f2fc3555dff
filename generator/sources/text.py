"""Plain-text helpers for 信息表 field values: cleaning, line joining and list splitting.

Word exports number lists in many ways (1. 1、 （1） 1） ① 一、), put several items on one line,
wrap lines mid-sentence and leave bookmarks behind. Everything here is pure string work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

NOISE = re.compile(r"\[bookmark:[^\]]*\]")
HAN = re.compile(r"[\u3400-\u9fff]")
# A line that ends with one of these closes its sentence; anything else was wrapped by Word.
CLOSING = "。；;，,：:！？!?）)》」”\"'】〕﹞]"

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
BRACKET_HEADING = re.compile(r"【([^【】\n]{1,40})】")
CN_DIGITS = "一二三四五六七八九十"


def clean(text: str) -> str:
    """Drop Word noise, normalise line ends and the spaces around a line; keep every visible
    character and the spaces inside a line (a full-width space there is the office's)."""
    text = NOISE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip(" \t\u3000\u00a0\u200b\ufeff") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    if n < 20:
        return "十" + CN_DIGITS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens - 1] + "十" + (CN_DIGITS[ones - 1] if ones else "")


def _marker_regex(n: int, style: str) -> str:
    num = str(n)
    if style == "dot":
        return rf"(?<![\d.．]){num}\s*[.．](?![\d])|(?<=\n){num}\s*[.．]"
    if style == "dun":
        return rf"(?<![\d.．]){num}\s*、"
    if style == "half":
        return rf"(?<![\d.．（(]){num}\s*[）)]"
    if style == "paren":
        return rf"[（(]\s*{num}\s*[）)]"
    if style == "circle":
        return CIRCLED[n - 1] if n <= len(CIRCLED) else r"(?!x)x"
    if style == "cn":
        cn = cn_number(n)
        return rf"(?:(?<![\u3400-\u9fff]){cn}\s*[、.．]|[（(]{cn}[）)])"
    raise ValueError(style)


STYLES = ("dot", "dun", "half", "paren", "circle", "cn")
LIST_STYLES = ("dot", "dun", "half", "paren", "circle")


def marker_at(text: str, pos: int = 0, styles=STYLES) -> tuple[int, str, int] | None:
    """If a list marker starts at `pos`, return (number, style, end of marker)."""
    rest = text[pos:]
    m = re.match(r"\s*(\d{1,2})\s*([.．、）)])", rest)
    if m:
        style = {"、": "dun", "）": "half", ")": "half"}.get(m.group(2), "dot")
        if style in styles:
            return int(m.group(1)), style, pos + m.end()
    m = re.match(r"\s*[（(]\s*(\d{1,2})\s*[）)]", rest)
    if m and "paren" in styles:
        return int(m.group(1)), "paren", pos + m.end()
    m = re.match(rf"\s*([{CIRCLED}])", rest)
    if m and "circle" in styles:
        return CIRCLED.index(m.group(1)) + 1, "circle", pos + m.end()
    m = re.match(rf"\s*(?:([{CN_DIGITS}]{{1,3}})\s*[、.．]|[（(]([{CN_DIGITS}]{{1,3}})[）)])", rest)
    if m and "cn" in styles:
        word = m.group(1) or m.group(2)
        for n in range(1, 100):
            if cn_number(n) == word:
                return n, "cn", pos + m.end()
    return None


def _find_next(text: str, start: int, n: int, style: str) -> int | None:
    """Where item n+1 of a list in `style` begins, searching from `start`.

    Any numbering style is accepted for the next number (Word lists switch between 7） and 8.),
    unless a nested list (a "1" of another style) opens first: then only the list's own style ends
    the item, so the nested list's numbers stay inside it.
    """
    own = [start + m.start() for m in re.finditer(_marker_regex(n + 1, style), text[start:])]
    others = [s for s in LIST_STYLES if s != style]
    any_next = [start + m.start() for s in others if (m := re.search(_marker_regex(n + 1, s), text[start:]))]
    nested = [start + m.start() for s in others if (m := re.search(_marker_regex(1, s), text[start:]))]
    first_nested = min(nested, default=None)

    def at_line_start(pos: int) -> bool:
        return pos == 0 or text[:pos].rstrip(" \t").endswith("\n")

    candidates = []
    for pos in own + any_next:
        if first_nested is None or pos < first_nested or (pos in own and at_line_start(pos)):
            candidates.append(pos)
    return min(candidates) if candidates else None


def split_numbered(text: str, styles=LIST_STYLES) -> tuple[str, list[str]]:
    """Split `text` into (intro, items) by sequential numbering, inline or at line starts.

    The first marker fixes the list's style; items follow by consecutive numbers.
    """
    first = None
    for m in re.finditer(r"(?:^|\n)", text):
        found = marker_at(text, m.end(), styles)
        if found and found[0] == 1:
            first = (m.end(), found)
            break
    if first is None:
        # A list may continue numbering from elsewhere (杨家泊 2-1: 现场：1.… 线上：2.…)
        found = marker_at(text, 0, styles)
        if not found:
            return text.strip(), []
        first = (0, found)
    intro = text[: first[0]].strip()
    n, style, pos = first[1]
    items = []
    while True:
        nxt = _find_next(text, pos, n, style)
        items.append(text[pos:nxt].strip() if nxt is not None else text[pos:].strip())
        if nxt is None:
            break
        found = marker_at(text, nxt, LIST_STYLES)
        if found is None:  # the next marker matched by regex but not by marker_at: stop
            items[-1] = text[pos:].strip()
            break
        n, pos = n + 1, found[2]
    return intro, [strip_trailing_sep(i) for i in items if i.strip()]


def strip_trailing_sep(item: str) -> str:
    """An item as written: only layout whitespace goes (its closing 。 or ； is the office's text)."""
    return item.strip()


WRAPPED_LENGTH = 10  # Word wraps a line that fills its cell; "当事人身份证" / "当事人户口本" are two lines


def join_wrapped(text: str) -> str:
    """Join lines that Word wrapped mid-sentence; keep deliberate line breaks.

    A line is a continuation when the line before it does not close its sentence and it does not
    begin with a list marker itself (杨家泊 1-2: "…向经营地所" / "在区人社局提出申请…").
    """
    out: list[str] = []
    for line in text.split("\n"):
        if (
            out
            and len(out[-1].strip()) >= WRAPPED_LENGTH
            and out[-1][-1] not in CLOSING
            and not marker_at(line)
            and not is_header(out[-1])
            and not line.startswith("《")
            and not BRACKET_HEADING.fullmatch(line.strip())
        ):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def is_header(line: str) -> bool:
    """A short unnumbered line ending with a colon names what follows (现场：, 首次申领：)."""
    s = line.strip()
    return len(s) <= 24 and s[-1:] in "：:" and not marker_at(s, 0, LIST_STYLES)


def split_lines_items(text: str) -> list[str]:
    """Items separated by line breaks (no numbering)."""
    return [strip_trailing_sep(ln) for ln in text.split("\n") if ln.strip()]


@dataclass
class Block:
    """A named group of list items (a process variant or a materials group)."""

    name: str | None = None
    intro: str = ""
    items: list[str] = field(default_factory=list)


def _items_of(body: str) -> tuple[str, list[str]]:
    """Items of one group: numbered items, plus unnumbered lines after them as items of their own."""
    intro, items = split_numbered(body)
    if not items:
        lines = split_lines_items(body)
        if len(lines) > 1:
            return "", lines
        return intro, []
    # An unnumbered line after numbered ones (杨家泊 4-2) is an item, not part of the last one,
    # when the line before it closed its sentence. Lines inside an item that open a nested list stay.
    expanded: list[str] = []
    for item in items:
        parts = item.split("\n")
        current = parts[0]
        for part in parts[1:]:
            if current.rstrip()[-1:] in "；;。" and not marker_at(part):
                expanded.append(strip_trailing_sep(current))
                current = part
            else:
                current += "\n" + part
        expanded.append(strip_trailing_sep(current))
    return intro, expanded


def split_blocks(text: str) -> list[Block]:
    """Split a list field into groups: headed by 一、/（一） lines or by short "名称：" lines."""
    text = join_wrapped(clean(text))
    lines = text.split("\n")
    blocks: list[Block] = []
    current: list[str] = []
    name: str | None = None
    top_styles_cn = any(marker_at(ln, 0, ("cn",)) for ln in lines)

    def flush():
        if name is not None or any(s.strip() for s in current):
            intro, items = _items_of("\n".join(current))
            blocks.append(Block(name=name, intro=intro, items=items))

    for line in lines:
        cn = marker_at(line, 0, ("cn",)) if top_styles_cn else None
        bracketed = BRACKET_HEADING.fullmatch(line.strip())
        if bracketed:  # 【首次申领】 on a line of its own (guides, and our own spreadsheet export)
            flush()
            name, current = bracketed.group(1).strip(), []
            continue
        if cn or (is_header(line) and _header_starts_group(lines, line)):
            flush()
            head = line[cn[2]:] if cn else line
            name, current = head.strip(), []
            # "一、急诊留观转住院需提供以下资料：1.…" keeps items on the heading line
            inline = re.match(r"([^：:]*)[：:]\s*(\S.*)$", name, re.S) if cn else None
            if inline:
                name, current = inline.group(1), [inline.group(2)]
            name = name.rstrip("：:").strip()
        else:
            current.append(line)
    flush()
    return blocks


def _header_starts_group(lines: list[str], line: str) -> bool:
    # A "名称：" line opens a group only when more than one such line exists (首次申领： / 按月申领：)
    # or when it is the first line; otherwise it is an intro sentence ending with a colon.
    headers = [ln for ln in lines if is_header(ln)]
    return len(headers) >= 2 or lines[0] == line


def item_label(item: str, limit: int = 25) -> str | None:
    """The "label" of an item written "label：text" (or a short first line before a nested list)."""
    m = re.match(r"\s*([^：:\n]{1,%d})[：:]" % limit, item)
    if m:
        return m.group(1).strip()
    first, _, rest = item.partition("\n")
    if rest and len(first) <= limit:
        return first.strip()
    return None
