"""Site-wide indexes derived from the catalogue: themes, topics x offices, legal basis, materials.

Pure functions over a Catalogue; each runs once per build.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.website.escaping import md_escape as escape
from generator.catalogue.citations import ISSUER_GROUPS, issuer_group, issuer_of, normalise_title, year_of
from generator.catalogue.model import Catalogue, Service, Theme, Topic


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
    others = [s for s in catalogue.services_of_topic(service.topic_id) if s.office_id != service.office_id]
    return others[:ELSEWHERE_SHOWN], max(0, len(others) - ELSEWHERE_SHOWN)


def shared_topics(catalogue: Catalogue) -> list[Topic]:
    """Topics offered by two or more offices: each gets a side-by-side comparison."""
    return [t for t in catalogue.topics.values()
            if len({s.office_id for s in catalogue.services_of_topic(t.id)}) >= 2]


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


def legal_index(catalogue: Catalogue) -> LegalIndex:
    """Every cited document once, keyed by normalised 文号 (or title when it has none)."""
    docs = LegalIndex()
    # A document cited once with its 文号 and elsewhere by title alone is still one document.
    number_by_title = {normalise_title(c.title): c.doc_number for s in catalogue.services
                       for e in s.legal_basis for c in e.citations if c.title and c.doc_number}
    for service in catalogue.services:
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
                if not any(s is service for s, _ in doc.citing):
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


FORM = re.compile(r"《([^《》]{2,40})》")


def materials_index(catalogue: Catalogue, vocabulary: list[dict]) -> list[MaterialEntry]:
    """Each kind of document residents bring, with the services that ask for it.

    `vocabulary` (content/materials.yml) names documents and the phrases that mean them, so
    身份证原件 / 居民身份证 / 本人身份证 merge; forms named in 《》 are entries of their own.
    """
    patterns = [(v["name"], re.compile("|".join(re.escape(m) for m in v["match"]))) for v in vocabulary]
    entries: dict[str, MaterialEntry] = {}
    for service in catalogue.services:
        if service.internal:
            continue
        text = "\n".join(service.materials.all_items() + (service.materials.intro,)
                         + tuple(g.intro for g in service.materials.groups))
        names = [name for name, pattern in patterns if pattern.search(text)]
        names += ["《" + re.sub(r"\s+", "", form) + "》" for form in FORM.findall(text)]
        for name in dict.fromkeys(names):
            entry = entries.setdefault(name, MaterialEntry(name))
            entry.services.append(service)
    return sorted(entries.values(), key=lambda e: (-len(e.services), e.name))


# ---- comparison --------------------------------------------------------------------------------

def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])} or set(chars)


# Figures worth comparing carry a unit; bare digits (A4纸, 2－3页) are left alone.
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(KB|Kb|kb|MB|寸|张|天|日|个工作日|周岁|岁|个月|年|万元|元)")


@dataclass
class ComparedItem:
    text: str
    status: str  # same | similar | only
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
