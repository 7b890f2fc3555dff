"""Who runs the site and its filings, as every Chinese government web page shows them in its footer:
主办单位, 承办单位, contact, 网站标识码, ICP 备案号, 公安机关备案号 (set in mkdocs.yml).

An impossible form (an ICP number that is no ICP number) stops the build: no wrong number is ever
published. A missing field or an example value only warns while previewing; `publish-check` fails on
it when the site says it is a government site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from generator.catalogue.phones import normalise_phone, tel_uri
from generator.website.corrections import EMAIL

# The provinces' one-character names, as filing numbers begin with them
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
ICP = re.compile(rf"^[{PROVINCES}]ICP备\d{{6,10}}号(-\d{{1,3}})?$")
POLICE = re.compile(rf"^[{PROVINCES}]公网安备\s?(\d{{14}})号$")
SITE_CODE = re.compile(r"^[0-9A-Za-z]{10}$")
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code="
# Words that say a value is a stand-in, whatever the `example` switch says
EXAMPLE_WORDS = re.compile(r"示例|样例|例如|example|××|XX|xx", re.IGNORECASE)

LABELS = {"sponsor": "主办单位", "organizer": "承办单位", "phone": "联系电话", "email": "联系邮箱",
          "site_code": "网站标识码", "icp": "ICP 备案号", "police": "公安机关备案号"}
REQUIRED = ("sponsor", "site_code", "icp", "police")
EXPECTED = {"phone": "如 022-25869855", "email": "如 zwfw@example.gov.cn",
            "site_code": "10 位字母或数字，由全国政府网站信息报送系统分配，如 1201160001",
            "icp": "如 津ICP备05004365号 或 津ICP备05004365号-1",
            "police": "如 津公网安备 12011602000123号（14 位数字）"}


class SiteIdentityError(ValueError):
    pass


@dataclass(frozen=True)
class SiteIdentity:
    sponsor: str = ""      # 主办单位
    organizer: str = ""    # 承办单位, where it is not the sponsor
    phone: str = ""
    email: str = ""
    site_code: str = ""    # 网站标识码
    icp: str = ""          # ICP 备案号
    police: str = ""       # 公安机关备案号
    government_site: bool = False
    example: bool = False  # the values are stand-ins (the shipped demo): shown as such, refused by publish-check

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in LABELS)

    @property
    def phone_tel(self) -> str:
        return tel_uri(self.phone) if self.phone else ""

    @property
    def police_lookup(self) -> str:
        """The filing's page on the Ministry of Public Security's site (its 14-digit code)."""
        m = POLICE.match(self.police)
        return POLICE_LOOKUP + m.group(1) if m else ""

    @property
    def icp_lookup(self) -> str:
        return ICP_LOOKUP if self.icp else ""


def _form_problem(name: str, value: str) -> str | None:
    if not value:
        return None
    wrong = {"phone": not normalise_phone(value), "email": not EMAIL.match(value),
             "site_code": not SITE_CODE.match(value), "icp": not ICP.match(value),
             "police": not POLICE.match(value)}.get(name, False)
    return f"{LABELS[name]}“{value}”写法不对，应{EXPECTED[name]}" if wrong else None


def site_identity(*, government_site: bool = False, example: bool = False, **values: str) -> SiteIdentity:
    """Checked settings (mkdocs.yml `service-guide.site`); SiteIdentityError says in Chinese what is
    impossible about a value."""
    known = {f.name for f in fields(SiteIdentity)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SiteIdentityError(f"不认识的设置 {'、'.join(unknown)}，可用的有 {'、'.join(LABELS)}")
    values = {name: str(value or "").strip() for name, value in values.items()}
    problems = [p for name, value in values.items() if (p := _form_problem(name, value))]
    if problems:
        raise SiteIdentityError("；".join(problems))
    if values.get("phone"):
        values["phone"] = normalise_phone(values["phone"])
    if values.get("police"):  # one way of writing it: 津公网安备 12011602000123号
        values["police"] = re.sub(r"公网安备\s?", "公网安备 ", values["police"])
    return SiteIdentity(government_site=bool(government_site), example=bool(example), **values)


def publishing_problems(identity: SiteIdentity) -> list[str]:
    """Why the footer is not ready to publish, in Chinese ([] when it is): stand-in values always;
    missing required fields when the site is a government site."""
    problems = []
    stand_ins = [LABELS[name] for name in LABELS if EXAMPLE_WORDS.search(getattr(identity, name))]
    if identity.example:
        problems.append("页脚信息仍是示例值（service-guide.site.example: true）：请填写本网站真实的主办单位、"
                        "备案号等，再删去 example 一行")
    elif stand_ins:
        problems.append(f"页脚的{'、'.join(stand_ins)}看起来是示例值：请填写本网站真实的信息")
    if identity.government_site:
        missing = [LABELS[name] for name in REQUIRED if not getattr(identity, name)]
        if not (identity.phone or identity.email):
            missing.append("联系电话或联系邮箱")
        if missing:
            problems.append(f"政府网站页脚缺少{'、'.join(missing)}（mkdocs.yml 的 service-guide.site）："
                            "政府网站每个页面都要显示这些信息")
    return problems
