"""The 公示 sheet a project puts up on its site fence: key facts, who answers for it, and a QR
code that opens its page here. Printed from the browser (A4 portrait, or A3 landscape with
?size=a3); staff print many at once from the project list."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from projects.models import Project
from projects.services.disclosure_status import status_for, statuses
from projects.services.qr import qr_svg
from projects.views.common import mark_preview, published_or_preview

SIZES = {"a4": "A4 portrait", "a3": "A3 landscape"}


def page_url(request, project) -> str:
    """The project page's full address: SITE_URL when set, else the address asked for."""
    path = project.get_absolute_url()
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def sheet(request, project, disclosure) -> dict:
    return {
        "project": project,
        "disclosure": disclosure,
        "url": page_url(request, project),
        "qr": qr_svg(page_url(request, project), title=f"{project.name} 项目页面的二维码"),
    }


def render_sheets(request, projects, preview=False):
    size = request.GET.get("size", "a4")
    projects = list(projects)
    # Where each project stands in the 94号 catalogue: one query for all the sheets.
    found = statuses([p.pk for p in projects])
    context = {
        "sheets": [sheet(request, p, status_for(found, p.pk)) for p in projects],
        "size": size if size in SIZES else "a4",
        "phone": settings.SUPERVISION_PHONE,
        "printed": timezone.localdate(),
    }
    return mark_preview(render(request, "projects/sheet.html", context), preview)


def project_sheet(request, code):
    queryset = Project.objects.select_related("responsible_unit", "sector__parent")
    project, preview = published_or_preview(request, queryset, code=code)
    return render_sheets(request, [project], preview)
