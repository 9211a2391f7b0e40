from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from portal.sitemaps import PageSitemap

admin.site.site_header = "Dân Vận CMS"
admin.site.site_title = "Quản trị Dân Vận CMS"
admin.site.index_title = "Bàn làm việc của tòa soạn"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("", include("portal.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {**SITEMAPS, "trang-thong-tin": PageSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Errors: a styled 500, and a 503 with Retry-After when the database is unreachable.
handler500 = "danvan.errors.server_error"
