"""What the site's pages list, derived from the catalogue: themes, topics x offices, legal basis,
materials, an office's groups, the comparison of one topic across offices, the home page's promises.

Pure functions over a Catalogue; the costly ones run once per catalogue (memo.py).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.catalogue import elements
from generator.catalogue.fields import label
from generator.website import urls
from generator.website.escaping import md_escape as escape
from generator.catalogue.citations import ISSUER_GROUPS, issuer_group, issuer_of, normalise_title, year_of
from generator.catalogue.model import Catalogue, Service, Theme, Topic
from generator.website.memo import per_catalogue


@dataclass
class ThemeListing:
    theme: Theme
    topics: list[tuple[Topic, list[Service]]]


def resident_themes(catalogue: Catalogue) -> list[ThemeListing]:
    """Themes in file order with their topics and the resident-facing services of each."""
    listings = []
    for theme in catalogue.themes.values():
        if theme.internal:
            continue
        topics = []
        for topic in catalogue.topics.values():
            if topic.theme_id != theme.id:
                continue
            services = [s for s in catalogue.services_of_topic(topic.id) if not s.internal]
            if services:
                topics.append((topic, services))
        if topics:
            listings.append(ThemeListing(theme, topics))
    return listings


def untopical_services(catalogue: Catalogue) -> list[Service]:
    return [s for s in catalogue.services if not s.topic_id and not s.internal]


ELSEWHERE_SHOWN = 5  # a service page names this many offices with the same topic, then links to the comparison


def elsewhere(catalogue: Catalogue, service: Service) -> tuple[list[Service], int]:
    """The same topic at other offices as the service's page lists it: the first few, and how many
    more there are."""
    if not service.topic_id or service.topic_id not in catalogue.topics:
        return [], 0
    others = [s for s in catalogue.services_of_topic(service.topic_id)
              if s.office_id != service.office_id and not s.internal]  # a duty is not the same service
    return others[:ELSEWHERE_SHOWN], max(0, len(others) - ELSEWHERE_SHOWN)


def shared_topics(catalogue: Catalogue) -> list[Topic]:
    """Topics two or more offices offer residents: each gets a side-by-side comparison."""
    return [t for t in catalogue.topics.values()
            if len({s.office_id for s in catalogue.services_of_topic(t.id) if not s.internal}) >= 2]


# ---- legal basis -------------------------------------------------------------------------------

@dataclass
class LegalDocument:
    key: str
    doc_number: str | None
    titles: Counter = field(default_factory=Counter)
    citing: list[tuple[Service, tuple[str, ...]]] = field(default_factory=list)
    issuer: str = ""
    group: str = ""
    year: int | None = None

    @property
    def title(self) -> str | None:
        """The most used spelling of the title (ties: the longest, then the first in order)."""
        if not self.titles:
            return None
        return max(self.titles.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


class LegalIndex(dict):
    """{key: LegalDocument}, and the 文号 key of every title cited with one."""

    keys_by_title: dict[str, str]


@per_catalogue
def legal_index(catalogue: Catalogue, with_internal: bool = False) -> LegalIndex:
    """Every cited document once, keyed by normalised 文号 (or title when it has none). The centre's
    own duties are left out of what residents read; the open data (`with_internal`) keeps them."""
    docs = LegalIndex()
    cited_by: dict[str, set[int]] = {}
    # A document cited once with its 文号 and elsewhere by title alone is still one document.
    number_by_title = {normalise_title(c.title): c.doc_number for s in catalogue.services
                       for e in s.legal_basis for c in e.citations if c.title and c.doc_number}
    for service in catalogue.services:
        if service.internal and not with_internal:  # the centre's own duties: on its staff view, not to residents
            continue
        for entry in service.legal_basis:
            for citation in entry.citations:
                title_key = normalise_title(citation.title or "")
                key = citation.doc_number or number_by_title.get(title_key) or title_key
                doc = docs.get(key)
                if doc is None:
                    doc = docs[key] = LegalDocument(key, citation.doc_number or number_by_title.get(title_key),
                                                    issuer=issuer_of(citation), group=issuer_group(citation),
                                                    year=year_of(citation))
                if citation.title:
                    doc.titles[citation.title] += 1
                if id(service) not in cited_by.setdefault(key, set()):  # a set: thousands may cite one law
                    cited_by[key].add(id(service))
                    doc.citing.append((service, citation.articles))
    docs.keys_by_title = {normalise_title(t): doc.key for doc in docs.values() if doc.doc_number
                          for t in doc.titles}
    return docs


def legal_groups(docs: dict[str, LegalDocument]) -> list[tuple[str, list[LegalDocument]]]:
    groups = []
    for name in ISSUER_GROUPS:
        members = [d for d in docs.values() if d.group == name]
        members.sort(key=lambda d: (d.year or 0, d.doc_number or "", d.title or ""))
        if members:
            groups.append((name, members))
    return groups


def citation_key(citation, docs: "LegalIndex") -> str:
    """The legal-index key of a citation: its 文号, or that of a document cited by the same title."""
    if citation.doc_number:
        return citation.doc_number
    title_key = normalise_title(citation.title or "")
    return docs.keys_by_title.get(title_key, title_key)


# ---- materials ---------------------------------------------------------------------------------

@dataclass
class MaterialEntry:
    name: str
    services: list[Service] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """Its own stable address at city scale (materials/<slug>/), and its anchor on one page."""
        return urls.anchor(self.name, "mat")


FORM = re.compile(r"《([^《》]{2,40})》")


def material_names(service: Service, vocabulary: list[dict]) -> list[str]:
    """The kinds of document `service` asks residents to bring (content/materials.yml names them and
    the phrases that mean them, so 身份证原件 / 居民身份证 / 本人身份证 are one); forms named in 《》
    are kinds of their own."""
    text = "\n".join(service.materials.all_items() + (service.materials.intro,)
                     + tuple(g.intro for g in service.materials.groups))
    names = [v["name"] for v in vocabulary if _material_pattern(tuple(v["match"])).search(text)]
    names += ["《" + re.sub(r"\s+", "", form) + "》" for form in FORM.findall(text)]
    return list(dict.fromkeys(names))


@lru_cache(maxsize=512)
def _material_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(m) for m in phrases))


@per_catalogue
def materials_index(catalogue: Catalogue, vocabulary: list[dict]) -> list[MaterialEntry]:
    """Each kind of document residents bring, with the services that ask for it, the most asked first."""
    entries: dict[str, MaterialEntry] = {}
    for service in catalogue.services:
        if not service.internal:
            for name in material_names(service, vocabulary):
                entries.setdefault(name, MaterialEntry(name)).services.append(service)
    return sorted(entries.values(), key=lambda e: (-len(e.services), e.name))


# ---- comparison --------------------------------------------------------------------------------

def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])} or set(chars)


# Figures worth comparing carry a unit; bare digits (A4纸, 2－3页) are left alone.
# "按月申领：无需材料" names no requirement: never marked 仅此机构 (an extra requirement)
NOTHING_NEEDED = re.compile(r"(无需|无须|不需要?|不用)(提供|准备)?(任何)?材料")
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(KB|Kb|kb|MB|寸|张|天|日|个工作日|周岁|岁|个月|年|万元|元)")


@dataclass
class ComparedItem:
    text: str
    status: str  # same | similar | only | plain (says nothing is required)
    html: Markup


def compare_lists(lists: dict[str, list[str]], vocabulary: list[dict] = ()) -> dict[str, list[ComparedItem]]:
    """Mark, for each office's list, the items no other office has and the figures that differ.

    An item is "same" when another office has it word for word, "similar" when another office has
    a close one (its differing figures are marked, e.g. 90KB vs 120Kb), "only" otherwise.
    """
    kinds = [re.compile("|".join(re.escape(m) for m in v["match"])) for v in vocabulary]
    # Bigrams and document kinds once per item: a topic offered by 50 offices compares
    # hundreds of items with each other.
    features = {item: (_bigrams(item), frozenset(i for i, k in enumerate(kinds) if k.search(item)))
                for items in lists.values() for item in items}

    def score(a: str, b: str) -> float:
        (x, kind_a), (y, kind_b) = features[a], features[b]
        # bigram overlap relative to the shorter text: a material inside a longer sentence with
        # extra conditions ("…还需提供电子版照片（1寸…）") is still the same material
        overlap = len(x & y) / min(len(x), len(y)) if x and y else 0.0
        # Naming the same kind of document (身份证 / 户口本) makes two materials comparable.
        return max(overlap, 0.5 if kind_a & kind_b else 0.0)

    result = {}
    for office, items in lists.items():
        others = list(dict.fromkeys(i for o, its in lists.items() if o != office for i in its))
        compared = []
        for item in items:
            best = max(others, key=lambda o: score(item, o), default=None)
            best_score = score(item, best) if best is not None else 0.0
            if best is not None and re.sub(r"\W", "", item) == re.sub(r"\W", "", best):
                compared.append(ComparedItem(item, "same", escape(item)))
            elif best_score >= 0.5:
                compared.append(ComparedItem(item, "similar", _mark_figures(item, best)))
            elif NOTHING_NEEDED.search(item):
                compared.append(ComparedItem(item, "plain", escape(item)))
            else:
                compared.append(ComparedItem(item, "only", escape(item)))
        result[office] = compared
    return result


def _mark_figures(item: str, other: str) -> Markup:
    """Mark a figure when the matching item states the same kind of figure with another value."""
    other_figures = {(m.group(2).lower(), m.group(1)) for m in NUMBER.finditer(other)}
    other_units = {unit for unit, _ in other_figures}
    out, last = Markup(""), 0
    for m in NUMBER.finditer(item):
        unit = m.group(2).lower()
        if unit in other_units and (unit, m.group(1)) not in other_figures:
            out += escape(item[last:m.start()]) + Markup("<mark>") + escape(m.group(0)) + Markup("</mark>")
            last = m.end()
    return out + escape(item[last:])


# What listing pages show, derived here so every page kind reads the same (website/pages.py)

def promised_facts(catalogue: Catalogue) -> list[str]:
    """What every resident service page shows, for the home page to promise: nothing more."""
    services = [s for s in catalogue.services if not s.internal]
    shown = ["要带的材料", "办理步骤"]
    for fact, has in ((label("address"), lambda s: s.place.address), (label("hours"), lambda s: s.place.hours),
                      (label("time_limit"), lambda s: s.time_limit), ("是否收费", lambda s: s.fees),
                      (label("phone"), lambda s: s.place.phone),
                      ("监督投诉电话", lambda s: any(c.phone for c in s.supervision))):
        if services and all(has(s) for s in services):
            shown.append(fact)
    return shown


def office_groups(catalogue: Catalogue, services: list[Service]):
    """An office's resident services grouped by its list's own sections (一、法定村级受理、办结事项) in
    the list's order when its services carry them, else by theme, else (when most match no theme) by
    实施机构 in the list's order; each group in 序号 order."""
    residents = [s for s in services if not s.internal]
    if any(s.group for s in residents):
        sections: dict[str, list[Service]] = {}
        for service in sorted(residents, key=lambda s: s.sort_key):
            sections.setdefault(service.group or "其他事项", []).append(service)
        return list(sections.items())
    groups: dict[str, list[Service]] = {}
    for service in residents:
        topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
        theme = catalogue.themes[topic.theme_id].name if topic else "其他事项"
        groups.setdefault(theme, []).append(service)
    bodies = {s.implementing_body for s in residents}
    if len(groups.get("其他事项", ())) * 2 > len(residents) and len(bodies) > 1:
        # most of the list matched no topic (a county's 目录 of many 部门): by the body that handles them
        by_body: dict[str, list[Service]] = {}
        for service in sorted(residents, key=lambda s: s.sort_key):
            by_body.setdefault(service.implementing_body or "其他事项", []).append(service)
        return list(by_body.items())
    order = [t.name for t in catalogue.themes.values()] + ["其他事项"]
    return sorted(groups.items(), key=lambda kv: (order.index(kv[0]), kv[1][0].sort_key))


