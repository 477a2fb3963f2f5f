"""One search over the public site: projects, targets and news (``/search/``).

``text`` says how text is compared, ``index`` builds the index table, ``signals`` keeps it in
step with single saves, ``matching`` turns a query into SQL, ``results`` reads and marks what
it finds.
"""
