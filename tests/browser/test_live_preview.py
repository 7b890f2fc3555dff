"""`make serve` with a mistake in the content: the browser shows the problems (file, line, message)
instead of waiting for a rebuild that never comes, and the page recovers on the next good save."""
import os
import socket
import subprocess
import sys
import time

import pytest

SERVICE = "content/offices/yangjiabo/shiye-baoxianjin-shenling.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_preview(project_copy):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                               cwd=project_copy, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield project_copy, url
    process.terminate()
    process.wait(20)


def test_a_bad_phone_is_shown_in_the_browser_and_the_next_good_save_recovers(live_preview, browser):
    project, url = live_preview
    path = project / SERVICE
    text = path.read_text("utf-8")
    page = browser.new_page(viewport={"width": 375, "height": 700})
    page.goto(url + "offices/yangjiabo/shiye-baoxianjin-shenling/")
    assert page.locator("[role=alert]").count() == 0
    path.write_text(text + "phone: '12'\n", "utf-8")
    alert = page.locator("[role=alert]")
    alert.wait_for(timeout=60_000)
    shown = alert.inner_text()
    assert "预览没有更新" in shown and "shiye-baoxianjin-shenling.yml:" in shown and "不是可识别的电话号码" in shown
    path.write_text(text.replace("name: 失业保险金申领", "name: 失业保险金申领（已更正）"), "utf-8")
    alert.wait_for(state="detached", timeout=60_000)
    assert page.get_by_role("heading", name="失业保险金申领（已更正）").is_visible()
    page.close()

