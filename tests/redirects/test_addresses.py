"""Every way an old address is written reduces to one key."""

import unicodedata

import pytest

from redirects.addresses import normalize_host, request_keys, split_old_url

DAN_VAN = "/tin-tuc/dân-vận-khéo-ở-cơ-sở.html"


@pytest.mark.parametrize(
    "url",
    [
        "http://bdv.binhthuan.dcs.vn/tin-tuc/dân-vận-khéo-ở-cơ-sở.html",
        "https://BDV.BinhThuan.dcs.vn:443/tin-tuc/d%C3%A2n-v%E1%BA%ADn-kh%C3%A9o-%E1%BB%9F-c%C6%A1-s%E1%BB%9F.html",
        "http://www.bdv.binhthuan.dcs.vn/tin-tuc/" + unicodedata.normalize("NFD", "dân-vận-khéo-ở-cơ-sở") + ".html",
        "//bdv.binhthuan.dcs.vn//tin-tuc/dân-vận-khéo-ở-cơ-sở/",
        "bdv.binhthuan.dcs.vn/Tin-Tuc/Dân-Vận-Khéo-Ở-Cơ-Sở.htm?utm_source=facebook&fbclid=x",
        "http://bdv.binhthuan.dcs.vn/tin-tuc/dân-vận-khéo-ở-cơ-sở/index.html",
    ],
)
def test_every_spelling_of_one_address_has_one_key(url):
    assert split_old_url(url) == ("bdv.binhthuan.dcs.vn", "/tin-tuc/dân-vận-khéo-ở-cơ-sở")


def test_a_path_alone_has_no_host():
    assert split_old_url(DAN_VAN) == ("", "/tin-tuc/dân-vận-khéo-ở-cơ-sở")
    assert split_old_url("tin-tuc/bai.html") == ("", "/tin-tuc/bai")


def test_identifying_parameters_are_kept_sorted_and_the_rest_dropped():
    assert split_old_url("http://old.vn/?p=123&utm_medium=social") == ("old.vn", "/?p=123")
    joomla = "http://old.vn/index.php?option=com_content&view=article&id=45:dan-van&catid=3&Itemid=101"
    assert split_old_url(joomla) == ("old.vn", "/?id=45%3Adan-van&option=com_content&view=article")
    assert split_old_url("http://old.vn/index.php?Itemid=7&view=article&id=45:dan-van&option=com_content")[1] == split_old_url(joomla)[1]


def test_host_case_port_and_www_do_not_matter():
    assert normalize_host("WWW.Old-Portal.VN:8080.") == "old-portal.vn"


def test_a_request_tries_its_identifying_query_before_the_bare_path():
    assert request_keys("/tin-tuc/bai.html", [("id", "5"), ("utm_source", "x")]) == ["/tin-tuc/bai?id=5", "/tin-tuc/bai"]
    assert request_keys("/tin-tuc/bai.html", [("utm_source", "x")]) == ["/tin-tuc/bai"]
