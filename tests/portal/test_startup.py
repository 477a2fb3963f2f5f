"""Starting the portal from its environment: a blank variable is an unset one, and without a
usable secret key the portal refuses to start instead of failing every request."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env

ROOT = Path(__file__).resolve().parents[2]


def shipped_env_example() -> dict[str, str]:
    """The variables of .env.example exactly as shipped, blank values included."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def run_python(code: str, variables: dict[str, str]):
    environment = {k: v for k, v in os.environ.items() if k not in variables}
    environment.update(variables, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_env_example_ships_a_blank_secret_key():
    # The two tests below are about this very line; they would prove nothing without it.
    assert shipped_env_example()["SECRET_KEY"] == ""


def test_the_shipped_env_example_without_a_key_file_refuses_to_start(tmp_path):
    variables = {**shipped_env_example(), "SECRET_KEY_FILE": str(tmp_path / "missing")}
    result = run_python("import portal.wsgi", variables)
    assert result.returncode != 0
    assert "No secret key: SECRET_KEY is not set" in result.stderr
    assert str(tmp_path / "missing") in result.stderr


def run_manage(args: list[str], variables: dict[str, str]):
    environment = {k: v for k, v in os.environ.items() if k not in variables}
    environment.update(variables, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_a_fresh_clone_checks_its_migrations_without_a_key_but_runs_nothing_else(tmp_path):
    # Before `make run` writes .secret-key, the checks that read only the code still run.
    variables = {**shipped_env_example(), "SECRET_KEY_FILE": str(tmp_path / "missing")}
    checked = run_manage(["makemigrations", "--check", "--dry-run"], variables)
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    refused = run_manage(["migrate", "--plan"], variables)
    assert refused.returncode != 0
    assert "No secret key: SECRET_KEY is not set" in refused.stderr


def test_a_blank_secret_key_is_taken_from_the_key_file_and_pages_answer(tmp_path):
    key_file = tmp_path / "secret-key"
    key = secrets.token_urlsafe(50)
    key_file.write_text(key + "\n")
    variables = {
        **shipped_env_example(),
        "SECRET_KEY_FILE": str(key_file),
        # Local paths instead of the example's /srv/kulun, and a blank REDIS_URL: local memory.
        "STATE_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.test import Client;"
        "c = Client(HTTP_HOST='kulun.example.gov.cn', raise_request_exception=False);"
        "print(settings.SECRET_KEY == open(settings.SECRET_KEY_FILE).read().strip());"
        "print(c.get('/robots.txt', secure=True).status_code)"
    )
    result = run_python(code, variables)
    assert result.stdout.split() == ["True", "200"], result.stdout + result.stderr


def test_an_unreadable_key_file_is_named(tmp_path):
    variables = {"SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path)}  # a folder, not a file
    result = run_python("import portal.wsgi", variables)
    assert result.returncode != 0
    assert f"The secret key file {tmp_path} cannot be read" in result.stderr


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_variable_counts_as_unset_for_every_reader(monkeypatch, blank):
    monkeypatch.setenv("KULUN_TEST_VALUE", blank)
    assert env.env_str("KULUN_TEST_VALUE", "default") == "default"
    assert env.env_bool("KULUN_TEST_VALUE", True) is True
    assert env.env_int("KULUN_TEST_VALUE", 7) == 7
    assert env.env_list("KULUN_TEST_VALUE", ["a"]) == ["a"]
    with pytest.raises(ImproperlyConfigured, match="KULUN_TEST_VALUE must be set"):
        env.env_str("KULUN_TEST_VALUE")


def test_a_malformed_value_still_stops_the_process(monkeypatch):
    monkeypatch.setenv("KULUN_TEST_VALUE", "maybe")
    with pytest.raises(ImproperlyConfigured, match="KULUN_TEST_VALUE must be one of"):
        env.env_bool("KULUN_TEST_VALUE", False)


def test_gunicorn_settings_read_blank_values_as_unset(monkeypatch):
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_ACCESS_LOG", "FORWARDED_ALLOW_IPS"):
        monkeypatch.setenv(name, "")
    conf = runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] >= 3
    assert conf["accesslog"] is None
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
