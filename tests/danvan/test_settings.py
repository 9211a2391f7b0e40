"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], 'name': str(settings.DATABASES['default']['NAME']), "
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, 'lang': settings.LANGUAGE_CODE, "
    "'tz': settings.TIME_ZONE, 'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0), "
    "'media': settings.STORAGES['default']['BACKEND'], 'aliases': sorted(settings.DATABASES), "
    "'routers': getattr(settings, 'DATABASE_ROUTERS', [])}))"
)


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "danvan.settings", **env})
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_defaults_are_embedded(tmp_path):
    result = run({"DANVAN_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "danvan.sqlite3")
    assert values["cache"] == "danvan.filecache.SharedFileCache"
    assert values["debug"] is True
    assert (values["lang"], values["tz"]) == ("vi", "Asia/Ho_Chi_Minh")


def test_database_and_redis_urls_switch_backends(tmp_path):
    result = run(
        {
            "DANVAN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/danvan",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
        }
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "danvan"
    assert values["cache"] == "danvan.cache.ResilientRedisCache"


def test_production_refuses_to_start_without_secret_key_or_hosts(tmp_path):
    missing_key = run({"DANVAN_VAR_DIR": str(tmp_path), "DEBUG": "0", "ALLOWED_HOSTS": "danvan.vn"})
    assert missing_key.returncode != 0 and "SECRET_KEY" in missing_key.stderr
    missing_hosts = run({"DANVAN_VAR_DIR": str(tmp_path), "DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert missing_hosts.returncode != 0 and "ALLOWED_HOSTS" in missing_hosts.stderr
    complete = run({"DANVAN_VAR_DIR": str(tmp_path), "DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "danvan.vn"})
    assert complete.returncode == 0, complete.stderr
    values = json.loads(complete.stdout)
    assert values["debug"] is False and values["hsts"] > 0


def test_replicas_and_object_storage_for_more_than_one_machine(tmp_path):
    result = run(
        {
            "DANVAN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://app@db-primary:5432/danvan",
            "DATABASE_REPLICA_URLS": "postgres://app@db-replica-1:5432/danvan, postgres://app@db-replica-2:5432/danvan",
            "AWS_STORAGE_BUCKET_NAME": "danvan-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        }
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["aliases"] == ["default", "replica1", "replica2"]
    assert values["routers"] == ["danvan.db_router.PrimaryReplicaRouter"]
    assert values["media"] == "storages.backends.s3.S3Storage"
    plain = json.loads(run({"DANVAN_VAR_DIR": str(tmp_path)}).stdout)
    assert plain["media"].endswith("FileSystemStorage") and plain["routers"] == []
