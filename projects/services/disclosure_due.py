"""Stored due dates kept true to the holiday arrangement the installed calendar knows.

An item's ``due_on`` is stored so that lists and to-dos filter on it. A due date reckoned into a
year whose arrangement was not yet published is marked estimated; once the calendar package is
upgraded (see the README), the next ``migrate`` counts those again with the real holidays.
"""

from django.db.models import Q


def refresh_due_dates(items) -> int:
    """Recount the due dates of *items* (a queryset); returns how many moved."""
    moved = []
    for item in items.only("pk", "matter", "formed_on", "due_on", "due_estimated").iterator(
        chunk_size=2000
    ):
        if item.set_due():
            moved.append(item)
    items.model.objects.bulk_update(moved, ["due_on", "due_estimated"], batch_size=1000)
    return len(moved)


def refresh_estimated(sender=None, **kwargs) -> None:
    """After ``migrate``: recount what was estimated or never counted."""
    from projects.models import DisclosureItem

    unsettled = Q(due_estimated=True) | Q(due_on__isnull=True, formed_on__isnull=False)
    refresh_due_dates(DisclosureItem.objects.filter(unsettled))
