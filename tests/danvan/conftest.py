"""What the page-cache and view-count tests share: a section and a published article."""

import pytest

from articles.models import Article, Section


@pytest.fixture
def section():
    return Section.objects.create(name="Tin hoạt động")


def publish(title, section, **fields):
    return Article.objects.create(title=title, section=section, status="published", **fields)
