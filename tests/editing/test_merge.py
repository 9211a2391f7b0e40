"""A refused stale save shows what the other person changed and is settled per field."""

import pytest
from django.urls import reverse

from articles.models import Article, Section
from editing.merge import MERGE, MINE, THEIRS, merge3
from tests.admin_forms import article_form, as_user

pytestmark = pytest.mark.django_db


def test_merge3_takes_each_sides_paragraphs_and_keeps_both_where_both_changed():
    base = ["a", "b", "c", "d"]
    assert merge3(base, ["a", "B", "c", "d"], ["a", "b", "c", "D"]) == (["a", "B", "c", "D"], 0)
    assert merge3(base, ["a", "b1", "c", "d"], ["a", "b2", "c", "d"]) == (["a", "b1", "b2", "c", "d"], 1)
    assert merge3(base, ["x", "a", "b", "c", "d"], ["a", "b", "c", "d", "y"]) == (["x", "a", "b", "c", "d", "y"], 0)
    assert merge3(base, base, ["a", "c"]) == (["a", "c"], 0)
    assert merge3([], ["m"], ["t"]) == (["m", "t"], 1)  # no common version: both kept, mine first


@pytest.fixture
def minh(django_user_model):
    from newsroom.roles import EDITOR
    from tests.admin_forms import member

    user = member(django_user_model, "minh", EDITOR)
    user.first_name, user.last_name = "Minh", "Trần Văn"
    user.save()
    return user


@pytest.fixture
def opened(client, editor, minh):
    """An article both opened; Minh then saved a new title, section and last paragraph."""
    as_user(client, editor)
    client.post(
        reverse("admin:articles_article_add"), article_form(title="Tiêu đề gốc", lead="Sapo gốc", body="<p>Một</p><p>Hai</p><p>Ba</p>")
    )
    article = Article.objects.get()
    mine = article_form(article)  # what the editor opened
    section = Section.objects.create(name="Dân vận khéo")
    as_user(client, minh)
    theirs = article_form(
        article,
        title="Tiêu đề của Minh",
        section=str(section.pk),
        body="<p>Một</p><p>Hai</p><p>Ba (Minh sửa)</p>",
        tags="Dân vận khéo, Quy chế dân chủ",
    )
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), theirs).status_code == 302
    as_user(client, editor)
    return article, mine, section


def test_stale_save_shows_each_difference_with_a_sensible_choice(client, opened):
    article, mine, section = opened
    url = reverse("admin:articles_article_change", args=[article.pk])
    mine.update(lead="Sapo tôi sửa", body="<p>Một (tôi sửa)</p><p>Hai</p><p>Ba</p>")
    page = client.post(url, mine)
    assert page.status_code == 200  # refused, the form shown again
    editing = page.context_data["editing"]
    found = {c.name: c for c in editing["conflicts"]}
    assert set(found) == {"title", "lead", "body", "section", "tags"}
    assert found["tags"].default == THEIRS  # only Minh touched the tags (kept with each revision)
    assert (found["title"].mine, found["title"].theirs, found["title"].default) == (["Tiêu đề gốc"], ["Tiêu đề của Minh"], THEIRS)
    assert found["section"].default == THEIRS and found["section"].theirs == [str(section.pk)]
    assert (found["section"].mine_text, found["section"].theirs_text) == ("—", "Dân vận khéo")
    assert found["lead"].default == MINE  # only I changed it
    assert found["body"].default == MERGE and found["body"].merged == ["<p>Một (tôi sửa)</p><p>Hai</p><p>Ba (Minh sửa)</p>"]
    assert editing["their_name"] == "Trần Văn Minh"
    html = page.content.decode()
    assert "Trần Văn Minh đã lưu bài trong lúc bạn sửa" in html and "Lấy bản của Trần Văn Minh" in html
    assert 'name="merge-body" value="merge" checked' in html
    assert "Bài viết đã được Trần Văn Minh sửa lúc" in html  # the refusal names the person as the panel does
    assert "Bản gộp" in html and "Một (tôi sửa)<br>Hai<br>Ba (Minh sửa)" in html


def test_choices_save_without_retyping(client, opened):
    article, mine, section = opened
    url = reverse("admin:articles_article_change", args=[article.pk])
    mine.update(lead="Sapo tôi sửa", body="<p>Một (tôi sửa)</p><p>Hai</p><p>Ba</p>", title="Tiêu đề tôi sửa")
    page = client.post(url, mine)
    version = page.context_data["editing"]["merge_version"]
    answer = client.post(
        url,
        {
            **mine,
            "editing_merge_version": version,
            "merge-title": MINE,
            "merge-section": THEIRS,
            "merge-lead": MINE,
            "merge-body": MERGE,
            "_continue": "1",
        },
    )
    assert answer.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề tôi sửa"
    assert article.section == section
    assert sorted(article.tags.names()) == ["Dân vận khéo", "Quy chế dân chủ"]  # not chosen: the default, theirs
    assert article.lead == "Sapo tôi sửa"
    assert article.body == "<p>Một (tôi sửa)</p><p>Hai</p><p>Ba (Minh sửa)</p>"


def test_choices_made_against_an_older_version_are_refused_again(client, opened, minh):
    article, mine, _section = opened
    url = reverse("admin:articles_article_change", args=[article.pk])
    mine["title"] = "Tiêu đề tôi sửa"
    version = client.post(url, mine).context_data["editing"]["merge_version"]
    as_user(client, minh)
    article.refresh_from_db()
    client.post(url, article_form(article, title="Minh sửa lần hai", section=str(article.section_id)))
    from django.contrib.auth import get_user_model

    as_user(client, get_user_model().objects.get(username="bientap"))
    page = client.post(url, {**mine, "editing_merge_version": version, "merge-title": MINE})
    assert page.status_code == 200 and page.context_data["editing"]["merge_version"] != version
    article.refresh_from_db()
    assert article.title == "Minh sửa lần hai"  # nothing written over the newer version


def test_a_photo_caption_both_changed_is_settled_too(client, editor, minh):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles.models import Photo

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    as_user(client, editor)
    client.post(reverse("admin:articles_article_add"), article_form(title="Bài có ảnh"))
    article = Article.objects.get()
    photo = Photo.objects.create(article=article, image=SimpleUploadedFile("anh.jpg", buffer.getvalue()), caption="Quang cảnh hội nghị")
    article.save()  # a new version, with the photo, that both open
    article.refresh_from_db()

    def with_photo(caption: str) -> dict:
        data = article_form(article)
        data.update({"photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "1", "photos-0-id": str(photo.pk)})
        data["photos-0-article"] = str(article.pk)
        data.update({"photos-0-caption": caption, "photos-0-order": "0", "photos-0-credit": "", "photos-0-alt_text": "Hội trường"})
        return data

    mine = with_photo("Quang cảnh hội nghị (ảnh của tôi)")
    as_user(client, minh)
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), with_photo("Minh sửa chú thích")).status_code == 302
    as_user(client, editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.post(url, mine)
    found = {c.name: c for c in page.context_data["editing"]["conflicts"]}
    assert list(found) == ["photos-0-caption"]
    assert found["photos-0-caption"].theirs == ["Minh sửa chú thích"]
    assert found["photos-0-caption"].label.startswith("Ảnh “")
    version = page.context_data["editing"]["merge_version"]
    assert client.post(url, {**mine, "editing_merge_version": version, "merge-photos-0-caption": THEIRS}).status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Minh sửa chú thích"
