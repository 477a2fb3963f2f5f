"""Open data: the /data/ page with its dictionary, and the CSV, XLSX and JSON files."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.imports import exporting

from .common import is_english, pick
from .datasets import DATASETS

LICENCE = (
    "知识共享 署名 4.0 国际许可协议（CC BY 4.0）",
    "Creative Commons Attribution 4.0 (CC BY 4.0)",
)
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = ("库伦旗人民政府", "Kulun Banner People's Government")
# The same neutralising (CWE-1236) and content types as the admin's exports.
FORMATS = {**exporting.FORMATS, "json": "application/json"}


def as_text(value) -> str:
    """A cell as text: plain numbers (no 130.0000), ISO dates, text safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return exporting.neutralise(str(value))


def as_json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def as_cell(value):
    """An XLSX cell: numbers and dates typed; text neutralised, since openpyxl writes a string
    starting with '=' as a live formula."""
    if isinstance(value, Decimal):
        return as_json(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return exporting.neutralise(value)


def _filename(stem: str, ext: str) -> str:
    lang = "en" if is_english() else "zh"
    return f"kulun-2026-{stem}-{lang}-{timezone.localdate():%Y%m%d}.{ext}"


class _Echo:
    def write(self, value):
        return value


def csv_response(dataset, rows, stem: str):
    """UTF-8 with a BOM (Chinese Excel shows mojibake without one), streamed row by row."""
    writer = csv.writer(_Echo())
    keys = [c.key for c in dataset.columns]
    # The first row is read here, inside the view, so that a database failure becomes the 503
    # page rather than a 200 file cut off after its header.
    rows = iter(rows)
    first = next(rows, None)

    def stream():
        yield "\ufeff" + writer.writerow([c.label for c in dataset.columns])
        if first is None:
            return
        yield writer.writerow([as_text(first[k]) for k in keys])
        for row in rows:
            yield writer.writerow([as_text(row[k]) for k in keys])

    response = StreamingHttpResponse(stream(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(dataset, rows, stem: str):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.key)
    sheet.append([c.label for c in dataset.columns])
    keys = [c.key for c in dataset.columns]
    for row in rows:
        sheet.append([as_cell(row[k]) for k in keys])
    about = book.create_sheet(pick("说明", "About"))
    for line in _about_lines(dataset):
        about.append([exporting.neutralise(str(part)) for part in line])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def json_response(dataset, rows, stem: str):
    body = {
        "dataset": dataset.key,
        "title": dataset.title,
        "publisher": pick(*PUBLISHER),
        "licence": pick(*LICENCE),
        "licence_url": LICENCE_URL,
        "as_of": timezone.localdate().isoformat(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "fields": [
            {"key": c.key, "label": c.label, "unit": c.unit, "description": c.about}
            for c in dataset.columns
        ],
        "rows": [{k: as_json(v) for k, v in row.items()} for row in rows],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        content_type=FORMATS["json"],
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(stem, "json")}"'
    return response


def _about_lines(dataset):
    yield [pick("数据集", "Dataset"), dataset.title]
    yield [pick("发布单位", "Publisher"), pick(*PUBLISHER)]
    yield [pick("许可协议", "Licence"), pick(*LICENCE), LICENCE_URL]
    yield [pick("数据截至", "As of"), timezone.localdate().isoformat()]
    yield []
    yield [pick("字段", "Column"), pick("说明", "Meaning"), pick("单位", "Unit")]
    for c in dataset.columns:
        yield [c.label, c.about, c.unit]


WRITERS = {"csv": csv_response, "xlsx": xlsx_response, "json": json_response}


def download(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in WRITERS:
        raise Http404
    chosen = DATASETS[dataset]
    return WRITERS[fmt](chosen, chosen.rows(request), dataset)


def data_index(request):
    context = {
        "title": _("开放数据"),
        "datasets": list(DATASETS.values()),
        "formats": list(FORMATS),
        "licence": pick(*LICENCE),
        "licence_url": LICENCE_URL,
        "publisher": pick(*PUBLISHER),
        "as_of": timezone.localdate(),
    }
    return render(request, "projects/data.html", context)
