"""Downloads are built once per content version, one build at a time, and served as files."""

import csv
import datetime
import fcntl
import io
import os
import queue
import threading
from contextlib import ExitStack, contextmanager

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.cache import bump_content_version
from projects.models import Project
from projects.views import data, downloads
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def plan(db):
    return build_public_plan()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def names(response) -> list[str]:
    text = body(response).decode("utf-8-sig")
    return [row["项目名称"] for row in csv.DictReader(io.StringIO(text))]


@contextmanager
def every_build_slot_taken():
    """As while other workers build other files."""
    downloads.root().mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        for number in range(downloads.builds_at_once()):
            path = downloads.root() / f"build-slot-{number}.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            stack.callback(os.close, fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def test_a_file_is_built_once_whatever_the_query_says(client, plan):
    first = client.get("/data/projects.csv?x=1")
    assert first.status_code == 200
    assert first["X-Data-Version"] == "current"
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/data/projects.csv?x=2&utm_source=mail")
        assert body(again) == body(first)
    assert len(queries.captured_queries) == 0  # served from the file, no database at all
    assert again["Content-Disposition"].startswith('attachment; filename="kulun-2026-projects-zh-')


def test_the_filtered_list_is_built_once_per_filter(client, plan):
    url = "/projects/download.csv?stage=new_start&q=%E9%A3%8E%E7%94%B5"
    assert names(client.get(url + "&x=1")) == [plan.wind.name]
    with CaptureQueriesContext(connection) as queries:
        same = client.get("/projects/download.csv?x=2&q=%E9%A3%8E%E7%94%B5&stage=new_start")
        assert names(same) == [plan.wind.name]
    assert len(queries.captured_queries) == 0
    assert len(names(client.get("/projects/download.csv"))) == 2  # another filter, another file


def test_a_change_gives_a_new_file(client, plan):
    assert plan.wind.name in names(client.get("/data/projects.csv"))
    wind = Project.objects.get(pk=plan.wind.pk)
    wind.name = "库伦风电二期"
    wind.save()
    assert "库伦风电二期" in names(client.get("/data/projects.csv"))


def test_while_the_new_version_cannot_be_built_the_previous_file_is_served(client, plan):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=BEIJING), tick=False):
        old = client.get("/data/projects.csv")
        old_names = names(old)
    with time_machine.travel(datetime.datetime(2026, 6, 2, 9, tzinfo=BEIJING), tick=False):
        wind = Project.objects.get(pk=plan.wind.pk)
        wind.name = "库伦风电二期"
        wind.save()
        with every_build_slot_taken():
            stale = client.get("/data/projects.csv")
        assert stale.status_code == 200
        assert stale["X-Data-Version"] == "previous"
        assert names(stale) == old_names  # the old file, as it was, not a mix
        # Its date is the day it was made, in the name and in Last-Modified.
        assert "kulun-2026-projects-zh-20260601.csv" in stale["Content-Disposition"]
        assert stale["Last-Modified"]
        fresh = client.get("/data/projects.csv")
        assert fresh["X-Data-Version"] == "current"
        assert "kulun-2026-projects-zh-20260602.csv" in fresh["Content-Disposition"]
        assert "库伦风电二期" in names(fresh)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/data/reports.xlsx", "文件正在生成，请约 10 秒后再试。"),
        ("/en/data/reports.xlsx", "The file is being prepared. Please try again in about 10"),
    ],
)
def test_with_no_earlier_file_the_answer_is_503_with_retry_after(client, plan, url, message):
    with every_build_slot_taken():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert message in response.content.decode()
    assert client.get(url).status_code == 200  # built by the next request


def test_ten_requests_at_once_start_one_build(plan, monkeypatch):
    release = threading.Event()
    builds = []

    def slow_build(dataset, rows, out):
        builds.append(dataset.key)
        assert release.wait(30), "the test never released the build"
        out.write(b"xlsx bytes")

    monkeypatch.setitem(data.WRITERS, "xlsx", slow_build)
    answers = queue.Queue()

    def ask(n):
        response = Client().get(f"/data/projects.xlsx?x={n}")
        answers.put((response.status_code, body(response), response.get("Retry-After")))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(10)]
    try:
        for thread in threads:
            thread.start()
        # Nine are answered while the build is still running: none waits for it.
        waiting = [answers.get(timeout=30) for _ in range(9)]
    finally:
        release.set()
        for thread in threads:
            thread.join(30)
    built = answers.get(timeout=30)
    assert builds == ["projects"]
    assert {status for status, _, _ in waiting} == {503}
    assert {retry for _, _, retry in waiting} == {"10"}
    assert built[:2] == (200, b"xlsx bytes")
    assert body(Client().get("/data/projects.xlsx")) == b"xlsx bytes"
    assert builds == ["projects"]


def test_a_failed_build_leaves_no_file_behind(plan, monkeypatch):
    def broken(dataset, rows, out):
        out.write(b"half a file")
        raise RuntimeError("the build broke")

    monkeypatch.setitem(data.WRITERS, "json", broken)
    visitor = Client(raise_request_exception=False)

    def files():
        return {p for p in downloads.root().rglob("*") if p.is_file() and p.suffix != ".lock"}

    before = files()
    assert visitor.get("/data/targets.json").status_code == 500
    assert files() == before  # neither the half-written file nor its scratch copy
    monkeypatch.undo()
    assert visitor.get("/data/targets.json").status_code == 200


def test_old_versions_are_removed(client, plan):
    for number in range(downloads.KEEP_FOLDERS + 3):
        Project.objects.filter(pk=plan.wind.pk).update(name=f"风电{number}")
        bump_content_version()  # as imports do after their bulk writes
        assert f"风电{number}" in names(client.get("/data/projects.csv"))
    folders = [p for p in downloads.root().iterdir() if p.is_dir()]
    assert len(folders) == downloads.KEEP_FOLDERS


def test_asking_again_with_the_files_date_gets_304(client, plan):
    first = client.get("/data/targets.csv")
    again = client.get("/data/targets.csv", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304
    assert client.head("/data/targets.csv")["Content-Length"] == first["Content-Length"]
