from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Dân Vận CMS"
admin.site.site_title = "Quản trị Dân Vận CMS"
admin.site.index_title = "Bàn làm việc của tòa soạn"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
