"""The prebuilt search index in pieces, so that a phone fetches what one query needs.

Material's search hands its worker every document and the worker searches them all; at a city's
catalogue that is megabytes before the first result. Here the index built at build time
(generator/search/lunr.py) is cut three ways, and the query worker (sg-search.js) fetches:

- words: the index's Han words, by their first character (a character's file is its code point
  modulo the number of files), to cut a query into words and to find what it sounds like; a
  catalogue's words that fit in WORDS_IN_MANIFEST come in the manifest itself, which every search
  fetches with the worker, instead of files fetched with the terms (on HTTP/1.1 a phone opens six
  connections to a site: two words' files beside six terms' files wait a round trip more);
- terms: for each query word, every term of the index that the word can match (its postings and
  its weights in each document), in files by the terms' first characters; a character with more
  terms than a file holds is split further by the next character, so one common character never
  makes a query fetch its whole vocabulary;
- documents: the titles and text of the pages it shows, whole pages in consecutive files. Not
  their keywords (the words they are found by, most of a document's bytes): those are in the
  index's terms, and only a result's title, text and place are shown. They are kept in one file
  that no search fetches (KEYWORDS), so that Material's whole index can be put together again.

A search over the pieces a query needs scores exactly as over the whole index: lunr scores a
document by the query's terms only (its weight for each, and the query's own vector), and a
trailing wildcard only reaches terms that start with the query's word.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

WORDS = "search/words"
TERMS = "search/terms"
DOCUMENTS = "search/docs"
KEYWORDS = "search/keywords.json"
UNSHOWN = "keywords"  # the field of a document that goes in KEYWORDS, not in its documents' file
# Raw JSON per file before compression (a quarter to a third of it is sent)
FILE_BYTES = 16_000
WORDS_IN_MANIFEST = 32_000  # a district's 10,000 services: 25 KB of words, 6 KB sent
# Documents: a result list's pages are scattered, so files are small (a few dozen services), but
# never more than DOCUMENT_FILES_PER_QUERY for a small site: a query fetches at most that many, and
# a list whose pages need more is cut there (sg-search.js)
DOCUMENT_FILE_BYTES = 8_000
LARGEST_DOCUMENT_FILE = 32_000
DOCUMENT_FILES_PER_QUERY = 6


PINYIN = "search/pinyin.json"
# What search_index.json no longer carries: the words are in the words' files, internal duties are
# marked in the refs ("i…"), the pinyin table is fetched for a query that may be a slip of the input
# method or pinyin typed in letters
IN_PIECES = ("sg_vocabulary", "sg_internal", "sg_pinyin")


@dataclass(frozen=True)
class Shards:
    files: dict[str, str]  # site path -> JSON text
    index: dict            # search_index.json: no documents; config.sg_shards says where the pieces are


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def shard(index: dict, prebuilt: dict) -> Shards:
    """The pieces of a search index (Material's documents and config, enriched) and its lunr index."""
    files: dict[str, str] = {PINYIN: _json(index["config"].get("sg_pinyin", {}))}
    word_lists = _word_lists(index, prebuilt)
    in_manifest = len(word_lists) == 1  # they fit in WORDS_IN_MANIFEST
    if not in_manifest:
        for number, bucket in enumerate(word_lists):
            files[f"{WORDS}/{number}.json"] = _json(bucket)
    keys = _term_files(prebuilt, files)
    starts = _document_files([_shown(doc) for doc in index["docs"]], files)
    files[KEYWORDS] = _json([doc.get(UNSHOWN, "") for doc in index["docs"]])
    ordered = sorted(keys, key=lambda key: (keys[key], key))  # files hold keys in order
    manifest = {"words": len(word_lists), "documents": len(index["docs"]),
                # the keys, space-separated (a term holds no space), and where each file's keys begin
                "keys": " ".join(ordered),
                "key_files": [i for i, key in enumerate(ordered) if i == 0 or keys[ordered[i - 1]] != keys[key]],
                "docs": starts,
                "docs_per_query": DOCUMENT_FILES_PER_QUERY,
                "version": prebuilt["version"], "fields": prebuilt["fields"], "pipeline": prebuilt["pipeline"]}
    if in_manifest:
        manifest["word_lists"] = word_lists
    config = {key: value for key, value in index["config"].items() if key not in IN_PIECES}
    return Shards(files=files, index={"config": {**config, "sg_shards": manifest}, "docs": []})


def _word_lists(index: dict, prebuilt: dict) -> list[dict]:
    """Han words by first character, a file's worth each (one list when they travel in the
    manifest): the worker's vocabulary (sg_vocabulary: words of two or more characters and aliases)
    and the Han terms of the index, which Material's own query splitting looks up: "v" both, "a"
    vocabulary only, "t" terms only."""
    vocabulary = set(index["config"].get("sg_vocabulary", []))
    terms = {term for term, _ in prebuilt["invertedIndex"] if term and _is_han(term[0])}
    size = sum(len(w.encode()) + 3 for w in vocabulary | terms)
    count = 1 if size <= WORDS_IN_MANIFEST else -(-size // FILE_BYTES)
    buckets = [{"v": [], "a": [], "t": []} for _ in range(count)]
    for kind, words in (("v", vocabulary & terms), ("a", vocabulary - terms), ("t", terms - vocabulary)):
        for word in sorted(words):
            buckets[ord(word[0]) % count][kind].append(word)
    return buckets


def word_lists(manifest: dict, files: dict[str, str]) -> list[dict]:
    """The words' lists of a manifest, from the manifest or from their files."""
    if "word_lists" in manifest:
        return manifest["word_lists"]
    return [json.loads(files[f"{WORDS}/{n}.json"]) for n in range(manifest["words"])]


def _term_files(prebuilt: dict, files: dict[str, str]) -> dict[str, int]:
    """{key: file number}: a term's key is the shortest prefix of it that is a key. Each key's
    terms, their postings and their weights in the documents' vectors, packed into files in key
    order."""
    entries = prebuilt["invertedIndex"]  # [term, posting], sorted by term
    weights: dict[int, list] = {}
    for field_ref, vector in prebuilt["fieldVectors"]:
        for i in range(0, len(vector), 2):
            weights.setdefault(vector[i], []).append((field_ref, vector[i + 1]))
    sized = [(term, posting, len(_json([term, posting])) + 16 * len(weights.get(posting["_index"], ())))
             for term, posting in entries]
    groups = _split_by_prefix(sized, 1)
    keys: dict[str, int] = {}
    number, current, current_size = 0, [], 0

    def flush():
        nonlocal number, current, current_size
        if current:
            vectors: dict[str, list] = {}
            for _, group in current:
                for term, posting, _ in group:
                    for field_ref, score in weights.get(posting["_index"], ()):
                        vectors.setdefault(field_ref, []).extend((posting["_index"], score))
            files[f"{TERMS}/{number}.json"] = _json({
                "terms": [[term, posting] for _, group in current for term, posting, _ in group],
                "vectors": vectors})
            number += 1
            current, current_size = [], 0

    for key, group in groups:
        size = sum(s for _, _, s in group)
        if current and current_size + size > FILE_BYTES:
            flush()
        current.append((key, group))
        current_size += size
        keys[key] = number
    flush()
    return keys


def _split_by_prefix(sized: list, length: int) -> list[tuple[str, list]]:
    """[(key, its terms)] in term order: terms grouped by their first `length` characters; a group
    larger than a file is split by one character more (a term no longer than the key stays in it)."""
    groups: list[tuple[str, list]] = []
    for item in sized:
        key = item[0][:length]
        if groups and groups[-1][0] == key:
            groups[-1][1].append(item)
        else:
            groups.append((key, [item]))
    out = []
    for key, group in groups:
        longer = [item for item in group if len(item[0]) > length]
        if sum(s for _, _, s in group) > FILE_BYTES and longer:
            own = [item for item in group if len(item[0]) <= length]
            if own:  # a key without terms of its own is no key: nothing to fetch for it
                out.append((key, own))
            out.extend(_split_by_prefix(longer, length + 1))
        else:
            out.append((key, group))
    return out


def _shown(doc: dict) -> dict:
    return {field: value for field, value in doc.items() if field != UNSHOWN}


def _document_files(docs: list[dict], files: dict[str, str]) -> list[int]:
    """Whole pages (a page's document and its sections') in consecutive files; returns the place of
    each file's first document."""
    sizes = [len(_json(doc)) for doc in docs]
    share = sum(sizes) // DOCUMENT_FILES_PER_QUERY + 1  # a small site: every document within one query's files
    limit = max(DOCUMENT_FILE_BYTES, share) if share <= LARGEST_DOCUMENT_FILE else DOCUMENT_FILE_BYTES
    starts: list[int] = []
    current: list[dict] = []
    size = 0
    for position, (doc, doc_size) in enumerate(zip(docs, sizes)):
        starts_page = "#" not in str(doc.get("location", ""))
        if current and starts_page and size + doc_size > limit:
            files[f"{DOCUMENTS}/{len(starts) - 1}.json"] = _json(current)
            current, size = [], 0
        if not current:
            starts.append(position)
        current.append(doc)
        size += doc_size
    if current:
        files[f"{DOCUMENTS}/{len(starts) - 1}.json"] = _json(current)
    return starts


def term_keys(manifest: dict) -> dict[str, int]:
    """{key: terms' file} from a manifest (as the query worker reads it)."""
    keys = manifest["keys"].split(" ") if manifest["keys"] else []
    starts = manifest["key_files"]
    return {key: sum(1 for start in starts if start <= i) - 1 for i, key in enumerate(keys)}


def whole_index(index_with_shards: dict, files: dict[str, str]) -> dict:
    """The search_index.json Material would load, put together again from the pieces (for tests and
    for comparing with Material's own search): every document with its keywords, the vocabulary,
    internal duties' pages and the pinyin table back in the config."""
    config = dict(index_with_shards["config"])
    manifest = config.pop("sg_shards")
    docs = [doc for n in range(len(manifest["docs"])) for doc in json.loads(files[f"{DOCUMENTS}/{n}.json"])]
    for doc, keywords in zip(docs, json.loads(files[KEYWORDS])):
        if keywords:
            doc[UNSHOWN] = keywords
    words = word_lists(manifest, files)
    config["sg_vocabulary"] = sorted(w for bucket in words for kind in ("v", "a") for w in bucket[kind])
    internal = set()
    for n in range(max(term_keys(manifest).values(), default=-1) + 1):
        for _, posting in json.loads(files[f"{TERMS}/{n}.json"])["terms"]:
            for field in manifest["fields"]:
                internal.update(int(ref[1:].split(".")[0], 36) for ref in posting.get(field, {}) if ref.startswith("i"))
    config["sg_internal"] = [docs[place]["location"] for place in sorted(internal)]
    config["sg_pinyin"] = json.loads(files[PINYIN])
    return {"config": config, "docs": docs}
