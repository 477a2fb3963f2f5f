"""A project's disclosure items in the eight categories of 国办发〔2017〕94号.

What each matter records is in ``projects.disclosure``. An item is published within its time
limit when ``published_on`` (the day its current content went public, set by the site) is not
later than the limit's last working day after ``formed_on``.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from projects import disclosure
from projects.disclosure import DisclosureCategory, ItemState, WithheldReason
from projects.services import workdays

from .base import PublishedQuerySet
from .projects import NON_NEGATIVE, Project

DOCUMENT_TYPES = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
                  ".png": b"\x89PNG\r\n\x1a\n"}  # fmt: skip


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, which the web server must not serve: a view hands out
    only the documents of public items (see the README's server configuration)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "private")

    @cached_property
    def base_url(self):
        return None


def document_path(instance, filename: str) -> str:
    # A random name: the stored name says nothing and cannot be guessed.
    today = timezone.localdate()
    return f"disclosure/{today:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def document_max_bytes() -> int:
    return settings.DISCLOSURE_DOCUMENT_MAX_MB * 1024 * 1024


def check_document(file) -> None:
    suffix = Path(file.name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError("附件只能是 PDF、JPG 或 PNG 文件。")
    if file.size > document_max_bytes():
        raise ValidationError(
            f"附件不能超过 {settings.DISCLOSURE_DOCUMENT_MAX_MB} MB，"
            f"这个文件有 {file.size / 1024 / 1024:.1f} MB。"
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(DOCUMENT_TYPES[suffix]):
        raise ValidationError(f"附件的内容不是 {suffix[1:].upper()} 文件，请检查后重新上传。")


class HttpsURLField(models.URLField):
    """A link typed without a scheme is taken as https, as government platforms serve them."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class DisclosureQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, project__is_published=True)


