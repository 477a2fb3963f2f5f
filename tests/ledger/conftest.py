"""Helpers for the ledger tests: its entries, and the check run as the command runs it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ledger.models import GENESIS, LedgerEntry
from projects.models import Unit


def entries(kind=None):
    found = LedgerEntry.objects.order_by("seq")
    return list(found.filter(kind=kind) if kind else found)


def actions(kind=None) -> list[tuple[str, str, int]]:
    """(action, record key, version) of every entry, oldest first."""
    return [(e.action, e.record_key, e.version) for e in entries(kind)]


def verify(*args) -> tuple[bool, str]:
    """Run ``verify_ledger``: (passed, what it printed and raised)."""
    out = StringIO()
    try:
        call_command("verify_ledger", *args, stdout=out)
    except CommandError as error:
        return False, f"{out.getvalue()}{error}"
    return True, out.getvalue()


def chained(found) -> bool:
    previous = GENESIS
    for entry in found:
        if entry.previous_hash != previous:
            return False
        previous = entry.entry_hash
    return True


@pytest.fixture
def culture(db):
    return Unit.objects.create(name="旗文旅局", name_en="Culture and Tourism Bureau")
