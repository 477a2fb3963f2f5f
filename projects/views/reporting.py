"""按时报送情况: how many of each unit's reports and figures this year came in on time.

Counts of published records only, by the calendar's rules (projects.services.calendar); a
fixed number of queries whatever the number of projects.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Cadence, Unit
from projects.models.targets import DEFAULT_LAG_DAYS
from projects.services import calendar


def reporting(request):
    today = timezone.localdate()
    since, until = calendar.year_span(today.year)
    items = calendar.due_items(today=today, since=since, until=until, public=True)
    tallies = {pk: t for pk, t in calendar.tally(items, today).items() if t.due}
    # Every unit, in their order: one query, also when no unit has anything due.
    rows = [{"unit": u, "counts": tallies[u.pk]} for u in Unit.objects.all() if u.pk in tallies]
    if None in tallies:
        rows.append({"unit": None, "counts": tallies[None]})
    total = calendar.Tally(None)
    for row in rows:
        total.add(row["counts"])
    context = {
        "title": _("按时报送情况"),
        "as_of": today,
        "year": today.year,
        "rows": rows,
        "total": total,
        "due_day": calendar.due_day(),
        "lags": {Cadence(cadence).value: days for cadence, days in DEFAULT_LAG_DAYS.items()},
    }
    return render(request, "projects/reporting.html", context)
