#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys
from pathlib import Path

# Commands that read the code and sign nothing: on a fresh clone, before `make run` has written
# .secret-key, they run with a throwaway key instead of refusing. Every other command, and the
# server, still refuse to start without a real one.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "compilemessages"}


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        from portal.env import env_str, read_secret_file

        default_file = str(Path(__file__).resolve().parent / ".secret-key")
        key_file = Path(env_str("SECRET_KEY_FILE", default_file))
        if not env_str("SECRET_KEY", "") and not read_secret_file(key_file):
            os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
