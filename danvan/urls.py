from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import media
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from danvan.siteurl import with_site_url
from operations.health import healthz
from portal.sitemaps import GallerySitemap, PageSitemap

admin.site.site_header = "Dân Vận CMS"
admin.site.site_title = "Quản trị Dân Vận CMS"
admin.site.index_title = "Bàn làm việc của tòa soạn"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("", include("portal.urls")),
    path("", include("api.urls")),
    path("", include("reports.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": with_site_url({**SITEMAPS, "trang-thong-tin": PageSitemap, "hinh-anh-video": GallerySitemap})},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
]

# Uploaded photos, when they are on this machine's disk: with DEBUG on or off, and never
# as plain files, since a photo of an unpublished article must not be served (articles/media.py).
if media.served_here():
    urlpatterns.append(path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media.serve, name="media"))

# Errors: a styled 500, and a 503 with Retry-After when the database is unreachable.
handler500 = "danvan.errors.server_error"
