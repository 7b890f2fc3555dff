"""The query worker with Material's search worker and the Chinese language files joined in.

The query worker (sg-search.js) imports Material's worker, which imports lunr's stemmer support
and Chinese files at setup: three round trips one after another before the first query can be
answered, each 150 ms or more on a phone network. A built site's sg-search.js carries all of
them, at the place its source marks; a preview serves the source, which imports them one by one.
"""
from __future__ import annotations

from pathlib import Path

from generator.output import write_file

WORKERS = "assets/javascripts/workers"
QUERY_WORKER = f"{WORKERS}/sg-search.js"
MARKER = "/* The build joins Material's worker and its language files in here (generator/search/worker_scripts.py) */"
LANGUAGE_FILES = ("lunr.stemmer.support.min.js", "lunr.zh.min.js")  # in the order Material imports them


def join_worker_scripts(site: Path) -> bool:
    """Rewrite the built `site`'s sg-search.js with the theme's files joined in; False (nothing
    written) when the files are not those expected."""
    worker = site / QUERY_WORKER
    material = sorted((site / WORKERS).glob("search.*.min.js"))
    language = [site / "assets/javascripts/lunr/min" / name for name in LANGUAGE_FILES]
    if not worker.is_file() or len(material) != 1 or not all(path.is_file() for path in language):
        return False
    source = worker.read_text("utf-8")
    if source.count(MARKER) != 1:
        return False
    # each file's own source map comment is dropped: the map would not fit the joined file
    parts = ["\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("//# sourceMappingURL"))
             for path in (material[0], *language)]
    write_file(worker, without_comment_lines(source).replace(MARKER, ";\n".join(parts) + ";\n"))
    return True


def without_comment_lines(source: str) -> str:
    """The worker's source without the lines that hold only a comment (a third of its bytes, and
    every first search downloads them); a comment that shares its line with code stays. Unchanged
    when a comment of several lines ends before code on its last line."""
    kept, inside = [], False
    for line in source.splitlines():
        text = line.strip()
        if text == MARKER or (not inside and not text.startswith("/*")):
            kept.append(line)
            continue
        end = text.find("*/", 0 if inside else 2)
        if end < 0:  # the comment goes on to the next line
            inside = True
            continue
        if end + 2 < len(text):  # code after the comment
            if inside:
                return source
            kept.append(line)
        inside = False
    return "\n".join(kept) + "\n"
