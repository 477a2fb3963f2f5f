"""Admin login throttling: password spraying from one address locks the address."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

SPRAYER = "203.0.113.66"
pytestmark = pytest.mark.django_db


def login(username, password, ip=SPRAYER):
    return Client().post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_spraying_many_accounts_from_one_address_locks_the_address(admin_user):
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    # One wrong password on each of many accounts: no pair comes near its own limit.
    for n in range(limit - 1):
        assert login(f"staff{n:02d}", "Spring2026!").status_code == 200
    assert login("admin", "pw-for-tests-only").status_code == 302  # not locked yet
    assert login(f"staff{limit:02d}", "Spring2026!").status_code == 429
    locked = login("admin", "pw-for-tests-only")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # Staff elsewhere are not locked out by it.
    assert login("admin", "pw-for-tests-only", ip="198.51.100.7").status_code == 302


def test_a_few_failures_on_other_accounts_do_not_lock_the_address(admin_user):
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        assert login(f"staff{n}", "wrong").status_code == 200
    assert login("admin", "pw-for-tests-only").status_code == 302
