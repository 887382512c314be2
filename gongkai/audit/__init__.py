"""Accessibility audit of a built site: every page in headless Chromium, axe-core plus our own checks.

    python -m gongkai.audit site/ [--limit N | --sample N | --page PATH ...] [--report-dir reports/audit]
                                  [--modes light,contrast] [--jobs N]

The bar is ../shared/spec/accessibility.md: WCAG 2.2 AA (covering GB/T 37668-2019) and the
工信部 age-friendly rules. The site is served on 127.0.0.1 (under the path of its canonical URL, so
that pages with absolute links, such as 404.html, load their styles); no other host name resolves in
the browser, and every attempt to reach one is reported. axe-core is read from node_modules/
(pinned in package.json, installed by ``npm ci``), never fetched at run time.

Each page is opened in every presentation ("mode"): ``light`` is the site as published,
``contrast`` is the site with the high-contrast reading aid switched on, the way a reader's saved
choice switches it on (``large``, the largest text-size step, is optional). In each mode:

- axe-core with the tags wcag2a wcag2aa wcag21a wcag21aa wcag22aa (violations fail the audit) and
  best-practice (reported as advice, never fails the audit);
- structure: ``<html lang="zh-CN">``, a non-empty and (across the site) unique ``<title>``, one
  ``<h1>``, headings in order, data tables with ``<th scope>`` and a caption or accessible name;
- keyboard, at 1280 px: Tab from the top: the skip link is the first stop and Enter on it moves focus
  into ``<main>``; every stop shows a focus indicator (outline or shadow, 3:1 against the
  background) not hidden by other content; the search field, the main content and every visible
  control are reached; from the home page, a search is typed, a result reached and opened;
- at 320 CSS px: nothing sticks out sideways or is clipped, except tables inside their own named,
  focusable scrolling region; every visible control can take the focus; a second Tab walk (the
  navigation is a drawer there) with the same focus checks;
- text at 200%: with the browser's text size doubled, nothing sticks out and no text is clipped.

Reports: ``report.html`` (for people), ``results.json`` and ``junit.xml`` (for CI). Exit status 0
when no violation, 1 when any, 2 when the audit could not run. This module imports nothing from
MkDocs: webmasters run it on any built site.

The package, by concern: ``selection`` (which pages), ``model`` (modes, rules, findings),
``scripts/`` (the JavaScript each check runs in the page), ``checks`` (one page in one mode),
``driver`` (the local server and the browsers), ``report/`` (the three reports and their
templates), ``cli`` (the command line). The names below are the ones other code uses.
"""

from .checks import FOCUS_JS, OVERFLOW_JS, STRUCTURE_JS, UNFOCUSABLE_JS, UNREACHED_JS, Auditor
from .cli import AXE_DEFAULT, find_axe, main, parse_args
from .driver import EXTRA_ARGS, Progress, run_audit
from .model import ADVICE_TAGS, AIDS_STORAGE_KEY, LANG, MODES, RULE_TEXT, TAGS, Finding, Mode, PageResult, ours
from .report import summary_of, write_html, write_json, write_junit
from .selection import _group, base_path, find_pages, is_redirect, page_url, sample_pages

__all__ = [
    "ADVICE_TAGS", "AIDS_STORAGE_KEY", "AXE_DEFAULT", "EXTRA_ARGS", "FOCUS_JS", "LANG", "MODES", "OVERFLOW_JS",
    "RULE_TEXT", "STRUCTURE_JS", "TAGS", "UNFOCUSABLE_JS", "UNREACHED_JS", "Auditor", "Finding", "Mode",
    "PageResult", "Progress", "_group", "base_path", "find_axe", "find_pages", "is_redirect", "main", "ours",
    "page_url", "parse_args", "run_audit", "sample_pages", "summary_of", "write_html", "write_json", "write_junit",
]
