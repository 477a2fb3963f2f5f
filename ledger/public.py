"""What the public pages say of each figure and report: which unit reported it and the day its
current content was approved for publication, read from the ledger in one query per page."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.models import Action, LedgerEntry


def approval_days(records: dict[str, list[int]]) -> dict[tuple[str, int], datetime.date]:
    """{(kind, pk): day} for each record of *records* ({kind: [pk, ...]}) whose newest entry
    published or changed it: the day its public content was last approved. One query."""
    wanted = Q()
    for kind, pks in records.items():
        if pks:
            wanted |= Q(kind=kind, record_pk__in=pks)
    if not wanted:
        return {}
    days = {}
    entries = LedgerEntry.objects.filter(wanted).order_by("seq")
    for kind, pk, action, at in entries.values_list("kind", "record_pk", "action", "recorded_at"):
        if action == Action.UNPUBLISH:
            days.pop((kind, pk), None)
        else:
            days[(kind, pk)] = timezone.localdate(at)
    return days


def accountability(unit, day: datetime.date | None) -> str:
    """旗文旅局报送，2026-11-20 审核发布: *unit* (a Unit, or None when none is on record)."""
    values = {"unit": unit.display_name if unit else "", "day": day.isoformat() if day else ""}
    if unit and day:
        return _("%(unit)s报送，%(day)s 审核发布") % values
    if unit:
        return _("%(unit)s报送") % values
    if day:
        return _("报送单位未登记，%(day)s 审核发布") % values
    return _("报送单位未登记")
