"""The prebuilt search index: Material's tokens and lunr.js's scores, worked out by hand here; the
browser test (test_search.py) shows it answers every query exactly as Material's own index does."""
import json
import math
import re

import pytest

from conftest import ROOT
from generator.search import lunr as lunr_index

SEPARATOR = re.compile(r"[\s\u200b\-]+")


def test_tokens_follow_materials_tokenizer():
    # a tag takes an entry in its block's table; a closing tag ends the block
    found = lunr_index.tokens("<p>社保\u200b卡</p> <b>A-B</b>", SEPARATOR)
    assert found == [("社保", 1), ("卡", 2), ("a", 1 << 20 | 1), ("b", 1 << 20 | 2)]
    # text outside any tag, a self-closing tag (no entry), nested tags (one block)
    assert lunr_index.tokens("失业\u200b金<br/>领取", SEPARATOR) == [("失业", 0), ("金", 1), ("领取", 2)]
    assert [p >> 20 for _, p in lunr_index.tokens("<ul><li>甲</li><li>乙</li></ul>丙", SEPARATOR)] == [0, 0, 1]


def test_scores_are_lunrs_bm25_with_material_settings():
    index = {"config": {"lang": ["zh"], "separator": r"[\s\u200b]+", "pipeline": ["stemmer"],
                        "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
             "docs": [{"location": "a/", "title": "社保\u200b卡", "text": "卡"}, {"location": "b/", "title": "卡"}]}
    built = lunr_index.build(index)
    assert built["version"] == "2.3.9" and built["fields"] == ["title", "text"] and built["pipeline"] == ["stemmer"]
    terms = {term: posting for term, posting in built["invertedIndex"]}
    assert built["sg_documents"] == 2  # refs are places in the documents: "d0" is a/, "d1" is b/
    assert terms["社保"]["title"] == {"d0": {"position": [0]}} and terms["社保"]["text"] == {}
    assert terms["卡"]["text"] == {"d0": {"position": [0]}}
    vectors = dict(built["fieldVectors"])
    # 社保: in 1 of 2 documents: idf = ln(1 + 1.5 / 1.5); tf 1, b = 0: idf * 2.2 / 2.2; title boost 1000
    assert vectors["title/d0"][vectors["title/d0"].index(terms["社保"]["_index"]) + 1] == round(math.log(2) * 1000, 3)
    # 卡: in three fields of two documents: ln(1 + |(2 - 3 + 0.5) / 3.5|)
    card = round(math.log(1 + 0.5 / 3.5), 3)
    assert vectors["text/d0"] == [terms["卡"]["_index"], card]
    assert "text/d1" not in vectors  # b/ has no text: an empty vector is never scored
    assert [lunr_index.short_ref(n) for n in (0, 35, 36, 1295, 1296)] == ["d0", "dz", "d10", "dzz", "d100"]


def test_what_it_does_not_reproduce_is_left_to_the_browser():
    with pytest.raises(lunr_index.UnsupportedIndex):
        lunr_index.build({"config": {"lang": ["en"], "separator": " ", "pipeline": ["stemmer"], "fields": {}}, "docs": []})
    with pytest.raises(lunr_index.UnsupportedIndex):
        lunr_index.build({"config": {"lang": ["zh"], "separator": " ", "pipeline": ["trimmer"], "fields": {}}, "docs": []})


def test_refs_name_the_page_and_mark_internal_duties():
    docs = [{"location": ""}, {"location": "#a"}, {"location": "x/"}, {"location": "x/#b"}, {"location": "x/#c"},
            {"location": "y/#d"}, {"location": "z/"}]
    assert lunr_index.document_refs(docs, internal={"x/"}) == ["d0", "d0.1", "i2", "i2.1", "i2.2", "d5", "d6"]
    assert lunr_index.short_ref(1295, internal=True) == "izz"


def _pieces(site):
    import json

    light = json.loads((site / "search/search_index.json").read_text("utf-8"))
    files = {p.relative_to(site).as_posix(): json.loads(p.read_text("utf-8")) for p in (site / "search").glob("*/*.json")}
    for name in ("pinyin", "keywords"):
        files[f"search/{name}.json"] = json.loads((site / f"search/{name}.json").read_text("utf-8"))
    return light, files


def test_the_build_writes_the_index_in_pieces(built_site):
    """search_index.json carries no documents, only where the pieces are; the pieces hold every
    document once, every term of the index once, in the file its key names, with its weights."""
    from generator.catalogue.load import load_catalogue
    from generator.search.entries import internal_locations
    from conftest import CONTENT

    light, files = _pieces(built_site)
    manifest = light["config"]["sg_shards"]
    assert light["docs"] == [] and not {"sg_vocabulary", "sg_internal", "sg_pinyin"} & set(light["config"])
    assert json.loads((built_site / "search/pinyin.json").read_text("utf-8"))["bao"].startswith("保")
    assert not (built_site / "search/search_lunr.json").exists()
    docs = [doc for n in range(len(manifest["docs"])) for doc in files[f"search/docs/{n}.json"]]
    assert len(docs) == manifest["documents"] > 100
    assert [sum(len(files[f"search/docs/{k}.json"]) for k in range(n)) for n in range(len(manifest["docs"]))] == manifest["docs"]
    assert all("#" not in files[f"search/docs/{n}.json"][0]["location"] for n in range(len(manifest["docs"])))  # whole pages
    # a document's keywords are not fetched with it (only its title, text and place are shown), but
    # kept beside, in document order
    keywords = files["search/keywords.json"]
    assert len(keywords) == len(docs) and not any("keywords" in doc for doc in docs)
    assert sum(bool(k) for k in keywords) > 40 and "身份证" in "".join(keywords)
    docs = [{**doc, "keywords": k} if k else doc for doc, k in zip(docs, keywords)]
    # the index the worker's pieces add up to is the one lunr.py builds from those documents
    prebuilt = lunr_index.build({"config": {**light["config"], "sg_internal": internal_locations(load_catalogue(CONTENT)),
                                            "sg_pinyin": files["search/pinyin.json"]},
                                 "docs": docs})
    seen, vectors = {}, {}
    from generator.search.shards import term_keys

    keys = term_keys(manifest)
    for n in range(max(keys.values()) + 1):
        piece = files[f"search/terms/{n}.json"]
        for term, posting in piece["terms"]:
            assert term not in seen
            seen[term] = posting
            key = max((k for k in keys if term.startswith(k)), key=len)  # the longest key it starts with
            assert keys[key] == n, (term, key)
        for field_ref, flat in piece["vectors"].items():
            vectors.setdefault(field_ref, []).extend(zip(flat[::2], flat[1::2]))
    assert seen == dict(prebuilt["invertedIndex"])
    assert {ref: sorted(pairs) for ref, pairs in vectors.items()} == \
        {ref: sorted(zip(flat[::2], flat[1::2])) for ref, flat in prebuilt["fieldVectors"]}
    internal_refs = {ref for posting in seen.values() for field in prebuilt["fields"] for ref in posting[field] if ref[0] == "i"}
    assert internal_refs  # the centre's own duties are marked
    # words: by first character, each once; the vocabulary ("v", "a") and the Han terms ("t", "v")
    lists = manifest.get("word_lists") or [files[f"search/words/{n}.json"] for n in range(manifest["words"])]
    assert "word_lists" in manifest and not any(path.startswith("search/words/") for path in files)  # a township's few
    words = [w for bucket in lists for kind in "vat" for w in bucket[kind]]
    assert len(words) == len(set(words)) and {"失业", "社保卡"} <= set(words)
    assert all(ord(w[0]) % manifest["words"] == n for n, bucket in enumerate(lists) for kind in "vat" for w in bucket[kind])
    han_terms = {t for t in seen if "\u3400" <= t[0] <= "\u9fff"}
    assert han_terms == {w for bucket in lists for kind in "vt" for w in bucket[kind]}


def test_the_built_query_worker_carries_materials_worker(built_site):
    """One request instead of three before the first query: the built sg-search.js holds Material's
    worker and lunr's Chinese files, joined in where the source marks."""
    from generator.search.worker_scripts import MARKER

    worker = (built_site / "assets/javascripts/workers/sg-search.js").read_text("utf-8")
    material = next((built_site / "assets/javascripts/workers").glob("search.*.min.js")).read_text("utf-8")
    assert MARKER not in worker and MARKER in (ROOT / "overrides/assets/javascripts/workers/sg-search.js").read_text("utf-8")
    assert material.splitlines()[0] in worker and "sourceMappingURL" not in worker
    assert worker.index("materialHandler = listener") < worker.index(material.splitlines()[0]) < worker.index("function startMaterial")
    for name in ("lunr.stemmer.support.min.js", "lunr.zh.min.js"):
        assert (built_site / "assets/javascripts/lunr/min" / name).read_text("utf-8").splitlines()[-1][:200] in worker
    # our own source comes without its comment lines (a third of its bytes)
    assert "Chinese query segmentation in front of Material's search worker" not in worker
    assert "function answerFromPieces" in worker


def test_only_lines_that_are_comments_are_left_out():
    from generator.search.worker_scripts import without_comment_lines

    assert without_comment_lines("/* a\n * b\n */\nx()  /* c */\n  /* d */\ny()\n") == "x()  /* c */\ny()\n"
    assert without_comment_lines("/* a */ x()\ny()\n") == "/* a */ x()\ny()\n"  # code after a comment keeps its line
    assert without_comment_lines("/* a\n b */ x()\n") == "/* a\n b */ x()\n"  # not taken apart: left as it was
    assert without_comment_lines('const s = "/*"\n') == 'const s = "/*"\n'


def test_a_large_vocabulary_comes_in_files_by_first_character(built_site, monkeypatch):
    """Words travel in the manifest only while they are few; more come in files by first character,
    and either way the worker learns the same words."""
    from sitehelpers import search_index

    from generator.search import shards

    whole = search_index(built_site)
    prebuilt = lunr_index.build(whole)
    few = shards.shard(whole, prebuilt)
    monkeypatch.setattr(shards, "WORDS_IN_MANIFEST", 0)
    many = shards.shard(whole, prebuilt)
    manifest = many.index["config"]["sg_shards"]
    assert "word_lists" not in manifest and manifest["words"] > 1
    assert [f"search/words/{n}.json" for n in range(manifest["words"])] == sorted(
        (p for p in many.files if p.startswith("search/words/")), key=lambda p: int(p.split("/")[-1][:-5]))
    lists = shards.word_lists(manifest, many.files)
    assert all(ord(w[0]) % manifest["words"] == n for n, bucket in enumerate(lists) for kind in "vat" for w in bucket[kind])
    inline = shards.word_lists(few.index["config"]["sg_shards"], few.files)
    assert len(inline) == 1
    assert {kind: sorted(w for b in lists for w in b[kind]) for kind in "vat"} == {kind: sorted(inline[0][kind]) for kind in "vat"}
