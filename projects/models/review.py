"""Review before publishing: what a unit's reporter sends, and what a reviewer decides."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核发布"
    RETURNED = "returned", "已退回"
    SUPERSEDED = "superseded", "已被新的报送取代"


class Submission(models.Model):
    """One sending for review: a record saved in the admin, or one imported file."""

    title = models.CharField("报送内容", max_length=300)
    file_name = models.CharField("导入文件", max_length=255, blank=True)
    unit = models.ForeignKey(
        "projects.Unit",
        verbose_name="报送单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    status = models.CharField(
        "状态", max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    comment = models.TextField("审核意见", blank=True)
    secrecy_checked = models.BooleanField(
        "已进行保密审查",
        default=False,
        help_text="审核人确认内容不涉及国家秘密、工作秘密和个人隐私后方可发布。",
    )

    class Meta:
        verbose_name = "报送审核"
        verbose_name_plural = "报送审核"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("review_submission", "审核并发布报送的内容")]
        indexes = [models.Index(fields=["status", "unit"], name="submission_queue")]

    def __str__(self):
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == SubmissionStatus.PENDING


class RevisionAction(models.TextChoices):
    PUBLISH = "publish", "发布新记录"
    CHANGE = "change", "修改已发布的记录"


class Revision(models.Model):
    """One record's part of a submission.

    For a draft, publishing it as it stands; for a published record, the new values of the
    fields that change, held here so that the public keeps the approved version until review.
    """

    submission = models.ForeignKey(
        Submission, verbose_name="报送", on_delete=models.CASCADE, related_name="revisions"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField("类型", max_length=10, choices=RevisionAction.choices)
    label = models.CharField("记录", max_length=300)
    changes = models.JSONField("修改后的值", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )

    class Meta:
        verbose_name = "报送的记录"
        verbose_name_plural = "报送的记录"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "status"], name="revision_record")
        ]

    def __str__(self):
        return f"{self.get_action_display()}：{self.label}"

    def record(self):
        """The live record, or None when it has gone."""
        if not hasattr(self, "_record"):
            model = self.content_type.model_class()
            self._record = model._default_manager.filter(pk=self.object_id).first()
        return self._record
