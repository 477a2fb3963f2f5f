"""Strict readers for settings that come from the environment.

A value that is present but malformed stops the process with a message naming the variable,
rather than falling back to a default that might be unsafe in production. A variable set to
nothing (``SECRET_KEY=`` in a copied ``.env.example``) counts as not set, for every reader.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _read(name: str) -> str | None:
    """The variable's value, or None when it is missing or blank."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value


def env_str(name: str, default: str | None = None) -> str:
    value = _read(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _read(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = _read(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _read(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_secret_file(path: Path) -> str | None:
    """The stripped contents of *path*, or None when there is no such file or it is empty."""
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"The secret key file {path} cannot be read: {error}") from None
