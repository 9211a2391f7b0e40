"""Every file has a time budget: past it, the file fails with a reason while the rest
imports, in-process and in worker processes (a stuck worker is killed and replaced)."""

from __future__ import annotations

import multiprocessing
import time
from contextlib import nullcontext

import pytest

from articles.models import Article
from importing import reading
from importing.files import find_files
from importing.load import Importer, ImportOptions, import_files

from .conftest import article_text
from .test_scale import many_lines

pytestmark = pytest.mark.django_db

SLOW = many_lines(lambda n: "x")  # 2.6 million one-letter lines: far longer than half a second


@pytest.fixture
def slow_and_good(archive):
    (archive / "0-slow.txt").write_text(SLOW, encoding="utf-8")
    (archive / "1-good.txt").write_text(article_text(1), encoding="utf-8")
    return find_files([str(archive)]).files


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_over_its_time_budget_fails_alone(reference, slow_and_good, workers):
    started = time.perf_counter()
    slow, good = import_files(slow_and_good, options=ImportOptions(time_budget=0.5), workers=workers).files
    assert time.perf_counter() - started < 15
    assert (slow.key, slow.outcome, good.outcome) == ("archive/0-slow.txt", "failed", "created")
    assert slow.reason == (
        "quá thời gian xử lý: đọc và phân tích tệp mất hơn 0.5 giây nên đã dừng (giới hạn IMPORT_FILE_SECONDS, tùy chọn --time-budget)"
    )
    assert list(Article.objects.values_list("import_source", flat=True)) == ["archive/1-good.txt"]


def test_the_budget_comes_from_settings(reference, slow_and_good, settings):
    settings.IMPORT_FILE_SECONDS = 0.5
    slow, good = import_files(slow_and_good, workers=0).files
    assert (slow.outcome, good.outcome) == ("failed", "created") and "0.5 giây" in slow.reason


def test_a_worker_that_ignores_its_budget_is_killed_and_replaced(reference, slow_and_good, monkeypatch):
    # A worker stuck where the alarm cannot reach it (no alarm at all, here): the main
    # process stops waiting, kills it, finds the file that hangs and goes on with a new one.
    monkeypatch.setattr(reading, "time_budget", lambda seconds: nullcontext())
    monkeypatch.setattr(Importer, "WORKER_GRACE", 3.0)
    started = time.perf_counter()
    slow, good = import_files(slow_and_good, options=ImportOptions(time_budget=0.5), workers=1).files
    assert time.perf_counter() - started < 30
    assert (slow.outcome, good.outcome) == ("failed", "created")
    assert slow.reason.startswith("quá thời gian xử lý: đọc và phân tích tệp mất hơn 0.5 giây nên đã dừng")
    assert multiprocessing.active_children() == []
