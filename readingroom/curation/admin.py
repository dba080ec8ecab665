"""The curators' editing screens (Django admin): every save goes through `save_edit`."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from readingroom.curation import admin_authorities, admin_events, admin_texts  # register
from readingroom.curation.diffs import conflict_html
from readingroom.curation.forms import DocumentEditForm
from readingroom.curation.models import Attachment, MergeRecord
from readingroom.curation.revisions import Conflict, save_edit
from readingroom.curation.roles import may_edit
from readingroom.records import files
from readingroom.records.models import Collection, Document, Revision, Status


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("number", "created", "actor", "reason", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AttachmentForm(forms.ModelForm):
    """A new attachment: the upload is checked (size, sniffed type) and stored on save."""

    upload = forms.FileField(required=False, help_text="PDF, JPEG, PNG or TIFF, up to 50 MB")
    user = None  # set per request by AttachmentInline.get_formset

    class Meta:
        model = Attachment
        fields: list[str] = []

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("upload")
        if self.instance.pk is None and upload is None:
            raise forms.ValidationError("Choose a file to upload.")
        if upload is not None:
            try:
                head = upload.read(16)
                upload.seek(0)
                self.media_type = files.check(head, upload.name, upload.size)
            except files.Rejected as rejected:
                raise forms.ValidationError(str(rejected)) from rejected
        return data

    def save(self, commit: bool = True) -> Attachment:
        upload = self.cleaned_data.get("upload")
        if upload is not None and self.instance.pk is None:
            sha256, size = files.store(upload.chunks())
            self.instance.sha256, self.instance.size = sha256, size
            self.instance.original_name = upload.name.rsplit("/", 1)[-1]
            self.instance.media_type = self.media_type
            self.instance.uploaded_by = self.user.get_username() if self.user else ""
        return super().save(commit)


class AttachmentFormSet(forms.BaseInlineFormSet):
    """A save that does not mention attachments (older forms, scripts) adds none."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        total = f"{self.prefix}-TOTAL_FORMS"
        if self.is_bound and total not in self.data:
            self.data = self.data.copy()
            self.data[total] = self.data[f"{self.prefix}-INITIAL_FORMS"] = "0"


class AttachmentInline(admin.TabularInline):
    """Files attached to the document: added here, never changed or deleted."""

    model = Attachment
    form = AttachmentForm
    formset = AttachmentFormSet
    fields = ("upload", "original_name", "media_type", "size", "sha256", "uploaded_by", "created")
    readonly_fields = fields[1:]
    extra = 0
    can_delete = False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("AttachmentForm", (formset.form,), {"user": request.user})
        return formset

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("records.view_document")

    def has_add_permission(self, request, obj=None) -> bool:
        if obj is None:
            return request.user.has_perm("records.add_document")
        return may_edit(request.user, obj.status)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentEditForm
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
        "history",
        "expected_version",
    )
    readonly_fields = ("edited_fields", "history")
    inlines = [RevisionInline, AttachmentInline]

    @admin.display(description="History")
    def history(self, obj: Document) -> str:
        if not obj.pk:
            return "-"
        url = reverse("curation:history", args=[obj.identifier])
        return format_html('<a href="{}">Revisions, differences and restore</a>', url)

    def get_fields(self, request, obj=None):
        """A new document is given its identifier (its address); an existing one keeps it."""
        fields = super().get_fields(request, obj)
        return fields if obj is not None else ("identifier", *fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        if request.user.has_perm("curation.publish_document"):
            return self.readonly_fields
        return (*self.readonly_fields, "status", "embargo_until")  # contributors: drafts only

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return may_edit(request.user, obj.status)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing is hard-deleted; withdraw a record instead

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            if not request.user.has_perm("curation.publish_document"):
                obj.status = Status.DRAFT
            return super().save_model(request, obj, form, change)
        reason = request.POST.get("_reason", "") or "edited in the admin"
        expected = form.cleaned_data.get("expected_version")
        actor = request.user.get_username()
        save_edit(obj, form.changed_data, actor=actor, reason=reason, expected_version=expected)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A conflict that slipped past the form's check (a save in between) is shown too."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as conflict:
            messages.error(request, conflict_html(conflict.loaded, conflict.current))
            return HttpResponseRedirect(request.path)


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "actor", "created", "undone")
    readonly_fields = ("source", "target", "actor", "reason", "created", "moved", "undone")

    def has_add_permission(self, request) -> bool:
        return False  # merges are made on the merge page, which records what moved

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Collection)

__all__ = ["admin_authorities", "admin_events", "admin_texts"]
