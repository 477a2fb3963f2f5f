"""With facets shown, each filter's choices are read once per request, not once per facet."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_the_project_list_reads_each_filters_choices_once(client, admin_user, make_project):
    for n in range(3):
        make_project(code=f"KL-F{n}", township="库伦镇" if n else "扣河子镇")
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:projects_project_changelist"))
    assert page.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "projects_sector"' in s for s in sql) == 1
    assert sum('FROM "projects_unit"' in s for s in sql) == 1
    assert sum('SELECT DISTINCT "projects_project"."township"' in s for s in sql) == 1
    text = page.content.decode()
    # The facets still count: two projects in 库伦镇, one in 扣河子镇.
    assert "库伦镇 (2)" in text and "扣河子镇 (1)" in text
