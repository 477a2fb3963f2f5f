"""Shared personas and plan fixtures for the whole suite."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User

from projects.models import (
    STARTED_STAGES,
    Category,
    Level,
    Project,
    Sector,
    Stage,
    Target,
    TargetKind,
)


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")


@pytest.fixture
def editor(db):
    """A staff member who may view, add and change every plan record, but not delete."""
    user = User.objects.create_user("editor", "editor@example.com", "pw-for-tests-only")
    user.is_staff = True
    user.save()
    perms = Permission.objects.filter(content_type__app_label="projects").exclude(
        codename__startswith="delete_"
    )
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def viewer(db):
    """A staff member who may only look."""
    user = User.objects.create_user("viewer", "viewer@example.com", "pw-for-tests-only")
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="projects", codename__startswith="view_")
    )
    return user


@pytest.fixture
def sector(db):
    area = Sector.objects.create(slug="industry", name="产业升级", name_en="Industry", order=2)
    return Sector.objects.create(
        slug="tertiary", name="第三产业", name_en="Services", parent=area, order=3
    )


@pytest.fixture
def category(db):
    return Category.objects.create(slug="new-energy", name="新能源", name_en="New energy")


@pytest.fixture
def make_target(sector):
    def make(**fields):
        defaults = {
            "code": f"X{Target.objects.count() + 1:02d}",
            "sector": sector,
            "title": "年接待游客",
            "wording": "实现年接待游客突破130万人次",
            "kind": TargetKind.QUANTITY,
            "figure": Decimal(130),
            "unit": "万人次",
            "is_published": True,
        }
        defaults.update(fields)
        return Target.objects.create(**defaults)

    return make


@pytest.fixture
def make_project(sector):
    def make(**fields):
        defaults = {
            "code": f"P{Project.objects.count() + 1:04d}",
            "name": "测试项目",
            "sector": sector,
            "level": Level.GENERAL,
            "stage": Stage.PREPARATION,
            "is_published": True,
        }
        defaults.update(fields)
        return Project.objects.create(**defaults)

    return make


@pytest.fixture
def key_projects(make_target):
    """T02: 40 city-level key projects started or resumed by spring (31 May), records
    confirmed complete."""
    return make_target(
        kind=TargetKind.PROJECTS,
        figure=Decimal(40),
        unit="个",
        deadline=datetime.date(2026, 5, 31),
        rule_level=Level.CITY_KEY,
        rule_stages=list(STARTED_STAGES),
        records_complete=True,
    )


@pytest.fixture
def as_of():
    return datetime.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no page cached by another test is served."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test ends back in the site's default language. A request to an /en/ page leaves
    English active in the test's thread; messages built from the catalogue's lazy labels
    (categories, matters) would then come out in English in a later test's admin form."""
    from django.utils import translation

    yield
    translation.deactivate()
