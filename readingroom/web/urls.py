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
    takeaway,
)
from readingroom.web.views import glossary as glossary_views
from readingroom.web.views import places as place_views

urlpatterns = [
    path("", home.home, name="home"),
    path("search", search.search, name="search"),
    re_path(
        r"^search/export\.(?P<fmt>csv|ris|bib|csl\.json)$", takeaway.export, name="search-export"
    ),
    path("search/feed.atom", takeaway.atom_feed, name="search-feed"),
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
    path("places/", place_views.place_list, name="places"),
    path("places/<slug:slug>/", place_views.place, name="place"),
    path("organizations/", place_views.organization_list, name="organizations"),
    path("organizations/<slug:slug>/", place_views.organization, name="organization"),
    path("glossary/", glossary_views.glossary, name="glossary"),
    path("network/", network.network, name="network"),
    path("declassification/", declassification.page, name="declassification"),
    path("declassification/<slug:key>.csv", declassification.table, name="declassification-csv"),
]
