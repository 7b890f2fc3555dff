"""The nginx configuration for the built site, written beside it (site/_server/nginx.conf): served
under the path of site_url, with the Content-Security-Policy of exactly the inline scripts the pages
carry. A district's administrator includes it in the portal's server block (README, editor's guide)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.deploy.csp import policy

CONFIG = "_server/nginx.conf"  # relative to the site folder
TEMPLATE = "nginx.conf.j2"


# What a path nginx matches literally can hold: no ; { } $ (directives, variables), no % (nginx matches
# the decoded path, so an encoded one would never be the column's), no quotes or spaces
SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*$")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


class ServerConfigError(ValueError):
    """A value that cannot go into the web server's configuration as it is."""


def site_prefix(site_url: str) -> str:
    """The path the site is served under: https://www.example.gov.cn/zwfw/xincun/ -> /zwfw/xincun/."""
    path = urlparse(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def server_config_problems(site_url: str, site_name: str) -> list[str]:
    """What in mkdocs.yml cannot reach the nginx configuration, in Chinese with the field and the
    expected form (the build stops on any)."""
    problems = []
    prefix = site_prefix(site_url)
    if not SAFE_PATH.match(prefix) or "/../" in prefix or "/./" in prefix:
        problems.append(f"mkdocs.yml 的 site_url：网址路径“{prefix}”不能用作网站栏目的路径：只能用英文字母、数字和 - _ . ~，"
                        "各级之间用 / 分隔，不能含 % 编码、空格、; { } $ 等字符，如 https://www.example.gov.cn/zwfw/xincun/")
    if CONTROL.search(site_name or ""):
        problems.append("mkdocs.yml 的 site_name：网站名称不能含换行或其他控制字符，请写在一行里，如 site_name: 新村街道办事指南")
    return problems


def one_line(text: str) -> str:
    """A value for a comment line of the configuration: control characters become spaces, so no
    value can end the comment and start a directive."""
    return CONTROL.sub(" ", text or "")


def nginx_config(site_url: str, site_name: str, script_hashes: list[str]) -> str:
    problems = server_config_problems(site_url, site_name)
    if problems:
        raise ServerConfigError("；".join(problems))
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    return environment.get_template(TEMPLATE).render(
        prefix=site_prefix(site_url), site_url=one_line(site_url), site_name=one_line(site_name), hashes=script_hashes,
        csp=policy(script_hashes))
