"""One search over the public site: projects, targets and news (``/search/``).

``text`` says how text is compared, ``entries`` what a record's entry holds, ``index`` stores
the entries and their bigrams, ``signals`` keeps them in step with single saves, ``matching``
turns a query into SQL, ``results`` reads and marks what it finds.
"""
