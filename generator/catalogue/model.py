"""The catalogue as typed, immutable values. No I/O here."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from generator.catalogue.citations import Citation
from generator.catalogue.fields import BOTH, BY_KEY, COLUMN, PLACE_KEYS
from generator.catalogue.kinds import is_plain


class PlainValues:
    """A registry field the model gives no attribute of its own (catalogue/fields.py) is a plain value
    kept in `more`, (key, value) pairs, and read as an attribute like the others: "" or () when unset."""

    def __getattr__(self, name: str):
        field = BY_KEY.get(name)
        if name == "more" or field is None or field.on == COLUMN or not is_plain(field.kind):
            raise AttributeError(name)
        if field.on == BOTH and "place" in self.__dataclass_fields__:  # a service's is its place's (inherited)
            return getattr(self.place, name)
        return dict(self.more).get(name, () if field.kind == "texts" else "")

    @classmethod
    def of(cls, values: dict, **given):
        """An instance from plain values by key: those the class names are its attributes, the rest `more`."""
        own = {f.name for f in dataclasses.fields(cls)}
        more = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items() if k not in own and v)
        return cls(**{k: v for k, v in values.items() if k in own}, **given, more=more)


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str | None = None


@dataclass(frozen=True)
class Place(PlainValues):
    """Where and when a service is handled, and whom to ask (the registry's fields set on BOTH). Set on
    the office, overridable per service. Those a template lays out are attributes; the rest are plain."""
    address: str = ""
    window: str = ""
    hours: str = ""
    phone: str = ""
    more: tuple[tuple[str, str], ...] = ()

    def merged(self, override: dict) -> "Place":
        """This place with the keys a service sets itself replacing the office's."""
        return Place.of({k: override.get(k) or getattr(self, k) for k in PLACE_KEYS})

    def __bool__(self) -> bool:
        return any(getattr(self, k) for k in PLACE_KEYS)


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    short_name: str
    kind: str
    city: str = ""
    district: str = ""
    area_code: str = ""
    place: Place = Place()
    supervision: tuple[Contact, ...] = ()
    required: tuple[str, ...] = ()  # guide elements this office requires of every service
    hotline: Contact | None = None  # whom residents call when a service names no phone (else the site's)
    source: str = ""
    source_title: str = ""  # the title row of the list (or guide) it was imported from, whole


@dataclass(frozen=True)
class LegalEntry:
    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Variant:
    name: str
    intro: str = ""
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Process:
    intro: str = ""
    steps: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.intro or self.steps or self.variants)


@dataclass(frozen=True)
class Material:
    """One document to bring. Only `name` is needed; the rest is what a 办事指南 says of it."""
    name: str
    forms: tuple[str, ...] = ()  # 原件 / 复印件 / 电子版 ...
    copies: int | None = None
    source: str = ""  # 申请人自备 / 政府部门核发 ...
    necessity: str = ""  # 必要 (default) / 非必要 / 容缺
    note: str = ""
    blank_form: str = ""  # a path under content/files/
    sample: str = ""
    details: tuple["ExtraInfo", ...] = ()  # a materials table's other columns (规格份数, 审查要点 …), as written

    @property
    def detailed(self) -> bool:
        return bool(self.forms or self.copies or self.source or self.necessity or self.note
                    or self.blank_form or self.sample or self.details)

    def summary(self) -> str:
        """"原件、复印件 · 2 份 · 容缺": what staff check at a glance ("" when nothing is known)."""
        parts = ["、".join(self.forms)] if self.forms else []
        if self.copies:
            parts.append(f"{self.copies} 份")
        if self.necessity and self.necessity != "必要":
            parts.append(self.necessity)
        return " · ".join(parts)


@dataclass(frozen=True)
class MaterialGroup:
    name: str
    intro: str = ""
    items: tuple[Material, ...] = ()