class DisclosureItem(models.Model):
    """One disclosed matter of a project, or a category not applicable to it or withheld."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="disclosure_items"
    )
    category = models.PositiveSmallIntegerField("公开类别", choices=DisclosureCategory.choices)
    state = models.CharField(
        "公开情况", max_length=16, choices=ItemState.choices, default=ItemState.DISCLOSED
    )
    matter = models.CharField(
        "公开事项", max_length=32, choices=disclosure.MATTER_CHOICES, blank=True
    )
    number = models.CharField("文号/编号", max_length=120, blank=True)
    date = models.DateField("事项日期", null=True, blank=True)
    authority = models.CharField("单位/机关", max_length=120, blank=True)
    result = models.CharField("结果", max_length=500, blank=True)
    link = HttpsURLField("链接", max_length=500, blank=True)
    content = models.TextField("内容", blank=True)
    amount = models.DecimalField(
        "金额", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[NON_NEGATIVE], help_text="单位：万元。",
    )  # fmt: skip
    document = models.FileField(
        "附件",
        storage=PrivateStorage(),
        upload_to=document_path,
        blank=True,
        validators=[check_document],
        help_text="PDF、JPG 或 PNG；随事项公开，未公开前公众无法下载。",
    )
    withheld_reason = models.CharField(
        "不予公开的理由", max_length=20, choices=WithheldReason.choices, blank=True
    )
    reason = models.TextField(
        "说明或依据",
        blank=True,
        help_text="不适用时说明为何不适用；不予公开时写明所依据的法律条款。网站公开这段说明。",
    )
    formed_on = models.DateField(
        "信息形成或变更日期",
        null=True,
        blank=True,
        help_text="公开时限从这一天起算：主动公开 20 个工作日，行政许可、处罚 7 个工作日。",
    )
    published_on = models.DateField(
        "公开日期",
        null=True,
        blank=True,
        editable=False,
        help_text="本条当前内容公开之日，由网站在发布时记下。",
    )
    due_on = models.DateField(
        "公开截止日期",
        null=True,
        blank=True,
        editable=False,
        help_text="信息形成或变更日期后的第 20 个（行政许可、处罚第 7 个）工作日，由网站推算。",
    )
    due_estimated = models.BooleanField(
        "截止日期为推算",
        default=False,
        editable=False,
        help_text="推算时用到尚未公布节假日安排的年份，只按周末计算。",
    )
    is_published = models.BooleanField(
        "已发布",
        default=False,
        help_text="勾选后随项目在网站上公开；未勾选的只有工作人员可见。",
    )

    objects = DisclosureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息公开事项"
        verbose_name_plural = "信息公开事项"
        ordering = ["project", "category", "formed_on", "pk"]
        indexes = [
            models.Index(fields=["project", "category"], name="disclosure_project_cat"),
            models.Index(fields=["is_published", "published_on"], name="disclosure_pub_on"),
            models.Index(fields=["is_published", "due_on"], name="disclosure_pub_due"),
        ]

    def __str__(self):
        if self.state != ItemState.DISCLOSED:
            return f"{self.get_category_display()}：{self.get_state_display()}"
        return f"{self.get_matter_display()} {self.number}".strip()

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored", {}).get("formed_on")
        changed = ("formed_on",) if self.pk and stored != self.formed_on else ()
        stamped, moved = self.stamp_published(changed), self.set_due()
        if kwargs.get("update_fields") is not None:
            extra = {"published_on"} if stamped else set()
            extra |= {"due_on", "due_estimated"} if moved else set()
            kwargs["update_fields"] = {*kwargs["update_fields"], *extra}
        super().save(*args, **kwargs)
        self._stored = {"formed_on": self.formed_on}

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._stored = {"formed_on": obj.__dict__.get("formed_on")}
        return obj

    # --- what the matter asks ------------------------------------------------------------

    @property
    def matter_spec(self):
        return disclosure.matter(self.matter)

    def elements(self) -> list[tuple[str, object]]:
        """(label, value) of the matter's elements that hold something, in catalogue order."""
        spec = self.matter_spec
        if spec is None or self.state != ItemState.DISCLOSED:
            return []
        found = []
        for name in spec.elements:
            value = getattr(self, name)
            if value not in (None, ""):
                found.append((spec.element_label(name), value))
        return found

    @property
    def limit_days(self) -> int:
        spec = self.matter_spec
        return spec.days if spec else workdays.PROACTIVE_DAYS

    def due(self) -> workdays.Reckoning | None:
        if self.formed_on is None:
            return None
        return workdays.due_date(self.formed_on, self.limit_days)

    def set_due(self) -> bool:
        """Keep ``due_on`` (stored so that lists filter on it) in step; True when it moved."""
        self.formed_on = self._meta.get_field("formed_on").to_python(self.formed_on)
        due = self.due()
        stored = (self.due_on, self.due_estimated)
        self.due_on, self.due_estimated = (due.value, due.estimated) if due else (None, False)
        return stored != (self.due_on, self.due_estimated)

    def lateness(self) -> workdays.Reckoning | None:
        """Working days past the limit it was published (0: on time); None before it is."""
        due = self.due()
        if due is None or self.published_on is None:
            return None
        late = workdays.working_days_late(due.value, self.published_on)
        return workdays.Reckoning(late.value, late.estimated or due.estimated)

    # --- checks --------------------------------------------------------------------------

    def clean(self):
        errors = {}
        spec = self.matter_spec
        if self.matter and spec is None:
            errors["matter"] = "没有这个公开事项。"
        elif spec is not None and self.category and spec.category != self.category:
            errors["matter"] = (
                f"“{spec.label}”属于{DisclosureCategory(spec.category).label}，"
                f"不属于{self.get_category_display()}。"
            )
        if self.state == ItemState.DISCLOSED:
            self._clean_disclosed(spec, errors)
        else:
            self._clean_statement(errors)
        if self.formed_on and self.formed_on > timezone.localdate():
            errors["formed_on"] = "信息形成日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)
        self._clean_not_applicable_alone()

    def _clean_disclosed(self, spec, errors) -> None:
        if not self.matter:
            errors["matter"] = "公开的事项须选择公开事项。"
            return
        if spec is None or "matter" in errors:
            return
        for name in spec.required:
            if getattr(self, name) in (None, ""):
                errors.setdefault(name, f"“{spec.label}”须填写{spec.element_label(name)}。")
        for name in disclosure.ELEMENTS:
            if name not in spec.elements and getattr(self, name) not in (None, ""):
                errors.setdefault(
                    name,
                    f"“{spec.label}”不记录{self._meta.get_field(name).verbose_name}，请清空这一栏"
                    "或改选公开事项。",
                )
        if self.formed_on is None:
            errors["formed_on"] = "须填写信息形成或变更日期，公开时限从这一天起算。"
        if self.withheld_reason or self.reason:
            errors["reason"] = "公开的事项不填写不予公开的理由或不适用说明。"

    def _clean_statement(self, errors) -> None:
        """Not applicable or withheld: the reason is public, no content is kept here."""
        filled = [
            self._meta.get_field(name).verbose_name
            for name in (*disclosure.ELEMENTS, "document")
            if getattr(self, name) not in (None, "")
        ]
        if filled:
            errors["state"] = (
                f"{self.get_state_display()}的事项不保存公开内容，请清空：{'、'.join(filled)}。"
            )
        if not self.reason.strip():
            errors["reason"] = (
                "请写明为何不适用。"
                if self.state == ItemState.NOT_APPLICABLE
                else "请写明不予公开所依据的法律条款。"
            )
        if self.state == ItemState.WITHHELD:
            if not self.withheld_reason:
                errors["withheld_reason"] = "请选择不予公开的理由。"
            if self.formed_on is None:
                errors["formed_on"] = "须填写信息形成日期。"
        elif self.withheld_reason:
            errors["withheld_reason"] = "不适用的类别不选择不予公开的理由。"
        if self.state == ItemState.NOT_APPLICABLE and self.matter:
            errors["matter"] = "“不适用”针对整个类别，不选择公开事项。"

    def _clean_not_applicable_alone(self) -> None:
        if not self.project_id or not self.category:
            return
        others = DisclosureItem.objects.filter(project_id=self.project_id, category=self.category)
        if self.pk:
            others = others.exclude(pk=self.pk)
        label = self.get_category_display()
        if self.state == ItemState.NOT_APPLICABLE and others.exists():
            raise ValidationError(f"本项目已有{label}的事项，不能再标为不适用。")
        if others.filter(state=ItemState.NOT_APPLICABLE).exists():
            raise ValidationError(f"本项目的{label}已标为不适用；如需公开，请先删除那条“不适用”。")

    # --- publishing ----------------------------------------------------------------------

    def stamp_published(self, changed=()) -> bool:
        """Set ``published_on`` to today when the item goes public for the first time or its
        formed date changes while public (the changed information is published anew)."""
        if not self.is_published:
            return False
        if self.published_on is None or "formed_on" in changed:
            self.published_on = timezone.localdate()
            return True
        return False
