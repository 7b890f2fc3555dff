"""Material's search index, built once at build time instead of on every resident's phone.

Material's search worker builds a lunr.js (2.3.9) index from search_index.json each time a page
loads; at a few thousand services that takes seconds on a phone before the first result. This
module builds the same index in Python and serializes it in lunr.js's own format; shards.py cuts
it into the pieces a query needs, and the query worker (sg-search.js) loads those with
`lunr.Index.load`.

It must be the index Material would build: its settings are those of Material's Search class
(ref "location", the configured fields and boosts, b = 0, position metadata), its tokens those of
Material's tokenizer (text outside HTML tags, split by the configured separator, lowercased, each
token's position the index of its entry in its block's table), and its pipelines those lunr.zh
leaves after Material removes what `pipeline` does not name. tests/test_lunr_index.py compares it
with lunr.js's own build.
"""
from __future__ import annotations

import math
import re

K1 = 1.2
LUNR_VERSION = "2.3.9"
# The search pipeline a loaded index runs queries through, by language and Material's `pipeline`:
# lunr.zh replaces the indexing pipeline only, so queries keep lunr's own stemmer; indexing runs
# lunr.zh's stemmer, which returns the word as it is.
SEARCH_PIPELINES = {"zh": {"stemmer": "stemmer"}}


class UnsupportedIndex(ValueError):
    """The configuration asks for a pipeline this module does not reproduce."""


def tokens(text: str, separator: re.Pattern) -> list[tuple[str, int]]:
    """(token, position) pairs of one field value, as Material's tokenize() makes them. A tag takes
    an entry in its block's table, so it counts in the positions of the tokens after it."""
    table: dict[int, int] = {}
    out = []
    block = start = 0
    depth = 0
    end = 0

    def visit(block: int, kind: str, start: int, stop: int):
        if kind != "text":
            table[block] = table.get(block, 0) + 1
            return
        section = text[start:stop]
        index = 0
        for match in list(separator.finditer(section)) + [None]:
            until = match.start() if match else len(section)
            if index < until:
                table[block] = table.get(block, 0) + 1
                out.append((section[index:until].lower(), block << 20 | (table[block] - 1)))
            if match:
                index = match.end() if match.end() > match.start() else match.start() + 1
    # extract(): the same walk as _blocks, with tags reported too
    while end < len(text):
        ch = text[end]
        if ch == "<" and end > start:
            visit(block, "text", start, end)
            start = end
        elif ch == ">":
            if text[start + 1:start + 2] == "/":
                depth -= 1
                if depth == 0:
                    visit(block, "close", start, end + 1)
                    block += 1
            elif text[end - 1:end] != "/":
                if depth == 0:
                    visit(block, "open", start, end + 1)
                depth += 1
            start = end + 1
        end += 1
    if end > start:
        visit(block, "text", start, end)
    return out


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = digits[digit] + out
        if not number:
            return out


def short_ref(position: int, internal: bool = False) -> str:
    """A page's ref in the prebuilt index: "d" ("i" for a centre's internal duty) and its place in
    the documents, in base 36.
    Locations as refs would repeat a 50-character path in each of the index's postings (two thirds
    of its size); the query worker maps a result's ref back to the document's location. The letter
    keeps refs from looking like numbers, which JavaScript objects would reorder (changing which of
    two equal scores comes first)."""
    return ("i" if internal else "d") + base36(position)


def document_refs(docs: list[dict], internal=frozenset()) -> list[str]:
    """Each document's ref: its page's short_ref, and for a section of the page (a location with
    #) ".n", its distance from the page's document. The query worker knows a result's page, its
    place in the documents and whether it is an internal duty (`internal`: page locations) without
    a table of them."""
    refs = []
    pages: dict[str, str] = {}
    for position, doc in enumerate(docs):
        location = str(doc.get("location", ""))
        page = location.split("#")[0]
        if "#" in location and page in pages:
            start = pages[page]
            refs.append(f"{start}.{base36(position - int(start[1:], 36))}")
        else:
            ref = short_ref(position, internal=page in internal)
            pages.setdefault(location, ref)
            refs.append(ref)
    return refs


