"""Checks before publishing: what would put wrong addresses on paper (QR codes, printed URLs)."""
from __future__ import annotations

from urllib.parse import urlparse

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


def contact_warnings(catalogue, settings) -> list[str]:
    """Where a resident would be left with nobody to ask, in Chinese: no way to report a mistake,
    services with no enquiry phone at any level and no hotline to name instead."""
    fix, line = settings.corrections, settings.hotline
    warnings = []
    if not (fix.email or fix.phone or line.phone):
        warnings.append("mkdocs.yml 没有设置纠错方式（service-guide.corrections）也没有咨询热线（service-guide.hotline）："
                        "居民发现信息有误时只能被告知去窗口。建议至少填写 hotline，如 label: 天津市12345政务服务便民热线、phone: '12345'")
    silent = [s for s in catalogue.services if not s.internal and not s.place.phone]
    if silent and not line.phone:
        shown = "、".join(f"{s.name}（{s.office_id}）" for s in silent[:3]) + ("等" if len(silent) > 3 else "")
        warnings.append(f"{len(silent)} 个事项本身和所属机构都没有咨询电话（{shown}），也没有设置咨询热线："
                        "请在事项或 office.yml 中填写 phone，或在 mkdocs.yml 中设置 service-guide.hotline")
    return warnings
