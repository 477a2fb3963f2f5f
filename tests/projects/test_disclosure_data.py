"""The open dataset of disclosure items (/data/disclosure.*) and the ledger's hash of its rows."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ledger.kinds import BY_NAME
from ledger.models import LedgerEntry
from projects.disclosure import DisclosureCategory, ItemState, WithheldReason
from projects.models import DisclosureItem
from projects.views.datasets import DATASETS
from tests.ledger.conftest import verify

pytestmark = pytest.mark.django_db
d = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def items(make_project):
    wind = make_project(code="KL-W1", name="风电项目", name_en="Wind farm")
    draft = make_project(code="KL-W2", name="未发布项目", is_published=False)
    with time_machine.travel(d(2026, 3, 20)):
        filing = DisclosureItem.objects.create(
            project=wind, category=DisclosureCategory.RESULT, matter="filing",
            number="库发改备〔2026〕7号", date=d(2026, 2, 2), authority="库伦旗发展和改革委员会",
            formed_on=d(2026, 2, 2), is_published=True,
            document=SimpleUploadedFile("批复.pdf", PDF),
        )  # fmt: skip
    with time_machine.travel(d(2026, 3, 4)):
        tender = DisclosureItem.objects.create(
            project=wind, category=DisclosureCategory.BIDDING, matter="tender_notice",
            date=d(2026, 3, 2), link="https://ggzy.example.gov.cn/notice/1",
            formed_on=d(2026, 3, 2), is_published=True,
        )  # fmt: skip
        withheld = DisclosureItem.objects.create(
            project=wind, category=DisclosureCategory.CONSTRUCTION, state=ItemState.WITHHELD,
            withheld_reason=WithheldReason.COMMERCIAL_SECRET,
            reason="《政府信息公开条例》第十五条", formed_on=d(2026, 3, 1), is_published=True,
        )  # fmt: skip
        land = DisclosureItem.objects.create(
            project=wind, category=DisclosureCategory.LAND, state=ItemState.NOT_APPLICABLE,
            reason="项目使用已有建设用地，不涉及征收土地。", is_published=True,
        )  # fmt: skip
        hidden = DisclosureItem.objects.create(
            project=wind, category=DisclosureCategory.COMPLETION, matter="handover",
            date=d(2026, 3, 1), formed_on=d(2026, 3, 1),
        )  # fmt: skip
        of_draft = DisclosureItem.objects.create(
            project=draft, category=DisclosureCategory.RESULT, matter="filing", number="X",
            date=d(2026, 3, 1), authority="某局", formed_on=d(2026, 3, 1), is_published=True,
        )  # fmt: skip
    return dict(
        filing=filing, tender=tender, withheld=withheld, land=land, hidden=hidden,
        of_draft=of_draft,
    )  # fmt: skip


def download(client, path) -> dict:
    return json.loads(body(client.get(path)))


def test_one_row_per_public_item_with_its_elements_due_date_and_lateness(client, items):
    document = download(client, "/data/disclosure.json")
    assert document["dataset"] == "disclosure" and document["title"] == "信息公开事项"
    rows = {row["id"]: row for row in document["rows"]}
    assert set(rows) == {items[k].pk for k in ("filing", "tender", "withheld", "land")}
    filing = rows[items["filing"].pk]
    assert filing["project_code"] == "KL-W1" and filing["project_name"] == "风电项目"
    assert (filing["category"], filing["category_label"]) == (2, "批准结果信息")
    assert (filing["matter"], filing["matter_label"]) == ("filing", "项目备案")
    assert filing["number"] == "库发改备〔2026〕7号" and filing["date"] == "2026-02-02"
    # 20 working days after 2 Feb 2026, the Spring Festival holiday (15–23 Feb) skipped.
    assert filing["due_on"] == items["filing"].due().value.isoformat()
    assert filing["due_estimated"] is False
    assert filing["published_on"] == "2026-03-20"
    assert filing["days_late"] == items["filing"].lateness().value > 0
    assert filing["has_document"] is True
    assert filing["document_url"] == (
        f"http://testserver/projects/KL-W1/disclosure/{items['filing'].pk}/document/"
    )
    tender = rows[items["tender"].pk]
    assert tender["days_late"] == 0 and tender["link"] == "https://ggzy.example.gov.cn/notice/1"
    assert tender["has_document"] is False and tender["document_url"] == ""


def test_withheld_and_not_applicable_items_carry_their_reason_and_no_content(client, items):
    rows = {row["id"]: row for row in download(client, "/data/disclosure.json")["rows"]}
    withheld = rows[items["withheld"].pk]
    assert (withheld["state"], withheld["state_label"]) == ("withheld", "不予公开")
    assert withheld["withheld_reason"] == "commercial_secret"
    assert withheld["withheld_reason_label"] == "商业秘密"
    assert withheld["reason"] == "《政府信息公开条例》第十五条"
    assert all(withheld[name] in ("", None) for name in ("number", "content", "link", "amount"))
    land = rows[items["land"].pk]
    assert land["state"] == "not_applicable" and land["matter"] == ""
    # No formed date: neither a due date nor lateness can be reckoned.
    assert land["due_on"] is None and land["days_late"] is None and land["due_estimated"] is None


def test_csv_and_xlsx_in_chinese_and_english(client, items):
    text = body(client.get("/data/disclosure.csv")).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:5] == ["事项编号", "项目编号", "项目名称", "公开类别代码", "公开类别"]
    assert "公开截止日期" in header and "逾期工作日数" in header and len(rows) == 4
    english = body(client.get("/en/data/disclosure.csv")).decode("utf-8-sig")
    first, *en_rows = list(csv.reader(io.StringIO(english)))
    assert first[:3] == ["Item ID", "Project code", "Project name"]
    by_id = {row[0]: row for row in en_rows}
    filing = by_id[str(items["filing"].pk)]
    assert filing[2] == "Wind farm" and filing[first.index("Matter code")] == "filing"
    book = load_workbook(io.BytesIO(body(client.get("/data/disclosure.xlsx"))))
    sheet = book["disclosure"]
    assert sheet.max_row == 5 and sheet.cell(1, 1).value == "事项编号"


def test_the_data_page_lists_the_dataset_and_its_dictionary(client, items):
    page = client.get("/data/").content.decode()
    assert 'id="ds-disclosure"' in page and "/data/disclosure.json" in page
    for column in DATASETS["disclosure"].columns:
        assert f"<code>{column.key}</code>" in page
    english = client.get("/en/data/").content.decode()
    assert "Disclosure items" in english and "Working days late" in english


def test_every_column_is_described_in_both_languages():
    for column in DATASETS["disclosure"].columns:
        assert column.zh and column.en
        assert bool(column.about_zh) == bool(column.about_en), column.key


def test_the_ledger_hashes_the_rows_own_columns(client, items):
    kind = BY_NAME["disclosure"]
    assert kind.dataset == "disclosure" and kind.key == ("project_code", "id")
    computed = {"category_label", "due_on", "days_late", "published_on", "document_url"}
    assert not computed & set(kind.fields)
    rows = download(client, "/data/disclosure.json")["rows"]
    latest = {}
    for entry in LedgerEntry.objects.filter(kind="disclosure").order_by("seq"):
        latest[entry.record_key] = entry.content_sha256
    for row in rows:
        assert kind.content_hash(row) == latest[kind.key_of(row)]
    assert f"KL-W1/{items['hidden'].pk}" not in latest


def test_verify_ledger_checks_the_downloaded_dataset(client, items, tmp_path):
    ledger = tmp_path / "ledger.json"
    data = tmp_path / "disclosure.json"
    ledger.write_bytes(body(client.get("/data/ledger.json")))
    data.write_bytes(body(client.get("/data/disclosure.json")))
    passed, said = verify("--file", str(ledger), "--dataset", str(data))
    assert passed, said
    assert "比对公开记录 4 条" in said
    changed = json.loads(data.read_text())
    changed["rows"][0]["number"] = "改过的文号"
    data.write_text(json.dumps(changed, ensure_ascii=False))
    passed, said = verify("--file", str(ledger), "--dataset", str(data))
    assert not passed and "数据文件中的内容与账本记录的哈希不符" in said


def test_a_document_added_is_a_change_the_ledger_records(items):
    before = LedgerEntry.objects.filter(kind="disclosure").count()
    tender = items["tender"]
    tender.document = SimpleUploadedFile("公告.pdf", PDF)
    tender.save()
    assert LedgerEntry.objects.filter(kind="disclosure").count() == before + 1
    passed, said = verify()
    assert passed, said


def test_the_database_check_holds_for_disclosure_items(items):
    ok, said = verify()
    assert ok, said
