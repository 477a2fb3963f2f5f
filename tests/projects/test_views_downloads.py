"""Open data and the filtered project list download: same rule, same numbers as the pages."""

import csv
import datetime
import io
import json
import re
from urllib.parse import urlencode

import pytest
import time_machine
from openpyxl import load_workbook

from projects.imports.exporting import neutralise
from projects.models import Target, Unit
from projects.services.progress import evaluate_targets
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return build_public_plan()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_leading_cells_are_neutralised(text):
    assert neutralise(text) == "'" + text
    assert neutralise("库伦=1") == "库伦=1"


def test_project_csv_neutralises_formulas_but_not_numbers(client, plan):
    rows = {r["项目编号"]: r for r in csv_rows(client.get("/data/projects.csv"))}
    formula = rows[plan.formula.code]
    assert formula["项目名称"].startswith("'=HYPERLINK")
    assert formula["建设单位"] == "'+中安信"
    assert formula["责任单位"] == "'@旗发改委"
    wind = rows[plan.wind.code]
    assert wind["总投资"] == "850000"
    assert wind["形象进度"] == "25.5"
    assert wind["相关指标"] == plan.visitors.code


def test_xlsx_cells_are_typed_and_never_formulas(client, plan):
    response = client.get("/data/projects.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response)))["projects"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]
    by_code = {r["项目编号"]: r for r in rows}
    assert by_code[plan.formula.code]["项目名称"].startswith("'=")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert by_code[plan.wind.code]["总投资"] == 850000


def test_project_list_download_matches_the_filtered_list(client, plan):
    query = urlencode({"stage": "new_start", "q": "风电"})
    page = client.get(f"/projects/?{query}").content.decode()
    rows = csv_rows(client.get(f"/projects/download.csv?{query}"))
    assert [r["项目编号"] for r in rows] == [plan.wind.code]
    # The page links with its query in the one canonical order (sorted by name).
    canonical = urlencode({"q": "风电", "stage": "new_start"})
    assert f'href="/projects/download.csv?{canonical}"'.replace("&", "&amp;") in page
    assert len(csv_rows(client.get("/projects/download.csv"))) == 2  # published only


def test_target_download_equals_what_the_pages_say(client, plan):
    rows = {r["code"]: r for r in json.loads(body(client.get("/data/targets.json")))["rows"]}
    assert set(rows) == {plan.visitors.code, plan.key_projects.code, plan.scenic.code}
    for result in evaluate_targets(Target.objects.published()):
        row = rows[result.target.code]
        assert row["status"] == result.status
        page = client.get(f"/targets/{result.target.code}/").content.decode()
        assert row["status_label"] in page
        assert row["explanation"] in page
    assert rows[plan.visitors.code]["value"] == 66


def test_measurement_download_holds_published_values_only(client, plan):
    rows = csv_rows(client.get("/data/measurements.csv"))
    assert [(r["指标编号"], r["数值"]) for r in rows] == [("T16", "20"), ("T16", "66")]


def test_report_download_in_english(client, plan):
    data = json.loads(body(client.get("/en/data/reports.json")))
    assert data["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [r["text"] for r in data["rows"]] == ["Turbine foundations are being poured."]
    assert {f["key"] for f in data["fields"]} >= {"project_code", "date", "stage"}
    english = csv_rows(client.get("/en/data/reports.csv"))
    assert english[0]["Project code"] == plan.wind.code


def test_data_page_lists_every_dataset_with_its_dictionary(client, plan):
    page = client.get("/data/").content.decode()
    for dataset in ("targets", "measurements", "projects", "reports"):
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/data/{dataset}.{fmt}"' in page
    assert "CC BY 4.0" in page
    assert "<code>completed_2026</code>" in page


def test_unknown_dataset_or_format_is_404(client, plan):
    assert client.get("/data/secrets.csv").status_code == 404
    assert client.get("/data/projects.exe").status_code == 404


# Each target row names its data date, the next figure due, and who reports it

NEW_TARGET_COLUMNS = ["next_period_end", "next_due", "next_overdue", "responsible_unit"]


def _on(day, hour=10):
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), beijing), tick=False
    )


@pytest.fixture
def reporting(plan):
    unit = Unit.objects.create(name="旗文旅体育局", name_en="Culture and Tourism Bureau")
    Target.objects.filter(pk=plan.visitors.pk).update(responsible_unit=unit)
    return plan


