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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A private copy of the project (config, content, overrides) for builds a test may break."""
    for name in ("mkdocs.yml", "content", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def full_guide_site(tmp_path_factory) -> Path:
    """The real content plus the fully filled example office, built once per test session."""
    root = tmp_path_factory.mktemp("full-guide")
    for name in ("mkdocs.yml", "content", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    add_full_guide(root / "content")
    out = root / "site"
    result = build_site(root, out)
    assert result.returncode == 0, result.stderr
    return out
