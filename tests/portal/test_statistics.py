"""After many rows at once the planner's statistics are renewed on PostgreSQL, not on SQLite."""

import pytest
from django.core.management import call_command
from django.db import connection

from portal import statistics
from projects.models import ProgressReport, Project
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db


def planned_rows(model):
    """What the planner believes the table holds: None when it has no statistics for it."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            rows = cursor.fetchone()[0]
            return None if rows < 0 else int(rows)  # -1: never analysed
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        found = cursor.fetchone()
        return None if found is None else int(found[0].split()[0])


def test_sample_data_renews_the_statistics_of_its_tables_on_postgresql_only():
    load_plan()
    call_command("generate_sample", projects=300, reports=900, seed=3)

    if connection.vendor == "postgresql":
        assert planned_rows(ProgressReport) == 900
        assert planned_rows(Project) == Project.objects.count()
    else:
        assert planned_rows(ProgressReport) is None
        assert planned_rows(Project) is None


def test_a_few_rows_leave_the_statistics_alone():
    load_plan()
    before = planned_rows(Project)
    statistics.renew(Project, written=statistics.MANY - 1)
    assert planned_rows(Project) == before
    statistics.renew(Project, written=statistics.MANY)
    expected = Project.objects.count() if connection.vendor == "postgresql" else None
    assert planned_rows(Project) == expected
