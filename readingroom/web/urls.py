from django.urls import path

from readingroom.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<slug:identifier>/", views.document, name="document"),
    path("documents/<slug:identifier>.json", views.document_json, name="document-json"),
    path("collections/<slug:key>/", views.collection, name="collection"),
    path("people/<slug:slug>/", views.person, name="person"),
]