def _round(score: float) -> float:
    """lunr.js: Math.round(score * 1000) / 1000 (half away from zero for positive scores)."""
    return math.floor(score * 1000 + 0.5) / 1000


def _pipeline(config: dict) -> list:
    """The index's token pipeline, as lunr.js names its functions; only what this builder reproduces."""
    langs = config.get("lang") or ["en"]
    if len(langs) != 1 or langs[0] not in SEARCH_PIPELINES or set(config.get("pipeline", [])) - {"stemmer"}:
        raise UnsupportedIndex(f"lang {langs}, pipeline {config.get('pipeline')}")
    return [SEARCH_PIPELINES[langs[0]][name] for name in config.get("pipeline", [])]


def _count_terms(refs: list[str], docs: list[dict], fields: list[str], separator):
    """Each term's positions by field and document, each field's term counts and length."""
    inverted: dict[str, dict] = {}
    field_terms: dict[tuple[str, str], dict[str, int]] = {}
    field_lengths: dict[tuple[str, str], int] = {}
    for ref, doc in zip(refs, docs):
        for name in fields:
            value = doc.get(name)
            if isinstance(value, list):  # tags: several strings share one table; not reproduced here
                raise UnsupportedIndex(f"field {name} is a list")
            found = [] if value is None else tokens(str(value), separator)
            counts: dict[str, int] = {}
            for term, position in found:
                counts[term] = counts.get(term, 0) + 1
                posting = inverted.setdefault(term, {})
                posting.setdefault(name, {}).setdefault(ref, {"position": []})["position"].append(position)
            field_terms[(name, ref)] = counts
            field_lengths[(name, ref)] = len(found)
    return inverted, field_terms, field_lengths


def build(index: dict) -> dict:
    """The serialized lunr.Index (lunr.js 2.3.9 format) of a Material search_index.json, its refs
    document_refs() of the documents, and `sg_documents` the number of documents."""
    config = index["config"]
    pipeline = _pipeline(config)
    separator = re.compile(config["separator"])
    fields = list(config["fields"])
    boosts = {name: float(spec.get("boost", 1)) for name, spec in config["fields"].items()}
    refs = document_refs(index["docs"], frozenset(config.get("sg_internal", ())))
    doc_boosts = {ref: float(doc.get("boost") or 1) for ref, doc in zip(refs, index["docs"])}
    inverted, field_terms, field_lengths = _count_terms(refs, index["docs"], fields, separator)
    terms = sorted(inverted)
    term_index = {term: i for i, term in enumerate(terms)}
    count = len(refs)
    average = {name: (sum(field_lengths[(name, r)] for r in refs) / count if count else 0) for name in fields}
    idf_cache: dict[str, float] = {}

    def idf(term: str) -> float:
        if term not in idf_cache:
            with_term = sum(len(inverted[term].get(name, {})) for name in fields)
            idf_cache[term] = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        return idf_cache[term]

    vectors = []
    for ref in refs:
        for name in fields:
            vector = []
            length = field_lengths[(name, ref)]
            for term, tf in field_terms[(name, ref)].items():
                # b = 0 (Material): the field's length does not scale the score
                score = idf(term) * ((K1 + 1) * tf) / (K1 * (1 - 0 + 0 * (length / (average[name] or 1))) + tf)
                score *= boosts[name] * doc_boosts[ref]
                vector.append((term_index[term], _round(score)))
            if vector:  # a field without terms is never scored: its empty vector is left out
                vector.sort()
                vectors.append([f"{name}/{ref}", [x for pair in vector for x in pair]])
    postings = []
    for term in terms:
        posting = {"_index": term_index[term]}
        for name in fields:
            posting[name] = inverted[term].get(name, {})
        postings.append([term, posting])
    return {"version": LUNR_VERSION, "fields": fields, "fieldVectors": vectors, "invertedIndex": postings,
            "pipeline": pipeline, "sg_documents": count}
