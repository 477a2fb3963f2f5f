"""Each public page costs a fixed number of SQL queries, whatever the number of rows.

The counts are pinned here with a small plan; test_views_queries_many.py asserts the same
counts with 10,000 projects and 50,000 reports. A change that adds a query per row fails both.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public_data import build_public_plan, public_pages

# Page name -> queries. The sample-banner check (one EXISTS) is in every HTML page.
EXPECTED = {
    "home": 7,  # targets, measurements, steps, project groups, stages, news, samples
    "targets": 5,  # targets, measurements, steps, project groups, samples
    "target_quantity": 6,  # target, measurements, related projects, history, the ledger's
    # approval days, samples
    "target_projects": 8,  # target, measurements, the month-end series (current and earlier
    # stages, two queries whatever the months), counted projects and their count, related
    # projects, history, samples
    "target_milestone": 7,  # + its steps, read once for the rule and the table
    "projects": 7,  # sectors, categories, townships, count, page, samples, map places
    "projects_filtered": 7,
    "project": 11,  # project, targets (linked, computed), which count it, measurements,
    # project groups, reports, the ledger's approval days, disclosure items, news, samples
    "project_unplaced": 9,  # as "project", but it serves no target: no measurements, no groups
    "projects_map": 6,  # sectors, categories, townships, counts by grid cell, page, samples
    "projects_map_filtered": 6,
    "news_list": 3,  # count, page, samples
    "news": 4,  # item, projects, targets, samples
    "data": 1,  # samples
    "about": 1,
    "reporting": 6,  # projects, their reports by month, targets, figures, units, samples
    "site_map": 2,  # published targets with their sectors, samples
    "search": 3,  # which entries come first in each kind with the counts, those, samples
    "search_kind": 4,  # counts by kind, the ids of a page of one kind, those, samples
    "disclosure": 6,  # sectors, units, how many match, a page of projects, its items, samples
    "disclosure_csv": 4,  # sectors, units, projects, their disclosure items
    "feed": 1,
    "sitemap_index": 6,
    "sitemap_projects": 1,
    "project_list_csv": 5,  # the list's filter choices, target links, rows
    "targets_csv": 4,
    "measurements_csv": 1,
    "projects_csv": 2,  # target links, rows
    "reports_csv": 1,
    "projects_xlsx": 2,
    "reports_json": 1,
    "ledger_csv": 1,
    "ledger_json": 1,
    "not_found": 2,  # the lookup, samples
}


def all_pages(plan) -> dict[str, str]:
    pages = public_pages(plan)
    pages.update(
        feed="/news/feed/",
        sitemap_index="/sitemap.xml",
        sitemap_projects="/sitemap-projects.xml",
        project_list_csv="/projects/download.csv?stage=new_start",
        disclosure_csv="/disclosure/download.csv?completeness=incomplete",
        targets_csv="/data/targets.csv",
        measurements_csv="/data/measurements.csv",
        projects_csv="/data/projects.csv",
        reports_csv="/data/reports.csv",
        projects_xlsx="/data/projects.xlsx",
        reports_json="/data/reports.json",
        ledger_csv="/data/ledger.csv",
        ledger_json="/data/ledger.json",
        not_found="/projects/NO-SUCH-CODE/",
        search_kind="/search/?q=项目&kind=project&page=2",
    )
    return pages


def count_queries(client, plan) -> dict[str, int]:
    counts = {}
    for name, url in all_pages(plan).items():
        cache.clear()  # the page cache would answer a repeated request with no query at all
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code in (200, 404), url
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_query_count_per_page_with_a_small_plan(client):
    plan = build_public_plan()
    assert count_queries(client, plan) == EXPECTED
