"""Service-guide site generator: catalogue YAML -> Markdown pages for MkDocs (or any engine).

The package by stage (README, "How it fits together"): catalogue/ loads and checks content/,
sources/ reads offices' documents and imports them, website/ derives and renders the pages,
search/ builds what search needs, exports/ writes the downloads, mkdocs_plugin/ wires it all into
MkDocs. Data files the code reads live beside the packages, named here once.
"""
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
SCHEMA_DIR = PACKAGE_DIR / "schemas"  # content files name these in their yaml-language-server line
TEMPLATES_DIR = PACKAGE_DIR / "templates"  # page templates; overrides/pages/ may replace any of them
DATA_DIR = PACKAGE_DIR / "data"
