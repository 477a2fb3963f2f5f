"""One JSON line per request and per error, so a county server's logs can be grepped and parsed."""

import json
import logging
import time

from portal.client_ip import client_ip

request_logger = logging.getLogger("portal.request")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        entry.pop("request", None)  # Django passes the request object itself; not serialisable
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.get_full_path(),
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "ip": client_ip(request),
                "cache": response.get("X-Cache", ""),
            },
        )
        return response
