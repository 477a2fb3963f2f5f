"""An unusable state folder (STATE_DIR) gives the 503 page and a log line with the cause, not
a 500 on every page."""

import logging

import pytest
from django.test import RequestFactory

from portal.failures import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def state_dir_is_a_file(settings, tmp_path):
    blocker = tmp_path / "var"
    blocker.write_text("not a folder")
    settings.STATE_DIR = blocker
    return blocker


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # answered as a real server would
    return client


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "网站暂时无法访问"),
        ("/en/projects/", "briefly unavailable"),
        ("/nope/", "网站暂时无法访问"),
    ],
)
def test_pages_answer_503_and_the_cause_is_logged(
    visitor, state_dir_is_a_file, settings, caplog, path, text
):
    # One server with its local-memory cache keeps the page cache's version in STATE_DIR, so
    # every page needs the folder (with Redis the version lives there instead).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client = visitor
    with caplog.at_level(logging.ERROR):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert text in response.content.decode()
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged, "no log line"
    assert any(r.exc_info and issubclass(r.exc_info[0], OSError) for r in logged)


def test_healthz_answers_503_whatever_the_cache(visitor, state_dir_is_a_file):
    # Downloads and waiting imports live in STATE_DIR too, with Redis as without it; with the
    # local-memory cache the page cache fails first and answers with the 503 page.
    assert visitor.get("/healthz").status_code == 503


def test_a_view_that_cannot_use_its_files_gives_the_503_page(caplog):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/data/projects.xlsx")
    with caplog.at_level(logging.ERROR, logger="portal.failures"):
        response = middleware.process_exception(request, PermissionError(13, "Permission denied"))
    assert response.status_code == 503
    assert caplog.records[0].message == "storage unavailable"
    assert "Permission denied" in caplog.records[0].error


def test_other_errors_still_give_the_500_page(visitor, monkeypatch):
    from portal import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "render", broken)
    assert visitor.get("/about/").status_code == 500
