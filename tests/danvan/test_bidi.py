"""Bidirectional controls (U+202E "right-to-left override" and kin) never reach stored text.

Invisible, they make a title read backwards in every list and feed that shows it, or hide
what a name really says; they are stripped like zero-width characters wherever text is
normalised: imports, the admin's forms, model saves, rich text.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from taggit.models import Tag

from articles.models import Article, Section
from danvan.html import sanitize_html
from danvan.text import normalize, normalize_line
from importing.files import find_files
from importing.load import ImportOptions, import_files
from organizations.models import Document, Exemplar, Organization
from tests.admin_forms import article_form
from tests.importing.conftest import article_text

BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_SET = set(BIDI)
NO_TAGGED_ITEMS = {f"taggit_taggeditem_items-{k}": v for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))}
TEXT = st.text(alphabet=st.sampled_from(list("aĐđêếệôơưƯ \n\t\u00a0\u0301\u0323.,-/25") + list(BIDI)), max_size=60)


@pytest.mark.parametrize("control", list(BIDI))
def test_each_control_is_stripped(control):
    assert normalize(f"Tin{control} mới{control}") == "Tin mới"
    assert normalize_line(f"{control}Hội nghị\n{control}dân vận") == "Hội nghị dân vận"


@given(TEXT)
def test_normalised_text_never_holds_a_bidi_control(text):
    assert not BIDI_SET & set(normalize(text)) and not BIDI_SET & set(normalize_line(text))


@given(TEXT)
def test_stripping_them_first_changes_nothing_else(text):
    without = "".join(c for c in text if c not in BIDI_SET)
    assert normalize(text) == normalize(without) and normalize_line(text) == normalize_line(without)


def test_rich_text_loses_them_even_as_character_references():
    html = "<p>Bài\u202e viết &#x202E;ngược&#8207; &amp;#x202e; &#x2067;cô lập&#x2069;</p>"
    assert sanitize_html(html) == "<p>Bài viết ngược &amp;#x202e; cô lập</p>"


@pytest.mark.django_db
def test_imported_titles_lose_them(tmp_path):
    text = article_text(1).replace("Hội nghị giao ban", "Hội nghị\u202e giao\u2067 ban\u200f", 1)
    (tmp_path / "bai.txt").write_text(text, encoding="utf-8")
    import_files(find_files([str(tmp_path)]).files, options=ImportOptions())
    assert Article.objects.get().title == "Hội nghị giao ban công tác dân vận quý 1 tại xã Tân Bình"


@pytest.mark.django_db
def test_titles_and_tags_typed_in_the_admin_lose_them(admin_client):
    data = article_form(
        title="Tin\u202e mới\u202c về dân vận", lead="Sapo\u200f ngắn", byline="Minh\u2066 Châu", tags="Dân\u202e vận, \u202e"
    )
    response = admin_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert (article.title, article.lead, article.byline, article.slug) == (
        "Tin mới về dân vận",
        "Sapo ngắn",
        "Minh Châu",
        "tin-moi-ve-dan-van",
    )
    assert list(article.tags.values_list("name", flat=True)) == ["Dân vận"]
    tag = Tag.objects.get()
    response = admin_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "\u202eDân vận khéo", "slug": tag.slug, **NO_TAGGED_ITEMS})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Tag.objects.get().name == "Dân vận khéo"


@pytest.mark.django_db
def test_every_typed_field_loses_them_on_save():
    section = Section.objects.create(name="Dân\u202e vận khéo", description="Giới\u2067 thiệu")
    body = Organization.objects.create(
        name="Ban\u202e Dân vận", short_name="BDV\u200e", locality="Quảng\u202b Ninh", description="Mô\u202d tả"
    )
    document = Document.objects.create(
        kind="nghi_quyet", symbol="25-NQ/TW\u202c", subject="về\u202e công tác dân vận", summary="Tóm\u2069 tắt"
    )
    exemplar = Exemplar.objects.create(name="Mô hình\u202e hay", kind="model", description="Mô\u200f tả")
    Tag.objects.create(name="Quy\u202e chế dân chủ")
    stored = [
        (section.name, section.description),
        (body.name, body.short_name, body.locality, body.description),
        (document.symbol, document.subject, document.summary),
        (exemplar.name, exemplar.description),
        (Tag.objects.get().name,),
    ]
    assert stored == [
        ("Dân vận khéo", "Giới thiệu"),
        ("Ban Dân vận", "BDV", "Quảng Ninh", "Mô tả"),
        ("25-NQ/TW", "về công tác dân vận", "Tóm tắt"),
        ("Mô hình hay", "Mô tả"),
        ("Quy chế dân chủ",),
    ]
