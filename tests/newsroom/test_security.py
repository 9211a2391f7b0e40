"""The admin is the door attackers knock on: throttling, headers, deploy checks."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("bientap", password="mật-khẩu-đúng-123", is_staff=True)


def login(client, username, password, address="203.0.113.7"):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_login_locks_after_repeated_failures_and_says_why(client, editor, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 5
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert login(client, "bientap", "sai").status_code == 200
        locked = login(client, "bientap", "mật-khẩu-đúng-123")
        assert locked.status_code == 200
        assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        # From another address too: the lock is on the account name.
        assert login(client, "bientap", "mật-khẩu-đúng-123", address="198.51.100.9").status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1), tick=False):
        assert login(client, "bientap", "mật-khẩu-đúng-123").status_code == 302


def test_one_address_guessing_many_names_is_locked(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for name in ("a", "b", "c"):
        login(client, name, "sai")
    assert "Đăng nhập sai quá nhiều lần" in login(client, "bientap", "mật-khẩu-đúng-123").content.decode()
    assert login(client, "bientap", "mật-khẩu-đúng-123", address="198.51.100.9").status_code == 302


def test_success_resets_the_count(client, editor, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = 3
    login(client, "bientap", "sai")
    login(client, "bientap", "sai")
    assert login(client, "bientap", "mật-khẩu-đúng-123").status_code == 302
    client.logout()
    login(client, "bientap", "sai")
    login(client, "bientap", "sai")
    assert login(client, "bientap", "mật-khẩu-đúng-123").status_code == 302


@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_security_headers(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_csrf_is_enforced_on_the_admin(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("admin:login"), {"username": "bientap", "password": "mật-khẩu-đúng-123"})
    assert response.status_code == 403


def production_env(**extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (tests/e2e/conftest.py), set in this
    # process once they ran: a production site never has it, and Django's deploy check refuses it.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k3y-" + "Zq8#vL2!pX9@" * 5,
            "ALLOWED_HOSTS": "danvan.example.vn",
            **extra,
        }
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(DANVAN_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_admin_url_is_configurable(tmp_path):
    probe = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    env = production_env(DANVAN_VAR_DIR=str(tmp_path), ADMIN_URL="quan-tri-noi-bo")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "/quan-tri-noi-bo/", result.stderr
