"""What the search index should know about each service beyond its visible text.

Material's Chinese search segments page text with jieba.cut and matches query pieces by prefix,
so 保险 misses 城乡居民医疗保险登记 (indexed as 医疗保险) and 失业金 finds nothing unless some page
carries it. Each service therefore gets a `keywords` field: the words residents use (aliases) and
the sub-words of its names and materials (jieba.cut_for_search), plus a result title that names
the office, so two offices' versions of a service can be told apart in the result list.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from generator.website import urls
from generator.catalogue.model import Catalogue
from generator.search.pinyin import syllable_table

SEPARATOR = "\u200b"  # what Material joins jieba pieces with; part of its zh separator
FORM_TITLE = re.compile(r"《([^《》]{2,40})》")
TAGS = re.compile(r"<[^>]+>")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class SearchEntry:
    title: str
    keywords: str


def _tokens(phrases) -> list[str]:
    seen: dict[str, None] = {}
    for phrase in phrases:
        if phrase:
            seen.setdefault(phrase, None)
            seen.update(dict.fromkeys(_sub_words(phrase)))
    return list(seen)


def _segmented(text: str) -> str:
    """Text cut into words the way Material's search plugin cuts page text (jieba.cut, U+200B)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return SEPARATOR.join(piece for piece in jieba.cut(text) if piece)


@lru_cache(maxsize=200_000)
def _sub_words(phrase: str) -> tuple[str, ...]:
    """jieba's search segmentation of one phrase; offices repeat the same materials and aliases."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # single characters (卡, 领) would prefix-match far too much
    return tuple(t for t in (token.strip() for token in jieba.cut_for_search(phrase)) if len(t) > 1)


def search_entries(catalogue: Catalogue, services=None) -> dict[str, SearchEntry]:
    """{page URL ("offices/x/y/"): SearchEntry} for every service page (or those of `services`).

    Keywords are the service's names with their sub-words, its 文号, the material
    words of content/materials.yml its materials use (居住证, 结婚证) and the forms they name
    (《…》), and two words only it and its topic carry. Kept short: a district's index must load
    on a phone.
    """
    material_words = [re.compile("|".join(re.escape(m) for m in kind["match"])) for kind in catalogue.material_kinds]
    entries = {}
    for service in catalogue.services if services is None else services:
        office = catalogue.offices[service.office_id]
        topic = catalogue.topics.get(service.topic_id) if service.topic_id else None
        materials = "\n".join(service.materials.all_items() + (service.materials.intro,)
                              + tuple(g.intro for g in service.materials.groups))
        # Aliases are not repeated here: a query that uses one gets its topic's word (alias_expansions)
        named = [service.name, service.title, topic.name if topic else "",
                 *(g.name for g in service.materials.groups), *(v.name for v in service.process.variants)]
        found = [m.group(0) for pattern in material_words for m in pattern.finditer(materials)]
        found += FORM_TITLE.findall(materials)
        numbers = [c.doc_number for e in service.legal_basis for c in e.citations if c.doc_number]
        url = urls.page_url(urls.service(service.office_id, service.id))
        tokens = _tokens(named) + list(dict.fromkeys(found + numbers)) + _tokens(guide_words(service))
        tokens += [service_token(service)]
        tokens += [topic_token(topic.id)] if topic else []
        entries[url] = SearchEntry(title=_segmented(f"{service.name}（{office.short_name}）"),
                                   keywords=SEPARATOR + SEPARATOR.join(tokens) + SEPARATOR)
    return entries


def guide_words(service) -> list[str]:
    """Words for what a service's guide elements say: where it is handled (a place name), and how
    residents ask for convenience: 网上办, 不收费, 即办, 最多跑一次."""
    words = [service.place.address, service.place.window]
    if service.online:
        words += ["网上办", "网上办理", "网办", service.online.platform]
    if service.fees and service.fees.free:
        words += ["不收费", "免费"]
    expected = service.time_limit.expected if service.time_limit else None
    if expected and expected.kind == "immediate":
        words += ["即办", "当场办结", "马上办"]
    if service.visits == 0:
        words += ["不用跑", "零跑腿", "全程网办"]
    elif service.visits == 1:
        words += ["最多跑一次", "跑一次"]
    return words


def merge_single_han(text: str) -> str:
    """Join single-character Han pieces to a neighbour: 失业\u200b金 -> 失业金.

    Material's query segmenter splits a query at the longest *proper* prefix found among the
    index's tokens, so one stray token 医 turns the query 医保 into 医*. Only separators move;
    the text a reader sees is unchanged.
    """
    pieces = text.split(SEPARATOR)
    out: list[str] = []
    carry = ""
    for piece in pieces:
        if len(piece) == 1 and _is_han(piece):
            if out and out[-1] and _is_han(out[-1][-1]):
                out[-1] += piece
            else:
                carry += piece
            continue
        if carry and piece and _is_han(piece[0]):
            piece = carry + piece
        elif carry:
            out.append(carry)
        carry = ""
        out.append(piece)
    if carry:
        out.append(carry)
    return SEPARATOR.join(out)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def topic_token(topic_id: str) -> str:
    """One search word that only the services of a topic carry (ASCII: never segmented)."""
    return "sgt" + topic_id.replace("-", "")


def service_token(service) -> str:
    return "sgs" + f"{service.office_id}{service.id}".replace("-", "")


@dataclass(frozen=True)
class QueryHelp:
    """What the query worker needs besides the index: aliases ({alias: search words}), the pages
    of internal duties (ranked last), and content/vocabulary.yml's spoken forms and fillers."""
    aliases: dict[str, list[str]]
    internal: list[str]
    spoken: dict[str, list[str]]
    fillers: list[str]
    journeys: dict[str, list[str]]  # a life event's words (生孩子, the title) -> [its journey's page, its title]


