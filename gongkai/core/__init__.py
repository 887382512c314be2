"""The domain: what the law and the spec (../shared/spec/) say a column is.

Documents and their metadata, the vocabularies, dates and working days, references between
documents, validity, the column's structure and its deadlines, and the one rule from a content
file to its address on the site (urls.py: every page, list, feed, hook and template asks it).
Plain Python: nothing here imports MkDocs, Jinja or Playwright (tests/test_layout.py fails if it
does).
"""
