"""Login throttling (django-axes) for every login made through a web request."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class ThrottledBackend(AxesStandaloneBackend):
    """Refuses locked-out logins; the next backend (ModelBackend) checks the password.

    Unlike axes' own, it lets a login with no request (test client, shell, command) pass on
    to the password check: no one can reach that path over the network, and axes would
    otherwise refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
