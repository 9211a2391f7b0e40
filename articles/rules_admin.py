"""The section rules in the admin, and the suggestions they make on an article's form."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Article, SectionRule
from .section_rules import article_text, load_rules, suggest


@admin.register(SectionRule)
class SectionRuleAdmin(admin.ModelAdmin):
    list_display = ["section", "condition", "weight", "active"]
    list_editable = ["weight", "active"]
    list_filter = ["section", "active"]
    list_select_related = ["section", "document", "exemplar", "organization"]
    search_fields = ["phrase", "section__name", "document__symbol", "exemplar__name", "organization__name"]
    autocomplete_fields = ["section", "document", "exemplar", "organization"]
    fields = ["section", "phrase", "document", "exemplar", "organization", "weight", "active"]

    @admin.display(description=_("điều kiện"))
    def condition(self, obj: SectionRule) -> str:
        return obj.describe()


def section_suggestions(article: Article | None) -> str:
    """The sections the rules point to for this article, with the reasons: one query (the
    rules); the links made on import are read from the import report, not the database."""
    if article is None or article.pk is None:
        return _("Lưu bài để xem gợi ý.")
    linked = (article.import_report or {}).get("linked", {})
    found = suggest(load_rules(), article_text(article.title, article.lead, article.body), linked)
    if not found:
        return _("Không quy tắc nào khớp với bài này.")
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li><strong>{}</strong> — {}</li>", ((s.section.name, "; ".join(s.reasons)) for s in found)),
    )
