"""Loading the built-in 2026 plan without ever undoing what staff have done since."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ledger.recording import batched
from projects import plan_2026
from projects.models import Category, News, Project, Sector, Target
from projects.search import signals as search_signals
from projects.services import plan_news

LOAD_REASON = "载入2026年工作计划"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by staff since: left alone
    deleted: list[str] = field(default_factory=list)  # deleted by staff: not created again

    def state(self, label: str) -> str:
        """Which list *label* ended up in: created, updated, unchanged, kept or deleted."""
        names = ("created", "updated", "unchanged", "kept", "deleted")
        return next((name for name in names if label in getattr(self, name)), "")


def edited_by_staff(obj) -> bool:
    """Whether any saved version of *obj* came from somebody other than this loader."""
    return obj.history.exclude(history_change_reason=LOAD_REASON).exists()


def _same(current, wanted) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        if current is None or wanted is None:
            return current is wanted
        return Decimal(current) == Decimal(wanted)
    return current == wanted


def _holds_data_of_its_kind(obj, differing: dict) -> bool:
    """A target with progress data keeps its kind: the data were entered for that kind (a
    milestone has no values), so changing it is for staff, with a reason."""
    return "kind" in differing and isinstance(obj, Target) and obj.measurements.exists()


def _upsert(model, key: dict, values: dict, report: LoadReport, label: str, *, publish=None):
    """The record for *key*, created or brought up to the plan; None if staff deleted it.

    Whether a record is published is decided once, when it is created: running the loader
    again never publishes a draft nor withdraws a published record.
    """
    obj = model.objects.filter(**key).first()
    if obj is None:
        if model.history.filter(**key, history_type="-").exists():
            report.deleted.append(label)
            return None
        obj = model(**key, **values)
        if publish is not None:
            obj.is_published = publish
        obj.full_clean()
        obj._change_reason = LOAD_REASON
        obj.save()
        report.created.append(label)
        return obj
    differing = {k: v for k, v in values.items() if not _same(getattr(obj, k), v)}
    if not differing:
        report.unchanged.append(label)
        return obj
    if edited_by_staff(obj) or _holds_data_of_its_kind(obj, differing):
        report.kept.append(label)
        return obj
    for name, value in differing.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj._change_reason = LOAD_REASON
    obj.save()
    report.updated.append(label)
    return obj


def _decimal(value):
    return None if value is None else Decimal(value)


@transaction.atomic
@batched()
@search_signals.deferred()  # the plan's entries written together at the end
def load_plan(*, publish: bool = True) -> LoadReport:
    """Create the plan's sectors, categories, targets and projects where they are missing.

    A record that exists is brought up to date with the plan only while every saved version of
    it came from this loader; once staff have saved it (in admin or by import) it is kept as
    they left it. So a project the loader still owns loses the stage older loaders guessed
    (储备) and reads 待核实, while one staff or a report have touched keeps its stage. A record
    staff have deleted is not created again, and links between projects and targets are set
    only when the project is first created. The plan article itself becomes a news item (a
    reprint, see ``plan_news``), published at the time it is first created. The plan records no
    progress, so no measurement or report is created.
    """
    report = LoadReport()
    sectors = {}
    for order, (slug, name, name_en, parent) in enumerate(plan_2026.SECTORS, start=1):
        values = {"name": name, "name_en": name_en, "parent": sectors.get(parent), "order": order}
        sectors[slug] = _upsert(Sector, {"slug": slug}, values, report, f"领域 {name}")
    categories = {}
    for order, (slug, name, name_en) in enumerate(plan_2026.CATEGORIES, start=1):
        values = {"name": name, "name_en": name_en, "order": order}
        categories[slug] = _upsert(Category, {"slug": slug}, values, report, f"类别 {name}")
    targets = {}
    for order, spec in enumerate(plan_2026.TARGETS, start=1):
        values = dict(spec)
        code = values.pop("code")
        values["sector"] = sectors[values["sector"]]
        values["figure"] = _decimal(values["figure"])
        if "rule_category" in values:
            values["rule_category"] = categories[values["rule_category"]]
        values.update(order=order, source=plan_2026.SOURCE)
        label = f"指标 {code}"
        if None in (values["sector"], values.get("rule_category", "")):
            report.deleted.append(label)  # its sector or category was deleted by staff
            continue
        targets[code] = _upsert(Target, {"code": code}, values, report, label, publish=publish)
    for spec in plan_2026.PROJECTS:
        values = dict(spec)
        code = values.pop("code")
        related = values.pop("related_targets")
        values["sector"] = sectors[values["sector"]]
        values["category"] = categories[values["category"]]
        values["capacity"] = _decimal(values["capacity"])
        label = f"项目 {code}"
        if values["sector"] is None or values["category"] is None:
            report.deleted.append(label)
            continue
        project = _upsert(Project, {"code": code}, values, report, label, publish=publish)
        # Links are set when the loader creates the project; after that they are the staff's.
        if report.created and report.created[-1] == label:
            project.related_targets.set([targets[c] for c in related if targets.get(c)])
    label = plan_news.label()
    news = _upsert(News, plan_news.news_key(), plan_news.values(), report, label, publish=publish)
    if report.state(label) == "created":
        plan_news.link(news, sectors, targets)
    return report
