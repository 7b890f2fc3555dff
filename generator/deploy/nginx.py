"""The nginx configuration for the built site, written beside it (site/_server/nginx.conf): served
under the path of site_url, with the Content-Security-Policy of exactly the inline scripts the pages
carry. A district's administrator includes it in the portal's server block (README, editor's guide)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.deploy.csp import policy

CONFIG = "_server/nginx.conf"  # relative to the site folder
TEMPLATE = "nginx.conf.j2"


def site_prefix(site_url: str) -> str:
    """The path the site is served under: https://www.example.gov.cn/zwfw/xincun/ -> /zwfw/xincun/."""
    path = urlparse(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def nginx_config(site_url: str, site_name: str, script_hashes: list[str]) -> str:
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    return environment.get_template(TEMPLATE).render(
        prefix=site_prefix(site_url), site_url=site_url, site_name=site_name, hashes=script_hashes,
        csp=policy(script_hashes))
