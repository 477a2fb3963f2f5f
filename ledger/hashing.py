"""The canonical forms that are hashed, in plain Python so an outsider can repeat them.

Everything hashed is JSON written one way: keys sorted, no spaces, non-ASCII characters as they
are, UTF-8. Numbers and dates in a record's content take the form the open data's JSON files
give them (``projects.views.data.as_json``): whole numbers without a decimal point, other
numbers as the shortest decimal that reads back the same, dates as YYYY-MM-DD.
"""

import datetime
import hashlib
import json

from projects.views.data import as_json

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
# The fields of an entry that its hash covers, in the order the files list them.
ENTRY_FIELDS = [
    "seq",
    "recorded_at",
    "action",
    "kind",
    "record_key",
    "record_pk",
    "version",
    "approved_by",
    "content_sha256",
    "previous_hash",
]


# One encoder for every call: json.dumps with options makes a new one each time.
ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def canonical(value) -> bytes:
    return ENCODER.encode(value).encode("utf-8")


def sha256(value) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


# Numbers and dates as the open data's JSON files write them, converted while encoding.
CONTENT_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=as_json
)


def content_sha256(content: dict) -> str:
    """The hash of a record's content as its open data row holds it (values as in the
    database: Decimal, date), the same as ``sha256`` of the row read back from the JSON file."""
    return hashlib.sha256(CONTENT_ENCODER.encode(content).encode("utf-8")).hexdigest()


def moment(value: datetime.datetime) -> str:
    """A time as the ledger writes it: Beijing time to the second, with its offset."""
    return value.astimezone(BEIJING).replace(microsecond=0).isoformat()


def entry_body(entry) -> dict:
    """The hashed fields of *entry* (a LedgerEntry or a dict as the files hold it)."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    body = {name: get(name) for name in ENTRY_FIELDS}
    if isinstance(body["recorded_at"], datetime.datetime):
        body["recorded_at"] = moment(body["recorded_at"])
    return body


def entry_hash(entry) -> str:
    return sha256(entry_body(entry))
