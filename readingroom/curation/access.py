"""Who may open a curation page: logged in (through the admin login) and holding a right."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.urls import reverse_lazy

LOGIN_URL = reverse_lazy("admin:login")


def curator_required(perm: str) -> Callable:
    """Anonymous users go to the login page; a logged-in user without `perm` gets 403."""

    def decorate(view: Callable) -> Callable:
        guarded = permission_required(perm, raise_exception=True)(view)
        return login_required(guarded, login_url=LOGIN_URL)

    return decorate
