"""The prebuilt search index: Material's tokens and lunr.js's scores, worked out by hand here; the
browser test (test_search.py) shows it answers every query exactly as Material's own index does."""
import math
import re

import pytest

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


def test_the_build_writes_it_beside_the_index(built_site):
    import json

    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    prebuilt = json.loads((built_site / "search/search_lunr.json").read_text("utf-8"))
    assert prebuilt["fields"] == list(index["config"]["fields"])
    assert prebuilt["sg_documents"] == len(index["docs"])
    assert len(prebuilt["fieldVectors"]) == sum(1 for d in index["docs"] for f in prebuilt["fields"] if d.get(f))
