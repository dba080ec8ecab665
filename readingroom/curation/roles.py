"""Curator roles as groups: what each may do, and the status changes that need a right."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db import transaction

from readingroom.records.models import Status

CONTRIBUTOR = [
    "records.view_document",
    "records.add_document",
    "records.change_document",
    "records.view_revision",
    "records.view_collection",
    "authorities.view_person",
    "authorities.view_reviewitem",
    "events.view_event",
]
EDITOR = [
    *CONTRIBUTOR,
    "curation.publish_document",
    "curation.embargo_document",
    "curation.merge_people",
    "curation.view_mergerecord",
    "authorities.change_person",
    "authorities.change_reviewitem",
    "records.change_collection",
    "events.add_event",  # an event shows on public pages: changed as public records are
    "events.change_event",
]
ROLES: dict[str, list[str] | None] = {
    "contributor": CONTRIBUTOR,  # drafts only
    "editor": EDITOR,  # publish, embargo, merge
    "admin": None,  # every permission
}

# The right needed to put a document into each status (drafts need none beyond editing).
STATUS_RIGHT = {
    Status.PUBLISHED: "curation.publish_document",
    Status.WITHDRAWN: "curation.publish_document",
    Status.EMBARGOED: "curation.embargo_document",
}

User = AbstractBaseUser | AnonymousUser


def may_set_status(user: User, status: str) -> bool:
    right = STATUS_RIGHT.get(status)
    return right is None or user.has_perm(right)


def may_edit(user: User, status: str) -> bool:
    """Contributors work on drafts only; anything public needs the right to publish."""
    if not user.has_perm("records.change_document"):
        return False
    return status == Status.DRAFT or user.has_perm("curation.publish_document")


def permissions(codes: list[str] | None) -> list[Permission]:
    found = Permission.objects.select_related("content_type")
    if codes is None:
        return list(found)
    wanted = {tuple(c.split(".", 1)) for c in codes}
    chosen = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in chosen}
    if missing:
        raise LookupError(f"permissions not found (run migrate first): {sorted(missing)}")
    return chosen


def create_roles() -> dict[str, int]:
    """Create or update the role groups; returns each group's number of permissions."""
    counts = {}
    with transaction.atomic():
        for name, codes in ROLES.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions(codes))
            counts[name] = group.permissions.count()
    return counts
