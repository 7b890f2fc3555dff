"""A district's desk as the editor's guide tells an administrator to run it: `service-guide edit
--behind-proxy` on 127.0.0.1, reached through nginx with the guide's own location block, under
/bianjitai/. Logging in, the forms, saving and the links all work under that path."""
import re
import subprocess
import sys

import pytest

from bench.nginx_site import start_server
from conftest import ROOT, nginx_or_skip
from generator.desk.accounts import Accounts

GUIDE = ROOT / "content/pages/editor/index.md"


def guide_block() -> str:
    """The nginx block of the guide's section on the district's desk, as an administrator copies it."""
    section = GUIDE.read_text("utf-8").split("## 编辑台给全区使用", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


@pytest.fixture
def proxied_desk(content_copy):
    binary = nginx_or_skip()
    Accounts(content_copy.parent / ".desk" / "accounts.json").set("zhang", "xincun-editor-pw", ["编辑"], ["xincun"])
    desk = subprocess.Popen([sys.executable, "-m", "generator", "--content", str(content_copy), "edit", "--behind-proxy",
                             "--port", "0", "--no-browser"], stdout=subprocess.PIPE, text=True)
    port = re.search(r":(\d+)/", desk.stdout.readline()).group(1)
    server = start_server(binary, guide_block().replace("127.0.0.1:8100", f"127.0.0.1:{port}"))
    yield server.url + "bianjitai/", content_copy
    server.stop()
    desk.terminate()
    desk.wait(10)


def test_the_guides_nginx_block_serves_the_desk_under_its_path(proxied_desk, browser):
    url, content = proxied_desk
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url)
    assert page.url == url + "login"  # nothing but the login page before logging in
    page.get_by_label("账号").fill("zhang")
    page.get_by_label("密码").fill("xincun-editor-pw")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("heading", name="居民还看不到的信息").is_visible()
    page.get_by_role("link", name=re.compile("填写新村街道党群服务中心")).click()
    assert page.url == url + "offices/xincun/"
    page.fill('[data-path="phone"]', "022-25869855")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("已保存为待审核的修改").is_visible()
    assert page.goto(url + "offices/yangjiabo/").status == 403
    styles = page.evaluate("[...document.styleSheets].map(s => s.href)")
    assert styles == [url + "static/desk.css"]  # the desk's own files, under the path too
    context.close()
    drafts = list((content.parent / ".desk" / "drafts").glob("*.json"))
    assert len(drafts) == 1 and '"author": "zhang"' in drafts[0].read_text("utf-8")
