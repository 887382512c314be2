"""政府信息公开工作年度报告 (../shared/spec/annual-report.md), one module per concern.

A report is one Markdown file per year under ``annual-reports/``: the text of parts 一、五、六 in the
body, the numbers of tables 二、三、四 in front matter under the official Chinese labels
(docs/annual-reports.md).

* formats.py: the national formats (2021, the 2019 trial format), their labels, blocks and rows;
* model.py: the parsed report (AnnualReport) and where each of its values was written;
* reader.py: reading the front-matter tables (and the line of every key);
* checks.py: checks A–E, last year's report, the column's own documents, the deadline;
* body.py: the six parts of the body, and the page's Markdown with a place for each table;
* reports.py: every report of a column, read and checked (run by gongkai/pipeline.py);
* layout.py: the official layout of the tables, for the template;
* draft.py: a new report as a draft, and table 二（一） computed from the column.

Callers import from the module that holds what they use; the core (gongkai/core/) imports none.
"""
