"""What the admin's article form posts, and the users who post it, for tests that drive the admin."""

from __future__ import annotations

from articles.models import Article

PHOTO_FIELDS = ("image", "order", "after_paragraph", "caption", "credit", "alt_text")


def article_form(article: Article | None = None, *, photos: list[dict] = (), **overrides) -> dict:
    """The form data for a new article, or for ``article`` as it is now; ``overrides`` win.

    ``photos`` are new inline photo forms, each a dict of the fields in PHOTO_FIELDS.
    """
    data = {
        "title": article.title if article else "Hội nghị quán triệt Nghị quyết 25-NQ/TW",
        "slug": article.slug if article else "",
        "lead": article.lead if article else "",
        "body": article.body if article else "<p>Nội dung</p>",
        "status": article.status if article else "draft",
        "published_at_0": "",
        "published_at_1": "",
        "section": "",
        "tags": "",
        "byline": "",
        "source": "",
        "source_url": "",
        "loaded_version": article.updated_at.isoformat() if article else "",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for n, photo in enumerate(photos):
        data.update({f"photos-{n}-{field}": photo.get(field, "") for field in PHOTO_FIELDS})
    data.update(overrides)
    return data


def member(django_user_model, username: str, role: str):
    """A staff user in one of the newsroom's roles (newsroom.roles)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="mật-khẩu-dài-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def as_user(client, user):
    client.force_login(user)
    return client
