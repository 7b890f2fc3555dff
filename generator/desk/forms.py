"""A service's or an office's form, made from its schema (which the field registry gives): every
field in the registry's order with its Chinese title and help, nested lists (material groups ->
materials -> their parts) as groups, each input named by its path in the file
("phone", "materials.groups.0.items.1.name")."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.catalogue.schema_build import SCHEMAS


@dataclass(frozen=True)
class Input:
    path: str             # where the value sits in the file: data-path of the page's input
    title: str
    help: str = ""
    control: str = "text"  # text, textarea, tel, number, select, date
    value: object = ""
    options: tuple[tuple[str, str], ...] = ()  # a select's choices: (value, its Chinese name)


@dataclass(frozen=True)
class Group:
    path: str
    title: str
    help: str = ""
    parts: tuple = ()      # Inputs and Groups
    repeats: bool = False  # a list: the editor may add and remove its entries
    item: dict = field(default_factory=dict, compare=False)  # the schema a new entry follows


def form(kind: str, data: dict) -> list:
    """The form of a service ("service") or an office ("office") holding `data`'s values."""
    schema = SCHEMAS[kind]()
    return [_part(spec, data.get(key), key, spec.get("title", key)) for key, spec in schema["properties"].items()]


def control_at(kind: str, path: str) -> str:
    """The control of any path the form may post, new entries' too ("materials.items.3.copies" is
    a number): found by walking the schema."""
    spec = SCHEMAS[kind]()
    for part in path.split("."):
        wanted = "array" if part.isdigit() else "object"
        options = spec.get("oneOf") or spec.get("anyOf") or [spec]
        spec = next((o for o in options if o.get("type") == wanted), {})
        spec = spec.get("items", {}) if part.isdigit() else spec.get("properties", {}).get(part, {})
    leaf = _part(spec, None, path, "")
    return getattr(leaf, "control", "text")


def inputs(parts) -> list[Input]:
    """Every input of a form, nested ones too, in order."""
    out = []
    for part in parts:
        out += inputs(part.parts) if isinstance(part, Group) else [part]
    return out


def _alternative(spec: dict, value) -> dict:
    """Of a oneOf/anyOf, the alternative the value is written in (a text when there is none yet)."""
    options = spec.get("oneOf") or spec.get("anyOf")
    if not options:
        return spec
    wanted = {dict: "object", list: "array"}.get(type(value), "string" if not isinstance(value, int) else "integer")
    chosen = next((o for o in options if o.get("type") == wanted), options[0])
    merged = {**chosen, "title": spec.get("title", chosen.get("title", "")),
              "description": spec.get("description", chosen.get("description", ""))}
    return _alternative(merged, value) if "oneOf" in chosen or "anyOf" in chosen else merged


def _part(spec: dict, value, path: str, title: str):
    spec = _alternative(spec, value)
    help_text = spec.get("description", "") or spec.get("x-hint", "")
    kind = spec.get("type")
    if kind == "object":
        value = value if isinstance(value, dict) else {}
        return Group(path, title, help_text, tuple(_part(sub, value.get(key), f"{path}.{key}", sub.get("title", key))
                                                   for key, sub in spec.get("properties", {}).items()))
    if kind == "array":
        item = spec.get("items", {})
        values = value if isinstance(value, list) else []
        entries = tuple(_part(item, v, f"{path}.{i}", f"{item.get('title') or title} {i + 1}") for i, v in enumerate(values))
        return Group(path, title, help_text, entries, repeats=True, item=item)
    if kind == "integer":
        return Input(path, title, help_text, "number", value if value is not None else "")
    if "enum" in spec:
        labels = spec.get("x-labels", {})
        return Input(path, title, help_text, "select", value or "", tuple((v, labels.get(v, v)) for v in spec["enum"]))
    control = "tel" if spec.get("format") == "phone" else "date" if "\\d{4}" in spec.get("pattern", "") else "text"
    text = value if isinstance(value, str) else ""
    return Input(path, title, help_text, "textarea" if control == "text" and ("\n" in text or len(text) > 60) else control, text)


def value_labels(kind: str) -> dict[str, str]:
    """Every coded value of the schema (residents, see_process) -> its Chinese name."""
    out: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            out.update(node.get("x-labels", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMAS[kind]())
    return out


@dataclass(frozen=True)
class Section:
    title: str
    parts: tuple
    folded: bool = False  # shown closed: fields an editor seldom changes


# The form in the order of a 办事指南 (what a resident reads first comes first); fields not named
# here come last, folded, in the registry's order.
GUIDE_SECTIONS = {
    "service": (
        ("事项", ("name", "title", "item_type", "implementing_body", "case_type", "level")),
        ("受理条件", ("conditions",)),
        ("申请材料", ("materials",)),
        ("办理流程", ("process", "time_limit", "fees", "online", "visits")),
        ("在哪办、什么时候、找谁", ("address", "window", "hours", "holidays", "phone", "enquiry_window")),
        ("办理结果", ("result", "delivery")),
        ("法定依据", ("legal_basis",)),
        ("常见问题与搜索", ("faq", "aliases", "audience", "topic")),
    ),
    "office": (
        ("在哪办、什么时候、找谁（所有事项都用这里的信息）",
         ("address", "window", "hours", "holidays", "phone", "enquiry_window", "hotline")),
        ("机构", ("name", "short_name", "kind", "city", "district", "area_code")),
        ("监督投诉", ("supervision",)),
    ),
}
FOLDED_TITLE = "其他栏目（一般不用改）"


def sections(kind: str, parts: list) -> list[Section]:
    by_key = {part.path: part for part in parts}
    out, used = [], set()
    for title, keys in GUIDE_SECTIONS[kind]:
        chosen = tuple(by_key[k] for k in keys if k in by_key)
        used.update(keys)
        if chosen:
            out.append(Section(title, chosen))
    rest = tuple(part for part in parts if part.path not in used)
    return out + ([Section(FOLDED_TITLE, rest, folded=True)] if rest else [])


def titles(kind: str, data: dict) -> dict[str, str]:
    """Each path of the form of `data` -> its title with the groups it sits in (运行要件 › 材料 2)."""
    out: dict[str, str] = {}

    def walk(parts, above: str) -> None:
        for part in parts:
            name = f"{above} › {part.title}" if above else part.title
            out[part.path] = name
            if isinstance(part, Group):
                walk(part.parts, name)

    walk(form(kind, data), "")
    return out


def new_entries(group: Group) -> list[tuple[str, object]]:
    """What the editor may add to a list, each as (its button's words, its inputs with the index
    written "$", numbered by the page): one line of text, and, where the schema allows it, the
    same entry written out in parts (a material's name, form, copies …)."""
    item = group.item or {"type": "string"}
    title = item.get("title") or group.title
    options = item.get("oneOf") or item.get("anyOf") or [item]
    kinds = {o.get("type") for o in options}
    out = [(f"添加{title}", _part(item, None if "string" in kinds else {}, f"{group.path}.$", f"新的{title}"))]
    if "string" in kinds and "object" in kinds:
        parts = next(o for o in options if o.get("type") == "object").get("properties", {})
        named = "、".join(p.get("title", k) for k, p in list(parts.items())[:3])
        out.append((f"添加{title}（分栏填写{named}等）", _part(item, {}, f"{group.path}.$", f"新的{title}")))
    return out
