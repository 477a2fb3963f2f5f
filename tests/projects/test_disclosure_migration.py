"""Today's approvals become category-2 disclosure items, with their history and ids."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0008_add_review_before_publishing")]
AFTER = [("projects", "0009_approvals_become_disclosure_items")]
UTC = datetime.UTC


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = _migrate(BEFORE)
    # A database from before this migration never had the new model's content types.
    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="projects", model__in=["disclosureitem", "historicaldisclosureitem"]
    ).delete()
    yield apps
    _migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_approvals_become_category_2_items_with_nothing_lost(old_apps):
    Sector = old_apps.get_model("projects", "Sector")
    Project = old_apps.get_model("projects", "Project")
    Approval = old_apps.get_model("projects", "Approval")
    History = old_apps.get_model("projects", "HistoricalApproval")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Permission = old_apps.get_model("auth", "Permission")
    Submission = old_apps.get_model("projects", "Submission")
    Revision = old_apps.get_model("projects", "Revision")
    sector = Sector.objects.create(slug="s", name="领域")
    project = Project.objects.create(code="P1", name="风电", sector=sector, is_published=True)
    public = Approval.objects.create(
        project=project, kind="verification", number="通发改审批〔2026〕12号",
        date=datetime.date(2026, 2, 1), authority="通辽市发改委", is_published=True,
    )  # fmt: skip
    draft = Approval.objects.create(
        project=project, kind="filing", number="库发改备〔2026〕3号",
        date=datetime.date(2026, 5, 6), is_published=False,
    )  # fmt: skip
    for when, published in [((2026, 2, 9, 2), False), ((2026, 2, 12, 17), True)]:
        History.objects.create(
            id=public.pk, project_id=project.pk, kind="verification", number=public.number,
            date=public.date, authority="", is_published=published, history_type="~",
            history_date=datetime.datetime(*when, tzinfo=UTC),
        )  # fmt: skip
    approval_type = ContentType.objects.get_or_create(app_label="projects", model="approval")[0]
    for action in ("add", "change", "delete", "view"):
        Permission.objects.get_or_create(
            content_type=approval_type, codename=f"{action}_approval",
            defaults={"name": f"Can {action} 审批信息"},
        )  # fmt: skip
    submission = Submission.objects.create(title="修改审批信息")
    Revision.objects.create(
        submission=submission, content_type=approval_type, object_id=public.pk,
        action="change", label="核准", changes={"kind": "approval", "number": "12号"},
    )  # fmt: skip

    apps = _migrate(AFTER)
    Item = apps.get_model("projects", "DisclosureItem")
    items = {item.pk: item for item in Item.objects.all()}
    assert set(items) == {public.pk, draft.pk}
    moved = items[public.pk]
    assert (moved.category, moved.state, moved.matter) == (2, "disclosed", "verification")
    assert (moved.number, moved.authority) == ("通发改审批〔2026〕12号", "通辽市发改委")
    assert moved.formed_on == moved.date == datetime.date(2026, 2, 1)
    # The first public version in the history, 17:00 UTC on 12 Feb: 13 Feb in Beijing.
    assert moved.published_on == datetime.date(2026, 2, 13)
    assert items[draft.pk].matter == "filing" and items[draft.pk].published_on is None
    history = apps.get_model("projects", "HistoricalDisclosureItem").objects.filter(id=public.pk)
    assert history.count() == 2 and {h.formed_on for h in history} == {public.date}
    item_type = apps.get_model("contenttypes", "ContentType").objects.get(pk=approval_type.pk)
    assert item_type.model == "disclosureitem"
    permissions = apps.get_model("auth", "Permission").objects.filter(content_type=item_type)
    assert set(permissions.values_list("codename", flat=True)) == {
        "add_disclosureitem", "change_disclosureitem", "delete_disclosureitem",
        "view_disclosureitem",
    }  # fmt: skip
    revision = apps.get_model("projects", "Revision").objects.get()
    assert revision.changes == {"matter": "approval", "number": "12号"}
