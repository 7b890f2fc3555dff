"""The .gz files nginx sends as they are: made while the build goes on, and made again for a file
that changed after its .gz was made."""
import gzip
import time

from generator.deploy.precompress import BATCH, PagesCompressor, precompress


def _page(n: int) -> str:
    return f"<html><body>{'<p>第 %d 页：办事指南，需要准备的材料。</p>' % n * 40}</body></html>"


def test_a_file_changed_after_its_gz_was_made_is_compressed_again(tmp_path):
    pages = []
    for n in range(3 * BATCH - 1):  # two batches and one not full
        page = tmp_path / f"p{n}" / "index.html"
        page.parent.mkdir()
        page.write_text(_page(n), "utf-8")
        pages.append(page)
    compressor = PagesCompressor()
    for page in pages:
        compressor.add(str(page))
    first_batches = pages[:2 * BATCH]
    deadline = time.monotonic() + 30
    while not all(p.with_name("index.html.gz").exists() for p in first_batches) and time.monotonic() < deadline:
        time.sleep(0.05)
    made = compressor.made()
    assert {str(p) for p in first_batches} <= set(made)
    assert str(pages[-1]) not in made  # a batch not full yet is left to precompress

    changed, kept = pages[0], pages[1]
    changed.write_text(_page(1000), "utf-8")  # rewritten after its .gz was made
    kept_gz = kept.with_name("index.html.gz").stat()
    count, saved = precompress(tmp_path, made)

    assert count == len(pages) and saved > 0
    for page in pages:
        assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes(), page
    assert kept.with_name("index.html.gz").stat().st_mtime_ns == kept_gz.st_mtime_ns  # not made twice


def test_a_compressor_stopped_early_leaves_everything_to_precompress(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(_page(1), "utf-8")
    compressor = PagesCompressor()
    compressor.close()  # a build that failed
    assert precompress(tmp_path, {})[0] == 1
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
