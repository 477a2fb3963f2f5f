"""The staff's admin of disclosure items: list, form, review, and the project page's list."""

import datetime

import pytest
import time_machine
from django.forms import modelform_factory
from django.urls import reverse

from projects.admin.disclosure import DisclosureItemForm
from projects.models import DisclosureItem, Submission

from .admin_forms import form_data
from .disclosure_data import TODAY, d, filing, permit
from .test_review import change_url, decide

LIST = reverse("admin:projects_disclosureitem_changelist")
ADD = reverse("admin:projects_disclosureitem_add")


@pytest.fixture
def ours(make_project, tourism):
    return make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)


@pytest.fixture
def theirs(make_project, energy):
    return make_project(code="KL-E1", name="风电项目", responsible_unit=energy)


@pytest.fixture
def items(ours, theirs):
    return {
        "late": permit(ours, d(2026, 9, 30), "库建施〔2026〕1号"),
        "soon": permit(ours, d(2026, 10, 14), "库建施〔2026〕2号"),
        "far": filing(ours, d(2026, 10, 14), "库发改备〔2026〕3号"),
        "public": permit(
            ours,
            d(2026, 9, 30),
            "库建施〔2026〕4号",
            is_published=True,
            published_on=d(2026, 10, 19),
        ),
        "theirs": permit(theirs, d(2026, 9, 30), "库建施〔2026〕9号"),
    }


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["admin_user", "reporter", "reviewer"])
def test_the_list_and_the_forms_open_for_each_role(request, client, who, items, today):
    client.force_login(request.getfixturevalue(who))
    listing = text(client.get(LIST))
    assert "库建施〔2026〕1号" in listing
    assert "2026-10-15" in listing and "逾期 2 个工作日" in listing
    form = text(client.get(change_url(items["late"])))
    assert "施工许可证号" in form and "备案号" in form  # the help block names each matter's
    assert text(client.get(f"{ADD}?project={items['late'].project_id}"))


def test_a_reporter_sees_only_their_units_items(client, reporter, items, today):
    client.force_login(reporter)
    listing = text(client.get(LIST))
    assert "库建施〔2026〕1号" in listing and "库建施〔2026〕9号" not in listing
    assert client.get(change_url(items["theirs"])).status_code == 302


def test_the_list_says_when_each_item_was_due_and_how_it_went(client, admin_user, items, today):
    items["public"].published_on = d(2026, 10, 15)
    DisclosureItem.objects.filter(pk=items["public"].pk).update(published_on=d(2026, 10, 15))
    filing(items["far"].project, d(2030, 12, 20), "库发改备〔2030〕1号")
    client.force_login(admin_user)
    listing = text(client.get(LIST))
    assert "按时" in listing and "未公开" in listing
    assert "（推算）" in listing  # 2031's holidays are not known yet


def test_the_deadline_filter(client, admin_user, items, today):
    client.force_login(admin_user)
    overdue = text(client.get(f"{LIST}?deadline=overdue"))
    assert "库建施〔2026〕1号" in overdue and "库建施〔2026〕9号" in overdue
    assert "库建施〔2026〕2号" not in overdue and "库建施〔2026〕4号" not in overdue
    soon = text(client.get(f"{LIST}?deadline=soon"))
    assert "库建施〔2026〕2号" in soon
    assert "库建施〔2026〕1号" not in soon and "库发改备〔2026〕3号" not in soon
    late = text(client.get(f"{LIST}?deadline=late"))  # published 19 Oct, due 15 Oct
    assert "库建施〔2026〕4号" in late and "库建施〔2026〕1号" not in late


def test_a_reporters_new_item_is_a_draft_sent_for_review_then_published(
    client, reporter, reviewer, ours
):
    client.force_login(reporter)
    add = f"{ADD}?project={ours.pk}"
    data = form_data(client.get(add))
    data.update(
        category="2", state="disclosed", matter="construction_permit", number="库建施〔2026〕5号",
        date="2026-10-14", authority="库伦旗住房和城乡建设局", formed_on="2026-10-14",
        is_published="on",  # not theirs to decide: ignored
    )  # fmt: skip
    with time_machine.travel(TODAY, tick=False):
        assert client.post(add, data).status_code == 302
    sent = DisclosureItem.objects.get()
    assert not sent.is_published and sent.published_on is None
    submission = Submission.objects.get()
    assert "新增信息公开事项" in submission.title
    client.force_login(reviewer)
    with time_machine.travel(datetime.datetime(2026, 10, 20, 9), tick=False):
        decide(client, submission, approve="1", secrecy_checked="on")
    sent.refresh_from_db()
    assert sent.is_published and sent.published_on == d(2026, 10, 20)


def test_a_matter_and_its_elements_are_checked_field_by_field_in_chinese(client, reporter, ours):
    client.force_login(reporter)
    add = f"{ADD}?project={ours.pk}"
    data = form_data(client.get(add))
    data.update(category="3", state="disclosed", matter="filing", formed_on="2026-10-14")
    page = client.post(add, data)
    errors = page.context["adminform"].form.errors
    assert errors["matter"] == ["“项目备案”属于批准结果信息，不属于招标投标信息。"]
    data.update(category="2", amount="120")
    errors = client.post(add, data).context["adminform"].form.errors
    assert errors["number"] == ["“项目备案”须填写备案号。"]
    assert "“项目备案”不记录金额" in errors["amount"][0]
    assert not DisclosureItem.objects.exists() and not Submission.objects.exists()


def test_an_error_about_a_field_a_form_leaves_out_is_said_with_its_name(ours):
    form_class = modelform_factory(
        DisclosureItem, form=DisclosureItemForm, fields=["project", "category", "matter"]
    )
    form = form_class({"project": ours.pk, "category": "2", "matter": "filing"})
    assert not form.is_valid()
    assert "文号/编号：“项目备案”须填写备案号。" in form.non_field_errors()


def test_the_project_page_lists_its_items_one_line_each(client, reporter, reviewer, items, today):
    project = items["late"].project
    for user in (reporter, reviewer):
        client.force_login(user)
        page = text(client.get(change_url(project)))
        assert "库建施〔2026〕1号" in page and "2026-10-15" in page
        assert change_url(items["late"]) in page
        assert f"{ADD}?project={project.pk}" in page
    # Saving the project leaves its items as they were.
    data = form_data(client.get(change_url(project)))
    assert client.post(change_url(project), data).status_code == 302
    assert project.disclosure_items.count() == 4


def test_went_public_late_is_each_items_own_limit(ours):
    from projects.services import calendar_disclosure as clock

    cases = [  # (matter, formed, published, late?)
        ("construction_permit", d(2026, 9, 30), d(2026, 10, 15), False),  # the last day
        ("construction_permit", d(2026, 9, 30), d(2026, 10, 16), True),
        ("filing", d(2026, 9, 30), d(2026, 11, 3), False),  # 20 working days
        ("filing", d(2026, 9, 30), d(2026, 11, 4), True),
        ("filing", d(2026, 10, 1), d(2026, 11, 3), False),  # formed on a holiday
    ]
    expected = set()
    for n, (matter, formed, published, late) in enumerate(cases):
        item = permit(ours, formed, f"第{n}号", matter=matter)
        DisclosureItem.objects.filter(pk=item.pk).update(is_published=True, published_on=published)
        if late:
            expected.add(item.pk)
    query = clock.published_late()
    assert set(DisclosureItem.objects.filter(query).values_list("pk", flat=True)) == expected
