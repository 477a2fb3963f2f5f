"""The pinned query counts hold with 10,000 projects and 50,000 progress reports.

The rows are written once for this module (outside the per-test transaction) and the database
is emptied afterwards, so the other modules never see them.
"""

import pytest
from django.core.management import call_command

from projects.management.commands.generate_sample import create_samples
from tests.projects.test_views_queries import EXPECTED, count_queries
from tests.public_data import build_public_plan

MANY_PROJECTS = 10_000
MANY_REPORTS = 50_000


@pytest.fixture(scope="module")
def many_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        plan = build_public_plan()
        create_samples(projects=MANY_PROJECTS, reports=MANY_REPORTS, seed=2026)
        yield plan
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_query_count_per_page_with_many_rows(client, many_rows):
    from projects.models import ProgressReport, Project

    assert Project.objects.count() >= MANY_PROJECTS
    assert ProgressReport.objects.count() >= MANY_REPORTS
    assert count_queries(client, many_rows) == EXPECTED


@pytest.mark.django_db
def test_list_page_stays_small_with_many_rows(client, many_rows):
    for url in ["/projects/", "/projects/map/", "/projects/map/?stage=continuing&level=city_key"]:
        page = client.get(url)
        assert len(page.content) < 60 * 1024, url
        assert "示例数据提示" in page.content.decode()
