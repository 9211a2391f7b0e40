"""Production (DEBUG=0) before anyone ran collectstatic: pages still serve, styled."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A fresh production site, as after `git clone` and `migrate` with DEBUG=0: the home page,
# a page that does not exist, and the stylesheet the home page links.
PROBE = """
import json, re, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(raise_request_exception=False)  # a 500 is an answer here, as a reader gets it
home = client.get("/")
missing = client.get("/bai-viet/khong-co-bai-nay/")
stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home.content.decode()) if home.status_code == 200 else None
css = client.get(stylesheet.group(1)) if stylesheet else None
print(json.dumps({"home": home.status_code, "missing": missing.status_code, "css_url": stylesheet and stylesheet.group(1),
                  "css": css and css.status_code}))
"""


def test_without_collectstatic_production_serves_pages_and_their_stylesheet(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", DANVAN_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answers["home"], answers["missing"]) == (200, 404)  # both were 500
    assert answers["css_url"].startswith("/static/") and answers["css"] == 200
    assert "run 'manage.py collectstatic --noinput' and restart" in result.stderr
    assert not (tmp_path / "static" / "staticfiles.json").exists()


def test_make_run_collects_static_files_before_serving(monkeypatch, tmp_path):
    from danvan import localrun

    plan = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "-m danvan.localrun run" in plan, plan
    ran = []
    monkeypatch.setattr(localrun.subprocess, "run", lambda command, **kwargs: ran.append(" ".join(command[2:])))
    monkeypatch.setattr(localrun, "serve", lambda env: ran.append("serve"))
    monkeypatch.setenv("DANVAN_VAR_DIR", str(tmp_path))
    localrun.main(["run"])
    assert ran.index("collectstatic --noinput -v0") < ran.index("serve"), ran
