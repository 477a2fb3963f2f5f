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
        if request_logger.isEnabledFor(logging.INFO):
            # Built by hand rather than with logger.info(extra=...): that walks the whole
            # middleware stack to find the caller, which cost more than serving a cached page.
            record = logging.LogRecord(
                request_logger.name, logging.INFO, __file__, 0, "request", None, None
            )
            record.method = request.method
            record.path = request.get_full_path()
            record.status = response.status_code
            record.ms = round((time.perf_counter() - started) * 1000, 1)
            record.ip = client_ip(request)
            record.cache = response.get("X-Cache", "")
            request_logger.handle(record)
        return response
