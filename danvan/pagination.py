"""Paging long public lists at a cost that does not grow with the archive."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages of rows.

    ``Paginator`` counts every row of the list (a section with tens of thousands of
    articles costs a COUNT over all of them on every page view). This one counts with a
    LIMIT: the cost stops growing at ``max_pages × per_page`` rows. Lists longer than that
    show the first ``max_pages`` pages and say there is more (``capped``); older articles
    remain reachable through the archive by year and month, and through search.
    """

    max_pages = 100

    def __init__(self, object_list, per_page, *args, known_count: int | None = None, **kwargs):
        """``known_count``: the list's length as it is kept elsewhere (a record's count of
        its public articles, articles.counts): the list is then not counted at all."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = known_count

    @cached_property
    def _bounded_count(self) -> tuple[int, bool]:
        limit = self.max_pages * self.per_page
        if self.known_count is not None:
            return min(self.known_count, limit), self.known_count > limit
        if isinstance(self.object_list, QuerySet):
            found = self.object_list.order_by()[: limit + 1].count()
        else:
            found = len(self.object_list)
        return min(found, limit), found > limit

    @cached_property
    def count(self) -> int:
        return self._bounded_count[0]

    @cached_property
    def capped(self) -> bool:
        """Whether the list goes on beyond the pages counted."""
        return self._bounded_count[1]
