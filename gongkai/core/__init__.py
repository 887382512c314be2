"""The domain: what the law and the spec (../shared/spec/) say a column is.

Documents and their metadata, the vocabularies, dates and working days, references between
documents, validity, the column's structure and its deadlines. Plain Python: nothing here
imports MkDocs, Jinja or Playwright (tests/test_layout.py fails if it does).
"""
