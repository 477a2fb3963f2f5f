"""Disclosure items: what each matter must record, the time limit and the day it went public."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.disclosure import DisclosureCategory, ItemState
from projects.models import DisclosureItem, Submission
from projects.services.disclosure_due import refresh_estimated

from .admin_forms import form_data
from .test_review import decide

d = datetime.date
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def project(make_project, tourism):
    return make_project(code="KL-D1", name="冰雪小镇", responsible_unit=tourism)


def item(project, **fields):
    values = {
        "project": project,
        "category": DisclosureCategory.RESULT,
        "matter": "filing",
        "number": "库发改备〔2026〕7号",
        "date": d(2026, 3, 2),
        "authority": "库伦旗发展和改革委员会",
        "formed_on": d(2026, 3, 2),
    }
    values.update(fields)
    return DisclosureItem(**values)


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def test_a_complete_filing_passes(project):
    item(project).full_clean()


def test_the_matter_must_belong_to_the_category(project):
    errors = errors_of(item(project, category=DisclosureCategory.BIDDING))
    assert errors["matter"] == ["“项目备案”属于批准结果信息，不属于招标投标信息。"]


def test_each_required_element_is_asked_for_by_its_name_in_the_matter(project):
    errors = errors_of(item(project, number="", authority=""))
    assert errors["number"] == ["“项目备案”须填写备案号。"]
    assert errors["authority"] == ["“项目备案”须填写备案单位。"]
    award = item(project, category=3, matter="award", number="", authority="", link="")
    assert errors_of(award)["link"] == ["“中标结果公示”须填写交易平台公告链接。"]


def test_an_element_the_matter_does_not_record_is_refused_not_kept(project):
    errors = errors_of(item(project, amount=120))
    assert "“项目备案”不记录金额" in errors["amount"][0]


def test_the_formed_date_is_required_and_not_in_the_future(project):
    assert "formed_on" in errors_of(item(project, formed_on=None))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12), tick=False):
        assert errors_of(item(project, formed_on=d(2026, 3, 11)))["formed_on"] == [
            "信息形成日期不能晚于今天。"
        ]


def test_a_withheld_item_keeps_its_legal_reason_and_no_content(project):
    withheld = item(project, state=ItemState.WITHHELD, reason="")
    errors = errors_of(withheld)
    assert "不保存公开内容" in errors["state"][0]
    assert errors["withheld_reason"] == ["请选择不予公开的理由。"]
    assert errors["reason"] == ["请写明不予公开所依据的法律条款。"]
    fine = DisclosureItem(
        project=project, category=2, state=ItemState.WITHHELD, withheld_reason="commercial_secret",
        reason="《政府信息公开条例》第十五条", formed_on=d(2026, 3, 2),
    )  # fmt: skip
    fine.full_clean()


def test_not_applicable_covers_a_whole_category_alone(project):
    none = DisclosureItem(
        project=project, category=DisclosureCategory.LAND, state=ItemState.NOT_APPLICABLE,
        reason="使用存量建设用地，不涉及征收土地。",
    )  # fmt: skip
    none.full_clean()
    none.save()
    land = item(project, category=4, matter="expropriation_notice", number="", authority="")
    with pytest.raises(ValidationError, match="征收土地信息已标为不适用"):
        land.full_clean()
    item(project).save()
    second = DisclosureItem(
        project=project, category=2, state=ItemState.NOT_APPLICABLE, reason="无需审批"
    )
    with pytest.raises(ValidationError, match="已有批准结果信息的事项"):
        second.full_clean()


def test_the_limit_is_seven_working_days_for_a_licence_across_national_day(project):
    # Formed Wed 30 Sep: 1–7 Oct are holidays, Sat 10 Oct is worked; the 7th working day after
    # is Thu 15 Oct.
    permit = item(project, matter="construction_permit", formed_on=d(2026, 9, 30))
    assert permit.limit_days == 7
    assert permit.due().value == d(2026, 10, 15)
    # 20 working days: 8, 9, 10 (Sat), 12–16, 19–23, 26–30 Oct make 18; 2 and 3 Nov.
    assert item(project, formed_on=d(2026, 9, 30)).due().value == d(2026, 11, 3)
    permit.published_on = d(2026, 10, 15)
    assert permit.lateness().value == 0
    permit.published_on = d(2026, 10, 19)  # Mon, after a weekend: Fri 16 and Mon 19 late
    assert permit.lateness().value == 2
    permit.published_on = None
    assert permit.lateness() is None


def test_a_date_beyond_the_calendar_is_said_to_be_estimated(project):
    late_item = item(project, formed_on=d(2030, 12, 20))
    assert late_item.due().estimated
    assert not item(project).due().estimated


def test_the_due_date_is_stored_and_recounted_when_it_was_estimated(project):
    permit = item(project, matter="construction_permit", formed_on=d(2026, 9, 30))
    permit.save()
    assert (permit.due_on, permit.due_estimated) == (d(2026, 10, 15), False)
    # As if counted before the 2026 arrangement was known: weekdays only, and said so.
    DisclosureItem.objects.filter(pk=permit.pk).update(due_on=d(2026, 10, 9), due_estimated=True)
    refresh_estimated()
    permit.refresh_from_db()
    assert (permit.due_on, permit.due_estimated) == (d(2026, 10, 15), False)
    permit.formed_on = d(2026, 10, 14)
    permit.save(update_fields=["formed_on"])
    permit.refresh_from_db()
    assert permit.due_on == d(2026, 10, 23)


def test_going_public_sets_the_publication_day_once(project):
    with time_machine.travel(datetime.datetime(2026, 3, 5, 10), tick=False):
        filing = item(project)
        filing.save()
        assert filing.published_on is None
        filing.is_published = True
        filing.save()
    assert filing.published_on == d(2026, 3, 5)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10), tick=False):
        filing = DisclosureItem.objects.get(pk=filing.pk)
        filing.number = "库发改备〔2026〕8号"
        filing.save()
        filing.refresh_from_db()
        assert filing.published_on == d(2026, 3, 5)  # a correction, not new information
        filing.formed_on = d(2026, 3, 30)  # the information changed: published anew
        filing.save()
        filing.refresh_from_db()
        assert filing.published_on == d(2026, 4, 1)


def test_an_item_approved_by_a_reviewer_is_public_from_the_approval_day(
    client, reporter, reviewer, project
):
    client.force_login(reporter)
    add = f"{reverse('admin:projects_disclosureitem_add')}?project={project.pk}"
    data = form_data(client.get(add))
    data.update(
        {
            "category": "3",
            "state": "disclosed",
            "matter": "tender_notice",
            "date": "2026-11-02",
            "link": "ggzy.tongliao.gov.cn/notice/123",
            "formed_on": "2026-11-02",
        }
    )
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9), tick=False):
        client.post(add, data)
    sent = DisclosureItem.objects.get()
    assert sent.link == "https://ggzy.tongliao.gov.cn/notice/123"
    assert not sent.is_published and sent.published_on is None
    client.force_login(reviewer)
    with time_machine.travel(datetime.datetime(2026, 11, 6, 9), tick=False):
        decide(client, Submission.objects.get(), approve="1", secrecy_checked="on")
    sent.refresh_from_db()
    assert sent.is_published and sent.published_on == d(2026, 11, 6)


def test_a_document_must_be_what_its_name_says_and_not_too_large(project, settings):
    settings.DISCLOSURE_DOCUMENT_MAX_MB = 1
    fake = item(project, document=SimpleUploadedFile("批复.pdf", b"<html>not a pdf</html>"))
    assert errors_of(fake)["document"] == ["附件的内容不是 PDF 文件，请检查后重新上传。"]
    word = item(project, document=SimpleUploadedFile("批复.docx", PDF))
    assert errors_of(word)["document"] == ["附件只能是 PDF、JPG 或 PNG 文件。"]
    big = item(project, document=SimpleUploadedFile("批复.pdf", PDF + b"0" * 1024 * 1024))
    assert "附件不能超过 1 MB" in errors_of(big)["document"][0]
    item(project, document=SimpleUploadedFile("批复.pdf", PDF)).full_clean()


def test_documents_are_kept_outside_the_public_media_folder(project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing = item(project, document=SimpleUploadedFile("批复.pdf", PDF))
    filing.save()
    stored = tmp_path / "private" / filing.document.name
    assert stored.read_bytes() == PDF
    assert "批复" not in filing.document.name  # a random name
    with pytest.raises(ValueError):
        filing.document.url  # noqa: B018 (no public address exists)
