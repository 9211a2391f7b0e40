from django.urls import path

from .docs import docs
from .endpoints import api

urlpatterns = [
    path("api/v1/tai-lieu/", docs, name="api_docs"),
    path("api/v1/", api.urls),
]
