from django.urls import path, re_path

from readingroom.web.views import (
    collections,
    declassification,
    documents,
    events,
    home,
    network,
    people,
    search,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("search", search.search, name="search"),
    path("documents/", home.document_list, name="documents"),
    path("documents/<slug:identifier>/", documents.document, name="document"),
    path("documents/<slug:identifier>.json", documents.document_json, name="document-json"),
    re_path(
        r"^documents/(?P<identifier>[-\w]+)/cite\.(?P<fmt>bib|ris|csl\.json)$",
        documents.document_cite,
        name="document-cite",
    ),
    path("collections/<slug:key>/", collections.collection, name="collection"),
    path("events/", events.event_list, name="events"),
    path("events/<slug:slug>/", events.event, name="event"),
    path("people/<slug:slug>/", people.person, name="person"),
    path("network/", network.network, name="network"),
    path("declassification/", declassification.page, name="declassification"),
    path("declassification/<slug:key>.csv", declassification.table, name="declassification-csv"),
]
