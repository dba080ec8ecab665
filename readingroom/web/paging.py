"""Pages of a list whose length the page already counted in its aggregate query."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database again for it."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known = count

    @cached_property
    def count(self) -> int:
        return self.known
