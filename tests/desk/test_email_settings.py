"""The desk's e-mail follows the mail server's settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps({'desk': settings.DESK_EMAIL, 'backend': settings.EMAIL_BACKEND, 'host': settings.EMAIL_HOST, "
    "'port': settings.EMAIL_PORT, 'tls': settings.EMAIL_USE_TLS, 'ssl': settings.EMAIL_USE_SSL}))"
)
MAIL_VARIABLES = {"EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DESK_EMAIL", "DEBUG"}


def probe(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in MAIL_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": "danvan.settings", "DANVAN_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_mail_server_notifications_stay_in_the_admin_and_mail_prints_in_development(tmp_path):
    values = probe(tmp_path)
    assert values["desk"] is False and values["host"] == ""
    assert values["backend"] == "django.core.mail.backends.console.EmailBackend"


def test_a_mail_server_turns_the_desk_email_on(tmp_path):
    values = probe(tmp_path, EMAIL_HOST="smtp.example.vn")
    assert values == {
        "desk": True,
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": "smtp.example.vn",
        "port": 587,
        "tls": True,
        "ssl": False,
    }
    assert probe(tmp_path, EMAIL_HOST="smtp.example.vn", EMAIL_PORT="465")["ssl"] is True
    assert probe(tmp_path, EMAIL_HOST="smtp.example.vn", DESK_EMAIL="0")["desk"] is False
