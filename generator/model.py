"""The catalogue as typed, immutable values. No I/O here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import Citation


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str | None = None


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    short_name: str
    kind: str
    city: str = ""
    district: str = ""
    area_code: str = ""
    address: str = ""
    hours: str = ""
    phone: str = ""
    supervision: tuple[Contact, ...] = ()
    source: str = ""


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


@dataclass(frozen=True)
class MaterialGroup:
    name: str
    intro: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Materials:
    kind: str = "list"  # list | none | see_process | varies
    text: str = ""
    intro: str = ""
    items: tuple[str, ...] = ()
    groups: tuple[MaterialGroup, ...] = ()

    def all_items(self) -> tuple[str, ...]:
        return self.items + tuple(i for g in self.groups for i in g.items)


AUDIENCE_NAMES = {"residents": "居民", "enterprises": "企业", "internal": "内部事项"}


@dataclass(frozen=True)
class Service:
    id: str
    office_id: str
    number: str
    name: str
    title: str
    implementing_body: str
    legal_basis: tuple[LegalEntry, ...]
    process: Process
    materials: Materials
    topic_id: str | None = None
    audience: tuple[str, ...] = ("residents",)
    aliases: tuple[str, ...] = ()
    boundary: str = ""
    responsibility: str | tuple[str, ...] = ""
    supervision: tuple[Contact, ...] = ()
    updated: str | None = None
    source: str = ""

    @property
    def internal(self) -> bool:
        return "internal" in self.audience

    @property
    def sort_key(self) -> tuple:
        return number_sort_key(self.number)


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


@dataclass
class Catalogue:
    offices: dict[str, Office]
    services: list[Service]
    themes: dict[str, Theme]
    topics: dict[str, Topic]
    material_kinds: list[dict] = field(default_factory=list)  # content/materials.yml
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


def number_sort_key(number: str) -> tuple:
    """1.2 < 1.10 < 2-1 < 5 < 10: compare the numeric parts in order."""
    return tuple(int(p) if p.isdigit() else 10**9 for p in re.split(r"[.\-－、]", number) if p) + (number,)
