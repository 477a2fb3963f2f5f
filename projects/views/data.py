"""Open data: the /data/ page with its dictionary, and the CSV, XLSX and JSON files."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.query_params import QUERY_PARAMETERS, canonical
from projects.imports import exporting

from . import downloads
from .common import pick
from .datasets import DATASETS, project_rows
from .projects import filtered_projects

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


def write_csv(dataset, rows, out) -> None:
    """UTF-8 with a BOM (Chinese Excel shows mojibake without one), row by row."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    keys = [c.key for c in dataset.columns]
    text.write("\ufeff")
    writer.writerow([c.label for c in dataset.columns])
    for row in rows:
        writer.writerow([as_text(row[k]) for k in keys])
    text.flush()
    text.detach()  # *out* stays open for the caller


def write_xlsx(dataset, rows, out) -> None:
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
    book.save(out)


def write_json(dataset, rows, out) -> None:
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
    out.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


def _about_lines(dataset):
    yield [pick("数据集", "Dataset"), dataset.title]
    yield [pick("发布单位", "Publisher"), pick(*PUBLISHER)]
    yield [pick("许可协议", "Licence"), pick(*LICENCE), LICENCE_URL]
    yield [pick("数据截至", "As of"), timezone.localdate().isoformat()]
    yield []
    yield [pick("字段", "Column"), pick("说明", "Meaning"), pick("单位", "Unit")]
    for c in dataset.columns:
        yield [c.label, c.about, c.unit]


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}


def download(request, dataset, fmt):
    """A dataset's file, built once per content version. Query parameters mean nothing here
    and are ignored: ``?x=1`` gets the same file as no query at all."""
    if dataset not in DATASETS or fmt not in WRITERS:
        raise Http404
    chosen = DATASETS[dataset]
    return downloads.serve(
        request,
        variant=f"data|{dataset}|{fmt}",
        stem=dataset,
        fmt=fmt,
        content_type=FORMATS[fmt],
        build=lambda out: WRITERS[fmt](chosen, chosen.rows(request), out),
        inline=fmt == "json",
    )


def project_list_csv(request):
    """The project list as filtered (the same filters as the page), built once per version
    and filter; parameters the list does not understand are ignored."""
    names = QUERY_PARAMETERS["projects:project_list_csv"]
    query = canonical(request.GET, names)

    def build(out):
        request.GET = query  # what the file was named after is what it holds
        _, projects = filtered_projects(request)
        write_csv(DATASETS["projects"], project_rows(request, projects), out)

    return downloads.serve(
        request,
        variant=f"project-list|{query.urlencode()}",
        stem="projects-filtered",
        fmt="csv",
        content_type=FORMATS["csv"],
        build=build,
    )


def data_index(request):
    from ledger.views import COLUMNS as LEDGER_COLUMNS

    context = {
        "title": _("开放数据"),
        "datasets": list(DATASETS.values()),
        "formats": list(FORMATS),
        "licence": pick(*LICENCE),
        "licence_url": LICENCE_URL,
        "publisher": pick(*PUBLISHER),
        "as_of": timezone.localdate(),
        "ledger_columns": LEDGER_COLUMNS,
    }
    return render(request, "projects/data.html", context)
