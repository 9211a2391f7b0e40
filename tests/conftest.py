import pytest

from newsroom.roles import DATA_KEEPER, EDITOR, REPORTER
from tests.admin_forms import member


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast hashing, mail kept in memory, uploads in a throw-away folder, a cold cache."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # The whole-page cache is exercised by its own tests (tests/danvan/test_page_cache.py);
    # elsewhere each request must show the database as the test left it.
    settings.PAGE_CACHE_SECONDS = 0
    # Views straight into the database, so a test reads them at once; the batching has its
    # own tests (tests/danvan/test_viewcounts.py).
    settings.VIEW_BATCH_SECONDS = 0
    # Stale pages rendered in the request: a test's rows live in a transaction that the render
    # thread would not see (tests/danvan/test_page_cache_behind.py tests the thread).
    settings.PAGE_CACHE_RENDER_BEHIND = False
    if settings.CACHES["default"]["BACKEND"] == "danvan.filecache.SharedFileCache":
        # Each test its own cache folder: parallel test processes never empty each other's.
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": str(tmp_path / "cache")}}
    from django.core.cache import cache

    from danvan.cache import forget_local_state
    from danvan.context_processors import forget_menu
    from danvan.fragments import forget_fragments
    from danvan.viewcounts import forget_local_state as forget_view_counts
    from portal.chrome import forget_chrome
    from search.shares import forget as forget_word_shares

    cache.clear()
    forget_local_state()  # this process's memo of the generation and of the menu read under it
    forget_menu()
    forget_view_counts()
    forget_chrome()
    forget_fragments()
    forget_word_shares()  # PostgreSQL's statistics as this process read them (a test may ANALYZE)
    yield


# Staff in each newsroom role, for the tests of every app.
@pytest.fixture
def reporter(django_user_model):
    return member(django_user_model, "phongvien", REPORTER)


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "bientap", EDITOR)


@pytest.fixture
def keeper(django_user_model):
    return member(django_user_model, "dulieu", DATA_KEEPER)
