"""The ledger's tables: the entries, which are never changed or deleted, and the chain's head."""

from django.db import models

GENESIS = "0" * 64  # what the first entry's previous_hash is


class Action(models.TextChoices):
    PUBLISH = "publish", "发布"
    CHANGE = "change", "修改"
    UNPUBLISH = "unpublish", "撤回发布"


class AppendOnly(Exception):
    """Raised on any attempt to change or delete a ledger entry."""

    def __init__(self):
        super().__init__("公开发布账本只能追加，不能修改或删除已有记录。")


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly

    def delete(self):
        raise AppendOnly

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly

    def update_or_create(self, *args, **kwargs):
        raise AppendOnly


class LedgerEntry(models.Model):
    """One publication, change or withdrawal of a public record, chained to the entry before.

    ``entry_hash`` is SHA-256 over the canonical form of every other field
    (``ledger.hashing.entry_hash``), ``previous_hash`` the entry before's hash, so that a
    changed, removed or inserted entry breaks the chain from there on.
    """

    seq = models.PositiveBigIntegerField("序号", primary_key=True)
    recorded_at = models.DateTimeField("记录时间")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    kind = models.CharField("记录类型", max_length=20)
    record_key = models.CharField(
        "记录标识",
        max_length=300,
        help_text="公开的编号，如项目编号、指标编号/日期、新闻网址标识。",
    )
    record_pk = models.BigIntegerField("记录内部编号")
    version = models.PositiveIntegerField("版本")
    approved_by = models.CharField("审核发布人", max_length=200)
    content_sha256 = models.CharField("公开内容 SHA-256", max_length=64)
    previous_hash = models.CharField("上一条记录哈希", max_length=64)
    entry_hash = models.CharField("本条记录哈希", max_length=64)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "账本记录"
        verbose_name_plural = "账本记录"
        ordering = ["seq"]
        indexes = [models.Index(fields=["kind", "record_pk", "seq"], name="ledger_record_seq")]

    def __str__(self):
        return f"#{self.seq} {self.get_action_display()} {self.record_key}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly
        kwargs["force_insert"] = True  # never an UPDATE of an entry with the same number
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly


class LedgerHead(models.Model):
    """The chain's newest entry, in one row that every append locks first, so that two
    appends at once on PostgreSQL wait for each other instead of forking the chain."""

    seq = models.PositiveBigIntegerField("最新序号", default=0)
    entry_hash = models.CharField("最新记录哈希", max_length=64, default=GENESIS)
    # The kinds whose records already public when the ledger began following them have had
    # their first entries (see ledger.signals.after_migrate).
    started_kinds = models.JSONField("已登记启用前公开记录的类型", default=list)
    # Records public from a set time (news published ahead of time) whose time came up to
    # here have been looked for (ledger.recording.due_records).
    due_checked_at = models.DateTimeField("定时发布记录已核对至", null=True, blank=True)

    class Meta:
        verbose_name = "账本链头"
        verbose_name_plural = "账本链头"

    def __str__(self):
        return f"#{self.seq}"
