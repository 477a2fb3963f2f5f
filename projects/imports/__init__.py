"""Bulk import and export of plan records from CSV and Excel files (issue 4).

``service.import_file`` and ``service.export_file`` are the entry points shared by the admin's
import/export buttons and the ``import_records`` / ``export_records`` commands.
"""
