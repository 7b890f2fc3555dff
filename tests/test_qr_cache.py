"""QR codes are kept between builds, one cache per site address: a preview, whose codes point at
127.0.0.1, must not throw away the published site's codes (each rebuilt costs about a millisecond,
seconds at city scale)."""
from generator.website.qr import QrCache, cache_file


def test_a_preview_keeps_the_builds_codes(tmp_path):
    site, preview = "https://banshi.example.cn/", "http://127.0.0.1:8000/"
    assert cache_file(tmp_path, site) != cache_file(tmp_path, preview)
    assert cache_file(tmp_path, site) == cache_file(tmp_path, site)
    built = QrCache(cache_file(tmp_path, site))
    built.svg(site + "offices/xincun/")
    built.save()
    saved = cache_file(tmp_path, site).read_bytes()
    previewed = QrCache(cache_file(tmp_path, preview))
    previewed.svg(preview + "offices/xincun/")
    previewed.save()
    assert cache_file(tmp_path, site).read_bytes() == saved
    again = QrCache(cache_file(tmp_path, site))
    again.svg(site + "offices/xincun/")
    assert not again.changed  # found in the cache, not made again


def test_a_preview_round_keeps_the_codes_of_pages_it_did_not_render(tmp_path):
    """A save re-renders a few pages: the other pages' codes stay, or the next save, feeding other
    pages, would make hundreds of codes again (0.2 s of a rename at 5,000 services)."""
    site = "https://banshi.example.cn/"
    path = cache_file(tmp_path, site)
    built = QrCache.opened(path)
    for office in ("xincun", "hangzhoudao"):
        built.svg(f"{site}offices/{office}/")
    built.save()
    round_ = QrCache.opened(path)
    round_.svg(f"{site}offices/xincun/")
    round_.save(every_page=False)
    next_round = QrCache(path)  # read from the file, as a new preview would
    next_round.svg(f"{site}offices/hangzhoudao/")
    assert not next_round.changed
    every = QrCache.opened(path)
    every.svg(f"{site}offices/xincun/")
    every.save()  # a build of every page drops the codes it no longer made
    assert set(QrCache(path).codes) == {f"{site}offices/xincun/"}


def test_a_cache_written_by_another_process_is_read_again(tmp_path):
    path = cache_file(tmp_path, "https://banshi.example.cn/")
    QrCache.opened(path).svg("https://banshi.example.cn/a/")
    other = QrCache(path)
    other.svg("https://banshi.example.cn/b/")
    other.save()
    assert "https://banshi.example.cn/b/" in QrCache.opened(path).codes
