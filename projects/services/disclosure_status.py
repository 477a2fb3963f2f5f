"""Where each published project stands in the 94号 catalogue: its eight categories and timeliness.

A category is covered when at least one published item discloses it or withholds it with a
legal reason (the reason is the public answer), not applicable when a published item says so
with its reason, and missing otherwise. Completeness counts covered categories against the
applicable ones (eight less the not applicable).

Timeliness is judged from the published disclosed items: on time, late (by how many working
days, the largest kept), or unknown when the day it went public was never recorded (items
carried over from the old approval records) or the formed date is missing.

Lateness needs the yearly holiday arrangement, so it is reckoned in Python; every list is
built from one query over all the items it needs (``statuses``), never one per project, and
the working-day reckonings are memoised (in ``workdays``): thousands of items share a few
hundred dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from projects.disclosure import DisclosureCategory, ItemState
from projects.models import DisclosureItem
from projects.services import workdays

COVERED = "covered"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"


def reckon(item) -> tuple[workdays.Reckoning | None, workdays.Reckoning | None]:
    """(due date, working days late) of a disclosed item; None where a date is missing."""
    if item.formed_on is None:
        return None, None
    due = workdays.due_date(item.formed_on, item.limit_days)
    if item.published_on is None:
        return due, None
    late = workdays.working_days_late(due.value, item.published_on)
    return due, workdays.Reckoning(late.value, late.estimated or due.estimated)


@dataclass
class CategoryStatus:
    number: int
    items: list = field(default_factory=list)

    @property
    def label(self):
        return DisclosureCategory(self.number).label

    @property
    def state(self) -> str:
        states = {item.state for item in self.items}
        if states & {ItemState.DISCLOSED, ItemState.WITHHELD}:
            return COVERED
        if ItemState.NOT_APPLICABLE in states:
            return NOT_APPLICABLE
        return MISSING

    @property
    def not_applicable_item(self):
        return next((i for i in self.items if i.state == ItemState.NOT_APPLICABLE), None)


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    most_late: int = 0  # working days, the largest of the late items
    unknown: int = 0
    estimated: bool = False  # some reckoning ran into a year whose arrangement is unknown

    def add(self, item) -> None:
        _due, late = reckon(item)
        if late is None:
            self.unknown += 1
            return
        self.estimated = self.estimated or late.estimated
        if late.value:
            self.late += 1
            self.most_late = max(self.most_late, late.value)
        else:
            self.on_time += 1


@dataclass
class ProjectStatus:
    categories: list[CategoryStatus]
    timeliness: Timeliness

    def _count(self, state) -> int:
        return sum(1 for c in self.categories if c.state == state)

    @property
    def covered(self) -> int:
        return self._count(COVERED)

    @property
    def not_applicable(self) -> int:
        return self._count(NOT_APPLICABLE)

    @property
    def applicable(self) -> int:
        return len(self.categories) - self.not_applicable

    @property
    def complete(self) -> bool:
        return self.covered == self.applicable

    @property
    def missing(self) -> list[CategoryStatus]:
        return [c for c in self.categories if c.state == MISSING]

    @property
    def missing_labels(self) -> list[str]:
        return [str(c.label) for c in self.missing]


def status_of(items) -> ProjectStatus:
    """The status from one project's published items (already fetched: no query here)."""
    by_category = {number: CategoryStatus(number) for number in DisclosureCategory.values}
    timeliness = Timeliness()
    for item in items:
        by_category[item.category].items.append(item)
        if item.state == ItemState.DISCLOSED:
            timeliness.add(item)
    return ProjectStatus(list(by_category.values()), timeliness)


# What the list and the sheet need of an item: no element values, no document.
STATUS_FIELDS = ("project_id", "category", "state", "matter", "formed_on", "published_on")


def statuses(projects) -> dict[int, ProjectStatus]:
    """Each project's status by its id, from one query over the published items of *projects*
    (a queryset of projects or a list of ids)."""
    items = defaultdict(list)
    rows = (
        DisclosureItem.objects.published()
        .filter(project__in=projects)
        .order_by("project_id", "category", "formed_on", "pk")
        .only(*STATUS_FIELDS)
    )
    for item in rows:
        items[item.project_id].append(item)
    ids = projects if isinstance(projects, list | tuple | set) else None
    result = {pk: status_of(found) for pk, found in items.items()}
    if ids is not None:
        for pk in ids:
            result.setdefault(pk, status_of([]))
    return result


def status_for(result: dict, pk: int) -> ProjectStatus:
    """A project's status from ``statuses()``; a project without published items has none
    covered."""
    return result.get(pk) or status_of([])
