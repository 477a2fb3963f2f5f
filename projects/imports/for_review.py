"""A reporter's import: their own units' records only, sent for review as one submission.

填报员 add and change their units' projects, reports and figures but do not publish them
(``projects.services.roles``). Their file is checked like anyone's, and besides:

* every row must concern one of their units, else it is refused like any other row problem;
* the file's 已发布 column (and a publish choice) is not read: new records are written as
  drafts, rows changing drafts are written as now;
* rows changing published records are not written: their changed fields are held in revisions,
  so the public keeps the approved version until a reviewer approves;
* all of it, drafts to publish and held changes, goes into one submission named after the file
  (``projects.services.review``), in a few queries however long the file.
"""

import dataclasses

from django.contrib.contenttypes.models import ContentType

from projects.imports import rows, values, writing
from projects.imports.outcome import NEW, UPDATE, Problem
from projects.models import Revision, RevisionAction, SubmissionStatus, Unit
from projects.services import review, roles

# What a submission's title calls the records of each kind it sends.
TITLES = {
    "project": "项目",
    "progressreport": "项目进展",
    "measurement": "指标进展数据",
    "disclosureitem": "信息公开事项",
}
# Records that belong to a unit through another: (link, its noun, the unit's name, own noun).
THROUGH = {
    "progressreport": ("project", "项目", "责任单位", "进展报告"),
    "disclosureitem": ("project", "项目", "责任单位", "信息公开事项"),
    "measurement": ("target", "指标", "数据报送单位", "进展数据"),
}
PUBLISH_IGNORED = (
    "文件中的“已发布”列未读取：是否公开由审核员决定。新增的记录导入后先不公开，"
    "与修改一起提交审核，审核通过后才在网站上显示。"
)
CHOICE_IGNORED = "导入后是否发布不由填报员选择：新增的记录导入后先不公开，审核通过后发布。"
NO_UNIT = (
    "您的账号还没有所属单位，不能导入：填报员只能导入本单位的记录。"
    "请联系管理员在您的账号中添加所属单位后再导入。"
)


