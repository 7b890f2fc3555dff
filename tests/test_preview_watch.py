"""`mkdocs serve` notices a save at once (the system's file notifications, watcher.py) and rebuilds
once for it: reading the content during a build is not a change, or the preview would rebuild
forever. And the derived listings are made once per catalogue (memo.py)."""
import os
import re
import subprocess
import sys
import time

from bench.serving import fetch, free_port, wait_for
from generator.website.memo import per_catalogue

SERVICE = "content/offices/yangjiabo/shiye-baoxianjin-shenling.yml"
PAGE = "offices/yangjiabo/shiye-baoxianjin-shenling/"


def test_a_save_rebuilds_the_preview_once(project_copy):
    port = free_port()
    log = project_copy / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                   cwd=project_copy, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        assert wait_for(url, "失业保险金申领", timeout=180) is not None, log.read_text("utf-8")
        time.sleep(2)  # a build that set off another would show by now
        assert "Detected file changes" not in log.read_text("utf-8")
        path = project_copy / SERVICE
        path.write_text(path.read_text("utf-8").replace("name: 失业保险金申领", "name: 失业保险金申领（改）"), "utf-8")
        assert wait_for(url, "失业保险金申领（改）", timeout=60) is not None, log.read_text("utf-8")
        time.sleep(3)
        text = log.read_text("utf-8")
        assert text.count("Detected file changes") == 1 and len(re.findall(r"Documentation built in", text)) == 2, text
        assert "失业保险金申领（改）" in fetch(url)
    finally:
        process.terminate()
        process.wait(20)


def test_a_listing_is_made_once_per_catalogue():
    made = []

    @per_catalogue
    def listing(catalogue, flag=False):
        made.append((catalogue, flag))
        return [catalogue, flag]

    first, second = object(), object()
    assert listing(first) is listing(first) and len(made) == 1
    assert listing(first, flag=True) == [first, True] and len(made) == 2  # other arguments, another listing
    assert listing(second) == [second, False] and len(made) == 3
    for _ in range(4):
        listing(object())
    listing(first)  # pushed out by four newer catalogues: made again
    assert len(made) == 8
