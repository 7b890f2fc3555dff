"""Structured data in the built pages, read back with real parsers: extruct pulls the JSON-LD out
of the HTML, pyld expands it (valid JSON-LD), and every value equals the catalogue's."""
import pytest
from pyld import jsonld as pyld

from conftest import FULL_SERVICE
from generator.website import urls
from generator.catalogue.load import load_catalogue

SCHEMA = "https://schema.org/"


def blocks(page) -> list[dict]:
    import extruct

    return extruct.extract(page.read_text("utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]


def expanded(data: dict) -> list[dict]:
    """pyld's expansion: fails on invalid JSON-LD; the inline context needs no network."""
    out = pyld.expand(data)
    assert out, "expands to nothing"
    return out


def nodes(data: dict) -> list[dict]:
    return data.get("@graph", [data])


@pytest.fixture(scope="module")
def catalogue(full_guide_site):
    return load_catalogue(full_guide_site.parent / "content")


def service_page(site, s):
    return site / urls.page_url(urls.service(s.office_id, s.id)) / "index.html"


def test_fully_filled_service(full_guide_site, catalogue):
    s = next(x for x in catalogue.services if (x.office_id, x.id) == FULL_SERVICE)
    [data] = blocks(service_page(full_guide_site, s))
    expanded(data)
    service = next(n for n in nodes(data) if n["@type"] == "GovernmentService")
    office = next(n for n in nodes(data) if "GovernmentOffice" in n["@type"])
    url = "https://banshi.example.cn/offices/shili/shehuibaozhang-ka-shenling/"
    assert service["name"] == s.name and service["url"] == url
    assert set(service["alternateName"]) == set(catalogue.topics[s.topic_id].aliases)
    assert service["identifier"] == s.item_code and service["serviceType"] == "社会保障卡申领与补换"
    assert service["category"] == ["社会保险", s.item_type]
    assert service["provider"] == service["serviceOperator"] == {"@id": office["@id"]}
    assert service["cpsv:hasCompetentAuthority"]["name"] == s.implementing_body
    assert office["name"] == "示例街道党群服务中心" and office["telephone"] == s.place.phone
    assert office["address"]["streetAddress"] == s.place.address and office["openingHours"] == s.place.hours
    assert service["areaServed"] == {"@type": "AdministrativeArea", "name": "滨海新区",
                                     "containedInPlace": {"@type": "AdministrativeArea", "name": "天津市"}}
    on_site, online = service["availableChannel"]
    assert on_site["serviceLocation"]["name"] == s.place.window
    assert on_site["serviceLocation"]["address"]["streetAddress"] == s.place.address
    assert on_site["servicePhone"]["telephone"] == s.place.phone
    assert on_site["processingTime"] == "P0D"  # promised: 当场办结
    assert online["serviceUrl"] == s.online.url and online["name"] == s.online.platform
    assert service["offers"] == [{"@type": "Offer", "name": "不收费", "price": "0", "priceCurrency": "CNY"}]
    [law] = service["cpsv:hasLegalResource"]
    assert law == {"@type": "Legislation", "name": "关于印发天津市社会保障卡管理试行办法的通知",
                   "legislationIdentifier": "津劳社局发〔2008〕249号"}
    assert service["mainEntityOfPage"]["@id"] == url
    assert len(service["mainEntityOfPage"]["dateModified"]) == 10


def test_every_real_service_has_only_what_the_catalogue_has(built_site):
    from conftest import CONTENT

    catalogue = load_catalogue(CONTENT)
    for s in catalogue.services:
        [data] = blocks(service_page(built_site, s))
        [node] = [n for n in nodes(data) if n["@type"] == "GovernmentService"]
        expanded(data)
        assert node["name"] == s.name
        cited = [c.doc_number or c.title for e in s.legal_basis for c in e.citations]
        assert [law.get("legislationIdentifier") or law["name"] for law in node.get("cpsv:hasLegalResource", [])] == cited
        # the real documents publish no place, hours, time limit or fee: none is invented
        assert "availableChannel" not in node and "offers" not in node and "identifier" not in node
        office = next(n for n in nodes(data) if "GovernmentOffice" in n["@type"])
        assert "address" not in office and "telephone" not in office
        text = str(data)
        for placeholder in ("暂未公布", "未公布", "None", "null"):
            assert placeholder not in text


@pytest.mark.parametrize("path, kind", [("index.html", "WebSite"), ("offices/xincun/index.html", "GovernmentOffice")])
def test_home_and_office_pages(built_site, path, kind):
    [data] = blocks(built_site / path)
    expanded(data)
    types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
    assert kind in types
    if kind == "WebSite":
        assert data["name"] == "办事指南" and data["url"] == "https://banshi.example.cn/"
    else:
        assert data["name"] == "新村街道党群服务中心" and data["areaServed"]["name"] == "滨海新区"


def test_no_value_can_close_the_script(tmp_path):
    from generator.website.jsonld import script

    block = script({"name": "</script><script>alert(1)</script>"})
    assert block.count("</script>") == 1 and "\\u003c/script>" in block