class ForReview:
    """What an import does differently when the importing user is a reporter."""

    def __init__(self, user, resource):
        self.user = user
        self.resource = resource
        self.model = resource._meta.model
        self.name = self.model._meta.model_name
        self.units = set(roles.unit_ids(user))
        self.unit_names = dict(Unit.objects.values_list("pk", "name"))
        self.own = "、".join(sorted(self.unit_names.get(pk, "") for pk in self.units))

    @classmethod
    def of(cls, user, resource) -> "ForReview | None":
        if user is None or not roles.is_reporter(user):
            return None
        return cls(user, resource)

    def refusal(self) -> str:
        """Why this reporter cannot import this kind at all, or ""."""
        if self.name not in roles.UNIT_PATHS:
            kind = self.model._meta.verbose_name_plural
            return f"填报员不能导入{kind}：{kind}由管理员维护。如需修改，请联系管理员。"
        return "" if self.units else NO_UNIT

    def options(self, options, notes):
        if options.publish:
            notes.append(CHOICE_IGNORED)
        return dataclasses.replace(options, publish=False)

    def drop_publish_column(self, columns, notes) -> list:
        kept = [entry for entry in columns if entry[1].attribute != "is_published"]
        if len(kept) < len(columns):
            notes.append(PUBLISH_IGNORED)
        return kept

    # Rows: the reporter's own units only.

    def problems(self, row, obj, before, planned, header_of) -> list[Problem]:
        """The row's problems if it is not the reporter's to import: *obj* is the record as
        the row leaves it, *before* its stored values (None for a new one)."""
        return [
            Problem(
                row.number,
                header_of.get(attr) or self.resource.column(attr).header,
                rows.shown(row.raw.get(attr)),
                message,
            )
            for attr, message in self.refusals(obj, before, planned)
        ]

    def refusals(self, obj, before, planned) -> list[tuple[str, str]]:
        """Why this row is not the reporter's to import: (attribute, reason)."""
        if self.name in THROUGH:
            link = THROUGH[self.name][0]
            message = self._through(getattr(obj, link))
            return [(link, message)] if message else []
        message = self._project(obj, before)
        if message:
            return [("responsible_unit", message)]
        if planned is not None and _sets_links(planned):
            attr = next(iter(planned.many))
            header = self.resource.column(attr).header
            return [
                (
                    attr,
                    f"“{header}”由管理员确定，填报员不能通过导入修改；请删去“{header}”列后重新导入。",
                )
            ]
        return []

    def _project(self, project, before) -> str:
        code, stored = project.code, None if before is None else before["responsible_unit_id"]
        if before is not None and stored is None:
            return (
                f"项目 {code} 还没有责任单位，不能由填报员导入；请删去这一行，"
                "或请管理员先为它指定责任单位。"
            )
        if before is not None and stored not in self.units:
            return self._theirs(f"项目 {code} 的责任单位是", stored, "")
        unit = project.responsible_unit_id
        if unit is None and before is None:
            return (
                f"新项目须填写责任单位，且只能是您所在的单位（{self.own}）；"
                "请在“责任单位”列填写后重新导入。"
            )
        if unit is None:
            return f"项目 {code} 的责任单位不能清空，须是您所在的单位（{self.own}）。"
        if unit not in self.units:
            return (
                f"项目 {code} 的责任单位填的是{self.unit_names.get(unit, '')}，不是您所在的单位"
                f"（{self.own}），不能由您导入；请改为您所在的单位，或删去这一行请该单位报送。"
            )
        return ""

    def _through(self, parent) -> str:
        _, noun, unit_name, own_noun = THROUGH[self.name]
        unit = parent.responsible_unit_id
        if unit in self.units:
            return ""
        if unit is None:
            return (
                f"{noun} {parent.code} 还没有{unit_name}，不能由填报员导入它的{own_noun}；"
                f"请删去这一行，或请管理员先为它指定{unit_name}。"
            )
        return self._theirs(f"{noun} {parent.code} 的{unit_name}是", unit, f"它的{own_noun}")

    def _theirs(self, start, unit, what) -> str:
        return (
            f"{start}{self.unit_names.get(unit, '')}，不是您所在的单位（{self.own}），"
            f"不能由您导入{what}；请删去这一行或请该单位报送。"
        )

    # What the preview and the result say.

    def statement(self, outcome, submission=None) -> str:
        new, public = outcome.count(NEW), outcome.published_updates
        drafts = outcome.count(UPDATE) - public
        if not new and not public and not drafts:
            return ""
        parts = [
            f"新增 {new} 条（审核通过后发布）",
            f"修改已公开记录 {public} 条（审核通过前公众仍看到原内容）",
        ]
        if drafts:
            parts.append(f"修改未公开的记录 {drafts} 条（审核通过后发布）")
        head = "导入后提交审核" if submission is None else f"已提交审核（报送编号 {submission.pk}）"
        return f"{head}：{'，'.join(parts)}"

    # Writing.

    def write(self, resource, plan, *, reason, file_name):
        """Drafts written (with history), published records' changes held; one submission.

        Returns (created, updated, submission): the records written, and what was sent.
        """
        held = [p for p in plan if not p.is_new and p.before.get("is_published")]
        written = [p for p in plan if p.is_new or not p.before.get("is_published")]
        for planned in written:
            if planned.is_new:
                planned.obj.is_published = False
        created, updated = writing.write(
            resource, written, user=self.user, reason=reason, drafts=True
        )
        items = [(obj, None) for obj in [*created, *updated]]
        items += self._held(held)
        title = f"导入{TITLES[self.name]}：{file_name}"
        submission = review.submit(user=self.user, title=title, items=items, file_name=file_name)
        return created, updated, submission

    def _held(self, plan) -> list[tuple]:
        """(record, its changed fields encoded) for the rows changing published records.

        A change still waiting for the same record is carried over for the fields this row
        leaves empty: the new submission replaces the old, and nothing sent before is dropped.
        """
        fields = {f.name: f for f in review.reviewed_fields(self.model)}
        waiting = waiting_changes(self.model, [p.obj.pk for p in plan])
        items = []
        for planned in plan:
            named = {
                fields[attr].attname
                for attr, cell in planned.raw.items()
                if attr in fields and not values.is_blank(cell)
            }
            changes = {
                name: raw
                for name, raw in waiting.get(planned.obj.pk, {}).items()
                if name not in named
            }
            for attr in planned.changed:
                if attr in fields:
                    changes[fields[attr].attname] = review.encode(fields[attr], planned.obj)
            items.append((planned.obj, changes))
        return items


def _sets_links(planned) -> bool:
    if planned.is_new:
        return any(planned.many.values())
    return bool(planned.many)


def waiting_changes(model, object_ids) -> dict:
    """The changes still waiting for review of these records of *model*, by record id."""
    kind = ContentType.objects.get_for_model(model)
    found = {}
    for start in range(0, len(object_ids), writing.CHUNK):
        revisions = Revision.objects.filter(
            content_type=kind,
            object_id__in=object_ids[start : start + writing.CHUNK],
            status=SubmissionStatus.PENDING,
            action=RevisionAction.CHANGE,
        ).order_by("pk")
        for object_id, changes in revisions.values_list("object_id", "changes"):
            found[object_id] = changes  # the newest, as ``review.held_revision`` takes
    return found
