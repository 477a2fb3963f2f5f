"""When the cache server or the state folder fails, pages are still answered honestly and a
committed save is not reported as failed."""

import json
import logging

import pytest
from django.urls import reverse

from projects.models import Project

pytestmark = pytest.mark.django_db

REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # answered as a real server would
    return client


def test_with_the_cache_server_down_pages_are_built_for_each_visitor(
    visitor, make_project, settings, caplog
):
    project = make_project(code="KL-1", is_published=True)
    settings.CACHES = REDIS_DOWN
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        response = visitor.get("/en/projects/")

    assert response.status_code == 200
    assert project.code in response.content.decode()
    assert "page cache unavailable" in [record.getMessage() for record in caplog.records]


def test_with_the_cache_server_down_a_download_gives_the_503_page(visitor, make_project, settings):
    make_project(code="KL-1", is_published=True)
    settings.CACHES = REDIS_DOWN

    response = visitor.get("/data/projects.csv")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_healthz_answers_in_json_when_the_page_cache_cannot_be_used(visitor, settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    blocker = tmp_path / "var"
    blocker.write_text("not a folder")
    settings.STATE_DIR = blocker

    response = visitor.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["status"] == "unavailable"


def test_a_save_is_kept_and_reported_saved_when_the_version_cannot_move(
    client, admin_user, make_project, settings, tmp_path, caplog
):
    project = make_project(code="KL-1", is_published=True)
    client.force_login(admin_user)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    blocker = tmp_path / "var"
    blocker.write_text("not a folder")
    settings.STATE_DIR = blocker
    url = reverse("admin:projects_project_changelist")

    with caplog.at_level(logging.ERROR):
        response = client.post(url, {"action": "unpublish", "_selected_action": [project.pk]})

    assert response.status_code == 302
    assert not Project.objects.get(pk=project.pk).is_published
    assert any(record.exc_info for record in caplog.records)
