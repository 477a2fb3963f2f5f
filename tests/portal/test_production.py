"""Production behaviour: deploy checks, headers, login throttling, caching, 503, backups."""

import datetime
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, SearchEntry, Target
from projects.services.plan import load_plan

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_DEBUG": "false",
    "HTTPS": "true",
    "BEHIND_PROXY": "true",
    "ALLOWED_HOSTS": "kulun.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://kulun.example.gov.cn",
}


def run_manage(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **environment,
            **env,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SECRET_KEY_FILE": "/nonexistent/secret-key",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No secret key: SECRET_KEY is not set" in result.stderr


def test_the_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SECRET_KEY_FILE": str(key_file),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key_file.read_text().strip()


@pytest.fixture
def plan(db):
    load_plan()


def test_public_page_headers_and_no_cookies(client, plan):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "style-src 'self'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", ["/projects/", "/targets/T16/", "/en/", "/news/", "/data/"])
def test_other_public_pages_set_no_cookie(client, plan, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies


def test_admin_login_sets_csrf_cookie_secure_httponly_in_production(client, settings):
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_hsts_over_https_without_subdomains(client, plan, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def _login(client, password, ip="203.0.113.9"):
    return client.post(
        reverse("admin:login"),
        {"username": "admin", "password": password},
        REMOTE_ADDR=ip,
    )


def test_failed_logins_lock_out_then_the_lockout_expires(client, admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, "wrong").status_code == 429  # the limit is reached
    locked = _login(client, "pw-for-tests-only")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # Another address is not locked out by this one.
    assert _login(client, "pw-for-tests-only", ip="198.51.100.7").status_code == 302
    client.logout()
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(client, "pw-for-tests-only").status_code == 302


def test_client_ip_behind_one_proxy_is_the_last_forwarded_hop(rf, settings):
    from portal.client_ip import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.5"


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    validate_password("库伦旗-荞麦-2026-sand")


def test_pages_come_from_the_cache_and_answer_304(client, plan):
    first = client.get("/projects/")
    assert first["X-Cache"] == "miss"
    second = client.get("/projects/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    again = client.get("/projects/", HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304


def test_a_change_in_admin_shows_on_the_next_request(client, plan, admin_user):
    project = Project.objects.get(code="KL2026-004")
    url = f"/projects/{project.code}/"
    assert "中温设施农业" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    staff = client.__class__()
    staff.force_login(admin_user)
    staff.post(
        reverse("admin:projects_project_changelist"),
        {"action": "unpublish", "_selected_action": [project.pk]},
    )
    assert client.get(url).status_code == 404
    project.refresh_from_db()
    project.is_published = True
    project.name = "中温设施农业（一期）"
    project.save()
    assert "中温设施农业（一期）" in client.get(url).content.decode()


def test_staff_are_never_served_the_cached_page(client, plan, admin_user):
    target = Target.objects.get(code="T16")
    target.is_published = False
    target.save()
    assert client.get("/targets/T16/").status_code == 404
    client.force_login(admin_user)
    preview = client.get("/targets/T16/")
    assert preview.status_code == 200
    assert "X-Cache" not in preview


def test_database_unreachable_gives_a_503_page_in_chinese_and_english():
    script = (
        "import django, os; django.setup();"
        "from django.test import Client;"
        "c = Client(SERVER_NAME='localhost');"
        "r = c.get('/'); print(r.status_code); print(r.content.decode());"
        "r = c.get('/en/'); print(r.status_code); print(r.content.decode());"
        "r = c.get('/healthz'); print('healthz', r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unreachable",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = result.stdout
    assert out.count("503") >= 2, out + result.stderr
    assert "网站暂时无法访问" in out
    assert "briefly unavailable" in out
    assert "Traceback" not in out
    assert 'healthz 503 {"status": "unavailable", "database": {"state": "unavailable"}}' in out


def test_healthz_reports_the_database_and_nothing_about_it(client, db):
    from django.db import connection

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"state": "ok"}}
    assert connection.vendor not in response.content.decode()


@pytest.mark.django_db(
    transaction=True
)  # flush cannot run inside a test's transaction on PostgreSQL
def test_backup_restores_into_an_empty_database(tmp_path, plan, admin_user):
    target = Target.objects.get(code="T03")
    target.baseline = 30
    target._history_user = admin_user
    target.save()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    before = _snapshot()
    indexed = set(SearchEntry.objects.values_list("kind", "key", "text"))
    # Empty the database the way a new server would be: nothing but migrations.
    call_command("flush", "--noinput")
    assert Project.objects.count() == 0
    call_command("restore", str(archive))
    assert _snapshot() == before
    restored = Target.objects.get(code="T03")
    assert restored.baseline == 30
    assert restored.history.first().history_user.username == "admin"
    # The search index is not in the file (it is derived): the restore builds it again.
    assert set(SearchEntry.objects.values_list("kind", "key", "text")) == indexed
    assert len(indexed) == 36  # 13 projects, 22 targets, the plan article


def test_restore_refuses_a_database_that_has_data(tmp_path, plan):
    from django.core.management.base import CommandError

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    with pytest.raises(CommandError, match="数据库中已有数据"):
        call_command("restore", str(archive))


def _snapshot():
    return {
        "targets": list(Target.objects.order_by("code").values_list("code", "figure", "title")),
        "projects": list(Project.objects.order_by("code").values_list("code", "name", "stage")),
        "history": Target.history.count() + Project.history.count(),
    }


def test_static_files_are_hashed_and_compressed(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "HTTPS": "false",
        "STATIC_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = run_manage("collectstatic", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    hashed = list(tmp_path.glob("css/error.*.css"))
    assert hashed, "no hashed copy of css/error.css"
    assert hashed[0].with_name(hashed[0].name + ".gz").exists()
    assert hashed[0].with_name(hashed[0].name + ".br").exists()
    assert (tmp_path / "staticfiles.json").exists()


def test_a_change_from_another_process_shows_on_the_next_request(client, plan):
    """Each gunicorn worker and each command has its own local-memory cache."""
    assert client.get("/projects/")["X-Cache"] == "miss"
    assert client.get("/projects/")["X-Cache"] == "hit"
    result = run_manage(
        "shell", "-c", "from portal.cache import bump_content_version; bump_content_version()"
    )
    assert result.returncode == 0, result.stderr
    assert client.get("/projects/")["X-Cache"] == "miss"


def test_an_import_shows_on_the_next_request(
    client, plan, admin_user, django_capture_on_commit_callbacks
):
    from projects.imports import service

    url = "/projects/KL2026-004/"
    assert "中温设施农业" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    data = "项目编号,项目名称,所属领域\nKL2026-004,中温设施农业（二期）,primary\n"
    data = data.encode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = service.import_file(
            kind="projects", data=data, file_name="改名.csv", user=admin_user, dry_run=False
        )
    assert outcome.applied, outcome.file_problem
    page = client.get(url)
    assert page["X-Cache"] == "miss"
    assert "中温设施农业（二期）" in page.content.decode()
