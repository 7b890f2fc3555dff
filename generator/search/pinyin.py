"""Toneless pinyin for the query worker's homophone match.

A pinyin input method offers every character of a syllable, and a resident who taps the wrong one
types 社宝卡 for 社保卡. The worker has no pinyin of its own, so the search index carries
{syllable: characters}: every reading of the index's own characters, and the common characters
(GB2312's 6,763) that share one of those readings, since only those can turn a slip into a word the
index knows. Heteronyms keep all their readings (行: xing, hang, heng).
"""
from __future__ import annotations

from functools import lru_cache
from generator import DATA_DIR

# GB2312's readings, written by scripts/make_common_readings.py from pypinyin
COMMON_READINGS = DATA_DIR / "common_readings.txt"


@lru_cache(maxsize=1)
def common_characters() -> tuple[str, ...]:
    chars = []
    for high in range(0xB0, 0xF8):  # GB2312 levels 1 and 2
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return tuple(chars)


@lru_cache(maxsize=1)
def _common_readings() -> dict[str, tuple[str, ...]]:
    """{character: its readings} for GB2312, from the shipped table."""
    found: dict[str, list[str]] = {}
    for line in COMMON_READINGS.read_text("utf-8").splitlines():
        syllable, chars = line.split(" ")
        for ch in chars:
            found.setdefault(ch, []).append(syllable)
    return {ch: tuple(syllables) for ch, syllables in found.items()}


@lru_cache(maxsize=None)
def pypinyin_readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # imported only for characters outside GB2312

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(sorted({r for r in (found[0] if found else ()) if r.isascii() and r.isalpha()}))


def readings(char: str) -> tuple[str, ...]:
    common = _common_readings()
    if char in common or char in _gb2312_set():
        return common.get(char, ())
    return pypinyin_readings(char)


@lru_cache(maxsize=1)
def _gb2312_set() -> frozenset[str]:
    return frozenset(common_characters())


def syllable_table(words) -> dict[str, str]:
    """{syllable: characters having that reading} for the characters of `words` and their
    common homophones."""
    own = {ch for word in words for ch in word if "\u3400" <= ch <= "\u9fff"}
    wanted = {syllable for ch in own for syllable in readings(ch)}
    table: dict[str, list[str]] = {}
    for ch in sorted(own | set(common_characters())):
        for syllable in readings(ch):
            if syllable in wanted:
                table.setdefault(syllable, []).append(ch)
    return {syllable: "".join(chars) for syllable, chars in sorted(table.items())}
