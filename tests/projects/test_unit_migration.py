"""Written 责任单位 / 数据报送单位 become unit records, and come back as text going backwards."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0005_cover_actual_start_in_target_counts_index")]
AFTER = [("projects", "0007_keep_written_unit_texts_read_only")]


def _leaves():
    """Every app's newest migration: the schema the rest of the suite expects back."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_leaves())


def _rows(apps):
    Sector = apps.get_model("projects", "Sector")
    Project = apps.get_model("projects", "Project")
    Target = apps.get_model("projects", "Target")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    sector = Sector.objects.create(slug="s", name="领域")
    projects = {}
    for code, text in [
        ("P1", "库伦旗文化旅游体育局"),
        ("P2", "旗文旅体育局"),
        ("P3", "旗文旅局"),
        ("P4", "旗文旅体育局"),
        ("P5", "库伦镇人民政府"),
        ("P6", "库伦镇"),
        ("P7", "旗发改委"),
        ("P8", "库伦旗发展和改革委员会"),
        ("P9", "旗 统计局"),
        ("P10", ""),
    ]:
        projects[code] = Project.objects.create(
            code=code, name=code, sector=sector, department=text
        )
    # A name written only in an older version of P10 is kept too.
    HistoricalProject.objects.create(
        id=projects["P10"].pk, code="P10", name="P10", sector_id=sector.pk, department="旗能源局",
        history_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), history_type="+",
        is_published=False,
    )  # fmt: skip
    Target.objects.create(
        code="T16", sector=sector, title="游客", wording="w", kind="quantity",
        responsible_unit="旗文旅局", responsible_unit_en="Banner Culture and Tourism Bureau",
    )  # fmt: skip
    Target.objects.create(code="T01", sector=sector, title="t", wording="w", kind="quantity")
    return projects


@pytest.mark.django_db(transaction=True)
def test_texts_become_units_with_variants_merged_and_aliases_kept(old_apps):
    _rows(old_apps)
    apps = _migrate(AFTER)
    Unit = apps.get_model("projects", "Unit")
    Project = apps.get_model("projects", "Project")
    units = {u.name: u for u in Unit.objects.all()}
    assert set(units) == {
        "旗文旅体育局", "库伦镇人民政府", "库伦旗发展和改革委员会", "旗 统计局", "旗能源局"
    }  # fmt: skip
    culture = units["旗文旅体育局"]
    assert culture.aliases.splitlines() == ["库伦旗文化旅游体育局", "旗文旅局"]
    assert culture.name_en == "Banner Culture and Tourism Bureau"
    assert units["库伦镇人民政府"].aliases == "库伦镇"
    assert units["库伦旗发展和改革委员会"].aliases == "旗发改委"
    linked = dict(Project.objects.values_list("code", "responsible_unit__name"))
    assert linked == {
        "P1": "旗文旅体育局", "P2": "旗文旅体育局", "P3": "旗文旅体育局", "P4": "旗文旅体育局",
        "P5": "库伦镇人民政府", "P6": "库伦镇人民政府", "P7": "库伦旗发展和改革委员会",
        "P8": "库伦旗发展和改革委员会", "P9": "旗 统计局", "P10": None,
    }  # fmt: skip
    Target = apps.get_model("projects", "Target")
    assert dict(Target.objects.values_list("code", "responsible_unit__name")) == {
        "T16": "旗文旅体育局",
        "T01": None,
    }
    old = apps.get_model("projects", "HistoricalProject").objects.get(code="P10", history_type="+")
    assert old.responsible_unit_id == units["旗能源局"].pk
    # Every record and every earlier version keeps the words it was written with.
    assert Project.objects.get(code="P3").department == "旗文旅局"
    assert old.department == "旗能源局"
    assert Target.objects.get(code="T16").responsible_unit_text == "旗文旅局"
    assert apps.get_model("projects", "HistoricalUnit").objects.count() == len(units)


@pytest.mark.django_db(transaction=True)
def test_going_back_writes_the_units_names_into_the_texts(old_apps):
    _rows(old_apps)
    apps = _migrate(AFTER)
    Unit = apps.get_model("projects", "Unit")
    Unit.objects.filter(name="旗文旅体育局").update(name_en="Culture, Tourism and Sports")
    apps = _migrate(BEFORE)
    Project = apps.get_model("projects", "Project")
    Target = apps.get_model("projects", "Target")
    texts = dict(Project.objects.values_list("code", "department"))
    assert texts["P3"] == "旗文旅体育局" and texts["P8"] == "库伦旗发展和改革委员会"
    assert texts["P10"] == ""
    t16 = Target.objects.get(code="T16")
    assert (t16.responsible_unit, t16.responsible_unit_en) == (
        "旗文旅体育局",
        "Culture, Tourism and Sports",
    )
    assert Target.objects.get(code="T01").responsible_unit == ""