def _xlsx_rows(response) -> dict:
    sheet = load_workbook(io.BytesIO(body(response)))["targets"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(2)]
    return {r["指标编号"]: r for r in rows}


@pytest.mark.parametrize(
    ("day", "overdue"),
    # July's figure is due 25 days after 31 July: on time on the 25th, overdue from the 26th.
    [(datetime.date(2026, 8, 25), False), (datetime.date(2026, 8, 26), True)],
)
def test_target_downloads_name_data_date_next_figure_and_reporting_unit(
    client, reporting, day, overdue
):
    plan = reporting
    with _on(day):
        data = json.loads(body(client.get("/data/targets.json")))
        table = {r["指标编号"]: r for r in csv_rows(client.get("/data/targets.csv"))}
        sheet = _xlsx_rows(client.get("/data/targets.xlsx"))
    rows = {r["code"]: r for r in data["rows"]}
    visitors = rows[plan.visitors.code]
    assert visitors["as_of"] == day.isoformat()
    assert visitors["value_date"] == "2026-06-30"  # the June figure, not the download day
    assert (visitors["next_period_end"], visitors["next_due"]) == ("2026-07-31", "2026-08-25")
    assert visitors["next_overdue"] is overdue
    assert visitors["responsible_unit"] == "旗文旅体育局"
    row = table[plan.visitors.code]
    assert row["统计截止日期"] == "2026-06-30"
    assert (row["下期数据统计截止日期"], row["下期数据应发布日期"]) == ("2026-07-31", "2026-08-25")
    assert row["下期数据已逾期"] == ("true" if overdue else "false")
    assert row["数据报送单位"] == "旗文旅体育局"
    cells = sheet[plan.visitors.code]
    assert cells["下期数据应发布日期"] == datetime.datetime(2026, 8, 25)
    assert cells["下期数据已逾期"] is overdue
    # Computed and milestone targets await no published figure: nothing is claimed for them.
    for code in (plan.key_projects.code, plan.scenic.code):
        assert [rows[code][k] for k in NEW_TARGET_COLUMNS] == [None, None, None, ""], code
        assert table[code]["下期数据已逾期"] == "", code
    assert rows[plan.key_projects.code]["value_date"] == "2026-05-31"  # counted on the deadline


def test_target_downloads_keep_their_columns_and_add_the_new_ones_at_the_end(client, reporting):
    data = json.loads(body(client.get("/data/targets.json")))
    keys = [f["key"] for f in data["fields"]]
    assert keys[: keys.index("url") + 1] == [
        "code", "area", "sector", "title", "wording", "wording_en", "source", "kind",
        "comparison", "figure", "unit", "baseline", "baseline_unit", "target_value", "start",
        "deadline", "cadence", "as_of", "value", "value_date", "percent", "time_percent",
        "expected", "status", "status_label", "explanation", "url",
    ]  # fmt: skip
    assert keys[keys.index("url") + 1 :] == NEW_TARGET_COLUMNS
    english = {r["Code"]: r for r in csv_rows(client.get("/en/data/targets.csv"))}
    assert english["T16"]["Reporting unit"] == "Culture and Tourism Bureau"
    assert english["T16"]["Data date"] == "2026-06-30"


def test_the_dictionary_describes_each_new_target_column_in_both_languages(client, plan):
    chinese = client.get("/data/").content.decode()
    english = client.get("/en/data/").content.decode()
    expected = {
        "value_date": ("统计截止日期", "已发布数值", "Data date", "latest published figure"),
        "next_period_end": ("下期数据统计截止日期", "统计到哪一天", "Next figure covers up to",
                            "last day the next figure"),
        "next_due": ("下期数据应发布日期", "最迟应在这一天发布", "Next figure due by",
                     "should be published"),
        "next_overdue": ("下期数据已逾期", "已过应发布日期", "Next figure overdue",
                         "due day has passed"),
        "responsible_unit": ("数据报送单位", "负责报送", "Reporting unit", "office that reports"),
    }  # fmt: skip
    for key, (zh_label, zh_about, en_label, en_about) in expected.items():
        for page, label, about in [(chinese, zh_label, zh_about), (english, en_label, en_about)]:
            row = re.search(
                rf'<th scope="row">([^<]*)</th><td[^>]*><code>{key}</code>.*?</tr>', page
            )
            assert row and row.group(1) == label, key
            assert about in row.group(0), key
