from django.urls import path

from readingroom.curation.views import events, files, history, imports, people, review

app_name = "curation"

urlpatterns = [
    path("documents/<slug:identifier>/history", history.history, name="history"),
    path(
        "documents/<slug:identifier>/history/<int:number>/restore",
        history.restore,
        name="restore",
    ),
    path("events/<slug:slug>/history", events.history, name="event-history"),
    path("people/merges", people.merges, name="merges"),
    path("people/merges/<int:pk>/undo", people.undo, name="undo-merge"),
    path("review", review.review_list, name="review"),
    path("review/groups", review.review_groups, name="review-groups"),
    path("review/<int:pk>", review.review_decide, name="review-decide"),
    path("review/events", events.review_list, name="event-review"),
    path("review/events/<int:pk>", events.review_decide, name="event-review-decide"),
    path("files/<int:pk>", files.download, name="file"),
    path("imports", imports.upload, name="import"),
    path("imports/<str:key>", imports.status, name="import-status"),
]
