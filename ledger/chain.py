"""Writing to the chain: its head, locked while entries are added after it, and the entries."""

from __future__ import annotations

from django.db import connections
from django.utils import timezone

from ledger import hashing
from ledger.kinds import KINDS
from ledger.models import LedgerEntry, LedgerHead


def lock_head(using) -> LedgerHead:
    """The chain's head, locked until the transaction ends (PostgreSQL; SQLite has one writer
    at a time anyway)."""
    heads = LedgerHead.objects.using(using).select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:
        # Only where migrate's own step did not run (a database emptied by hand).
        started = [kind.name for kind in KINDS]
        LedgerHead.objects.using(using).get_or_create(pk=1, defaults={"started_kinds": started})
        head = heads.get(pk=1)
    return head


def append(head: LedgerHead, pending: list, approved_by: str, *, using) -> int:
    """Write *pending* (``recording.Pending``) after the head, by *approved_by* unless an
    entry names its own."""
    if not pending:
        return 0
    recorded_at = timezone.now().replace(microsecond=0)
    moment = hashing.moment(recorded_at)
    seq, previous = head.seq, head.entry_hash
    rows = []
    for p in pending:
        seq += 1
        body = {
            "seq": seq,
            "recorded_at": moment,
            "action": str(p.action),
            "kind": p.kind,
            "record_key": p.key,
            "record_pk": p.pk,
            "version": p.version,
            "approved_by": p.approved_by or approved_by,
            "content_sha256": p.content,
            "previous_hash": previous,
        }
        digest = hashing.sha256(body)
        rows.append([*body.values(), digest])
        previous = digest
    _insert(rows, recorded_at, using)
    LedgerHead.objects.using(using).filter(pk=head.pk).update(
        seq=seq, entry_hash=previous, due_checked_at=head.due_checked_at
    )
    head.seq, head.entry_hash = seq, previous
    return len(rows)


def _insert(rows, recorded_at, using) -> None:
    """One prepared INSERT for all rows (bulk_create compiles SQL for every value)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [*hashing.ENTRY_FIELDS, "entry_hash"]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(LedgerEntry._meta.db_table),
        ", ".join(quote(LedgerEntry._meta.get_field(name).column) for name in columns),
        ", ".join(["%s"] * len(columns)),
    )
    when = connection.ops.adapt_datetimefield_value(recorded_at)
    for row in rows:
        row[1] = when
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
