"""Checking the ledger: the chain of entries, and the public records against their entries.

``check_chain`` works on any sequence of entries, from the database or from a downloaded
``ledger.json``; ``check_database`` adds the head of the chain and the records themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import translation

from ledger import hashing
from ledger.kinds import KINDS, Kind
from ledger.models import GENESIS, Action, LedgerEntry, LedgerHead


@dataclass
class Report:
    entries: int = 0
    records: int = 0  # public records compared with their entries
    breaks: list[str] = field(default_factory=list)  # the chain itself is broken
    mismatches: list[str] = field(default_factory=list)  # records that disagree with it
    # Public from a set time that came after the last append: entered at the next one.
    waiting: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.mismatches


def check_chain(entries: Iterable, report: Report) -> str:
    """Recompute each entry's hash and its link to the one before; returns the last hash.

    The chain goes on from each entry's stored hash, so one altered entry is reported once,
    where it is, and not again for every entry after it.
    """
    previous, expected_seq = GENESIS, 1
    for entry in entries:
        body = hashing.entry_body(entry)
        seq, stored = body["seq"], _get(entry, "entry_hash")
        report.entries += 1
        if seq != expected_seq:
            report.breaks.append(
                f"第 {seq} 条：序号应为 {expected_seq}，其间的记录缺失或顺序被改动。"
            )
        if body["previous_hash"] != previous:
            report.breaks.append(
                f"第 {seq} 条：所记“上一条记录哈希”与上一条记录的哈希不符，"
                "其前的记录被删除、插入或改动过。"
            )
        if hashing.sha256(body) != stored:
            report.breaks.append(f"第 {seq} 条：内容与本条记录哈希不符，这条记录被改动过。")
        previous, expected_seq = stored, seq + 1
    return previous


def _check_continues(before: list, now: list, report: Report) -> None:
    """A ledger only grows: what an earlier copy held must still be there, entry for entry."""
    hashes = {entry["seq"]: entry["entry_hash"] for entry in now}
    for entry in before:
        if hashes.get(entry["seq"]) != entry["entry_hash"]:
            report.breaks.append(
                f"第 {entry['seq']} 条：与先前下载的副本不同，已公布的账本记录被改写或删除。"
            )


def _get(entry, name):
    return entry[name] if isinstance(entry, dict) else getattr(entry, name)


def check_database() -> Report:
    """The chain, its head, and every record against its latest entry, in one snapshot."""
    from portal.backup import read_snapshot

    report = Report()
    with read_snapshot(), translation.override("zh-hans"):
        last = check_chain(LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000), report)
        head = LedgerHead.objects.filter(pk=1).first()
        if head is not None and (head.seq, head.entry_hash) != (report.entries, last):
            report.breaks.append(
                f"账本链头记为第 {head.seq} 条，而账本现有 {report.entries} 条记录、"
                "最后一条的哈希与链头不同：末尾的记录被删除或改动过。"
            )
        for kind in KINDS:
            _check_records(kind, report, head.due_checked_at if head else None)
    return report


def _check_records(kind: Kind, report: Report, due_checked_at) -> None:
    latest = {}
    entries = LedgerEntry.objects.filter(kind=kind.name).order_by("seq")
    for pk, action, key, content in entries.values_list(
        "record_pk", "action", "record_key", "content_sha256"
    ).iterator(chunk_size=5000):
        latest[pk] = (action, key, content)
    waiting = set()
    if kind.due:
        came = kind.public()
        if due_checked_at is not None:
            came = came.filter(**{f"{kind.due}__gt": due_checked_at})
        waiting = set(came.values_list("pk", flat=True))
    for pk, row in kind.rows(kind.public()):
        report.records += 1
        key = kind.key_of(row)
        entry = latest.pop(pk, None)
        if pk in waiting and (entry is None or entry[0] == Action.UNPUBLISH):
            report.waiting.append(f"{kind.label} {key}：定时发布的时间已到，将在下一次记账时记入。")
        elif entry is None or entry[0] == Action.UNPUBLISH:
            report.mismatches.append(f"{kind.label} {key}：已公开，但账本中没有它的发布记录。")
        elif kind.content_hash(row) != entry[2]:
            report.mismatches.append(
                f"{kind.label} {key}：公开内容与账本最新记录的哈希不符，有未经账本记录的修改。"
            )
    for _pk, (action, key, _content) in sorted(latest.items()):
        if action != Action.UNPUBLISH:
            report.mismatches.append(
                f"{kind.label} {key}：账本记为已发布，但这条记录已不公开（被撤下或删除而未记录）。"
            )


def check_file(document: dict, datasets: Iterable[dict] = (), earlier=None) -> Report:
    """A downloaded ``ledger.json`` (parsed), and optionally downloaded dataset files (each a
    parsed ``/data/<dataset>.json``) whose rows must match their records' latest entries, and
    a copy downloaded before (*earlier*), every entry of which must be in it unchanged."""
    report = Report()
    entries = document.get("rows", [])
    check_chain(entries, report)
    if earlier is not None:
        _check_continues(earlier.get("rows", []), entries, report)
    kinds = {k["dataset"]: k for k in document.get("kinds", []) if k.get("dataset")}
    latest = {}
    for entry in entries:
        latest[(entry["kind"], entry["record_key"])] = entry
    for data in datasets:
        spec = kinds.get(data.get("dataset"))
        if spec is None:
            report.mismatches.append(f"数据集 {data.get('dataset')!r} 不在账本所列的数据集中。")
            continue
        for row in data.get("rows", []):
            content = {name: row.get(name) for name in spec["fields"]}
            key = "/".join(str(content[name]) for name in spec["key"])
            report.records += 1
            entry = latest.get((spec["kind"], key))
            label = f"{spec['label']} {key}"
            if entry is None or entry["action"] == Action.UNPUBLISH:
                report.mismatches.append(f"{label}：在数据文件中，但账本中没有发布记录。")
            elif hashing.sha256(content) != entry["content_sha256"]:
                report.mismatches.append(f"{label}：数据文件中的内容与账本记录的哈希不符。")
    return report
