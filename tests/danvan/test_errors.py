"""When the database is gone, readers get a styled 503 quickly and never a traceback."""

import pytest
from django.db import OperationalError
from django.test import Client

from articles import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_database_outage_gives_a_styled_503(production, monkeypatch):
    def unreachable(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(views.HomeView, "get_queryset", unreachable, raising=False)
    monkeypatch.setattr(views.HomeView, "get_context_data", unreachable, raising=False)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Trang tạm thời gián đoạn" in page and "/static/css/site.css" in page
    assert "Traceback" not in page and "OperationalError" not in page and "5432" not in page


def test_other_errors_stay_500(production, monkeypatch):
    def broken(self, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken, raising=False)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()
