"""The calendar's and the mail's settings come from the environment: a due day outside 1..28
or TLS with SSL stops the portal with a message naming the variable; mail goes to the console
unless an SMTP server is named."""

from .test_startup import run_python

SHOW = (
    "import django; django.setup(); from django.conf import settings;"
    "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,"
    " settings.EMAIL_USE_TLS, settings.REPORT_DUE_DAY)"
)


def settings_with(**variables):
    return run_python(SHOW, {"SECRET_KEY": "x", **variables})


def test_mail_goes_to_the_console_by_default():
    result = settings_with(EMAIL_HOST="", REPORT_DUE_DAY="")
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend", "25", "False", "5",
    ], result.stderr  # fmt: skip


def test_an_smtp_server_from_the_environment():
    result = settings_with(EMAIL_HOST="smtp.example.gov.cn", EMAIL_PORT="587",
                           EMAIL_USE_TLS="true", REPORT_DUE_DAY="10")  # fmt: skip
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.gov.cn", "587", "True", "10",
    ], result.stderr  # fmt: skip


def test_a_due_day_outside_the_month_stops_the_portal():
    for day in ("0", "29", "31"):
        result = settings_with(REPORT_DUE_DAY=day)
        assert result.returncode != 0
        assert f"REPORT_DUE_DAY must be a day of the month from 1 to 28, not {day}." in (
            result.stderr
        )
    result = settings_with(REPORT_DUE_DAY="五")
    assert "REPORT_DUE_DAY must be a whole number" in result.stderr


def test_tls_and_ssl_together_stop_the_portal():
    result = settings_with(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on" in result.stderr
