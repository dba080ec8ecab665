from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("curation/", include("readingroom.curation.urls")),
    path("", include("readingroom.api.urls")),  # /api/v1/, /oai, robots.txt, sitemap.xml
    path("", include("readingroom.web.urls")),
]
