"""The public catalogue on a project's page, its documents, and the on-site sheet's status line."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.disclosure import ItemState, WithheldReason
from projects.models import DisclosureItem
from projects.services.disclosure_status import COVERED, MISSING, NOT_APPLICABLE, statuses

pytestmark = pytest.mark.django_db

d = datetime.date
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add(project, published_on=None, **fields):
    """An item written as the site would hold it; published_on set by hand to a known day."""
    values = {
        "project": project,
        "category": 2,
        "matter": "filing",
        "number": "库发改备〔2026〕7号",
        "date": d(2026, 9, 30),
        "authority": "库伦旗发展和改革委员会",
        "formed_on": d(2026, 9, 30),
        "is_published": True,
    }
    values.update(fields)
    item = DisclosureItem.objects.create(**values)
    DisclosureItem.objects.filter(pk=item.pk).update(published_on=published_on)
    item.published_on = published_on
    return item


@pytest.fixture
def project(make_project, tourism):
    return make_project(code="KL2026-001", name="冰雪小镇", responsible_unit=tourism)


def page(client, code="KL2026-001", lang=""):
    response = client.get(f"{lang}/projects/{code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_category_shows_its_state(client, project):
    add(project, published_on=d(2026, 10, 20))
    add(project, category=4, state=ItemState.NOT_APPLICABLE, matter="", number="", date=None,
        authority="", formed_on=None, reason="项目使用存量建设用地，不涉及征收土地。")  # fmt: skip
    add(project, category=6, state=ItemState.WITHHELD, matter="participants", number="",
        date=None, authority="", withheld_reason=WithheldReason.COMMERCIAL_SECRET,
        reason="《政府信息公开条例》第十五条。", formed_on=d(2026, 9, 1))  # fmt: skip
    add(project, category=3, matter="award", number="", authority="", is_published=False,
        link="https://ggzy.example.cn/award/1", formed_on=d(2026, 9, 1))  # fmt: skip
    html = page(client)
    assert "信息公开目录" in html and "审批信息" not in html
    assert "不适用：项目使用存量建设用地，不涉及征收土地。" in html
    assert "不予公开（商业秘密）：《政府信息公开条例》第十五条。" in html
    assert "备案号" in html and "库发改备〔2026〕7号" in html and "备案单位" in html
    # The draft award is not shown; its category is missing like the others.
    assert "ggzy.example.cn" not in html
    assert html.count("暂未公开") >= 5
    assert "本项目已公开 2 / 7 类（不适用 1 类）" in html
    status = statuses([project.pk])[project.pk]
    states = [c.state for c in status.categories]
    assert states == [MISSING, COVERED, MISSING, NOT_APPLICABLE, MISSING, COVERED, MISSING,
                      MISSING]  # fmt: skip


def test_a_withheld_item_shows_no_content(client, project):
    # Written directly: clean() would refuse content on a withheld item, but the page must not
    # show it even if a row holds some.
    add(project, state=ItemState.WITHHELD, withheld_reason=WithheldReason.COMMERCIAL_SECRET,
        reason="涉及商业秘密。", number="秘备〔2026〕99号", authority="秘密机关甲",
        content="秘密内容乙", result="秘密结果丙")  # fmt: skip
    html = page(client)
    assert "不予公开（商业秘密）：涉及商业秘密。" in html
    for secret in ("秘备〔2026〕99号", "秘密机关甲", "秘密内容乙", "秘密结果丙"):
        assert secret not in html


def test_on_time_wording_counts_the_october_holidays(client, project):
    # Formed Wed 30 Sep 2026: 1–7 Oct are holidays and Sat 10 Oct is worked, so the 20th
    # working day after it is Tue 3 Nov 2026.
    add(project, published_on=d(2026, 11, 3))
    html = page(client)
    assert "按时公开（时限 20 个工作日，截止 2026年11月3日）" in html
    assert "当年节假日安排尚未公布" not in html


def test_late_wording_counts_working_days(client, project):
    # Due Tue 3 Nov; published Mon 9 Nov: Wed 4, Thu 5, Fri 6, Mon 9 = 4 working days late.
    add(project, published_on=d(2026, 11, 9))
    html = page(client)
    assert "逾期 4 个工作日公开" in html
    assert "（时限 20 个工作日，截止 2026年11月3日）" in html


def test_a_licence_has_seven_working_days(client, project):
    # Formed Wed 30 Sep 2026: Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13, Wed 14, Thu 15.
    add(project, matter="construction_permit", published_on=d(2026, 10, 15))
    assert "按时公开（时限 7 个工作日，截止 2026年10月15日）" in page(client)


def test_a_year_without_a_holiday_arrangement_says_the_date_is_estimated(client, project):
    add(project, formed_on=d(2030, 3, 1), date=d(2030, 3, 1), published_on=d(2030, 3, 4))
    html = page(client)
    assert "按时公开（时限 20 个工作日，截止 2030年3月29日）" in html
    assert "（截止日期按工作日推算，当年节假日安排尚未公布）" in html


def test_an_item_carried_over_without_a_publication_day_says_so(client, project):
    add(project, published_on=None)
    html = page(client)
    assert "公开日期未记录，无法判断是否按时公开" in html
    status = statuses([project.pk])[project.pk]
    assert (status.timeliness.on_time, status.timeliness.late, status.timeliness.unknown) == (
        0, 0, 1)  # fmt: skip


def test_links_and_sums_are_shown_with_the_matters_labels(client, project):
    add(project, category=3, matter="award", number="", authority="", date=d(2026, 9, 1),
        link="https://ggzy.example.cn/award/1", formed_on=d(2026, 9, 1),
        published_on=d(2026, 9, 2))  # fmt: skip
    add(project, category=8, matter="final_audit", number="", date=d(2026, 9, 1),
        authority="旗审计局", result="决算真实", amount=1234.5, formed_on=d(2026, 9, 1),
        published_on=d(2026, 9, 2))  # fmt: skip
    html = page(client)
    link = '<a class="long-link" href="https://ggzy.example.cn/award/1"'
    assert f"<dt>交易平台公告链接</dt><dd>{link}" in html
    assert "财务决算金额（万元）" in html and "1,234.5" in html


def test_the_english_page_shows_english_labels(client, project):
    add(project, published_on=d(2026, 11, 3))
    html = page(client, lang="/en")
    for text in ("Disclosure catalogue", "Approval results", "Filing number", "Not yet disclosed",
                 "On time (limit 20 working days, due 3 Nov 2026)"):  # fmt: skip
        assert text in html, text
    assert "备案号" not in html


# --- documents -----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_document(project, **fields):
    item = add(project, document=SimpleUploadedFile("批复.pdf", PDF), **fields)
    return f"/projects/{project.code}/disclosure/{item.pk}/document/"


def test_a_public_document_is_served_inline_with_a_plain_name(client, project, media):
    url = with_document(project, published_on=d(2026, 10, 8))
    assert url in page(client)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="KL2026-001-filing.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_draft_items_document_is_not_served(client, admin_user, project, media):
    url = with_document(project, is_published=False)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 404  # staff use the admin


def test_an_unpublished_projects_document_is_not_served(client, make_project, media):
    draft = make_project(code="KL-DRAFT", is_published=False)
    url = with_document(draft)
    assert client.get(url).status_code == 404


def test_a_document_is_not_served_under_another_projects_code(client, project, make_project, media):
    other = make_project(code="KL-OTHER")
    url = with_document(project)
    assert client.get(url.replace(project.code, other.code)).status_code == 404


# --- the on-site sheet ---------------------------------------------------------------------


def test_the_sheet_shows_the_disclosure_status(client, project):
    add(project, published_on=d(2026, 10, 8))
    add(project, category=4, state=ItemState.NOT_APPLICABLE, matter="", number="", date=None,
        authority="", formed_on=None, reason="不涉及征地。")  # fmt: skip
    html = client.get(f"/projects/{project.code}/sheet/").content.decode()
    assert "信息公开：已公开 1 / 7 类（不适用 1 类）" in html
    assert "暂未公开：批准服务信息、招标投标信息、重大设计变更信息" in html
    assert "完整的信息公开目录见二维码所指的项目页面" in html
