"""Site-wide pages: the dashboard, the rules page, health, robots.txt and the error pages."""

import copy
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Q, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from portal import databases
from portal.failures import UNAVAILABLE, database_unavailable, unavailable_response
from projects.models import News, Project, Sector, Stage, Target
from projects.services.progress import STATUS_ORDER, evaluate_targets, investment_pace
from projects.views.projects import UNVERIFIED
from projects.views.targets import group_by_area, published_targets

NEWS_ON_HOME = 5
PROBE_WAIT = 1.0  # seconds the health check waits for the database

logger = logging.getLogger("portal.health")


def _stage_summary():
    """Projects per stage with their 2026 money, in one grouped query.

    The money counts only projects with a 2026 plan entered: the completed investment of a
    project without a plan would otherwise raise the completion rate of the whole banner.
    """
    planned_only = Q(planned_2026__isnull=False)
    rows = {
        r["stage"]: r
        for r in Project.objects.published()
        .values("stage")
        .annotate(
            n=Count("id"),
            planned=Sum("planned_2026"),
            completed=Sum("completed_2026", filter=planned_only),
            unplanned=Count("id", filter=~planned_only),
            latest=Max("updated_at"),
        )
        .order_by()
    }
    stages = [(value, label, rows.get(value, {}).get("n", 0)) for value, label in Stage.choices]
    if rows.get("", {}).get("n"):
        # Projects whose stage nobody has verified yet are counted, under their own name.
        stages.append((UNVERIFIED, _("待核实"), rows[""]["n"]))
    money = {
        "planned": _total(r["planned"] for r in rows.values()),
        "completed": _total(r["completed"] for r in rows.values()),
        "unplanned": sum(r["unplanned"] for r in rows.values()),
    }
    latest = max((r["latest"] for r in rows.values()), default=None)
    return stages, money, latest


def _total(amounts):
    """The sum of the amounts entered; None when none is."""
    amounts = [a for a in amounts if a is not None]
    return sum(amounts, start=0) if amounts else None


def home(request):
    as_of = timezone.localdate()
    results = evaluate_targets(published_targets(), as_of)
    totals = dict.fromkeys(STATUS_ORDER, 0)
    for p in results:
        totals[p.status] += 1
    stages, money, projects_updated = _stage_summary()
    updates = [projects_updated, *(p.target.updated_at for p in results)]
    updates += [m.updated_at for p in results for m in p.measurements]
    context = {
        "as_of": as_of,
        "areas": group_by_area(results),
        "totals": [(status, n) for status, n in totals.items() if n],
        "target_count": len(results),
        "stages": stages,
        "project_count": sum(n for _, _, n in stages),
        "pace": investment_pace(money["planned"] or None, money["completed"], as_of),
        "unplanned": money["unplanned"],
        "news": list(News.objects.published().order_by("-published_at")[:NEWS_ON_HOME]),
        "last_update": max((u for u in updates if u), default=None),
    }
    return render(request, "portal/home.html", context)


def about(request):
    return render(request, "portal/about.html", {"title": _("进度判断规则")})


@never_cache
def healthz(request):
    """For the load balancer and monitoring: can the site read its data right now?

    Publicly it says only ok or unavailable; why it is unavailable goes to the log.
    """
    problem = _database_problem() or _state_dir_problem()
    if problem is None:
        return JsonResponse({"status": "ok", "database": {"state": "ok"}})
    logger.warning("health check failed", extra={"error": problem})
    return JsonResponse({"status": "unavailable", "database": {"state": "unavailable"}}, status=503)


def _database_problem() -> str | None:
    """What stops the public pages' tables from being read, or None.

    A table another connection has locked is unreadable although the server answers
    ``SELECT 1``, so the probe reads the tables themselves, with a wait short enough for a
    monitor to hear the truth within two seconds.
    """
    tables = [connection.ops.quote_name(m._meta.db_table) for m in (Target, Project, News, Sector)]
    sql = "SELECT " + ", ".join(f"(SELECT 1 FROM {table} LIMIT 1)" for table in tables)
    try:
        with databases.waiting_at_most(PROBE_WAIT), connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchone()
    except DatabaseError as error:
        return f"{type(error).__name__}: {error}"
    return None


def _state_dir_problem() -> str | None:
    """Why the site cannot keep its own files (downloads, waiting imports, maybe the page
    cache's version) in STATE_DIR, or None."""
    state_dir = Path(settings.STATE_DIR)
    if not state_dir.exists():
        return None  # made when first needed
    if not state_dir.is_dir() or not os.access(state_dir, os.W_OK | os.X_OK):
        return f"STATE_DIR {state_dir} is not a writable folder"
    return None


def robots_txt(request):
    lines = [
        "User-agent: *",
        # The care mode repeats every page in large print; filtered lists and their downloads
        # are endless combinations. The sitemap lists every page once.
        "Disallow: /care/",
        "Disallow: /projects/download.csv",
        "Disallow: /en/projects/download.csv",
        "Disallow: /projects/?",
        "Disallow: /en/projects/?",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    # Resolved per request: the hashed file name exists only once collectstatic has run.
    return redirect(static("img/mark.svg"))


def page_not_found(request, exception):
    # The page links to itself in the other language and mode, built from its own path: an
    # address such as //evil.example would become a link to that site, and //|] one that
    # cannot be built at all. The links use the path with its slashes made plain instead.
    plain = copy.copy(request)
    plain.path_info = _plain_path(request.path_info)
    try:
        return defaults.page_not_found(plain, exception, template_name="404.html")
    except UNAVAILABLE as error:
        # It asks the database whether sample data exist; when it cannot answer, the visitor
        # is told the site is briefly unavailable, as on every other page.
        return database_unavailable(request, error)
    except Exception as error:
        # Django would log this as a bare "Internal Server Error" line without the traceback.
        response = server_error(request)
        log_response(
            "%s: %s", response.reason_phrase, request.path,
            response=response, request=request, exception=error,
        )  # fmt: skip
        return response


def _plain_path(path: str) -> str:
    """The path with one slash for each run of slashes and backslashes, percent-encoded."""
    return quote(re.sub(r"[/\\]+", "/", path), safe="/")


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        # Raised in a middleware, where the failures middleware does not see it: the same 503
        # page as from a view. Django logs it, with its traceback, as "Service Unavailable".
        return unavailable_response(error)
    # 500.html is rendered without a request context on purpose: it must not need the
    # database or anything else that may be what failed.
    return defaults.server_error(request, template_name="500.html")
