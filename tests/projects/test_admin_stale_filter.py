"""The project list filters “30 天未更新” by the rule that flags a public page as not updated."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_project):
    today = timezone.localdate()
    return {
        days: make_project(
            code=f"KL2026-{300 + (days or 0)}",
            last_reported_on=None if days is None else today - datetime.timedelta(days=days),
        )
        for days in [None, 29, 30, 31, 90]
    }


def listed(client, value) -> set[str]:
    page = client.get(reverse("admin:projects_project_changelist"), {"stale": value})
    return {project.code for project in page.context["cl"].result_list}


def test_filter_lists_what_the_public_pages_flag(client, editor, projects):
    client.force_login(editor)
    assert listed(client, "yes") == {"KL2026-331", "KL2026-390"}
    flagged = {
        code
        for code in (p.code for p in projects.values())
        if "天未更新" in client.get(f"/projects/{code}/").content.decode()
    }
    assert flagged == {"KL2026-331", "KL2026-390"}


def test_filter_also_finds_projects_never_reported(client, editor, projects):
    client.force_login(editor)
    assert listed(client, "never") == {"KL2026-300"}
    page = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "30 天未更新" in page and "尚无进展报告" in page