@dataclass
class ComparisonRow:
    label: str
    same: bool
    cells: dict[str, list]  # office id -> compared items (or plain strings)


def comparison_rows(catalogue: Catalogue, services: list[Service], docs) -> list[ComparisonRow]:
    """Field by field: the same everywhere (said once) or different (marked item by item)."""

    def row(name: str, values: dict[str, list[str]], itemised: bool, vocabulary=()) -> ComparisonRow:
        normalised = {tuple("".join(ch for ch in v if ch.isalnum()) for v in vals) for vals in values.values()}
        if len(normalised) == 1:
            return ComparisonRow(name, True, {next(iter(values)): list(next(iter(values.values())))})
        if not itemised:  # a name or a body: show each office's wording side by side
            return ComparisonRow(name, False, {o: [ComparedItem(v, "plain", escape(v)) for v in vals]
                                                for o, vals in values.items()})
        return ComparisonRow(name, False, compare_lists(values, vocabulary))

    by_office = {s.office_id: s for s in services}

    def material_text(item) -> str:
        summary = item.summary()  # form and copies, so "原件 1 份" against "复印件 2 份" is marked
        return f"{item.name}（{summary}）" if summary else item.name

    def materials_of(s: Service) -> list[str]:
        m = s.materials
        if m.kind != "list":
            return [m.text]
        return [material_text(i) for i in m.items] + [f"{g.name}：{material_text(i)}" for g in m.groups for i in g.items] + \
            [f"{g.name}：{g.intro}" for g in m.groups if g.intro and not g.items]

    def steps_of(s: Service) -> list[str]:
        p = s.process
        return list(p.steps) + [f"{v.name}：{step}" for v in p.variants for step in v.steps] + \
            [f"{v.name}：{v.intro}" for v in p.variants if v.intro and not v.steps]

    def citations_of(s: Service) -> list[str]:
        out = []
        for entry in s.legal_basis:
            for c in entry.citations:
                doc = docs[citation_key(c, docs)]
                out.append(" ".join(filter(None, [f"《{doc.title}》" if doc.title else "", doc.doc_number])))
        return list(dict.fromkeys(out)) or [e.text for e in s.legal_basis]

    def chain(s: Service) -> list[str]:
        r = s.responsibility
        return [" → ".join(r)] if isinstance(r, tuple) else [r]

    def optional(value: str) -> list[str]:
        return [value] if value else []

    fields = [
        ("事项名称", lambda s: [s.name], False),  # residents' words for three of the fields
        (label("address"), lambda s: optional(elements.place_text(s.place)), False),
        (label("hours"), lambda s: optional(elements.hours_text(s.place)), False),
        (label("time_limit"), lambda s: optional(s.time_limit and elements.time_limit_text(s.time_limit)), False),
        (label("fees"), lambda s: optional(s.fees and elements.fees_text(s.fees)), False),
        (label("online"), lambda s: optional(s.online and (s.online.platform or s.online.url)), False),
        (label("visits"), lambda s: optional(s.visits is not None and elements.visits_text(s.visits)), False),
        (label("phone"), lambda s: optional(s.place.phone), False),
        (label("conditions"), lambda s: list(s.conditions), True),
        (label("implementing_body"), lambda s: [s.implementing_body], False),
        (label("boundary"), lambda s: [s.boundary], False),
        ("所需材料", materials_of, True),
        ("办理流程", steps_of, False),
        (label("legal_basis"), citations_of, True),
        (label("responsibility"), chain, False),
        (label("supervision"), lambda s: [f"{c.label} {c.phone or ''}".strip() for c in s.supervision], False),
    ]
    # A guide element no office publishes leaves no row; one some offices lack says so in their cell
    rows = []
    for name, get, itemised in fields:
        values = {o: get(s) for o, s in by_office.items()}
        if not any(values.values()):
            continue
        values = {o: v or ["未公布"] for o, v in values.items()}
        rows.append(row(name, values, itemised, catalogue.material_kinds if get is materials_of else ()))
    return rows
