"""/data/ledger.csv and /data/ledger.json: the whole ledger, written entry by entry into a file
built once per content version (``projects.views.downloads``), then served from disk."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404
from django.utils import timezone

from ledger import hashing
from ledger.kinds import KINDS
from ledger.models import GENESIS, LedgerEntry
from projects.views import downloads
from projects.views.common import pick
from projects.views.data import FORMATS, LICENCE, LICENCE_URL, PUBLISHER, as_text
from projects.views.dictionary import Column as C

TITLE = ("公开发布账本", "Publication ledger")
COLUMNS = [
    C("seq", "序号", "Number", "从 1 起连续编号", "Numbered from 1 without gaps"),
    C(
        "recorded_at",
        "记录时间",
        "Recorded at",
        "北京时间，精确到秒",
        "Beijing time, to the second",
    ),
    C(
        "action",
        "操作",
        "Action",
        "publish 发布, change 修改, unpublish 撤回发布（含删除）",
        "publish, change, unpublish (withdrawn or deleted)",
    ),
    C(
        "kind",
        "记录类型",
        "Kind",
        "project 项目, report 项目进展, target 目标指标, measurement 进展数据, "
        "milestone 里程碑步骤, news 新闻动态",
        "project, report (progress report), target, measurement, milestone (step), news",
    ),
    C(
        "record_key",
        "记录标识",
        "Record key",
        "公开的编号：项目编号、指标编号，进展报告和进展数据为 编号/日期，新闻为网址标识",
        "The public key: project or target code, code/date for reports and measurements, the "
        "news item's address name",
    ),
    C("record_pk", "记录内部编号", "Record id", "数据库中的编号，不因改名改号而变", "Stable id"),
    C("version", "版本", "Version", "同一记录的第几条账本记录", "The record's n-th entry"),
    C(
        "approved_by",
        "审核发布人",
        "Approved by",
        "保存这一版本的工作人员；命令行载入等无账号的操作写明“系统”",
        "The staff member who saved this version; “系统” (system) for commands",
    ),
    C(
        "content_sha256",
        "公开内容 SHA-256",
        "Content SHA-256",
        "该记录公开内容的 SHA-256（撤回时为撤回前的内容），计算方法见网站说明",
        "SHA-256 of the record's public content (for a withdrawal, the content withdrawn)",
    ),
    C(
        "previous_hash",
        "上一条记录哈希",
        "Previous hash",
        "上一条账本记录的哈希；第一条为 64 个 0",
        "The hash of the entry before; 64 zeros for the first",
    ),
    C(
        "entry_hash",
        "本条记录哈希",
        "Entry hash",
        "本条其余各字段的 SHA-256",
        "SHA-256 of this entry's other fields",
    ),
]
FIELDS = [c.key for c in COLUMNS]


def _rows():
    for entry in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
        body = hashing.entry_body(entry)
        body["entry_hash"] = entry.entry_hash
        yield body


def write_csv(out) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    text.write("\ufeff")
    writer.writerow([c.label for c in COLUMNS])
    for row in _rows():
        writer.writerow([as_text(row[key]) for key in FIELDS])
    text.flush()
    text.detach()


def kinds_described() -> list[dict]:
    return [
        {
            "kind": kind.name,
            "label": kind.label,
            "dataset": kind.dataset or None,
            "key": list(kind.key),
            "fields": list(kind.fields),
        }
        for kind in KINDS
    ]


def write_json(out) -> None:
    """The header first, then the entries one by one: a long ledger is never held whole."""
    head = {
        "dataset": "ledger",
        "title": pick(*TITLE),
        "publisher": pick(*PUBLISHER),
        "licence": pick(*LICENCE),
        "licence_url": LICENCE_URL,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "genesis": GENESIS,
        "entry_fields": hashing.ENTRY_FIELDS,
        "kinds": kinds_described(),
        "fields": [{"key": c.key, "label": c.label, "description": c.about} for c in COLUMNS],
    }
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    out.write(f'{opening},"rows":['.encode())
    for n, row in enumerate(_rows()):
        line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        out.write((b"," if n else b"") + line.encode())
    out.write(b"]}")


WRITERS = {"csv": write_csv, "json": write_json}


def download(request, fmt):
    if fmt not in WRITERS:
        raise Http404
    return downloads.serve(
        request,
        variant=f"ledger|{fmt}",
        stem="ledger",
        fmt=fmt,
        content_type=FORMATS[fmt],
        build=WRITERS[fmt],
        inline=fmt == "json",
    )
