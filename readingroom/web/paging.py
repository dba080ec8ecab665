"""Pages of a list whose length the page already counted in its aggregate query."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database again for it: the object
    list need only be sliceable (a queryset, or rows read a page at a time)."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known = count

    @cached_property
    def count(self) -> int:
        return self.known
