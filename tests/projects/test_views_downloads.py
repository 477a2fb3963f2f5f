"""Open data and the filtered project list download: same rule, same numbers as the pages."""

import csv
import io
import json
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from projects.imports.exporting import neutralise
from projects.models import Target
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
    sheet = load_workbook(io.BytesIO(response.content))["projects"]
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
    assert f'href="/projects/download.csv?{query}"'.replace("&", "&amp;") in page
    assert len(csv_rows(client.get("/projects/download.csv"))) == 2  # published only


def test_target_download_equals_what_the_pages_say(client, plan):
    rows = {r["code"]: r for r in json.loads(client.get("/data/targets.json").content)["rows"]}
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
    data = json.loads(client.get("/en/data/reports.json").content)
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
