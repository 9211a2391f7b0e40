from django.views.generic import DetailView

from articles.models import Article

from .models import Document, Exemplar, Organization


class _WithArticles(DetailView):
    def get_context_data(self, **kwargs):
        articles = Article.objects.published().filter(**{self.article_filter: self.object}).for_listing().newest_first()
        return super().get_context_data(articles=articles[:50], **kwargs)


class DocumentDetailView(_WithArticles):
    model = Document
    article_filter = "documents"
    template_name = "organizations/document_detail.html"


class OrganizationDetailView(_WithArticles):
    model = Organization
    article_filter = "organizations"
    template_name = "organizations/organization_detail.html"


class ExemplarDetailView(_WithArticles):
    model = Exemplar
    article_filter = "exemplars"
    template_name = "organizations/exemplar_detail.html"
