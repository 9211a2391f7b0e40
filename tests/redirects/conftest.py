import pytest

OLD_HOSTS = ["bdv.binhthuan.dcs.vn", "www.bdv.binhthuan.dcs.vn", "BDV.BinhThuan.dcs.vn", "dangbokhoi.vn"]


@pytest.fixture(autouse=True)
def _old_hosts(settings):
    """The old portals' host names point here (DNS) and are allowed; this site is http://testserver."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *OLD_HOSTS]
    settings.SITE_URL = "http://testserver"
