"""The page cache's content version moves once per committed change to the plan's own records.

These tests commit for real (transactional database), since what they check is what happens
at the commit.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import content_version as page_cache
from projects.imports import service
from projects.models import Category, Project, Sector, Target
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bumps(monkeypatch):
    """Every move of the content version, counted: each one lists the scheduled news."""
    page_cache.content_version()  # made now if missing, so that only later moves count
    moves = []
    real = page_cache._scheduled_moments

    def counted():
        moves.append(1)
        return real()

    monkeypatch.setattr(page_cache, "_scheduled_moments", counted)
    return moves


def form_data(page) -> dict:
    """What the browser would post back: every field of the form and its inlines as shown."""
    data = {}
    forms = [page.context["adminform"].form]
    for formset in page.context["inline_admin_formsets"]:
        forms.append(formset.formset.management_form)
        forms.extend(formset.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
    return data


def test_one_admin_save_with_an_inline_row_moves_the_version_once(admin_user, bumps):
    load_plan()
    visitor = Client()
    assert "Tourist spending in total" not in visitor.get("/en/targets/T17/").content.decode()
    assert visitor.get("/en/targets/T17/")["X-Cache"] == "hit"
    staff = Client()
    staff.force_login(admin_user)
    target = Target.objects.get(code="T17")
    url = reverse("admin:projects_target_change", args=[target.pk])
    data = form_data(staff.get(url))
    data["title_en"] = "Tourist spending in total"
    # One new measurement in the same save: two records and two history rows are written.
    data.update(
        {
            "measurements-TOTAL_FORMS": "1",
            "measurements-0-date": "2026-03-31",
            "measurements-0-value": "2.1",
            "measurements-0-source": "旗统计局",
            "measurements-0-is_published": "on",
        }
    )
    bumps.clear()
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert target.measurements.count() == 1
    assert len(bumps) == 1
    page = visitor.get("/en/targets/T17/")
    assert page["X-Cache"] == "miss"
    assert "Tourist spending in total" in page.content.decode()


def test_an_import_moving_stages_moves_the_version_once(admin_user, bumps):
    # The import writes in bulk and rebuilds stage histories, each asking for an invalidation.
    load_plan()
    data = (
        "项目编号,建设阶段,进入本阶段日期\nKL2026-001,竣工,2026-11-20\nKL2026-002,竣工,2026-11-20\n"
    )
    bumps.clear()

    outcome = service.import_file(
        kind="projects",
        data=data.encode(),
        file_name="阶段.csv",
        user=admin_user,
        dry_run=False,
    )

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert set(
        Project.objects.filter(code__in=["KL2026-001", "KL2026-002"]).values_list(
            "stage", flat=True
        )
    ) == {"completed"}
    assert len(bumps) == 1


def test_the_version_moves_only_once_the_change_is_committed(bumps):
    before = page_cache.content_version()
    with transaction.atomic():
        Sector.objects.create(slug="water", name="水利", order=9)
        Category.objects.create(slug="dams", name="水库")
        # A page rendered now still reads the old rows: it must go in under the old version,
        # which the commit then leaves behind.
        assert page_cache.content_version() == before
        assert bumps == []
    assert len(bumps) == 1
    assert page_cache.content_version() != before


def test_a_change_after_a_savepoint_rolled_back_still_moves_the_version(bumps):
    with transaction.atomic():
        try:
            with transaction.atomic():
                Sector.objects.create(slug="water", name="水利", order=9)
                raise RuntimeError("undone")
        except RuntimeError:
            pass
        Category.objects.create(slug="dams", name="水库")
    assert len(bumps) == 1
    assert not Sector.objects.filter(slug="water").exists()


def test_a_rolled_back_change_moves_nothing(bumps):
    with pytest.raises(RuntimeError), transaction.atomic():
        Sector.objects.create(slug="water", name="水利", order=9)
        raise RuntimeError("undone")
    assert bumps == []


def test_load_plan_moves_the_version_once_and_runs_half_the_queries(bumps):
    with CaptureQueriesContext(connection) as queries:
        load_plan()
    assert len(bumps) == 1
    # 768 when every history row and every step of a many-to-many change moved the version;
    # the publication ledger adds a dozen statements for all the records together, the plan
    # article's news item (its record, history and links to sectors and targets) fourteen, and
    # the search index about fifteen (its entries written together at the end).
    assert len(queries.captured_queries) <= 450
