"""`make run` serves the site as readers see it: DEBUG off, gunicorn, WhiteNoise, SQLite.

The server test starts the command line `make run` runs (``python -m danvan.localrun run``)
on a fresh var/ and a free port, as a first run on a clean clone does, and reads the site
over HTTP: the home page, a mistyped address, a static file, the admin login, a draft's
preview and its photo.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from danvan import localrun

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "danvan.localrun", "run"]
START_SECONDS = 300  # migrations, collectstatic with compression and the seed import on a busy machine
DRAFT = """
import json
from io import BytesIO
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.models import Article, Photo
article = Article.objects.create(title="Bản nháp hội nghị dân vận", status="draft", body="<p>Nội dung chưa duyệt.</p>")
buffer = BytesIO()
Image.new("RGB", (640, 480), (180, 30, 30)).save(buffer, "JPEG")
photo = Photo(article=article, image=SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg"), alt_text="Ảnh")
photo.save()
print(json.dumps({"url": article.get_absolute_url(), "photo": photo.image.url}))
"""


def test_make_run_runs_the_command_the_test_starts():
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m danvan.localrun run" in dry
    assert "runserver" not in dry


def test_secret_key_is_made_once_readable_by_its_owner_only(tmp_path):
    key = localrun.secret_key(tmp_path)
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 50
    assert localrun.secret_key(tmp_path) == key  # reused on the next run


def test_local_env_is_production_with_a_generated_key(tmp_path):
    env = localrun.local_env({"DANVAN_VAR_DIR": str(tmp_path), "HOST": "192.168.1.20"})
    assert env["DEBUG"] == "0"
    assert env["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()
    assert env["ALLOWED_HOSTS"].split(",") == ["127.0.0.1", "localhost", "[::1]", "192.168.1.20"]
    assert env["SECURE_SSL_REDIRECT"] == "0" and env["SECURE_COOKIES"] == "0"  # plain HTTP on a local run


def test_the_environment_wins(tmp_path):
    env = localrun.local_env({"DANVAN_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "danvan.example.vn"})
    assert env["SECRET_KEY"] == "k" * 60 and env["ALLOWED_HOSTS"] == "danvan.example.vn"
    assert not (tmp_path / "secret_key").exists()


def test_workers_follow_the_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert "--workers" in (command := localrun.gunicorn_command({"HOST": "127.0.0.1", "PORT": "8123"}))
    assert command[command.index("--workers") + 1] == "5"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert "--workers" not in localrun.gunicorn_command({"WEB_CONCURRENCY": "3"})


@pytest.mark.django_db
def test_sqlite_waits_for_another_workers_lock():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """HTTP to the server under test, keeping its cookies as a browser would: a Secure
    cookie is never sent back over plain HTTP."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, SimpleCookie()

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items() if not m["secure"])}
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}"})
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        text = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str):
        return self.request("GET", path)


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    var = tmp_path_factory.mktemp("localrun") / "var"
    port = free_port()
    skip = {"DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in skip and not k.startswith(("PYTEST", "SECURE_"))}
    env.update(DANVAN_VAR_DIR=str(var), HOST="127.0.0.1", PORT=str(port), LOG_LEVEL="WARNING")
    log = (var.parent / "server.log").open("w+")
    server = subprocess.Popen(COMMAND, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"make run's command exited {server.returncode}:\n{log.read()[-4000:]}")
            try:
                Client(port).get("/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("make run's server did not answer in time")
                time.sleep(0.5)
        log.seek(0)
        password = re.search(r"mật khẩu:\s+(\S+)", log.read()).group(1)
        shell_env = localrun.local_env(env)
        made = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", DRAFT], cwd=ROOT, env=shell_env, capture_output=True, text=True, check=True
        )
        draft = json.loads(made.stdout.strip().splitlines()[-1])
        yield {"port": port, "var": var, "password": password, "draft": draft}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_home_page_from_gunicorn_with_debug_off(local_site):
    status, headers, html = Client(local_site["port"]).get("/")
    assert status == 200
    assert headers["server"].startswith("gunicorn")
    assert 'lang="vi"' in html and "Ban Dân vận" in html
    assert stat.S_IMODE((local_site["var"] / "secret_key").stat().st_mode) == 0o600


def test_a_mistyped_address_gets_the_vietnamese_404(local_site):
    status, _headers, html = Client(local_site["port"]).get("/bai-viet/khong-co-bai-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in html and "Về trang chủ" in html
    assert "URLconf" not in html and "Page not found" not in html and "DEBUG = True" not in html


def test_static_files_by_whitenoise_under_hashed_names(local_site):
    client = Client(local_site["port"])
    _status, _headers, html = client.get("/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, css = client.get(stylesheet)
    assert status == 200 and headers["content-type"].startswith("text/css") and css
    assert "immutable" in headers["cache-control"]


def test_login_admin_preview_and_draft_photo(local_site):
    anonymous = Client(local_site["port"])
    draft = local_site["draft"]
    assert anonymous.get(draft["url"])[0] == 404
    assert anonymous.get(draft["photo"])[0] == 404

    staff = Client(local_site["port"])
    status, _headers, form = staff.get("/admin/login/")
    assert status == 200 and "Đăng nhập" in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    status, headers, _ = staff.request(
        "POST", "/admin/login/?next=/admin/", {"csrfmiddlewaretoken": token, "username": "admin", "password": local_site["password"]}
    )
    assert status == 302 and headers["location"] == "/admin/"
    status, _headers, desk = staff.get("/admin/")
    assert status == 200 and "Bàn làm việc của tòa soạn" in desk
    status, _headers, preview = staff.get(draft["url"])
    assert status == 200 and "Bản xem trước" in preview
    status, headers, _photo = staff.get(draft["photo"])
    assert status == 200 and headers["content-type"] == "image/jpeg"
