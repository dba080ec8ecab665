"""Editing screens for a document's body (blocks and insertions) and the authority records.

A block edit is a change to its document: the document gets a revision with the difference,
and its body is marked as edited by hand.
"""

from __future__ import annotations

from django.contrib import admin

from readingroom.authorities.models import Name, Organization, Person, Place
from readingroom.curation.revisions import record_body_edit
from readingroom.curation.roles import may_edit
from readingroom.records.models import Annotation, Block
from readingroom.records.serialize import document_snapshot


class AnnotationInline(admin.TabularInline):
    model = Annotation
    fields = ("kind", "start", "end", "text", "target")
    extra = 0


class DocumentPartAdmin(admin.ModelAdmin):
    """A part of a document (a block, a further text): edited in place, never added or
    deleted here, by whoever may edit its document."""

    def has_add_permission(self, request) -> bool:
        return False  # parts come from imports (and OCR); edit them in place

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return may_edit(request.user, obj.document.status)


@admin.register(Block)
class BlockAdmin(DocumentPartAdmin):
    list_display = ("document", "order", "kind", "speaker")
    list_select_related = ("document",)
    search_fields = ("document__identifier", "text")
    fields = ("document", "order", "kind", "speaker", "text", "n")
    readonly_fields = ("document", "order")
    inlines = [AnnotationInline]

    def save_model(self, request, obj, form, change) -> None:
        request._document_before = document_snapshot(obj.document)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        reason = request.POST.get("_reason", "") or "block edited in the admin"
        before = request._document_before
        record_body_edit(
            form.instance.document, before, actor=request.user.get_username(), reason=reason
        )


class NameInline(admin.TabularInline):
    model = Name
    fields = ("text", "language", "system", "source", "primary")
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_name", "slug", "merged_into")
    search_fields = ("name", "names__text")
    fields = ("name", "sort_name", "slug", "key")
    readonly_fields = ("key", "slug")
    inlines = [NameInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # merge people instead (/curation/people/merges)


@admin.register(Place, Organization)
class NamedAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
