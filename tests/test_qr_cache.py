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
