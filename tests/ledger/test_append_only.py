"""Nobody changes or removes an entry: not in the admin, superusers included, nor through the
model or its querysets."""

import pytest
from django.urls import reverse

from ledger.models import AppendOnly, LedgerEntry

from .conftest import entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_project):
    make_project(code="KL-200")
    return LedgerEntry.objects.get()


def test_superusers_read_the_ledger_in_chinese_but_cannot_add_change_or_delete(
    client, admin_user, entry
):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:ledger_ledgerentry_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for column in ["序号", "记录时间", "操作", "记录类型", "记录标识", "审核发布人", "发布"]:
        assert column in page
    assert "KL-200" in page and "项目" in page
    assert client.get(reverse("admin:ledger_ledgerentry_add")).status_code == 403
    change_url = reverse("admin:ledger_ledgerentry_change", args=[entry.pk])
    view = client.get(change_url)
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()
    posted = client.post(change_url, {"approved_by": "他人", "record_key": "X"})
    assert posted.status_code == 403
    delete_url = reverse("admin:ledger_ledgerentry_delete", args=[entry.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:ledger_ledgerentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert entries() == [entry] and entries()[0].approved_by == entry.approved_by


def test_the_ledger_can_be_searched_and_filtered(client, admin_user, entry, make_project):
    make_project(code="KL-201")
    client.force_login(admin_user)
    url = reverse("admin:ledger_ledgerentry_changelist")
    found = client.get(url, {"q": "KL-201"}).content.decode()
    assert "KL-201" in found and "KL-200" not in found
    assert client.get(url, {"action__exact": "publish", "kind": "project"}).status_code == 200


def test_the_model_refuses_to_change_or_delete_an_entry(entry):
    entry.approved_by = "他人"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(approved_by="他人")
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.update(approved_by="他人")
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.bulk_update([entry], ["approved_by"])
    assert LedgerEntry.objects.get().approved_by != "他人"
    assert str(AppendOnly()) == "公开发布账本只能追加，不能修改或删除已有记录。"
