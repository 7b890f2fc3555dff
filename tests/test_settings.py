"""Settings are one object (website/settings.py), read once from mkdocs.yml with the command line's
overrides: the MkDocs build, the CLI and publish-check see the same values and refuse the same
mistakes with the same words."""
import subprocess
import sys

from conftest import ROOT, build_site
from generator.website.settings import Settings


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_mkdocs_yml_is_read_as_the_plugin_reads_it():
    settings = Settings.read(ROOT / "mkdocs.yml")
    assert settings.site_url == "https://banshi.example.cn/"
    assert settings.content_dir == ROOT / "content" and settings.templates_dir == ROOT / "overrides/pages"
    assert settings.hotline.phone == "12345" and settings.hotline.label
    assert settings.site.example is True


def test_the_command_line_overrides_mkdocs_yml(tmp_path):
    settings = Settings.read(ROOT / "mkdocs.yml", site_url="https://banshi.binhai.gov.cn/", content_dir=tmp_path)
    assert (settings.site_url, settings.content_dir) == ("https://banshi.binhai.gov.cn/", tmp_path)
    assert Settings.read(tmp_path / "none.yml").content_dir.name == "content"  # no mkdocs.yml: the defaults


def test_render_writes_the_pages_the_build_would_with_mkdocs_yml_s_address(project_copy, tmp_path):
    run = cli("render", tmp_path / "pages", cwd=project_copy)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "pages/offices/xincun/shiye-baoxianjin-shenling.md").read_text("utf-8")
    assert "https://banshi.example.cn/offices/xincun/shiye-baoxianjin-shenling/" in page  # the QR's address


def test_a_bad_setting_is_refused_alike_by_the_build_and_the_commands(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace('phone: "12345"', 'phone: "1234567"'), "utf-8")
    build = build_site(project_copy, tmp_path / "site")
    check = cli("publish-check", cwd=project_copy)
    render = cli("render", tmp_path / "pages", cwd=project_copy)
    for run in (build, check, render):
        assert run.returncode != 0 and "Traceback" not in run.stderr
        assert "mkdocs.yml 的 service-guide.hotline：咨询热线“1234567”不是可识别的电话号码" in run.stderr, run.stderr[-800:]
