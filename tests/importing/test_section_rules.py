"""Section rules: kept in the admin, applied on import, offered to editors as suggestions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Section, SectionRule
from articles.section_rules import load_rules, suggest
from importing.load import Importer, ImportOptions, kicker_tag
from organizations.models import Exemplar

from .conftest import SEEDS, article_text

pytestmark = pytest.mark.django_db

# What each seed is about, read from its text: the section it belongs in on the menu.
EXPECTED = {
    # The survey at Đảng bộ Bộ NN&PTNT names its "Dân vận khéo" models (Bệnh viện Đa khoa Nông nghiệp, Phạm Anh Tuấn).
    "000_49b9606a6c7d4f22.txt": "dan-van-kheo",
    # Bình Thuận's year of Nghị quyết 25: the province's government work, UBND's Quyết định 2765.
    "001_6a00d43835ae35f6.txt": "dan-van-chinh-quyen",
    # Printed under the banner "TÁC PHẨM THAM DỰ GIẢI BÁO CHÍ BÚA LIỀM VÀNG LẦN THỨ VI-2021".
    "002_5434978301784549.txt": "giai-bua-liem-vang",
    # Đảng bộ Khối các cơ quan TW renews its mass-mobilisation work: news of the commission's activity.
    "003_740cc649d65595dc.txt": "tin-hoat-dong",
    # Ban Dân vận Tỉnh ủy's monitoring team (đoàn giám sát) in Đầm Hà.
    "004_34abb607fd4ca7f3.txt": "thuc-hien-qd-217-218",
}


def _section_of(name: str) -> str:
    return Article.objects.get(import_source__endswith=name).section.slug


def test_make_setup_fills_every_section_the_seeds_are_about(db):
    call_command("load_reference", "--seeds", stdout=StringIO(), stderr=StringIO())
    for name, slug in EXPECTED.items():
        assert _section_of(name) == slug, name
    for slug in set(EXPECTED.values()):
        assert Article.objects.published().filter(section__slug=slug).count() >= 1, slug
    # The section on the menu no seed is about stays empty.
    assert not Article.objects.filter(section__slug="quy-che-dan-chu").exists()


def test_report_says_which_rule_chose_the_section(reference):
    call_command("import_articles", str(SEEDS), stdout=StringIO())
    report = Article.objects.get(import_source__endswith="000_49b9606a6c7d4f22.txt").import_report["section_rule"]
    assert report["section"] == "dan-van-kheo"
    assert "vì bài nhắc mô hình «Phạm Anh Tuấn»" in report["reasons"]
    assert set(report["rules"]) <= set(SectionRule.objects.values_list("pk", flat=True))
    report = Article.objects.get(import_source__endswith="001_6a00d43835ae35f6.txt").import_report["section_rule"]
    assert report["reasons"] == ["vì bài nhắc «dân vận chính quyền»", "vì bài nhắc văn bản «2765/QĐ-UBND»"]
    report = Article.objects.get(import_source__endswith="003_740cc649d65595dc.txt").import_report["section_rule"]
    assert report["reasons"] == ["vì bài nhắc tổ chức «Đảng bộ Khối các cơ quan Trung ương»", "vì bài nhắc «công tác dân vận»"]


def test_explicit_section_wins_over_rules(reference):
    call_command("import_articles", str(SEEDS), "--section", "quy-che-dan-chu", stdout=StringIO())
    assert Article.objects.filter(section__slug="quy-che-dan-chu").count() == 5
    assert not any("section_rule" in a.import_report for a in Article.objects.all())


def test_no_rule_matching_falls_back_to_the_default_section(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    SectionRule.objects.all().delete()
    call_command("import_articles", str(archive), stdout=StringIO())
    assert Article.objects.get().section.slug == "tin-hoat-dong"


def test_matching_folds_diacritics_on_word_boundaries(reference):
    section = Section.objects.get(slug="quy-che-dan-chu")
    SectionRule.objects.all().delete()
    SectionRule.objects.create(section=section, phrase="dân chủ", weight=1)
    rules = load_rules()
    assert [s.section.slug for s in suggest(rules, "Thực hiện DAN CHU ở cơ sở")] == ["quy-che-dan-chu"]
    assert suggest(rules, "Đoàn viên dân chủng") == []  # "dân chủ" inside another word is no match


def test_heavier_rule_wins_and_rules_load_in_one_query(reference):
    with CaptureQueriesContext(connection) as queries:
        rules = load_rules()
    assert len(queries) == 1
    found = suggest(rules, "Mô hình Dân vận khéo, đoàn giám sát, Búa liềm vàng")
    assert [(s.section.slug, s.score) for s in found] == [("giai-bua-liem-vang", 10), ("thuc-hien-qd-217-218", 4), ("dan-van-kheo", 2)]


def test_a_rule_needs_exactly_one_condition(reference):
    from django.core.exceptions import ValidationError

    section = Section.objects.get(slug="dan-van-kheo")
    with pytest.raises(ValidationError):
        SectionRule(section=section, weight=1).full_clean()
    with pytest.raises(ValidationError):
        SectionRule(section=section, phrase="x", exemplar=Exemplar.objects.first(), weight=1).full_clean()


def test_kicker_banner_becomes_a_tag(reference):
    call_command("import_articles", str(SEEDS), stdout=StringIO())
    article = Article.objects.get(import_source__endswith="002_5434978301784549.txt")
    assert list(article.tags.names()) == ["Tác phẩm tham dự giải báo chí búa liềm vàng lần thứ VI-2021"]
    # The mixed-case slogan above seed 004's title is not a kicker.
    assert list(Article.objects.get(import_source__endswith="004_34abb607fd4ca7f3.txt").tags.names()) == []
    assert kicker_tag("TIN NỔI BẬT") == "Tin nổi bật"


def test_importer_reads_rules_once_per_run(reference, archive):
    for i in range(3):
        (archive / f"{i}.txt").write_text(article_text(i), encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        Importer(options=ImportOptions())
    assert sum("articles_sectionrule" in q["sql"] for q in queries) == 1
    with CaptureQueriesContext(connection) as queries:
        Importer(options=ImportOptions(section=Section.objects.first()))
    assert not any("articles_sectionrule" in q["sql"] for q in queries)


def test_admin_suggests_sections_with_reasons(reference, admin_client):
    call_command("import_articles", str(SEEDS), stdout=StringIO())
    article = Article.objects.get(import_source__endswith="000_49b9606a6c7d4f22.txt")
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Gợi ý chuyên mục" in page
    assert "<strong>Dân vận khéo</strong> — vì bài nhắc mô hình «Đảng bộ Bệnh viện Đa khoa Nông nghiệp»" in page


def test_editors_keep_the_rules(reference, client):
    from django.contrib.auth.models import Group, User

    from newsroom.roles import EDITOR

    user = User.objects.create_user("bientap", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    assert client.get(reverse("admin:articles_sectionrule_changelist")).status_code == 200
    assert client.get(reverse("admin:articles_sectionrule_add")).status_code == 200


def test_mapping_wins_over_rules_and_rules_fill_what_it_leaves(reference, tmp_path):
    from .wxr_samples import HEAD, TAIL, item, write_export

    body = "Đoàn giám sát của Ban Dân vận Tỉnh ủy làm việc với huyện."  # the rules say thuc-hien-qd-217-218
    text = HEAD + item(1, "Bài có chuyên mục cũ", content=body) + item(2, "Bài không có", content=body, categories=(("cu", "Cũ"),)) + TAIL
    mapping = tmp_path / "chuyen-muc.toml"
    mapping.write_text('[categories]\n"dan-van-kheo" = "dan-van-kheo"\n', encoding="utf-8")
    call_command("import_articles", str(write_export(tmp_path, text)), "--mapping", str(mapping), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.get(title="Bài có chuyên mục cũ").section.slug == "dan-van-kheo"
    unmapped = Article.objects.get(title="Bài không có")
    assert unmapped.section.slug == "thuc-hien-qd-217-218"
    assert unmapped.import_report["section_rule"]["reasons"] == ["vì bài nhắc «Đoàn giám sát»"]


def test_admin_suggestions_cost_one_query(reference):
    from articles.rules_admin import section_suggestions

    body = "<p>Phát huy Dân vận khéo và công tác dân vận.</p>"
    article = Article.objects.create(title="Hội nghị", body=body, status=Article.Status.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        html = section_suggestions(article)
    assert len(queries) == 1
    assert html == (
        "<ul><li><strong>Dân vận khéo</strong> — vì bài nhắc «Dân vận khéo»</li>"
        "<li><strong>Tin hoạt động</strong> — vì bài nhắc «công tác dân vận»</li></ul>"
    )
