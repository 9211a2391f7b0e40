"""A WordPress export's old category and tag addresses become redirects (``redirects.OldAddress``)
to the mapped section and to the tag page, answered with a 301."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from articles.models import Section
from redirects.models import OldAddress

from .wxr_samples import HEAD, TAIL, item, write_export

pytestmark = pytest.mark.django_db

SITE = "https://danvan.binhthuan.example"
TERMS = (
    "".join(
        f"\t<wp:category><wp:term_id>{ident}</wp:term_id><wp:category_nicename><![CDATA[{slug}]]></wp:category_nicename>"
        f"<wp:category_parent><![CDATA[{parent}]]></wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n"
        for ident, slug, parent, name in (
            (4, "tin-tuc", "", "Tin tức"),
            (5, "dan-van-chinh-quyen", "tin-tuc", "Dân vận chính quyền"),
            (6, "linh-tinh", "", "Linh tinh"),
        )
    )
    + "\t<wp:tag><wp:term_id>10</wp:term_id><wp:tag_slug><![CDATA[khong-dung]]></wp:tag_slug>"
    + "<wp:tag_name><![CDATA[Không dùng]]></wp:tag_name></wp:tag>\n"
)
MAPPING = (
    '[categories]\n"Dân vận khéo" = "dan-van-kheo"\n\n'
    '[paths]\n"/category/tin-tuc/" = "tin-hoat-dong"\n"/category/tin-tuc/dan-van-chinh-quyen/" = "dan-van-chinh-quyen"\n'
)


@pytest.fixture
def sections(db) -> dict[str, Section]:
    return {
        slug: Section.objects.create(name=name, slug=slug)
        for slug, name in (
            ("dan-van-kheo", "Dân vận khéo"),
            ("tin-hoat-dong", "Tin hoạt động"),
            ("dan-van-chinh-quyen", "Dân vận chính quyền"),
        )
    }


@pytest.fixture
def export(tmp_path: Path) -> Path:
    post = item(1, "Bài có từ khóa", content="Nội dung của bài.", tags=(("quy-che-dan-chu", "Quy chế dân chủ"),))
    return write_export(tmp_path / "site", HEAD.replace("\t<generator>", TERMS + "\t<generator>") + post + TAIL)


def run(export: Path, mapping: Path, *extra: str) -> dict:
    out = StringIO()
    call_command("import_articles", str(export), "--pattern", "*.xml", "--mapping", str(mapping), "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "chuyen-muc.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def rows() -> list[tuple[str, str]]:
    return sorted(
        (o.old_url, o.section.slug if o.section_id else f"tag:{o.tag.name}") for o in OldAddress.objects.exclude(article__isnull=False)
    )


def test_categories_and_tags_become_redirects_to_their_section_and_tag(sections, export, mapping, client):
    report = run(export, mapping)
    assert report["old_addresses"] == {"created": 8, "updated": 0, "unchanged": 0, "kept": 0, "unmapped": 2}
    assert rows() == [
        (f"{SITE}/?cat=3", "dan-van-kheo"),
        (f"{SITE}/?cat=4", "tin-hoat-dong"),
        (f"{SITE}/?cat=5", "dan-van-chinh-quyen"),
        (f"{SITE}/?tag=quy-che-dan-chu", "tag:Quy chế dân chủ"),
        (f"{SITE}/category/dan-van-kheo/", "dan-van-kheo"),
        (f"{SITE}/category/tin-tuc/", "tin-hoat-dong"),
        (f"{SITE}/category/tin-tuc/dan-van-chinh-quyen/", "dan-van-chinh-quyen"),
        (f"{SITE}/tag/quy-che-dan-chu/", "tag:Quy chế dân chủ"),
    ]
    assert set(OldAddress.objects.exclude(article__isnull=False).values_list("origin", flat=True)) == {"import"}

    response = client.get("/category/tin-tuc/dan-van-chinh-quyen")
    assert (response.status_code, response["Location"]) == (301, sections["dan-van-chinh-quyen"].get_absolute_url())
    response = client.get("/category/dan-van-kheo/")
    assert (response.status_code, response["Location"]) == (301, sections["dan-van-kheo"].get_absolute_url())
    tag = OldAddress.objects.get(old_url=f"{SITE}/tag/quy-che-dan-chu/").tag
    response = client.get("/tag/quy-che-dan-chu/")
    assert (response.status_code, response["Location"]) == (301, iri_to_uri(reverse("articles:tag", args=[tag.slug])))


def test_the_same_export_again_changes_nothing_and_an_editor_s_redirect_stays(sections, export, mapping):
    run(export, mapping)
    edited = OldAddress.objects.get(old_url=f"{SITE}/category/dan-van-kheo/")
    edited.origin, edited.section = OldAddress.Origin.EDITOR, sections["tin-hoat-dong"]
    edited.save()
    assert run(export, mapping)["old_addresses"] == {"created": 0, "updated": 0, "unchanged": 7, "kept": 1, "unmapped": 2}
    assert OldAddress.objects.get(pk=edited.pk).section == sections["tin-hoat-dong"]


def test_a_changed_mapping_moves_the_importer_s_redirects(sections, export, mapping):
    run(export, mapping)
    mapping.write_text(MAPPING.replace('"Dân vận khéo" = "dan-van-kheo"', '"Dân vận khéo" = "tin-hoat-dong"'), encoding="utf-8")
    assert run(export, mapping)["old_addresses"] == {"created": 0, "updated": 2, "unchanged": 6, "kept": 0, "unmapped": 2}
    assert OldAddress.objects.get(old_url=f"{SITE}/category/dan-van-kheo/").section == sections["tin-hoat-dong"]


def test_a_dry_run_counts_and_writes_nothing(sections, export, mapping):
    report = run(export, mapping, "--dry-run")
    assert report["old_addresses"] == {"created": 6, "updated": 0, "unchanged": 0, "kept": 0, "unmapped": 3}
    assert OldAddress.objects.count() == 0
