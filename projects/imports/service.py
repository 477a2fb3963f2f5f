"""The two entry points that the admin and the management commands share."""

import contextlib
import gc

from projects.imports.engine import run_import
from projects.imports.exporting import export_records
from projects.imports.files import FileProblem, read_table
from projects.imports.headers import columns_by_key
from projects.imports.outcome import Outcome
from projects.imports.resources import RESOURCES

KIND_CHOICES = list(RESOURCES)


def resource_for(kind: str):
    return RESOURCES[kind]()


def known_headers(resource) -> set[str]:
    return set(columns_by_key(resource))


def import_file(
    *,
    kind: str,
    data: bytes,
    file_name: str,
    user=None,
    dry_run: bool = True,
    expected: str = "",
    options=None,
) -> Outcome:
    """Read, check and (unless *dry_run*) import one uploaded file of *kind*, all or nothing.

    *user* is recorded in every history entry with the reason "从 <file_name> 导入".
    *expected* is the fingerprint of the preview being confirmed (see ``engine.run_import``);
    *options* what the clerk gave besides the file (``options.ImportOptions``).
    """
    resource = resource_for(kind)
    with collection_paused():
        try:
            table = read_table(data, file_name, known_headers(resource))
        except FileProblem as problem:
            return Outcome(
                kind=resource._meta.model._meta.verbose_name,
                file_name=file_name,
                dry_run=dry_run,
                file_problem=problem.message,
            )
        return run_import(
            resource,
            table,
            user=user,
            file_name=file_name,
            dry_run=dry_run,
            expected=expected,
            options=options,
        )


@contextlib.contextmanager
def collection_paused():
    """Python's cycle collector paused while one file is read, checked and written.

    An import makes hundreds of thousands of objects that live until it ends (the rows, their
    values, the records); the collector would walk them again and again as they pile up, which
    cost 0.3–0.5 s of a 1.5–2 s import of 10,000 rows (``make bench-import``). Everything is
    still freed by reference counting; the collector resumes when the import is over.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_file(*, kind: str, file_format: str, queryset=None) -> bytes:
    """All records of *kind* (or those of *queryset*) as CSV or XLSX bytes."""
    return export_records(resource_for(kind), file_format, queryset)