def query_help(catalogue: Catalogue) -> QueryHelp:
    words = catalogue.resident_words
    return QueryHelp(aliases=alias_expansions(catalogue), internal=internal_locations(catalogue),
                     spoken={phrase: list(means) for phrase, means in sorted(words.spoken.items())},
                     fillers=sorted(words.fillers), journeys=life_events(catalogue))


def life_events(catalogue: Catalogue) -> dict[str, list[str]]:
    """{生孩子: [journeys/baobao-canbao/, 给宝宝办医保]}: a query naming a life event shows its journey first."""
    return {phrase: [urls.page_url(urls.journey(j.id)), j.title]
            for j in catalogue.journeys.values() for phrase in (j.title, *j.events)}


def alias_expansions(catalogue: Catalogue) -> dict[str, list[str]]:
    """{alias: [search words it stands for]}: 失业证 -> [sgtjiuyechuangyezheng]. The query worker
    adds these to a query that uses the alias, because Material reduces 失业证 to its prefix 失业*;
    the topic's own word ranks every office's version of the service first."""
    expansions: dict[str, list[str]] = {}
    for topic in catalogue.topics.values():
        for alias in topic.aliases:
            expansions.setdefault(alias, []).append(topic_token(topic.id))
    for service in catalogue.services:
        for alias in service.aliases:
            expansions.setdefault(alias, []).append(service_token(service))
    return {alias: list(dict.fromkeys(names)) for alias, names in sorted(expansions.items())}


def internal_locations(catalogue: Catalogue) -> list[str]:
    """Page URLs of internal duties: the query worker puts their results after residents' services."""
    return [urls.page_url(urls.service(s.office_id, s.id)) for s in catalogue.services if s.internal]


def enrich_index(index: dict, entries: dict[str, SearchEntry], help: QueryHelp) -> dict:
    """Add result titles, keywords and the query worker's help to a Material search index; merge
    single-Han tokens; list the index's Han words once for the query worker (sg_vocabulary), so a
    phone does not scan every document for them, and their characters' pinyin (sg_pinyin) for
    correcting an input method's homophone slips."""
    vocabulary: set[str] = set(help.aliases)
    config = index.setdefault("config", {})
    # words as the browser's index will have them: the search separator of mkdocs.yml
    words = re.compile(config.get("separator") or r"[\s\u200b]+")
    for doc in index.get("docs", []):
        entry = entries.get(doc.get("location"))
        if entry:
            doc["title"] = entry.title
            doc["keywords"] = entry.keywords
        for field in ("title", "text"):
            if field in doc:
                doc[field] = merge_single_han(doc[field])
        for field in ("title", "text", "keywords"):
            vocabulary.update(w for w in words.split(TAGS.sub(" ", doc.get(field, ""))) if len(w) > 1 and HAN.search(w))
    config["sg_aliases"] = help.aliases
    config["sg_internal"] = help.internal
    config["sg_spoken"] = help.spoken
    config["sg_fillers"] = help.fillers
    config["sg_journeys"] = help.journeys
    config["sg_vocabulary"] = sorted(vocabulary)
    config["sg_pinyin"] = syllable_table(vocabulary | {w for means in help.spoken.values() for w in means})
    return index