@dataclass(frozen=True)
class Materials:
    kind: str = "list"  # list | none | see_process | varies
    text: str = ""
    intro: str = ""
    items: tuple[Material, ...] = ()
    groups: tuple[MaterialGroup, ...] = ()

    @property
    def known(self) -> bool:
        return self.kind != "list" or bool(self.items or self.groups or self.intro)

    def all_materials(self) -> tuple[Material, ...]:
        return self.items + tuple(i for g in self.groups for i in g.items)

    def all_items(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.all_materials())


@dataclass(frozen=True)
class Duration:
    """A parsed 办理时限: 即办, or an amount of working days, days or months, with the text as written."""
    text: str
    kind: str  # immediate | working_days | days | months
    amount: int | None = None  # None for 即办


@dataclass(frozen=True)
class TimeLimit:
    """办理时限: one limit as published, or the pair 承诺时限 / 法定时限."""
    stated: Duration | None = None
    promised: Duration | None = None
    legal: Duration | None = None

    @property
    def expected(self) -> Duration | None:
        """What a resident can count on: the promise when there is one."""
        return self.promised or self.stated or self.legal


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount: str
    basis: str = ""


@dataclass(frozen=True)
class Fees:
    free: bool
    items: tuple[FeeItem, ...] = ()


@dataclass(frozen=True)
class Online:
    platform: str = ""
    url: str = ""
    query_url: str = ""


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str


AUDIENCE_NAMES = {"residents": "居民", "enterprises": "企业", "internal": "内部事项"}


@dataclass(frozen=True)
class ExtraInfo:
    """Text a document gave under a label no field names (备注, 办件类型 …), kept as written; or a
    table it held that is no materials table, kept whole (its first row heads the columns)."""
    label: str
    text: str = ""
    table: tuple[tuple[str, ...], ...] = ()

    @property
    def plain_text(self) -> str:
        """The text, or the table a row a line with its cells between " | " (a spreadsheet cell, a size)."""
        return self.text or "\n".join(" | ".join(row) for row in self.table)


@dataclass(frozen=True)
class Service(PlainValues):
    """A service as an office publishes it: a name and the office are all it needs (a real 目录 row
    gives little more); every other field is known or not, and pages show only what is known."""
    id: str
    office_id: str
    name: str
    title: str
    number: str = ""  # 序号; lists without one keep the catalogue's order
    order: int | None = None  # the place in the document it was imported from, for services without 序号
    implementing_body: str = ""  # 实施机构: the office itself unless the document names another
    legal_basis: tuple[LegalEntry, ...] = ()
    process: Process = Process()
    materials: Materials = Materials()
    topic_id: str | None = None
    audience: tuple[str, ...] = ("residents",)
    aliases: tuple[str, ...] = ()
    boundary: str = ""
    responsibility: str | tuple[str, ...] = ""
    supervision: tuple[Contact, ...] = ()
    updated: str | None = None
    source: str = ""
    # 办事指南 elements beyond the nine fields of a 信息表; all optional
    place: Place = Place()  # the office's, with what the service sets itself
    conditions: tuple[str, ...] = ()
    item_type: str = ""
    item_code: str = ""
    level: str = ""      # 实施层级 as published: 乡镇（街道）级, 县级 …
    case_type: str = ""  # 办件类型: 即办件, 承诺件 …
    time_limit: TimeLimit | None = None
    fees: Fees | None = None
    online: Online | None = None
    visits: int | None = None
    result: str = ""
    more: tuple[tuple[str, object], ...] = ()  # the registry's plain fields without an attribute here (送达方式 …)
    faq: tuple[Faq, ...] = ()
    extra: tuple[ExtraInfo, ...] = ()
    source_title: str = ""  # the title line of the guide it was imported from, whole
    group: str = ""  # the section of its list (一、法定村级受理、办结事项), as written
    review: tuple[str, ...] = ()  # what the import placed by a guess or could not place: for editors only

    @property
    def internal(self) -> bool:
        return "internal" in self.audience

    @property
    def sort_key(self) -> tuple:
        return number_sort_key(self.number) + (self.order or 0,)


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    internal: bool = False


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    theme_id: str
    audience: tuple[str, ...] = ("residents",)
    aliases: tuple[str, ...] = ()
    match: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResidentWords:
    """content/vocabulary.yml: how residents say things (被裁员) and the guide's words for them (失业)."""
    spoken: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: tuple[str, ...] = ()
    not_covered: tuple["NotCovered", ...] = ()


