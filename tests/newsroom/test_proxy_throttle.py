"""Login throttling behind a reverse proxy: one guesser must not lock the newsroom out."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from newsroom.models import KnownLoginAddress
from newsroom.throttle import client_address

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PROXY = "127.0.0.1"
LOCKED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("bientap", password="mật-khẩu-đúng-123", is_staff=True)


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("phongvien", password="mật-khẩu-khác-456", is_staff=True)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.8.0.0/16"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    settings.LOGIN_FAILURES_PER_USERNAME = 5


def login(client, username, password, *, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **extra)


def logged_in(response, client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not from a proxy: the header is anyone's to write
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client wrote the left part
        (PROXY, "198.51.100.1, 10.8.3.4", "198.51.100.1"),  # two proxies: the load balancer, then nginx
        (PROXY, "10.8.0.9, 10.8.3.4", "10.8.0.9"),  # every hop trusted: the farthest one
        (PROXY, "198.51.100.1, not-an-address", PROXY),  # garbage where a proxy writes: believe nothing
        (PROXY, "", PROXY),
        ("::ffff:127.0.0.1", "2001:db8::5", "2001:db8::5"),
        (PROXY, "198.51.100.1:51234", "198.51.100.1"),  # with the client's port, as some proxies write it
        (PROXY, "[2001:db8::5]:443", "2001:db8::5"),
    ],
)
def test_client_address_is_the_rightmost_hop_no_trusted_proxy_wrote(behind_proxy, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_one_guesser_behind_the_proxy_does_not_lock_out_the_newsroom(client, editor, colleague, behind_proxy):
    for n in range(25):
        assert not logged_in(login(client, f"ten-ngau-nhien-{n}", "sai", forwarded="198.51.100.66"), client)
    # The guesser's own address is locked, even with a right password it never used from there …
    assert LOCKED in login(client, "phongvien", "mật-khẩu-khác-456", forwarded="198.51.100.66").content.decode()
    # … while the editors, behind the same proxy, are not.
    assert logged_in(login(client, "bientap", "mật-khẩu-đúng-123", forwarded="203.0.113.7"), client)
    client.logout()
    assert logged_in(login(client, "phongvien", "mật-khẩu-khác-456", forwarded="203.0.113.8"), client)


def test_a_forged_forwarded_header_is_not_believed(client, editor, colleague, behind_proxy):
    # Straight to the app server (not through a trusted proxy): changing the header each time
    # does not change the address that is counted.
    for n in range(20):
        login(client, f"ten-{n}", "sai", remote="198.51.100.66", forwarded=f"192.0.2.{n}")
    response = login(client, "phongvien", "mật-khẩu-khác-456", remote="198.51.100.66", forwarded="203.0.113.7")
    assert LOCKED in response.content.decode()
    # Through the proxy, hops the client prepends are not believed either.
    for n in range(20):
        login(client, f"ten-{n}", "sai", forwarded=f"192.0.2.{n}, 198.51.100.77")
    response = login(client, "phongvien", "mật-khẩu-khác-456", forwarded="203.0.113.8, 198.51.100.77")
    assert LOCKED in response.content.decode()
    # The addresses the guesser claimed were never locked.
    assert logged_in(login(client, "bientap", "mật-khẩu-đúng-123", forwarded="192.0.2.3"), client)


def test_an_address_the_account_logged_in_from_keeps_its_right_password(client, editor, colleague, behind_proxy):
    office = "203.0.113.50"  # one address for the whole office (NAT)
    assert logged_in(login(client, "bientap", "mật-khẩu-đúng-123", forwarded=office), client)
    client.logout()
    assert KnownLoginAddress.objects.filter(user=editor).count() == 1
    assert office not in KnownLoginAddress.objects.get(user=editor).address_hash  # kept as a keyed hash only

    for n in range(20):
        login(client, f"ten-ngau-nhien-{n}", "sai", forwarded=office)
    # The office address is locked for an account that never logged in from it …
    assert LOCKED in login(client, "phongvien", "mật-khẩu-khác-456", forwarded=office).content.decode()
    # … but not for the editor who did.
    assert logged_in(login(client, "bientap", "mật-khẩu-đúng-123", forwarded=office), client)
    client.logout()

    # Wrong passwords for that account from that address still count toward its own limit.
    for _ in range(5):
        assert not logged_in(login(client, "bientap", "sai", forwarded=office), client)
    assert LOCKED in login(client, "bientap", "mật-khẩu-đúng-123", forwarded=office).content.decode()
    assert LOCKED in login(client, "bientap", "mật-khẩu-đúng-123", forwarded="198.51.100.9").content.decode()
    assert "_auth_user_id" not in client.session


def test_an_account_keeps_its_ten_latest_addresses(client, editor, behind_proxy):
    for n in range(12):
        assert logged_in(login(client, "bientap", "mật-khẩu-đúng-123", forwarded=f"203.0.113.{n}"), client)
        client.logout()
    assert KnownLoginAddress.objects.filter(user=editor).count() == 10


@pytest.mark.parametrize(("value", "starts"), [("127.0.0.1, 10.0.0.0/24, ::1", True), ("127.0.0.1,nginx", False)])
def test_trusted_proxies_come_from_the_environment_and_a_typo_refuses_to_start(tmp_path, value, starts):
    probe = "import django; from django.conf import settings; django.setup(); print(settings.TRUSTED_PROXIES)"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "danvan.settings", "DANVAN_VAR_DIR": str(tmp_path), "TRUSTED_PROXIES": value})
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    if starts:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "['127.0.0.1', '10.0.0.0/24', '::1']"
    else:
        assert result.returncode != 0
        assert "TRUSTED_PROXIES: 'nginx' is not an IP address or CIDR block." in result.stderr
