"""The shipped GB2312 reading table is pypinyin's, and characters outside it still get readings."""
from generator.search.pinyin import (_common_readings, common_characters, pypinyin_readings, readings, syllable_table)


def test_shipped_table_matches_pypinyin():
    shipped = _common_readings()
    stale = [ch for ch in common_characters() if tuple(sorted(shipped.get(ch, ()))) != pypinyin_readings(ch)]
    assert not stale, f"rerun scripts/make_common_readings.py: {''.join(stale[:20])} differ from pypinyin"
    assert len(common_characters()) == 6763


def test_heteronyms_keep_every_reading():
    assert set(readings("行")) >= {"xing", "hang"}
    assert set(readings("保")) == {"bao"}


def test_character_outside_gb2312_is_read_by_pypinyin():
    assert "堃" not in common_characters()  # common in names, not in GB2312
    assert readings("堃") == ("kun",)
    table = syllable_table(["李堃"])
    assert "堃" in table["kun"] and "昆" in table["kun"]  # the rare character and its common homophones
    assert "李" in table["li"]
