"""Bulk import and export of plan records from CSV and Excel files.

``service.import_file`` and ``service.export_file`` are the entry points shared by the admin's
import/export buttons and the ``import_records`` / ``export_records`` commands. An import goes
through ``engine.run_import``, one step per module:

* reading a file: ``files`` (CSV, and which reader a file needs), ``workbooks`` (XLSX, .xls,
  .ods through calamine), ``xlsx_layout`` / ``xls_ods_layout`` (hidden rows, merged cells,
  formulas, the active sheet), ``office_text`` (HTML and XML tables saved as .xls), ``layout``
  (title rows, 合计 rows and footers around the table), ``problems`` (what refuses a file);
* recognising the header and units: ``headers``;
* reading a value: ``values`` (cell text), ``widgets`` (one per kind of column), ``rows``
  (every row), ``blanks`` (empty cells and （清空）), ``codes`` (codes for new projects);
* matching a row to a record: ``matching``;
* checking: ``checks`` (the model's own rules), ``plausibility`` (large money changes),
  ``changes`` (revision reasons, stage dates), ``report_files`` (monthly progress files), and
  each kind's hooks in ``resources``;
* writing: ``writing``; what was found and done: ``outcome``.

What each kind of file holds is in ``resources`` (on the shared base in ``columns``); the
clerk's choices besides the file in ``options``; exports and blank templates in ``exporting``
and ``template_files``; uploads waiting between preview and confirm in ``pending``.
"""
