import pytest

from newsroom.roles import DATA_KEEPER, EDITOR, REPORTER
from tests.admin_forms import member


@pytest.fixture
def reporter(django_user_model):
    return member(django_user_model, "phongvien", REPORTER)


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "bientap", EDITOR)


@pytest.fixture
def keeper(django_user_model):
    return member(django_user_model, "dulieu", DATA_KEEPER)
