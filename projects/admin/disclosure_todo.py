"""我的待办 · 信息公开时限: disclosure items not yet public whose time limit has run out or
runs out within the next working days, by the unit answering for the project.

Administrators, and reviewers who review every unit, see every unit; others their own.
Three queries whatever the number of items: the items, their units, those waiting for review.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from projects import disclosure
from projects.admin import todo
from projects.admin.reporting import disclosure_list_url, is_administrator
from projects.disclosure import DisclosureCategory, ItemState
from projects.models import DisclosureItem, Revision, SubmissionStatus, Unit
from projects.services import calendar_disclosure as clock
from projects.services import roles

SHOWN = 20  # items listed per unit; the rest are counted, with a link to the filtered list

FIELDS = [
    "pk",
    "formed_on",
    "due_on",
    "due_estimated",
    "matter",
    "category",
    "state",
    "number",
    "project__code",
    "project__name",
    "project__responsible_unit",
]


def sees_every_unit(user) -> bool:
    return is_administrator(user) or (roles.can_publish(user) and not roles.unit_ids(user))


def what(row: dict) -> str:
    spec = disclosure.matter(row["matter"])
    if spec is not None:
        return f"{spec.label} {row['number']}".strip()
    state = ItemState(row["state"]).label
    return f"{DisclosureCategory(row['category']).label}：{state}"


class UnitClock:
    def __init__(self, unit: Unit | None):
        self.unit = unit
        self.rows: list[dict] = []
        self.overdue = 0
        self.soon = 0

    @property
    def hidden(self) -> int:
        return max(0, len(self.rows) - SHOWN)

    @property
    def shown(self) -> list[dict]:
        return self.rows[:SHOWN]

    @property
    def list_url(self) -> str:
        return disclosure_list_url(self.unit.pk if self.unit else None)


@todo.register(order=30)
def disclosure_section(request) -> todo.Section | None:
    user = request.user
    if not user.has_perm("projects.view_disclosureitem"):
        return None
    every = sees_every_unit(user)
    units = None if every else roles.unit_ids(user)
    if not every and not units:
        return None  # the reporting section asks for a unit already
    today = timezone.localdate()
    horizon = clock.horizon(today)
    items = clock.unpublished().filter(clock.due_between(None, horizon))
    if units is not None:
        items = items.filter(project__responsible_unit__in=units)
    rows = list(items.values(*FIELDS))
    by_unit: dict[int | None, UnitClock] = {}
    for row in rows:
        row.update(vars(clock.Clock.of(row["due_on"], row["due_estimated"], today)))
        entry = by_unit.setdefault(row["project__responsible_unit"], UnitClock(None))
        entry.rows.append(row)
        if row["overdue"]:
            entry.overdue += 1
        else:
            entry.soon += 1
    names = Unit.objects.filter(pk__in=[pk for pk in by_unit if pk is not None])
    for unit in names:
        by_unit[unit.pk].unit = unit
    if units is not None:  # the user's units with nothing due are named too
        for unit in Unit.objects.filter(pk__in=units).exclude(pk__in=list(by_unit)):
            by_unit[unit.pk] = UnitClock(unit)
    entries = sorted(
        by_unit.values(), key=lambda e: (e.unit is None, e.unit.name if e.unit else "")
    )
    shown = []
    for entry in entries:
        entry.rows.sort(key=lambda r: (r["due"], r["project__code"], r["pk"]))
        for row in entry.shown:
            row["what"] = what(row)
            row["url"] = reverse("admin:projects_disclosureitem_change", args=[row["pk"]])
            shown.append(row["pk"])
    waiting = set(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(DisclosureItem),
            status=SubmissionStatus.PENDING,
            object_id__in=shown,
        ).values_list("object_id", flat=True)
    )
    for entry in entries:
        for row in entry.shown:
            row["waiting"] = row["pk"] in waiting
    context = {
        "today": today,
        "horizon": horizon,
        "soon_days": clock.SOON_WORKING_DAYS,
        "entries": entries,
        "every": every,
    }
    return todo.Section("admin/projects/todo/disclosure.html", context)
