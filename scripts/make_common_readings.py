"""Write generator/data/common_readings.txt: the toneless pinyin of GB2312's 6,763 characters, one
line per syllable ("bao 包保宝…"), from pypinyin. Shipped with the package so a build does not
import pypinyin's 40,000-entry dictionary (a quarter of a second) for characters that never change.
tests/test_pinyin_table.py fails when pypinyin's readings and this file disagree: rerun then.

    .venv/bin/python scripts/make_common_readings.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.search.pinyin import COMMON_READINGS, common_characters, pypinyin_readings


def main() -> None:
    table: dict[str, list[str]] = {}
    for ch in common_characters():
        for syllable in pypinyin_readings(ch):
            table.setdefault(syllable, []).append(ch)
    lines = [f"{syllable} {''.join(chars)}" for syllable, chars in sorted(table.items())]
    COMMON_READINGS.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{COMMON_READINGS}: {len(lines)} syllables")


if __name__ == "__main__":
    main()