@dataclass(frozen=True)
class NotCovered:
    """What residents ask for that this guide does not hold (低保): search answers 本指南未收录 and
    says where to ask instead of showing nothing or something unrelated."""
    says: tuple[str, ...]
    name: str
    ask: str


ServiceKey = tuple[str, str]  # (office id, service id)


@dataclass(frozen=True)
class JourneyBranch:
    condition: str   # 如果……
    then: str        # 就……
    services: tuple[ServiceKey, ...] = ()


@dataclass(frozen=True)
class JourneyStep:
    title: str
    text: str
    services: tuple[ServiceKey, ...]
    branches: tuple[JourneyBranch, ...] = ()


@dataclass(frozen=True)
class Journey:
    """一件事: services in the order a life event needs them (content/journeys.yml)."""
    id: str
    title: str
    audience: str    # whom it is written for, in words
    intro: str
    steps: tuple[JourneyStep, ...]
    events: tuple[str, ...] = ()  # how residents name the life event (生孩子): search puts the journey first

    def services(self) -> list[ServiceKey]:
        """Every service the journey links, once, in the order it first comes."""
        keys = [k for step in self.steps for k in step.services + tuple(s for b in step.branches for s in b.services)]
        return list(dict.fromkeys(keys))


@dataclass
class Catalogue:
    offices: dict[str, Office]
    services: list[Service]
    themes: dict[str, Theme]
    topics: dict[str, Topic]
    material_kinds: list[dict] = field(default_factory=list)  # content/materials.yml
    resident_words: ResidentWords = field(default_factory=ResidentWords)
    journeys: dict[str, Journey] = field(default_factory=dict)  # content/journeys.yml
    warnings: list = field(default_factory=list)  # Problems that are possible but implausible
    errors: list = field(default_factory=list)  # Problems that stop a build: only when loaded with keep_errors
    _by_office: dict[str, list[Service]] = field(default_factory=dict, repr=False)
    _by_topic: dict[str, list[Service]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        office_order = {office_id: i for i, office_id in enumerate(self.offices)}
        self.services.sort(key=lambda s: (office_order[s.office_id], s.sort_key))
        for service in self.services:
            self._by_office.setdefault(service.office_id, []).append(service)
            if service.topic_id:
                self._by_topic.setdefault(service.topic_id, []).append(service)

    def services_of(self, office_id: str) -> list[Service]:
        return self._by_office.get(office_id, [])

    def services_of_topic(self, topic_id: str) -> list[Service]:
        return self._by_topic.get(topic_id, [])

    def journey_steps_of(self, service: Service) -> list[tuple[Journey, int]]:
        """The journeys a service belongs to, each with the (1-based) step that links it."""
        key = (service.office_id, service.id)
        return [(j, i) for j in self.journeys.values() for i, step in enumerate(j.steps, 1)
                if key in step.services + tuple(s for b in step.branches for s in b.services)]


def number_sort_key(number: str) -> tuple:
    """1.2 < 1.10 < 2-1 < 5 < 9 < 9-1 < 10: compare the numeric parts in order, a main item before its
    sub-items. Services without a 序号 come after those with one, in their document's order
    (Service.order), else as loaded (a stable sort). Every part is a (rank, value) pair, so "9" and
    "9-1" compare (a bare int against the text that ends "9" would not)."""
    if not number:
        return ((1, 0), (-1, ""))
    parts = tuple((0, int(p) if p.isdigit() else 10**9) for p in re.split(r"[.\-－、]", number) if p)
    return parts + ((-1, number),)
