"""The curators' editing screens (Django admin): every save goes through `save_edit`."""

from django.contrib import admin

from readingroom.curation.revisions import save_edit
from readingroom.records.models import Collection, Document, Revision


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("number", "created", "actor", "reason", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("identifier", "title", "date_text", "status")
    list_filter = ("status", "collections")
    search_fields = ("identifier", "title", "record_id")
    fields = (
        "title",
        "status",
        "embargo_until",
        ("date_text", "date_start", "date_end", "date_precision"),
        "summary",
        "source_text",
        "rights",
        "classification",
        "record_id",
        "edited_fields",
    )
    readonly_fields = ("edited_fields",)
    inlines = [RevisionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing is hard-deleted; withdraw a record instead

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        reason = request.POST.get("_reason", "") or "edited in the admin"
        save_edit(obj, form.changed_data, actor=request.user.get_username(), reason=reason)


admin.site.register(Collection)
