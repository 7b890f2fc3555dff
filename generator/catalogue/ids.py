"""Readable ASCII ids (pinyin) for URLs: 城乡居民医疗保险登记 -> chengxiangjumin-yiliaobaoxian-dengji."""
from __future__ import annotations

import logging
import re

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_LENGTH = 60


def _words(text: str) -> list[str]:
    import jieba  # segmentation keeps a word's syllables together in the id

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.cut(text) if w.strip()]


def pinyin_slug(text: str, by_word: bool = True) -> str:
    from pypinyin import lazy_pinyin

    pieces = _words(text) if by_word else [text]
    parts = []
    for piece in pieces:
        ascii_piece = "".join(lazy_pinyin(piece)).lower()
        ascii_piece = re.sub(r"[^a-z0-9]+", "", ascii_piece)
        if ascii_piece:
            parts.append(ascii_piece)
    slug = "-".join(parts)
    while len(slug) > MAX_LENGTH and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_LENGTH] or "item"


def unique(slug: str, taken: dict[str, int]) -> str:
    """`slug`, or slug-2, slug-3 … when taken; `taken` remembers each slug's next number, so a list
    of 10,000 rows with one name stays linear."""
    candidate, n = slug, taken.get(slug, 2)
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken[slug] = n
    taken.setdefault(candidate, 2)
    return candidate


# Names of the pages an office's folder holds besides its services (website/urls.py): its index,
# staff view and booklet with a large office's further volumes. No service may take one.
OFFICE_PAGE_NAMES = re.compile(r"index|staff|booklet(-\d+)?")


def is_office_page_name(name: str) -> bool:
    return OFFICE_PAGE_NAMES.fullmatch(name) is not None
