"""Pages for staff stay with staff: each office's staff view is out of search engines (noindex) and
out of sitemap.xml; the centre's internal duties appear on that view, never on the legal-basis
index residents read."""
from conftest import CONTENT
from generator.catalogue.load import load_catalogue


def test_staff_views_are_noindex_and_out_of_the_sitemap(built_site):
    catalogue = load_catalogue(CONTENT)
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    for office in catalogue.offices:
        staff = (built_site / "offices" / office / "staff" / "index.html").read_text("utf-8")
        assert '<meta name="robots" content="noindex">' in staff
        assert f"/offices/{office}/staff/" not in sitemap
        assert f"/offices/{office}/</loc>" in sitemap  # the office page itself is listed
    home = (built_site / "index.html").read_text("utf-8")
    assert 'name="robots"' not in home


def test_internal_duties_are_not_on_the_legal_basis_index(built_site):
    catalogue = load_catalogue(CONTENT)
    duties = [s for s in catalogue.services if s.internal and s.legal_basis]
    residents = [s for s in catalogue.services if not s.internal and s.legal_basis]
    assert duties and residents  # the shipped content has both
    index = (built_site / "legal" / "index.html").read_text("utf-8")
    for service in duties:
        assert f"offices/{service.office_id}/{service.id}/" not in index, service.name
    assert any(f"offices/{s.office_id}/{s.id}/" in index for s in residents)
    # a duty's own page still says what its basis is, without a link to an index that omits it
    duty = duties[0]
    page = (built_site / "offices" / duty.office_id / duty.id / "index.html").read_text("utf-8")
    assert duty.legal_basis[0].text[:6] in page and "见索引" not in page
