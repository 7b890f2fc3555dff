"""Checks before publishing: what would put wrong addresses on paper (QR codes, printed URLs), and
offices that would tell residents nothing of where to go or whom to ask."""
from __future__ import annotations

import re
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
    silent = [s for s in catalogue.services if not s.internal and not s.place.phone
              and not catalogue.offices[s.office_id].hotline]
    if silent and not line.phone:
        shown = "、".join(f"{s.name}（{s.office_id}）" for s in silent[:3]) + ("等" if len(silent) > 3 else "")
        warnings.append(f"{len(silent)} 个事项本身和所属机构都没有咨询电话（{shown}），也没有设置咨询热线："
                        "请在事项或 office.yml 中填写 phone，或在 mkdocs.yml 中设置 service-guide.hotline")
    return warnings


# A name with no Chinese in it, or with a file name's marks, is the file it was imported from
FILE_NAME = re.compile(r"^[^\u4e00-\u9fff]*$|_|\.(?:xlsx?|docx?|csv|txt|et|wps|ods)$", re.I)


def office_problems(catalogue, settings) -> list[str]:
    """What keeps an office from being published, in Chinese: a name that is its file's name, and (on
    a government site) no address, hours or phone at all with no hotline to name instead."""
    problems = []
    for office in catalogue.offices.values():
        if FILE_NAME.search(office.name):
            problems.append(f"机构名称“{office.name}”像是文件名（{office.source}）：请在 name 写上机构全称，"
                            "如 广安市广安区政务服务中心（导入时可用 --office-name 指定）")
        place = office.place
        if settings.site.government_site and not (place.address or place.hours or place.phone) \
                and not (office.hotline or settings.hotline.phone):
            problems.append(f"{office.name}没有公布办公地址、办公时间或咨询电话，网站也没有设置咨询热线：居民不知道去哪里、"
                            f"找谁。请在 {office.source} 填写 address、hours、phone（或 hotline），"
                            "或在 mkdocs.yml 设置 service-guide.hotline")
    return problems
