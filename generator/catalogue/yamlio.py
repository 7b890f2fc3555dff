"""YAML in and out: values with the line of every node, and dumps editors can read."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.catalogue.safefiles import UnreadableFile, read_regular_file

try:  # the C loader is 7x faster on thousands of files (field notes)
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]


class YamlError(Exception):
    def __init__(self, message: str, line: int | None = None, path: tuple = ()):
        super().__init__(message)
        self.message, self.line, self.path = message, line, path  # path: the field it happened in


@dataclass
class LoadedYaml:
    """A YAML document as plain Python values, plus the line (1-based) of each path."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


MAX_YAML_BYTES = 2 * 1024 * 1024  # a service file is a few KB; the largest real one is 5 KB
MAX_DEPTH = 40  # the deepest real structure is 6 levels (materials > groups > items > mapping)
MAX_TEXT = 20_000  # characters in one value; the longest cell of the real lists has about 1,000


def load_yaml(path: Path) -> LoadedYaml:
    """Parse a YAML file; raise YamlError with a Chinese message and line on any problem."""
    try:
        raw = read_regular_file(path, MAX_YAML_BYTES)
    except UnreadableFile as exc:
        raise YamlError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError("文件不是 UTF-8 编码（请在编辑器中另存为 UTF-8）", line) from None
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.reader.ReaderError as exc:  # a raw control character: not even YAML can read it
        # the C reader counts UTF-8 bytes, the Python one characters
        before = text.encode("utf-8")[: exc.position] if SafeLoader is not yaml.SafeLoader else text[: exc.position]
        line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1
        raise YamlError(f"文件中有不可用的控制字符 U+{exc.character:04X}（第 {line} 行）：常由复制粘贴带入，请删除",
                        line) from None
    except yaml.MarkedYAMLError as exc:
        message, line = syntax_problem(exc, text)
        raise YamlError(message, line, top_level_key(text, line)) from None
    except RecursionError:  # the pure-Python parser's own limit on deep flow collections
        raise YamlError(TOO_DEEP, 1) from None
    if node is None:
        return LoadedYaml(None, {(): 1})
    loaded = LoadedYaml(None)
    loaded.data = _convert(node, (), loaded.lines, set())
    return loaded


# What a content file may hold: text, numbers, yes/no, empty, dates (kept as text), lists, mappings.
# Any other tag (explicit or not) is refused rather than dropped: its text would be published as data.
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
TOO_DEEP = f"嵌套层数太深（最多 {MAX_DEPTH} 层）：请检查方括号、花括号或缩进"

# What the YAML parser says, as an editor can act on it. libyaml and the pure-Python parser word
# the same problem differently (and libyaml's own nesting limit came with PyYAML 6.0.3): the message
# must not depend on which one is installed, so each kind is recognised by the words both use.
_SYNTAX = [
    ("nesting depth", TOO_DEEP),
    ("quoted scalar", "引号没有闭合：从这一行开始的引号，到文件末尾也没有找到与之配对的引号"),
    ("tab", "含有制表符（Tab）：YAML 的缩进只能用空格"),
    ("mapping values are not allowed", "这一行的冒号加空格（“: ”）不能出现在此处：文字中含有“: ”时请给整段文字加引号，或检查上一行是否缺少冒号"),
    ("flow sequence", "方括号 [ ] 没有闭合，或其中的项目之间缺少逗号"),
    ("flow mapping", "花括号 { } 没有闭合，或其中的项目之间缺少逗号"),
    ("cannot start any token", "这一行的值以 YAML 的保留字符（@ ` % 等）开头：请给这段文字加引号"),
    ("block mapping", "缩进不齐：同一层的字段要左对齐，列表项“- ”要比它的字段多缩进"),
    ("block sequence", "缩进不齐：同一个列表的“- ”要左对齐"),
    ("could not find expected ':'", "缺少冒号：字段名后要写“: ”（冒号加空格）"),
]


def top_level_key(text: str, line: int | None) -> tuple:
    """(key,) of the field a line belongs to: the nearest unindented "key:" at or above it."""
    if not line:
        return ()
    for above in reversed(text.split("\n")[:line]):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", above)
        if m:
            return (m.group(1),)
    return ()


def syntax_problem(exc: yaml.MarkedYAMLError, text: str = "") -> tuple[str, int | None]:
    """A Chinese message and the line to look at: where an unclosed quote starts, not the file's end."""
    said = f"{exc.context or ''} {exc.problem or ''}".replace("'\\t'", "tab")
    mark = exc.problem_mark
    if mark and text and "\t" in (text.split("\n")[mark.line:mark.line + 1] or [""])[0][:mark.column + 1]:
        said = "tab"  # libyaml says only "cannot start any token" of a tab that indents a line
    for words, message in _SYNTAX:
        if words in said:
            mark = exc.context_mark if words == "quoted scalar" and exc.context_mark else exc.problem_mark
            break
    else:
        message = "YAML 格式错误（常见原因：缩进不齐、冒号后缺空格、引号未闭合）"
        mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    return (message if message is TOO_DEEP else f"YAML 语法错误：{message}"), line


def _convert(node, path: tuple, lines: dict, seen: set):
    lines[path] = node.start_mark.line + 1
    # An alias (*name) makes one node appear twice: ten nested aliases expand a 200-byte file
    # into billions of values. Content files have no use for them, so the second sight refuses.
    if id(node) in seen:
        raise YamlError("不支持 YAML 的锚点和别名（& 和 *）：请把内容直接写出来", node.start_mark.line + 1, path)
    if len(path) > MAX_DEPTH:
        raise YamlError(TOO_DEEP, node.start_mark.line + 1, path[:1])  # the field it starts in
    if node.tag not in STANDARD_TAGS:  # !!python/object/apply:os.system, !!binary, !custom …
        raise YamlError(f"不支持 YAML 标签“{node.tag.replace('tag:yaml.org,2002:', '!!')}”：请删去标签，直接写内容",
                        node.start_mark.line + 1, path)
    if not isinstance(node, yaml.ScalarNode):
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                raise YamlError(f"字段“{key}”重复出现", key_node.start_mark.line + 1)
            result[key] = _convert(value_node, path + (key,), lines, seen)
            lines[path + (key,)] = key_node.start_mark.line + 1  # point at the key, not its value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, seen) for i, item in enumerate(node.value)]
    if len(node.value) > MAX_TEXT:  # every reader's phone would download it on the page
        raise YamlError(f"这一栏的文字有 {len(node.value)} 个字，超过 {MAX_TEXT} 个字的上限：请精简，"
                        "长的文件（如政策全文）请放在 content/files/ 供下载，这里写上名称", node.start_mark.line + 1, path)
    return _scalar(node)


def _scalar(node):
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError("字段名必须是文字", node.start_mark.line + 1)
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return node.value  # dates stay text: "2026-11-20" is what the editor wrote
    # Resolve the scalar the way safe_load would (int, float, bool, null, date)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError):  # "=" alone, an unknown !tag, a date like 2026-13-45
        raise YamlError(f"无法识别的值“{node.value[:40]}”（标签 {node.tag}）：普通文字请加引号",
                        node.start_mark.line + 1) from None


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data, header: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False, indent=2)
    return header + body
