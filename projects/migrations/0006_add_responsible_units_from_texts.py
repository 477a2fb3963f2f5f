"""Responsible units become records: every written 责任单位 / 数据报送单位 becomes a unit.

The texts are read from the records and from their saved versions, so no name ever written is
lost: variants of one name are merged into one unit (see ``unit_key`` and ``SAME_UNIT``), and a
written form that differs from the unit's name is kept among the unit's other names (aliases).
Each saved version is linked to the unit its text named. Going back writes the unit's names
into the text fields again. The text fields are dropped by the next migration.
"""

import unicodedata
from collections import Counter, defaultdict

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# Frozen copy of projects.models.responsible.unit_key: a migration must not change with the app.
BANNER_PREFIXES = ("库伦旗", "旗")
OFFICE_SUFFIXES = ("人民政府", "政府")

# Short names that the rules above cannot tell are one office: each compared form on the left
# is merged with the one on the right. Only pairs that are certainly one office belong here.
SAME_UNIT = {
    "文旅局": "文化旅游体育局",
    "文旅体育局": "文化旅游体育局",
    "发改委": "发展和改革委员会",
    "发展改革委": "发展和改革委员会",
}


def unit_key(written) -> str:
    name = "".join(unicodedata.normalize("NFKC", str(written or "")).split())
    for prefix in BANNER_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    for suffix in OFFICE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    name = name.lower()
    return SAME_UNIT.get(name, name)


def _texts(apps):
    """(model, text field, English field or None) for each place a unit was written."""
    return [
        (apps.get_model("projects", "Project"), "department", None),
        (apps.get_model("projects", "HistoricalProject"), "department", None),
        (apps.get_model("projects", "Target"), "responsible_unit_text", "responsible_unit_en"),
        (
            apps.get_model("projects", "HistoricalTarget"),
            "responsible_unit_text",
            "responsible_unit_en",
        ),
    ]


def texts_to_units(apps, schema_editor):
    Unit = apps.get_model("projects", "Unit")
    written = defaultdict(Counter)  # key -> how often each written form occurs (live rows)
    seen = defaultdict(list)  # key -> written forms in order of first appearance
    english = {}
    for model, field, en_field in _texts(apps):
        live = not model.__name__.startswith("Historical")
        columns = [field, en_field] if en_field else [field]
        for row in model.objects.exclude(**{field: ""}).order_by("pk").values(*columns):
            text = " ".join(row[field].split())
            key = unit_key(text)
            if not key:
                continue
            if text not in seen[key]:
                seen[key].append(text)
            if live:
                written[key][text] += 1
            if en_field and row[en_field].strip():
                english.setdefault(key, row[en_field].strip())
    units = {}
    for order, (key, forms) in enumerate(sorted(seen.items()), start=1):
        counts = written[key]
        # The unit is named as the records name it most often; on a tie, the fullest form.
        name = max(forms, key=lambda text: (counts[text], len(text), -forms.index(text)))
        aliases = [text for text in forms if text != name]
        units[key] = Unit.objects.create(
            name=name, name_en=english.get(key, ""), aliases="\n".join(aliases), order=order
        )
    for model, field, _en in _texts(apps):
        for pk, text in model.objects.exclude(**{field: ""}).values_list("pk", field):
            unit = units.get(unit_key(text))
            if unit is not None:
                model.objects.filter(pk=pk).update(responsible_unit=unit)
    HistoricalUnit = apps.get_model("projects", "HistoricalUnit")
    for unit in units.values():
        HistoricalUnit.objects.create(
            id=unit.pk,
            name=unit.name,
            name_en=unit.name_en,
            kind=unit.kind,
            aliases=unit.aliases,
            order=unit.order,
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="由原责任单位文字生成",
        )


def units_to_texts(apps, schema_editor):
    units = {unit.pk: unit for unit in apps.get_model("projects", "Unit").objects.all()}
    for model, field, en_field in _texts(apps):
        rows = model.objects.filter(responsible_unit__isnull=False)
        for row in rows.values("pk", "responsible_unit_id"):
            unit = units.get(row["responsible_unit_id"])
            if unit is None:
                continue
            values = {field: unit.name}
            if en_field:
                values[en_field] = unit.name_en
            model.objects.filter(pk=row["pk"]).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_cover_actual_start_in_target_counts_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Unit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(error_messages={"unique": "已有同名的责任单位。"}, help_text="公开页面显示的名称，例如 旗文旅体育局。", max_length=120, unique=True, verbose_name="名称")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="英文名称")),
                ("kind", models.CharField(blank=True, choices=[("banner", "旗直部门"), ("township", "苏木镇场"), ("other", "其他")], max_length=10, verbose_name="类型")),
                ("aliases", models.TextField(blank=True, help_text="导入文件里可能出现的其他写法，每行一个，例如 库伦旗文化旅游体育局、旗文旅局。比较时不计空格、全角半角，也不计开头的“库伦旗”“旗”和结尾的“人民政府”“政府”。", verbose_name="其他写法")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
            ],
            options={
                "verbose_name": "责任单位",
                "verbose_name_plural": "责任单位",
                "ordering": ["order", "name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalUnit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, error_messages={"unique": "已有同名的责任单位。"}, help_text="公开页面显示的名称，例如 旗文旅体育局。", max_length=120, verbose_name="名称")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="英文名称")),
                ("kind", models.CharField(blank=True, choices=[("banner", "旗直部门"), ("township", "苏木镇场"), ("other", "其他")], max_length=10, verbose_name="类型")),
                ("aliases", models.TextField(blank=True, help_text="导入文件里可能出现的其他写法，每行一个，例如 库伦旗文化旅游体育局、旗文旅局。比较时不计空格、全角半角，也不计开头的“库伦旗”“旗”和结尾的“人民政府”“政府”。", verbose_name="其他写法")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "historical 责任单位",
                "verbose_name_plural": "historical 责任单位",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="UnitMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="projects.unit", verbose_name="责任单位")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="unit_memberships", to=settings.AUTH_USER_MODEL, verbose_name="工作人员账号")),
            ],
            options={
                "verbose_name": "单位成员",
                "verbose_name_plural": "单位成员",
                "constraints": [models.UniqueConstraint(fields=("unit", "user"), name="unit_membership_once", violation_error_message="该账号已是这个单位的成员。")],
            },
        ),
        # The text keeps its column until the next migration; the name is the link's now.
        migrations.RenameField("target", "responsible_unit", "responsible_unit_text"),
        migrations.RenameField("historicaltarget", "responsible_unit", "responsible_unit_text"),
        migrations.AddField(
            model_name="historicalproject",
            name="responsible_unit",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="projects.unit", verbose_name="责任单位"),
        ),
        migrations.AddField(
            model_name="project",
            name="responsible_unit",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="projects", to="projects.unit", verbose_name="责任单位"),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="responsible_unit",
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="负责报送本指标数据的单位，例如 旗统计局、旗文旅体育局；公开页面显示。", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="projects.unit", verbose_name="数据报送单位"),
        ),
        migrations.AddField(
            model_name="target",
            name="responsible_unit",
            field=models.ForeignKey(blank=True, help_text="负责报送本指标数据的单位，例如 旗统计局、旗文旅体育局；公开页面显示。", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="targets", to="projects.unit", verbose_name="数据报送单位"),
        ),
        migrations.RunPython(texts_to_units, units_to_texts),
    ]
