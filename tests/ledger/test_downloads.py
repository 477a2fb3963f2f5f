"""/data/ledger.csv and /data/ledger.json, listed with their dictionary on the open data page."""

import csv
import io
import json

import pytest

from ledger.hashing import entry_hash
from ledger.models import LedgerEntry
from ledger.recording import NO_ACCOUNT

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(make_project):
    project = make_project(code="KL-300", name="=第一个项目")
    project.name = "第一个项目"
    project.save()
    return project


def test_the_json_file_holds_every_entry_with_what_is_needed_to_check_it(client, published):
    response = client.get("/data/ledger.json")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(body(response))
    assert document["dataset"] == "ledger" and document["title"] == "公开发布账本"
    assert document["genesis"] == "0" * 64
    first, second = document["rows"]
    assert first["seq"] == 1 and second["previous_hash"] == first["entry_hash"]
    assert (first["action"], first["kind"], first["record_key"]) == ("publish", "project", "KL-300")
    assert second["action"] == "change" and second["version"] == 2
    assert first["approved_by"] == NO_ACCOUNT
    assert first["recorded_at"].endswith("+08:00")
    stored = LedgerEntry.objects.get(seq=2)
    assert second["entry_hash"] == stored.entry_hash == entry_hash(second)
    kinds = {k["kind"]: k for k in document["kinds"]}
    assert kinds["project"]["dataset"] == "projects" and "name" in kinds["project"]["fields"]
    assert kinds["news"]["dataset"] is None
    assert [f["key"] for f in document["fields"]][-1] == "entry_hash"


def test_the_csv_file_has_chinese_headers_and_safe_cells(client, published):
    raw = body(client.get("/data/ledger.csv"))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["记录标识"] for r in rows] == ["KL-300", "KL-300"]
    assert [r["操作"] for r in rows] == ["publish", "change"]
    assert rows[1]["上一条记录哈希"] == rows[0]["本条记录哈希"]
    english = body(client.get("/en/data/ledger.csv")).decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Number,Recorded at,Action,Kind,Record key")


def test_unknown_formats_are_not_found(client, published):
    assert client.get("/data/ledger.xlsx").status_code == 404
    assert client.get("/data/ledger.txt").status_code == 404


def test_the_open_data_page_lists_and_explains_the_ledger(client, published):
    page = client.get("/data/").content.decode()
    assert 'href="/data/ledger.csv"' in page and 'href="/data/ledger.json"' in page
    assert "公开发布账本" in page and "SHA-256" in page and "环环相扣" in page
    english = client.get("/en/data/").content.decode()
    assert 'href="/en/data/ledger.json"' in english and "Publication ledger" in english
    assert "chain breaks at that point" in english and "How to check it" in english


def test_a_new_entry_is_in_the_next_download(client, published):
    assert len(json.loads(body(client.get("/data/ledger.json")))["rows"]) == 2
    published.is_published = False
    published.save()
    rows = json.loads(body(client.get("/data/ledger.json")))["rows"]
    assert [r["action"] for r in rows] == ["publish", "change", "unpublish"]
