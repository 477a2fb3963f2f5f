"""Where the ledger hears of changes: every save and delete of a followed model (admin,
services, commands), and migrate, which enters the records public before the ledger began.

Bulk writers send no signals and call ``ledger.recording.record`` themselves (imports,
sample data).
"""

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save

from ledger.chain import append, lock_head
from ledger.kinds import KINDS, watched_models
from ledger.recording import BEFORE_LEDGER, NO_ACCOUNT, acting_user, compare, due_records, record


def on_save(sender, instance, raw=False, using=None, **kwargs):
    if raw:  # loaddata: fixtures are not publications
        return
    record(sender, [instance.pk], user=acting_user(instance))


def on_delete(sender, instance, using=None, **kwargs):
    record(sender, [instance.pk], user=acting_user(instance))


def connect() -> None:
    for model in watched_models():
        label = model._meta.label_lower
        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"ledger-save-{label}")
        post_delete.connect(
            on_delete, sender=model, weak=False, dispatch_uid=f"ledger-delete-{label}"
        )


def after_migrate(using="default", **kwargs) -> None:
    """Give the records public before the ledger followed their kind a first "publish" entry,
    once per kind, by "启用账本前已发布". Runs after every migrate, when the tables are as the
    code expects (a data migration would run the code against older tables)."""
    from django.utils import translation

    from ledger.models import LedgerHead
    from portal.cache import bump_after_commit

    # Nothing to do while the tables are not there (the ledger's own migrations undone, or
    # only some apps migrated).
    tables = set(connections[using].introspection.table_names())
    if LedgerHead._meta.db_table not in tables:
        return
    with transaction.atomic(using=using), translation.override("zh-hans"):
        LedgerHead.objects.using(using).get_or_create(pk=1)
        head = lock_head(using)
        new = [
            kind
            for kind in KINDS
            if kind.name not in head.started_kinds and kind.model._meta.db_table in tables
        ]
        pending = []
        for kind in new:
            pks = sorted(kind.public().using(using).values_list("pk", flat=True))
            pending.extend(compare(kind, pks))
        if new:
            started = [*head.started_kinds, *(kind.name for kind in new)]
            LedgerHead.objects.using(using).filter(pk=head.pk).update(started_kinds=started)
        added = append(head, pending, BEFORE_LEDGER, using=using)
        if added + append(head, due_records(head), NO_ACCOUNT, using=using):
            bump_after_commit(using)
