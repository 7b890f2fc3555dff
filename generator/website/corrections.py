"""How a resident reports a mistake on a page, with no server: an e-mail (mailto: with the page
named in the subject and its address in the body) and/or a phone number, set in mkdocs.yml; and the
line residents can always call when a page names no enquiry phone (a city's 12345 hotline)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.catalogue.phones import normalise_phone

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class CorrectionsError(ValueError):
    pass


@dataclass(frozen=True)
class Corrections:
    email: str = ""
    phone: str = ""
    name: str = ""  # who answers: 新村街道党群服务中心综合办

    def mailto(self, subject: str, body: str) -> Markup:
        """A mailto: URI; every part is percent-encoded, so it is safe in Markdown and HTML."""
        return Markup(f"mailto:{self.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}")


@dataclass(frozen=True)
class Hotline:
    """The site-wide contact of last resort: 天津市12345政务服务便民热线, 12345. Never a supervision line."""
    label: str = ""
    phone: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone)


def hotline(label: str = "", phone: str = "") -> Hotline:
    """Checked settings; CorrectionsError says in Chinese what is wrong."""
    label, phone = (label or "").strip(), (phone or "").strip()
    if phone and not normalise_phone(phone):
        raise CorrectionsError(f"咨询热线“{phone}”不是可识别的电话号码，应写成 12345、022-25869855 这样")
    if phone and not label:
        raise CorrectionsError(f"咨询热线 {phone} 缺少名称（label），例如 天津市12345政务服务便民热线")
    return Hotline(label=label, phone=phone)


def corrections(email: str = "", phone: str = "", name: str = "") -> Corrections:
    """Checked settings; CorrectionsError says in Chinese what is wrong."""
    email, phone, name = (email or "").strip(), (phone or "").strip(), (name or "").strip()
    if email and not EMAIL.match(email):
        raise CorrectionsError(f"纠错邮箱“{email}”不是有效的邮箱地址，应写成 jiucuo@example.gov.cn 这样")
    if phone:
        normal = normalise_phone(phone)
        if not normal:
            raise CorrectionsError(f"纠错电话“{phone}”不是可识别的电话号码，应写成 022-25869855、11 位手机号或 12345")
        phone = normal
    return Corrections(email=email, phone=phone, name=name)
