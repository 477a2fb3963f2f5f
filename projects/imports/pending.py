"""Uploaded files waiting between the admin preview and the confirm, kept out of the session.

Each waits in a private directory under a random token, with who uploaded it and the preview's
fingerprint. Confirming or abandoning a preview deletes it; previews left open are swept away
after ``IMPORT_PENDING_MAX_AGE`` seconds whenever anyone opens an import page, and starting a
new preview drops the same person's earlier one, so nothing piles up on disk.
"""

import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE = 60 * 60
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass
class Pending:
    token: str
    data: bytes
    user_id: int
    kind: str
    file_name: str
    fingerprint: str
    #: what the clerk gave besides the file (``options.ImportOptions.stored``)
    options: dict | None = None


def folder() -> Path:
    path = Path(
        getattr(settings, "IMPORT_PENDING_DIR", "") or Path(tempfile.gettempdir()) / "kulun-imports"
    )
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def max_age() -> int:
    return getattr(settings, "IMPORT_PENDING_MAX_AGE", MAX_AGE)


def save(
    data: bytes, *, user_id: int, kind: str, file_name: str, fingerprint: str, options=None
) -> str:
    purge_expired()
    discard_for(user_id=user_id, kind=kind)
    token = secrets.token_urlsafe(32)
    meta = {"user_id": user_id, "kind": kind, "file_name": file_name, "fingerprint": fingerprint}
    meta["options"] = options
    _write(folder() / f"{token}.upload", data)
    _write(folder() / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode())
    return token


def load(token: str, *, user_id: int, kind: str) -> Pending | None:
    """The waiting file, if it exists, is not too old and belongs to this user and kind."""
    if not TOKEN.fullmatch(token or ""):
        return None
    meta_path = folder() / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_bytes())
        if time.time() - meta_path.stat().st_mtime > max_age():
            discard(token)
            return None
        data = (folder() / f"{token}.upload").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id or meta.get("kind") != kind:
        return None
    return Pending(
        token, data, user_id, kind, meta["file_name"], meta["fingerprint"], meta.get("options")
    )


def discard(token: str) -> None:
    if not TOKEN.fullmatch(token or ""):
        return
    for suffix in (".upload", ".json"):
        (folder() / f"{token}{suffix}").unlink(missing_ok=True)


def discard_for(*, user_id: int, kind: str) -> None:
    for meta_path in folder().glob("*.json"):
        try:
            meta = json.loads(meta_path.read_bytes())
        except (OSError, ValueError):
            continue
        if meta.get("user_id") == user_id and meta.get("kind") == kind:
            discard(meta_path.stem)


def purge_expired() -> None:
    oldest = time.time() - max_age()
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _write(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
