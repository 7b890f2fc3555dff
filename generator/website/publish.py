"""Checks before publishing: what would put wrong addresses on paper (QR codes, printed URLs)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

PLACEHOLDER_HOSTS = ("example.cn", "example.com", "example.org", "example.net", "localhost", "127.0.0.1")


def placeholder_site_url(site_url: str) -> str | None:
    """Why `site_url` is not a real address yet ("" when it is one), in Chinese."""
    if not site_url:
        return "没有设置 site_url：打印的办事须知没有二维码和网址"
    host = (urlparse(site_url).hostname or "").lower()
    if not host or any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS) or host.startswith("example."):
        return (f"site_url 仍是示例地址 {site_url}：打印的二维码和网址会指向它。"
                "正式发布前请在 mkdocs.yml 中改成网站的真实地址")
    return ""


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name or !ENV tags: read the plain keys, ignore the rest."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url_of(config_file: Path) -> str:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    return str(data.get("site_url") or "")
