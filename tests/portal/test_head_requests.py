"""HEAD requests get headers only: what the WSGI server receives has no body.

gunicorn drops a body sent for HEAD but logs a warning for each one, so a monitor's HEAD every
minute filled the log. The test client removes such a body itself, so these tests call the WSGI
application the way gunicorn does.
"""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

pytestmark = pytest.mark.django_db


def call_wsgi(method: str, path: str):
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }  # fmt: skip
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(headers)

    # As the test client does: the test's transaction must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        iterable = WSGIHandler()(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            iterable.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


@pytest.mark.parametrize(
    "path", ["/", "/projects/", "/robots.txt", "/healthz", "/static/css/site.css", "/nope/"]
)
def test_head_sends_no_body(path):
    status, _, body = call_wsgi("HEAD", path)
    assert status in (200, 404)
    assert body == b""


@pytest.mark.parametrize("path", ["/", "/robots.txt"])
def test_head_tells_the_length_of_the_get(path):
    _, _, get_body = call_wsgi("GET", path)
    _, head_headers, _ = call_wsgi("HEAD", path)
    assert get_body
    assert head_headers["Content-Length"] == str(len(get_body))
