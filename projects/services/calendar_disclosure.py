"""The disclosure clock for staff: items not yet public whose time limit has run out or runs
out within the next few working days, by the unit answering for the project.

An item's last day is stored on it (``due_on``: 20 working days after the formed day, 7 for
licences and penalties, see ``projects.services.disclosure_due``), so every list here is one
query on an indexed column, whatever the number of items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q

from projects.services import workdays

SOON_WORKING_DAYS = 5  # 5 个工作日内到期


def horizon(today: datetime.date) -> datetime.date:
    """The last day of the next ``SOON_WORKING_DAYS`` working days."""
    return workdays.due_date(today, SOON_WORKING_DAYS).value


def unpublished():
    """Items still to go public: not yet published and with a formed day (not applicable
    items have none: they owe nothing)."""
    from projects.models import DisclosureItem

    return DisclosureItem.objects.filter(is_published=False, due_on__isnull=False)


def due_between(since: datetime.date | None, until: datetime.date) -> Q:
    """Items whose last day falls from *since* (None: any time) to *until*, both included."""
    found = Q(due_on__lte=until)
    return found if since is None else found & Q(due_on__gte=since)


def overdue_q(today: datetime.date) -> Q:
    return due_between(None, today - datetime.timedelta(days=1))


def soon_q(today: datetime.date) -> Q:
    return due_between(today, horizon(today))


def published_late() -> Q:
    """Items that went public after their last day (on a holiday after it counts too)."""
    return Q(published_on__gt=F("due_on"))


@dataclass
class Clock:
    """Where one unpublished item stands on *today*."""

    due: datetime.date
    estimated: bool
    overdue: bool
    days: int  # working days late (overdue) or left (0: due today, or no working day left)

    @classmethod
    def of(cls, due_on: datetime.date, due_estimated: bool, today: datetime.date) -> Clock:
        late = due_on < today
        if late:
            span = workdays.working_days_late(due_on, today)
        else:
            span = workdays.working_days_between(today, due_on)
        days = span.value
        return cls(due_on, due_estimated or span.estimated, late, days)
