import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT = ROOT / "content"


FULL_GUIDE = FIXTURES / "full_guide"  # an example office whose service sets every guide element
FULL_SERVICE = ("shili", "shehuibaozhang-ka-shenling")


def add_full_guide(content: Path) -> Path:
    """Overlay the fully filled example office on a copy of the real content."""
    shutil.copytree(FULL_GUIDE, content, dirs_exist_ok=True)
    return content


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the real content folder that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def build_site(root: Path, out: Path, config: Path | None = None, **environ: str):
    """`mkdocs build --strict` of the project at `root` into `out` (`environ`: variables to set)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **environ)
    # no -q: quiet mode hides warnings from --strict, which then passes a build that should fail
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(config or root / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=env, cwd=root)


# What an office would write in mkdocs.yml before publishing (forms as the filing systems issue them)
REAL_SITE = {"site_url: https://banshi.example.cn/": "site_url: https://banshi.binhai.gov.cn/",
             "        example: true\n": "",
             "天津市滨海新区××街道办事处": "天津市滨海新区新村街道办事处",
             "organizer: ××街道党群服务中心": "organizer: 新村街道党群服务中心",
             "phone: 022-66000000": "phone: 022-25869855",
             "zwfw@example.gov.cn": "xincunjd@binhai.gov.cn",
             '"0000000000"': '"1201160012"',
             "津ICP备00000000号": "津ICP备05004365号-1",
             "津公网安备 00000000000000号": "津公网安备 12011602000123号"}


def make_publishable(root: Path) -> Path:
    """The project's mkdocs.yml with a real address and footer instead of the shipped examples."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    for example, real in REAL_SITE.items():
        assert example in text, example
        text = text.replace(example, real)
    config.write_text(text, "utf-8")
    return config


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def copy_project(root: Path) -> Path:
    """The project's config, content and overrides copied into `root`, for builds of its own."""
    for name in ("mkdocs.yml", "content", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    return root


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A private copy of the project (config, content, overrides) for builds a test may break."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def full_guide_site(tmp_path_factory) -> Path:
    """The real content plus the fully filled example office, built once per test session."""
    root = copy_project(tmp_path_factory.mktemp("full-guide"))
    add_full_guide(root / "content")
    out = root / "site"
    result = build_site(root, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory) -> Path:
    """The real content built for a portal's column: site_url https://www.binhai.gov.cn/zwfw/xincun/."""
    from bench.nginx_site import SUB_PATH_URL

    root = copy_project(tmp_path_factory.mktemp("sub-path"))
    config = make_publishable(root)
    config.write_text(config.read_text("utf-8").replace("https://banshi.binhai.gov.cn/", SUB_PATH_URL), "utf-8")
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def nginx_site(sub_path_site):
    """That site served by nginx under /zwfw/xincun/ with the configuration the build wrote."""
    from bench.nginx_site import start

    server = start(sub_path_site, nginx_or_skip())
    yield server
    server.stop()


def nginx_or_skip() -> str:
    """Debian's nginx; a skip on a developer's machine without it, a failure in CI."""
    import os

    from bench.nginx_site import nginx_binary

    binary = nginx_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: CI must test what the web server serves (make system-deps)")
        pytest.skip("nginx not installed (run: make system-deps)")
    return binary
