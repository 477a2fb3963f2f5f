"""What stops a whole file from being read, and the limits on what is read.

Kept apart so that every reader (``files`` for CSV, ``workbooks`` for Excel, WPS and LibreOffice
files, ``office_text`` for the HTML and XML that reporting systems save as .xls) raises the same
error without importing one another.
"""

from django.conf import settings

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Some offices put a title such as "库伦旗2026年重点项目表" above the headers.
HEADER_SEARCH_ROWS = 10


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS)


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA: how Excel names a column."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
