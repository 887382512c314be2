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
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlparse
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..core.urls import url_of_destination
from .browser import CHROMIUM_ARGS, chromium_path, serve

ROOT = Path(__file__).resolve().parent.parent
AXE_DEFAULT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
ADVICE_TAGS = ("best-practice",)
LANG = "zh-CN"

# The reading aids' contract (overrides/assets/javascripts/reading-aids.js): the saved choice and the
# attribute that shows it is applied.
AIDS_STORAGE_KEY = "gongkai.reading-aids"
class Mode(TypedDict):
    label: str
    storage: dict[str, bool | int] | None  # what the reading aids save for it
    attribute: tuple[str, str] | None  # the attribute they then set on <html>, and its value


MODES: dict[str, Mode] = {
    "light": {"label": "默认配色", "storage": None, "attribute": None},
    "contrast": {"label": "高对比度", "storage": {"contrast": True}, "attribute": ("data-gk-contrast", "on")},
    # optional: the largest text-size step of the reading aids
    "large": {"label": "特大字号", "storage": {"size": 3}, "attribute": ("data-gk-size", "3")},
}

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
MAX_TAB_STOPS = 400
SEARCH_QUERY = "公开"

RULE_TEXT = {
    "html-lang": "页面语言（<html lang>）必须是 zh-CN",
    "page-title": "每页必须有非空的 <title>",
    "page-title-unique": "各页 <title> 必须互不相同",
    "one-h1": "每页必须恰有一个一级标题 <h1>",
    "heading-order": "标题层级必须从 h1 开始且不跳级",
    "table-headers": "数据表格必须使用带 scope 的 <th>，并有标题（caption）或可访问名称",
    "skip-link": "第一个可聚焦元素必须是“跳转至正文”链接，且激活后焦点移入正文",
    "focus-visible": "每个键盘焦点都必须有可见的焦点指示（轮廓或阴影，与背景对比度至少 3:1）",
    "focus-not-obscured": "获得焦点的元素不能被其他内容完全遮挡",
    "keyboard-reach": "键盘（Tab 键）必须能到达搜索框、正文和页面上每个可见的控件",
    "keyboard-search": "搜索必须能只用键盘完成：输入关键词、进入结果、打开结果",
    "reflow-320": "宽 320 CSS 像素时页面不得横向溢出（数据表格在自身的滚动区域内除外）",
    "table-scroll-region": "需要横向滚动的表格必须放在有名称、可用键盘聚焦的滚动区域中",
    "text-200": "文字放大到 200% 时不得丢失内容或功能（不溢出、不被裁切）",
    "external-request": "页面不得向其他主机发出请求",
    "page-error": "页面不得出现脚本错误或加载失败",
    "reading-aids-mode": "阅读辅助的呈现方式必须生效（保存的选择在页面加载时应用）",
}


@dataclass
class Finding:
    rule: str
    source: str  # "axe" or "gongkai"
    level: str  # "violation" (fails the audit) or "advice"
    summary: str
    impact: str = ""
    help_url: str = ""
    tags: list[str] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)  # {"target": css selector, "html": snippet, "detail": text}


@dataclass
class PageResult:
    path: str
    url: str
    mode: str
    title: str = ""
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "violation"]


def ours(rule: str, nodes: list[dict] | None = None, detail: str = "", level: str = "violation") -> Finding:
    summary = RULE_TEXT[rule] + (f"：{detail}" if detail else "")
    return Finding(rule=rule, source="gongkai", level=level, summary=summary, nodes=nodes or [])


# --------------------------------------------------------------------------------------------------
# Pages of the built site


_REFRESH = re.compile(rb"<meta\s+http-equiv=\"?refresh", re.I)


def is_redirect(path: Path) -> bool:
    """A page that only sends the reader on (``id/<索引号>/``: meta refresh in its head): the browser
    leaves it at once, and the page it leads to is audited itself."""
    with path.open("rb") as f:
        return bool(_REFRESH.search(f.read(2048)))


def find_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to it; the home page first. Redirects
    (``is_redirect``) are left out."""
    pages = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/") or is_redirect(path):
            continue
        pages.append(rel)
    return sorted(pages, key=lambda p: (p != "index.html", p.count("/"), p))


def _group(page: str) -> str:
    """The section a page belongs to: the folder above the page's own folder, at most two deep
    (proactive/regulations/x/index.html and proactive/regulations/page/2/index.html -> proactive/regulations)."""
    folders = page.split("/")[:-1]
    return "/".join(folders[:-1][:2])


def sample_pages(pages: list[str], n: int) -> list[str]:
    """A reproducible sample of ``n`` pages that covers every section: the home page, then one page of
    each section in turn (list pages before documents), round-robin until ``n``."""
    if n >= len(pages):
        return list(pages)
    groups: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        groups[_group(page)].append(page)
    queues = [sorted(groups[g], key=lambda p: (p.count("/"), p)) for g in sorted(groups)]
    chosen: list[str] = []
    if "index.html" in pages:
        chosen.append("index.html")
    while len(chosen) < n:
        progressed = False
        for queue in queues:
            while queue and queue[0] in chosen:
                queue.pop(0)
            if queue and len(chosen) < n:
                chosen.append(queue.pop(0))
                progressed = True
        if not progressed:
            break
    return sorted(chosen, key=pages.index)


def base_path(site_dir: Path) -> str:
    """The URL path the site is published under, from the home page's canonical link ("/" if none)."""
    index = site_dir / "index.html"
    if index.is_file():
        text = index.read_text(encoding="utf-8", errors="replace")
        m = re.search(r'<link\s+rel="canonical"\s+href="([^"]+)"', text)
        if m:
            path = urlparse(m.group(1)).path or "/"
            return path if path.endswith("/") else path + "/"
    return "/"


def _local(url: str) -> str:
    """A URL on the temporary server, as the path readers would see under the site's address."""
    parts = urlparse(url)
    return url if parts.hostname != "127.0.0.1" else parts.path + (f"?{parts.query}" if parts.query else "")


def page_url(base: str, page: str) -> str:
    """The address of the file ``page`` of site/ under ``base`` (core/urls.py: a folder's index.html is the folder)."""
    url = url_of_destination(page)
    return base + ("" if url == "./" else url)


# --------------------------------------------------------------------------------------------------
# Checks that run inside the page

_HELPERS = r"""
const cssPath = (el) => {
  if (!el || el.nodeType !== 1) return '';
  const parts = [];
  while (el && el.nodeType === 1 && el !== document.documentElement) {
    if (el.id && /^[A-Za-z][\w-]*$/.test(el.id)) { parts.unshift('#' + el.id); break; }
    let part = el.tagName.toLowerCase();
    const parent = el.parentElement;
    if (parent) {
      const same = Array.prototype.filter.call(parent.children, c => c.tagName === el.tagName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
    }
    parts.unshift(part);
    el = parent;
  }
  return parts.join(' > ');
};
const snippet = (el) => (el && el.outerHTML ? el.outerHTML.replace(/\s+/g, ' ').slice(0, 240) : '');
const node = (el, detail) => ({target: cssPath(el), html: snippet(el), detail: detail || ''});
const shown = (el) => {
  if (!el || !el.isConnected) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return false;
    if (parseFloat(s.opacity) < 0.1) return false;
  }
  return true;
};
const parseColor = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const backgroundOf = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = parseColor(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return {r: 255, g: 255, b: 255, a: 1};
};
const accessibleName = (el) => {
  const label = el.getAttribute('aria-label');
  if (label && label.trim()) return label.trim();
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  const text = ids
    .map(id => { const t = document.getElementById(id); return t ? t.textContent : ''; })
    .join(' ')
    .trim();
  return text;
};
"""

STRUCTURE_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const out = [];
  const lang = document.documentElement.getAttribute('lang') || '';
  const title = (document.title || '').trim();
  const h1s = Array.prototype.filter.call(document.querySelectorAll('h1'), shown);
  const headings = Array.prototype.filter.call(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), shown);
  const order = [];
  let previous = 0;
  headings.forEach((h) => {
    const level = +h.tagName[1];
    if ((previous === 0 && level !== 1) || (previous && level > previous + 1)) {
      order.push(node(h, 'h' + (previous || '-') + ' 之后是 h' + level));
    }
    previous = level;
  });
  const tables = [];
  const main = document.querySelector('main') || document.body;
  main.querySelectorAll('table').forEach((table) => {
    if (table.getAttribute('role') === 'presentation' || table.getAttribute('role') === 'none') return;
    const problems = [];
    const ths = table.querySelectorAll('th');
    if (!ths.length) problems.push('没有表头单元格 <th>');
    const usesHeaders = table.querySelector('td[headers]') !== null;
    const noScope = Array.prototype.filter.call(
      ths, th => !/^(col|row|colgroup|rowgroup)$/.test(th.getAttribute('scope') || ''));
    if (noScope.length && !usesHeaders) {
      problems.push(
        noScope.length + ' 个 <th> 没有 scope（如 “' + noScope[0].textContent.trim().slice(0, 20) + '”）');
    }
    const caption = table.querySelector('caption');
    const name = (caption && caption.textContent.trim()) || accessibleName(table);
    if (!name) problems.push('没有标题 <caption> 或 aria-label/aria-labelledby');
    if (problems.length) tables.push(node(table, problems.join('；')));
  });
  return {lang, title, h1: h1s.map(h => node(h)), h1count: h1s.length, order, tables};
}"""
)

# One Tab stop: what is focused, and whether the focus can be seen.
FOCUS_JS = (
    "async () => {"
    + _HELPERS
    + r"""
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // let focus transitions (e.g. a skip link fading in) finish before judging what can be seen
  const moving = document.getAnimations().filter((a) => {
    const t = a.effect && a.effect.target;
    // only what decides whether the focus can be seen; colour transitions are judged by their end state
    const visual = !a.transitionProperty || new RegExp(
      '^(opacity|visibility|transform|translate|scale|clip|clip-path|outline.*|box-shadow|'
      + 'top|left|right|bottom|display|z-index)$').test(a.transitionProperty);
    return a.playState === 'running' && visual && isFinite(a.effect.getTiming().iterations)
      && t && (t === el || t.contains(el));
  });
  moving.forEach((a) => { try { a.finish(); } catch (e) { /* not finishable */ } });
  window.__gkFocused = window.__gkFocused || new Set();
  const seen = window.__gkFocused.has(el);
  window.__gkFocused.add(el);
  const s = getComputedStyle(el);
  const bg = backgroundOf(el.parentElement || el);
  let indicator = '';
  let best = 0;
  const ow = parseFloat(s.outlineWidth) || 0;
  if (s.outlineStyle !== 'none' && ow >= 1) {
    const c = parseColor(s.outlineColor);
    if (c && c.a > 0.5) { best = Math.max(best, contrast(c, bg)); indicator = 'outline'; }
  }
  if (s.boxShadow && s.boxShadow !== 'none') {
    const colors = s.boxShadow.match(/rgba?\([^)]+\)/g) || [];
    colors.forEach((text) => {
      const c = parseColor(text);
      if (c && c.a > 0.5) {
        const k = contrast(c, backgroundOf(el));
        if (k > best) { best = k; indicator = 'box-shadow'; }
      }
    });
  }
  const r = el.getBoundingClientRect();
  const visible = shown(el);
  let obscured = false;
  if (visible) {
    const x0 = Math.max(r.left + 1, 0), x1 = Math.min(r.right - 1, innerWidth - 1);
    const y0 = Math.max(r.top + 1, 0), y1 = Math.min(r.bottom - 1, innerHeight - 1);
    if (x0 > x1 || y0 > y1) {
      obscured = true;
    } else {
      const points = [[(x0 + x1) / 2, (y0 + y1) / 2], [x0, y0], [x1, y0], [x0, y1], [x1, y1]];
      obscured = !points.some(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === el || el.contains(hit) || hit.contains(el) ||
          (el.labels && Array.prototype.some.call(el.labels, l => l.contains(hit))));
      });
    }
  }
  const main = document.querySelector('main');
  const content = document.querySelector('article') || main;
  const search = el.closest('[role=search], [role=dialog].md-search, form[name=search], .md-search');
  const href = el.getAttribute('href') || '';
  return {
    node: node(el), seen, visible, obscured, indicator, contrast: Math.round(best * 100) / 100,
    inMain: !!(main && main.contains(el)), inContent: !!(content && content.contains(el)),
    inSearch: !!search && /^(INPUT|TEXTAREA)$/.test(el.tagName),
    samePageLink: el.tagName === 'A' && href.startsWith('#'),
    href, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
  };
}"""
)

# Visible controls that the Tab walk did not reach.
UNREACHED_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const focused = window.__gkFocused || new Set();
  const candidates = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"]), label[for]');
  const out = [];
  candidates.forEach((el) => {
    if (el.disabled || el.closest('[inert]')) return;
    if (el.tagName === 'LABEL') {
      // a label that works as a button for a hidden checkbox or radio (Material's drawer and menus)
      const control = document.getElementById(el.getAttribute('for'));
      if (!control || !/^(checkbox|radio)$/.test(control.type) || shown(control)) return;
      if (getComputedStyle(el).cursor !== 'pointer') return;  // only labels presented as buttons
    }
    if (!shown(el)) return;
    if (focused.has(el)) return;
    if (el.tagName === 'INPUT' && el.labels && Array.prototype.some.call(el.labels, l => focused.has(l))) return;
    const inFocused = f => f.contains(el) || (f.labels && Array.prototype.includes.call(f.labels, el));
    if (Array.prototype.some.call(focused, inFocused)) return;
    out.push(node(el, '不能用 Tab 键到达'));
  });
  return out;
}"""
)

# Visible controls that can never take the keyboard focus (checked at every width: Material's menu
# button is a <label> shown only on narrow screens).
UNFOCUSABLE_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const out = [];
  document.querySelectorAll('label[for], [role=button], [role=link], [onclick]').forEach((el) => {
    if (!shown(el) || el.closest('[inert]')) return;
    if (el.tabIndex >= 0
      || el.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) return;
    if (el.tagName === 'LABEL') {
      const control = document.getElementById(el.getAttribute('for'));
      if (!control || !/^(checkbox|radio)$/.test(control.type) || shown(control)) return;
      if (getComputedStyle(el).cursor !== 'pointer') return;
    }
    out.push(node(el, '可见的控件不能用键盘聚焦'));
  });
  return out;
}"""
)

OVERFLOW_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const width = document.documentElement.clientWidth;
  const scroller = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (/(auto|scroll)/.test(s.overflowX)) return e;
    }
    return null;
  };
  const offenders = [];
  const unseen = [];  // invisible (e.g. opacity 0) but still widening the page
  const all = document.body.querySelectorAll('*');
  for (const el of all) {
    const s = getComputedStyle(el);
    if (s.position === 'fixed' && s.display !== 'none') {
      // off-canvas drawers and dialogs are fixed outside the viewport until opened
      const r = el.getBoundingClientRect();
      if (r.right <= 0 || r.left >= width) continue;
    }
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || r.right <= width + 1) continue;
    if (r.left >= width) continue;  // entirely outside (off-canvas)
    if (scroller(el)) continue;
    if (!shown(el)) { if (s.position !== 'fixed' && !unseen.includes(el.parentElement)) unseen.push(el); continue; }
    if (el.parentElement && offenders.includes(el.parentElement)) { offenders.push(el); continue; }
    offenders.push(el);
  }
  const top = offenders.filter(el => !offenders.includes(el.parentElement)).slice(0, 8)
    .map(el => node(el, '右边缘 ' + Math.round(el.getBoundingClientRect().right) + 'px，视口宽 ' + width + 'px'));
  const regions = [];
  document.querySelectorAll('table').forEach((table) => {
    const box = scroller(table);
    if (!box || box.scrollWidth <= box.clientWidth + 1 || !shown(box)) return;
    const problems = [];
    if (!(box.tabIndex >= 0)) problems.push('滚动区域不能用键盘聚焦（缺 tabindex="0"）');
    const named = accessibleName(box) || box.getAttribute('title');
    if (!named) problems.push('滚动区域没有名称（aria-label 或 aria-labelledby）');
    if (problems.length) regions.push(node(box, problems.join('；')));
  });
  const clipped = [];
  const onScreen = (r) => r.right > 0 && r.bottom > 0 && r.left < width && r.width > 0 && r.height > 0;
  for (const el of all) {
    const s = getComputedStyle(el);
    const cutX = /(hidden|clip)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 2;
    const cutY = /(hidden|clip)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 2;
    if (!cutX && !cutY) continue;
    if (s.textOverflow === 'ellipsis') continue;  // deliberate one-line truncation; the full text is elsewhere
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden for screen readers (the sr-only pattern)
    if (!onScreen(box) || !shown(el) || !el.textContent.trim()) continue;
    let cut = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t && !cut; t = walker.nextNode()) {
      if (!t.textContent.trim()) continue;
      const p = t.parentElement;
      if (!shown(p) || p.closest('[aria-hidden=true]')) continue;
      const inner = scroller(p);
      if (inner && inner !== el && el.contains(inner)) continue;  // scrolls inside: not lost
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const rr of range.getClientRects()) {
        if (rr.width <= 0) continue;
        const outX = cutX && (rr.right > box.right + 1 || rr.left < box.left - 1);
        const outY = cutY && (rr.bottom > box.bottom + 1 || rr.top < box.top - 1);
        if (outX || outY) { cut = t.textContent.trim().slice(0, 30); break; }
      }
    }
    if (cut) clipped.push(node(el, '文字被裁切：“' + cut + '”'));
  }
  // Does the page scroll sideways? Measured, not inferred from styles: Material sets overflow-x:
  // hidden on <html>, yet a wider document still scrolls (touch panning on phones, find in page,
  // focus, script), so the width of the document and a real scroll attempt both count.
  const doc = document.scrollingElement || document.documentElement;
  const y = window.scrollY;
  window.scrollTo(doc.scrollWidth, y);
  const scrolled = Math.round(window.scrollX);
  window.scrollTo(0, y);
  const wider = Math.max(0, doc.scrollWidth - doc.clientWidth);
  const sideways = Math.max(scrolled, wider > 1 ? wider : 0);
  const pageScroll = sideways > 0;
  const ghosts = unseen.slice(0, 8).map(el => node(el, '不可见的元素伸出视口：右边缘 ' +
    Math.round(el.getBoundingClientRect().right) + 'px，视口宽 ' + width + 'px'));
  return {pageScroll, sideways, offenders: top, ghosts, regions, clipped: clipped.slice(0, 8)};
}"""
)


# --------------------------------------------------------------------------------------------------
# The audit


class Auditor:
    def __init__(self, site_dir: Path, axe_source: str, base: str, modes: list[str]):
        self.site_dir = site_dir
        self.axe_source = axe_source
        self.base = base
        self.modes = modes
        self.axe_version = ""
        self._pages: dict[int, tuple] = {}

    # one page in one mode
    def audit(self, context, origin: str, page_path: str, mode: str) -> PageResult:
        url = page_url(origin.rstrip("/") + self.base, page_path)
        result = PageResult(
            path=page_path, url=page_url(self.base, page_path), mode=mode
        )  # the address, not the temporary server
        started = time.perf_counter()
        page, sink = self._page(context)
        sink["external"], sink["errors"] = [], []
        try:
            page.set_viewport_size(DESKTOP)
            page.goto(url, wait_until="load")
            self._settle(page)
            result.title = page.title()
            self._mode(page, mode, result)
            self._structure(page, result)
            self._axe(page, result)
            self._keyboard(page, result)
            self._reflow(page, result)
            self._text200(page, sink["cdp"], result)
        except Exception as exc:  # any failure of the page is reported, not swallowed
            result.findings.append(ours("page-error", detail=f"审查未能完成：{type(exc).__name__}: {exc}"))
            self._pages.pop(id(context), None)
            page.close()
        external, errors = sink["external"], sink["errors"]
        if external:
            result.findings.append(
                ours("external-request", [{"target": u, "html": "", "detail": ""} for u in sorted(set(external))])
            )
        if errors:
            result.findings.append(
                ours("page-error", [{"target": e[:300], "html": "", "detail": ""} for e in sorted(set(errors))])
            )
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _page(self, context):
        """One tab per browser context, reused from page to page; its events go to the current sink."""
        if id(context) in self._pages:
            return self._pages[id(context)]
        page = context.new_page()
        sink = {"external": [], "errors": []}

        def failed(r):
            # requests cut short by the audit's own navigation are not the site's fault
            if r.url not in sink["external"] and (r.failure or "") != "net::ERR_ABORTED":
                sink["errors"].append(f"请求失败（{r.failure}）：{_local(r.url)}")

        def requested(r):
            # other hosts never resolve (see EXTRA_ARGS); every attempt is recorded
            if r.url.startswith(("http:", "https:", "ws:", "wss:")) and urlparse(r.url).hostname != "127.0.0.1":
                sink["external"].append(r.url)

        page.on("pageerror", lambda exc: sink["errors"].append(f"脚本错误：{exc}"))
        page.on("request", requested)
        page.on("requestfailed", failed)
        page.on(
            "response",
            lambda r: sink["errors"].append(f"HTTP {r.status}：{_local(r.url)}") if r.status >= 400 else None,
        )
        sink["cdp"] = context.new_cdp_session(page)
        self._pages[id(context)] = (page, sink)
        return page, sink

    @staticmethod
    def _settle(page):
        """Let layout, resize handlers and CSS transitions finish."""
        page.evaluate("""() => new Promise((done) => {
            const frame = () => new Promise(r => requestAnimationFrame(() => r()));
            const finish = () => document.getAnimations().forEach((a) => {
                // jump finite transitions to their end: the end state is what is judged
                try {
                    if (a.effect && isFinite(a.effect.getTiming().iterations)) a.finish();
                } catch (e) { /* not finishable */ }
            });
            frame().then(() => { finish(); return frame(); }).then(() => { finish(); return frame(); }).then(done);
        })""")

    def _mode(self, page, mode, result):
        attribute = MODES[mode]["attribute"]
        if attribute is None:
            return
        name, value = attribute
        actual = page.evaluate("n => document.documentElement.getAttribute(n)", name)
        if actual != value:
            result.findings.append(
                ours(
                    "reading-aids-mode",
                    detail=f"{MODES[mode]['label']}：<html {name}> 应为 “{value}”，实际为 “{actual}”",
                )
            )

    def _structure(self, page, result):
        s = page.evaluate(STRUCTURE_JS)
        if s["lang"] != LANG:
            result.findings.append(ours("html-lang", detail=f"实际为 “{s['lang']}”"))
        if not s["title"]:
            result.findings.append(ours("page-title"))
        if s["h1count"] != 1:
            result.findings.append(ours("one-h1", s["h1"], detail=f"实际有 {s['h1count']} 个"))
        if s["order"]:
            result.findings.append(ours("heading-order", s["order"]))
        if s["tables"]:
            result.findings.append(ours("table-headers", s["tables"]))

    def _axe(self, page, result):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(content=self.axe_source)
        report = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
            list(TAGS + ADVICE_TAGS),
        )
        self.axe_version = report.get("testEngine", {}).get("version", self.axe_version)
        for v in report["violations"]:
            failing = bool(set(v["tags"]) & set(TAGS))
            nodes = [
                {"target": " ".join(map(str, n["target"])), "html": n["html"][:240],
                 "detail": n.get("failureSummary", "")}
                for n in v["nodes"]
            ]
            result.findings.append(Finding(
                rule=v["id"], source="axe", level="violation" if failing else "advice", summary=v["help"],
                impact=v.get("impact") or "", help_url=v.get("helpUrl", ""),
                tags=[t for t in v["tags"] if t in TAGS + ADVICE_TAGS or re.fullmatch(r"wcag\d+", t)], nodes=nodes,
            ))

    def _walk(self, page, result, where: str = "") -> list[dict]:
        """Press Tab from the top of the page until focus leaves it or comes round again; judge each stop."""
        page.evaluate("""() => { window.__gkFocused = new Set();
            // start the Tab order at the top of the page, as after loading it
            const start = document.createElement('span');
            start.tabIndex = -1;
            document.body.prepend(start);
            start.focus({preventScroll: true});
            start.remove();
            window.scrollTo(0, 0); }""")
        stops: list[dict] = []
        for _ in range(MAX_TAB_STOPS):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUS_JS)
            if info is None:
                if stops:
                    break  # focus left the page: the walk is complete
                continue
            if info["seen"]:
                break
            stops.append(info)
        else:
            result.notes.append(f"{where}键盘检查只走了前 {MAX_TAB_STOPS} 个焦点。")
        suffix = f"，{where.rstrip('：')}" if where else ""
        invisible = [s["node"] | {"detail": f"指示：{s['indicator'] or '无'}，对比度 {s['contrast']}:1"}
                     for s in stops if s["visible"] and s["contrast"] < 3]
        hidden = [s["node"] | {"detail": "获得焦点时不可见"} for s in stops if not s["visible"]]
        if invisible or hidden:
            result.findings.append(
                ours("focus-visible", (hidden + invisible)[:20], detail=f"{len(hidden) + len(invisible)} 处{suffix}")
            )
        obscured = [s["node"] for s in stops if s["visible"] and s["obscured"]]
        if obscured:
            result.findings.append(ours("focus-not-obscured", obscured[:20], detail=f"{len(obscured)} 处{suffix}"))
        return stops

    def _keyboard(self, page, result):
        """Tab through the page from the top; then activate the first stop (the skip link) by keyboard."""
        stops = self._walk(page, result)
        result.notes.append(f"键盘 Tab 共 {len(stops)} 个焦点")
        # reach: search field, main content, every visible control
        missing = []
        if (
            not any(s["inSearch"] for s in stops)
            and page.locator("form[name=search] input, [role=search] input").count()
        ):
            missing.append({"target": "搜索框", "html": "", "detail": "Tab 键没有到达搜索框"})
        has_content_controls = page.evaluate(
            "() => { const c = document.querySelector('article') || document.querySelector('main'); return !!c && "
            "!!c.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])'); }"
        )
        if has_content_controls and not any(s["inContent"] for s in stops):
            missing.append({"target": "正文", "html": "", "detail": "Tab 键没有到达正文中的链接或控件"})
        missing += page.evaluate(UNREACHED_JS)
        if missing:
            result.findings.append(ours("keyboard-reach", missing[:20], detail=f"{len(missing)} 处"))
        # the skip link: first stop, a same-page link, and Enter moves focus into <main>
        first = stops[0] if stops else None
        if first is None or not first["samePageLink"]:
            result.findings.append(ours("skip-link", [first["node"]] if first else [], detail="第一个焦点不是页内链接"))
            return
        problem = self._skip_moves_focus(page, first)
        if problem:
            result.findings.append(ours("skip-link", [first["node"]], detail=problem))

    def _skip_moves_focus(self, page, first) -> str:
        page.evaluate(
            "t => { window.scrollTo(0, 0); document.querySelector(t).focus({focusVisible: true}); }",
            first["node"]["target"],
        )
        page.keyboard.press("Enter")
        self._settle(page)
        where = page.evaluate("""() => {
            const a = document.activeElement, main = document.querySelector('main');
            return {inMain: !!(main && a && main.contains(a)), tag: a ? a.tagName : ''};
        }""")
        if not where["inMain"]:
            return f"激活后焦点在 <{where['tag'].lower()}>，不在 <main> 中"
        page.keyboard.press("Tab")
        after = page.evaluate("""() => {
            const a = document.activeElement, m = document.querySelector('main');
            const controls = m.querySelector(
                'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
            return !controls || !!(a && a !== document.body && m.contains(a));
        }""")
        if not after:
            return "激活后再按 Tab，焦点没有留在正文中"
        return ""

    def _search(self, context, url, result):
        """Search by keyboard alone: Tab to the search field, type, reach a result, open it."""
        page = context.new_page()
        try:
            self._search_in(page, url, result)
        finally:
            page.close()

    def _search_in(self, page, url, result):
        page.set_viewport_size(DESKTOP)
        page.goto(url, wait_until="load")
        fields = "form[name=search] input, [role=search] input:not([type=hidden]):not([type=submit])"
        if page.locator(fields).count() == 0:
            return
        in_field = ("() => { const a = document.activeElement; return !!a && a.tagName === 'INPUT' && "
                    "!!a.closest('form[name=search], [role=search]'); }")
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate(in_field):
                break
        else:
            result.findings.append(ours("keyboard-search", detail="Tab 键没有到达搜索框"))
            return
        query = SEARCH_QUERY
        page.keyboard.type(query)
        live = "[data-md-component=search-result] a, [role=search] ~ * a[href]:not([href^='#'])"
        try:  # results shown as one types (Material's search)?
            page.wait_for_function(f"() => !!document.querySelector({json.dumps(live)})", timeout=1500)
            keys = ["ArrowDown"] + ["Tab"] * 8
        except Exception:  # no live results: submit the form with Enter
            before = page.url
            page.keyboard.press("Enter")
            try:
                page.wait_for_url(lambda u: u != before, timeout=10000)
            except Exception:
                pass
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            keys = ["Tab"] * 120
        opened_from = urlparse(page.url).path + (f"?{urlparse(page.url).query}" if urlparse(page.url).query else "")
        result_link = """() => {
            const a = document.activeElement, m = document.querySelector('main');
            if (!a || a.tagName !== 'A') return false;
            if (!a.getAttribute('href') || a.getAttribute('href').startsWith('#')) return false;
            if (a.closest('[data-md-component=search-result]')) return true;
            return !!m && m.contains(a) && !a.closest('nav, form, [role=search], .md-sidebar');
        }"""
        for key in keys:
            page.keyboard.press(key)
            if page.evaluate(result_link):
                break
        else:
            result.findings.append(
                ours("keyboard-search", detail=f"搜索“{query}”后，键盘不能进入搜索结果（{opened_from}）")
            )
            return
        target = page.evaluate("() => document.activeElement.pathname + document.activeElement.search")
        try:
            with page.expect_navigation(timeout=10000) as navigation:
                page.keyboard.press("Enter")
            response = navigation.value
        except Exception:
            result.findings.append(ours("keyboard-search", detail=f"在搜索结果上按回车没有打开 {target}"))
            return
        if response is not None and response.status >= 400:
            result.findings.append(
                ours("keyboard-search", detail=f"搜索结果的链接 {target} 返回 HTTP {response.status}")
            )
            return
        result.notes.append(f"用键盘搜索“{query}”（{opened_from}），打开了结果 {urlparse(page.url).path}")

    def _reflow(self, page, result):
        page.set_viewport_size(NARROW)
        self._settle(page)
        self._overflow(page, result, "reflow-320", "宽 320 CSS 像素时")
        unfocusable = page.evaluate(UNFOCUSABLE_JS)
        if unfocusable:
            result.findings.append(ours("keyboard-reach", unfocusable, detail="宽 320 CSS 像素时"))
        # narrow screens (and 400 % zoom) put the navigation in a drawer: closed, it must not take the focus
        stops = self._walk(page, result, where="宽 320 CSS 像素时：")
        result.notes.append(f"宽 320 CSS 像素时键盘 Tab 共 {len(stops)} 个焦点")
        page.set_viewport_size(DESKTOP)

    @staticmethod
    def _overflow(page, result, rule: str, when: str):
        """Content sticking out sideways (reported under ``rule``), and tables whose scroll
        container is not a named, focusable region."""
        o = page.evaluate(OVERFLOW_JS)
        nodes = o["offenders"] + o["clipped"]
        if o["pageScroll"]:
            whole = {"target": "html", "html": "", "detail": f"页面可以横向滚动 {o['sideways']} px"}
            nodes = [whole] + nodes + (o["ghosts"] if not o["offenders"] else [])
        result.notes.append(f"{when}横向滚动 {o['sideways']} px")
        if nodes:
            result.findings.append(ours(rule, nodes))
        if o["regions"]:
            result.findings.append(ours("table-scroll-region", o["regions"], detail=when))

    def _text200(self, page, cdp, result):
        """The browser's text size doubled (as a reader sets it), the layout checked again."""
        try:
            before = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
            self._settle(page)
            after = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
            result.notes.append(f"文字 200%：根字号 {before} → {after}")
            if float(after.rstrip("px")) < 1.9 * float(before.rstrip("px")):
                result.findings.append(
                    ours(
                        "text-200",
                        detail=f"浏览器字号加倍后根字号只从 {before} 变为 {after}（字号被固定，读者无法放大文字）",
                    )
                )
            self._overflow(page, result, "text-200", "文字 200% 时")
        finally:
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})


# Called after each page and mode: (done, total, the page's result).
Progress = Callable[[int, int, "PageResult"], None]

# No request leaves the machine: every host name but 127.0.0.1 fails to resolve.
EXTRA_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


class _Run:
    """Shared state of one audit: a queue of tasks worked off by one or more browsers."""

    def __init__(self, site_dir: Path, pages: list[str], modes: list[str], axe_source: str, base: str,
                 progress: Progress | None) -> None:
        import threading

        self.site_dir, self.pages, self.modes, self.axe_source, self.base = site_dir, pages, modes, axe_source, base
        self.progress = progress
        self.lock = threading.Lock()
        # the keyboard search is checked once per presentation, from the home page when it is audited
        searches = [("search", mode, "index.html") for mode in modes] if "index.html" in pages else []
        self.tasks = searches + [("page", mode, p) for mode in modes for p in pages]
        self.results: dict[tuple[str, str], PageResult] = {}
        self.searches: dict[str, PageResult] = {}
        self.axe_version = ""
        self.failures: list[BaseException] = []

    def next_task(self):
        with self.lock:
            return self.tasks.pop(0) if self.tasks and not self.failures else None

    def work(self, origin: str) -> None:
        from playwright.sync_api import sync_playwright  # imported here: --help works without playwright

        try:
            auditor = Auditor(self.site_dir, self.axe_source, self.base, self.modes)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS + EXTRA_ARGS, headless=True
                )
                contexts = {}
                try:
                    while (task := self.next_task()) is not None:
                        kind, mode, page_path = task
                        if mode not in contexts:
                            contexts[mode] = self._context(browser, mode)
                        if kind == "search":
                            r = PageResult(path=page_path, url="", mode=mode)
                            auditor._search(contexts[mode], page_url(origin.rstrip("/") + self.base, page_path), r)
                            with self.lock:
                                self.searches[mode] = r
                            continue
                        r = auditor.audit(contexts[mode], origin, page_path, mode)
                        with self.lock:
                            self.results[(mode, page_path)] = r
                            self.axe_version = self.axe_version or auditor.axe_version
                            if self.progress:
                                self.progress(len(self.results), len(self.pages) * len(self.modes), r)
                finally:
                    for context in contexts.values():
                        context.close()
                    browser.close()
        except BaseException as exc:  # handed to the main thread, which raises it
            with self.lock:
                self.failures.append(exc)

    def _context(self, browser, mode):
        context = browser.new_context(locale="zh-CN", viewport=DESKTOP, service_workers="block")
        context.add_init_script(self.axe_source)  # axe-core from node_modules, in every page before it runs
        storage = MODES[mode]["storage"]
        if storage is not None:
            # the reader's saved choice, as the reading aids store it
            context.add_init_script(
                f"try {{ localStorage.setItem({json.dumps(AIDS_STORAGE_KEY)}, {json.dumps(json.dumps(storage))}); }} "
                f"catch (e) {{}}"
            )
        return context


def run_audit(site_dir: Path, pages: list[str], modes: list[str], axe_source: str, base: str,
              progress: Progress | None = None, jobs: int = 1) -> tuple[list[PageResult], str]:
    """Audit ``pages`` in every mode with ``jobs`` browsers; results in page order, mode by mode."""
    import threading

    run = _Run(site_dir, pages, modes, axe_source, base, progress)
    with serve(site_dir, prefix=base) as origin:
        workers = [threading.Thread(target=run.work, args=(origin,), name=f"audit-{n}") for n in range(max(1, jobs))]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    if run.failures:
        raise run.failures[0]
    done = [run.results[(m, p)] for m in modes for p in pages]
    for r in done:
        search = run.searches.get(r.mode)
        if search is not None and r.path == search.path:
            r.findings += search.findings
            r.notes += search.notes
    by_title: dict[tuple[str, str], list[PageResult]] = defaultdict(list)
    for r in done:
        if r.title:
            by_title[(r.mode, r.title)].append(r)
    for (_, title), same in by_title.items():
        if len(same) > 1:
            for r in same:
                others = [o.path for o in same if o is not r]
                r.findings.append(
                    ours(
                        "page-title-unique",
                        [
                            {
                                "target": "title",
                                "html": html.escape(title),
                                "detail": "与 " + "、".join(others[:5]) + " 相同",
                            }
                        ],
                    )
                )
    return done, run.axe_version


# --------------------------------------------------------------------------------------------------
# Reports


def summary_of(results: list[PageResult], meta: dict) -> dict:
    by_rule: dict[str, int] = defaultdict(int)
    advice: dict[str, int] = defaultdict(int)
    for r in results:
        for f in r.findings:
            (by_rule if f.level == "violation" else advice)[f.rule] += 1
    pages = {r.path for r in results}
    total_seconds = sum(r.seconds for r in results)
    return {
        **meta,
        "pages_audited": len(pages),
        "page_runs": len(results),
        "violations": sum(len(r.violations) for r in results),
        "pages_with_violations": len({(r.path, r.mode) for r in results if r.violations}),
        "violations_by_rule": dict(sorted(by_rule.items())),
        "advice_by_rule": dict(sorted(advice.items())),
        "seconds": round(total_seconds, 2),
        "seconds_per_page_and_mode": round(total_seconds / len(results), 3) if results else 0,
    }


def write_json(path: Path, summary: dict, results: list[PageResult]) -> None:
    data = {"summary": summary, "pages": [
        {**{k: v for k, v in asdict(r).items() if k != "findings"}, "findings": [asdict(f) for f in r.findings]}
        for r in results
    ]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_junit(path: Path, summary: dict, results: list[PageResult]) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        f'<testsuites name="gongkai.audit" tests="{len(results)}" failures="{summary["pages_with_violations"]}" '
        f'time="{summary["wall_seconds"]}">'
    )
    for mode in summary["modes"]:
        runs = [r for r in results if r.mode == mode]
        failures = sum(1 for r in runs if r.violations)
        lines.append(
            f'  <testsuite name={quoteattr("accessibility." + mode)} tests="{len(runs)}" failures="{failures}" '
            f'time="{round(sum(r.seconds for r in runs), 3)}">'
        )
        for r in runs:
            lines.append(
                f'    <testcase classname={quoteattr("accessibility." + mode)} name={quoteattr(r.path)} '
                f'time="{r.seconds}">'
            )
            if r.violations:
                rules = sorted({f.rule for f in r.violations})
                body = "\n".join(
                    f"[{f.rule}] {f.summary}"
                    + "".join(f"\n    {n['target']} {n['detail']}".rstrip() for n in f.nodes[:10])
                    for f in r.violations
                )
                lines.append(
                    '      <failure type="accessibility" '
                    f'message={quoteattr("违反规则：" + ", ".join(rules))}>{xml_escape(body)}</failure>'
                )
            advice = [f for f in r.findings if f.level != "violation"]
            if advice:
                said = "\n".join(f"[建议 {f.rule}] {f.summary}" for f in advice)
                lines.append(f"      <system-out>{xml_escape(said)}</system-out>")
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_REPORT_CSS = """
body{font:16px/1.6 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f1f1f;background:#fff;
margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #8a8a8a;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f8}.ok{color:#1b5e20;font-weight:700}.bad{color:#8a1c1c;font-weight:700}
code,pre{font-family:monospace;font-size:.9em;white-space:pre-wrap;word-break:break-all}
section.page{border-top:1px solid #c7ced9;margin-top:1rem}a{color:#1a4fa0}
a:focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}
.advice{color:#404040}details{margin:.3rem 0}
"""


def write_html(path: Path, summary: dict, results: list[PageResult]) -> None:
    e = html.escape
    out = ['<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width,initial-scale=1">',
           "<title>无障碍审查报告</title><style>" + _REPORT_CSS + "</style></head><body><main>",
           "<h1>无障碍审查报告</h1>"]
    ok = summary["violations"] == 0
    out.append(
        f'<p class="{"ok" if ok else "bad"}">'
        + (
            "未发现违规。"
            if ok
            else f"发现 {summary['violations']} 处违规，"
            f"涉及 {summary['pages_with_violations']} 个页面（按呈现方式分别计）。"
        )
        + "</p>"
    )
    out.append("<table><caption>审查概况</caption><tbody>")
    rows = [
        ("网站目录", summary["site_dir"]),
        ("页面", f"审查了 {summary['pages_audited']} 个页面，网站共 {summary['pages_total']} 个页面"),
        ("选取方式", summary["selection_text"]),
        ("呈现方式", "、".join(f"{MODES[m]['label']}（{m}）" for m in summary["modes"])),
        (
            "标准",
            "WCAG 2.2 AA（涵盖 GB/T 37668-2019），axe-core " + summary["axe_version"] + "，标签 " + " ".join(TAGS),
        ),
        (
            "用时",
            f"共 {summary['wall_seconds']} 秒（{summary['jobs']} 个浏览器并行），每页每种呈现方式平均 "
            f"{summary['seconds_per_page_and_mode']} 秒",
        ),
    ]
    for k, v in rows:
        out.append(f'<tr><th scope="row">{e(k)}</th><td>{e(str(v))}</td></tr>')
    out.append("</tbody></table>")
    for key, heading, caption in (("violations_by_rule", "按规则统计的违规", "违规（审查不通过）"),
                                  ("advice_by_rule", "改进建议（best-practice，不影响通过）", "建议")):
        if summary[key]:
            out.append(f"<h2>{heading}</h2><table><caption>{caption}</caption><thead><tr>"
                       '<th scope="col">规则</th><th scope="col">页面次数（页面 × 呈现方式）</th></tr></thead><tbody>')
            out.extend(f"<tr><td><code>{e(rule)}</code></td><td>{n}</td></tr>" for rule, n in summary[key].items())
            out.append("</tbody></table>")
    out.append("<h2>各页面结果</h2>")
    for r in results:
        status = (
            f'<span class="bad">{len(r.violations)} 处违规</span>' if r.violations else '<span class="ok">通过</span>'
        )
        out.append(f'<section class="page"><h3>{e(r.path)}（{e(MODES[r.mode]["label"])}）：{status}</h3>')
        out.append(f'<p>网址：<code>{e(r.url)}</code> · 标题：{e(r.title)} · 用时 {r.seconds} 秒</p>')
        for f in r.findings:
            cls = "" if f.level == "violation" else ' class="advice"'
            kind = "违规" if f.level == "violation" else "建议"
            help_link = f' <a href="{e(f.help_url)}">说明</a>' if f.help_url else ""
            impact = f"（{e(f.impact)}）" if f.impact else ""
            count = f"，{len(f.nodes)} 处" if f.nodes else ""
            out.append(
                f"<details{cls}><summary>{kind} <code>{e(f.rule)}</code>{impact}："
                f"{e(f.summary)}{count}</summary>{help_link}<ul>"
            )
            for n in f.nodes[:20]:
                out.append(f"<li><code>{e(n['target'])}</code>" + (f"<pre>{e(n['html'])}</pre>" if n["html"] else "")
                           + (f"<pre>{e(n['detail'])}</pre>" if n["detail"] else "") + "</li>")
            out.append("</ul></details>")
        if r.notes:
            out.append("<p class=\"advice\">" + "；".join(e(n) for n in r.notes) + "</p>")
        out.append("</section>")
    out.append("</main></body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Command line


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="python -m gongkai.audit",
        description="无障碍审查：在无头 Chromium 中打开已生成网站的每个页面，运行 axe-core 和 gongkai 的检查。",
    )
    ap.add_argument("site_dir", type=Path, help="已生成的网站目录（如 site/）")
    pick = ap.add_mutually_exclusive_group()
    pick.add_argument(
        "--limit", type=_positive, metavar="N", help="只审查前 N 个页面（首页在前，按目录层级和路径排序）"
    )
    pick.add_argument("--sample", type=_positive, metavar="N", help="抽样 N 个页面，覆盖每个栏目（结果可重复）")
    pick.add_argument(
        "--page", action="append", metavar="PATH", help="只审查这个页面（相对网站目录，如 guide/ 或 404.html；可重复）"
    )
    ap.add_argument("--report-dir", type=Path, default=Path("reports/audit"), help="报告目录（默认 reports/audit）")
    ap.add_argument(
        "--modes",
        default="light,contrast",
        help="呈现方式，逗号分隔：light（默认配色）、contrast（高对比度）、large（特大字号）；默认 light,contrast",
    )
    ap.add_argument("--axe", type=Path, default=None, help="axe.min.js 的路径（默认 node_modules/axe-core/axe.min.js）")
    ap.add_argument("--base-path", default=None, help="网站发布路径（默认取首页 canonical 链接的路径，如 /zwgk/）")
    ap.add_argument("--jobs", type=_positive, default=min(4, os.cpu_count() or 1), metavar="N",
                    help="同时运行的浏览器数（默认为处理器核数，最多 4）")
    ap.add_argument("--quiet", action="store_true", help="不逐页输出进度")
    return ap.parse_args(argv)


def find_axe(explicit: Path | None) -> Path | None:
    candidates = [explicit] if explicit else [Path.cwd() / "node_modules/axe-core/axe.min.js", AXE_DEFAULT]
    for c in candidates:
        if c and c.is_file():
            return c
    return None


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    site_dir: Path = args.site_dir
    if not (site_dir / "index.html").is_file():
        print(f"错误：{site_dir} 不是已生成的网站（没有 index.html）。请先运行 make site。", file=sys.stderr)
        return 2
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        print(f"错误：未知的呈现方式 {'、'.join(unknown) or '（空）'}。可用：{'、'.join(MODES)}", file=sys.stderr)
        return 2
    axe_path = find_axe(args.axe)
    if axe_path is None:
        print(
            "错误：未找到 axe-core（node_modules/axe-core/axe.min.js）。"
            "请在项目根目录运行 npm ci（make test-deps 会运行它）。",
            file=sys.stderr,
        )
        return 2
    all_pages = find_pages(site_dir)
    if args.page:
        wanted = [p.strip("/") for p in args.page]
        wanted = [p if p.endswith(".html") else (p + "/index.html" if p else "index.html") for p in wanted]
        missing = [p for p in wanted if p not in all_pages]
        if missing:
            print(f"错误：网站中没有这些页面：{'、'.join(missing)}", file=sys.stderr)
            return 2
        pages = wanted
        selection, text = "pages", f"只审查指定的 {len(pages)} 个页面（--page）"
    elif args.limit:
        pages = all_pages[: args.limit]
        selection, text = (
            "limit",
            f"只审查前 {len(pages)} 个页面（--limit {args.limit}），其余 {len(all_pages) - len(pages)} 个页面未审查",
        )
    elif args.sample:
        pages = sample_pages(all_pages, args.sample)
        selection, text = (
            "sample",
            f"抽样审查 {len(pages)} 个页面（--sample {args.sample}，覆盖每个栏目），"
            f"其余 {len(all_pages) - len(pages)} 个页面未审查",
        )
    else:
        pages = all_pages
        selection, text = "all", "全部页面"
    if len(pages) < len(all_pages):
        text += "；这不是全站审查"
    base = args.base_path or base_path(site_dir)
    if not base.startswith("/"):
        base = "/" + base
    if not base.endswith("/"):
        base += "/"

    def progress(i, n, r: PageResult):
        if args.quiet:
            return
        mark = "通过" if not r.violations else "违规：" + ", ".join(sorted({f.rule for f in r.violations}))
        print(f"[{r.mode} {i}/{n}] {r.path}  {r.seconds:.2f} 秒  {mark}", flush=True)

    started = time.perf_counter()
    try:
        results, axe_version = run_audit(
            site_dir, pages, modes, axe_path.read_text(encoding="utf-8"), base, progress, args.jobs
        )
    except RuntimeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    summary = summary_of(results, {
        "tool": "gongkai.audit", "site_dir": str(site_dir), "base_path": base, "pages_total": len(all_pages),
        "selection": selection, "selection_text": text, "modes": modes, "tags": list(TAGS),
        "axe_version": axe_version, "axe_path": str(axe_path), "jobs": args.jobs,
        "wall_seconds": round(time.perf_counter() - started, 2),
    })
    args.report_dir.mkdir(parents=True, exist_ok=True)
    write_json(args.report_dir / "results.json", summary, results)
    write_junit(args.report_dir / "junit.xml", summary, results)
    write_html(args.report_dir / "report.html", summary, results)
    print(f"审查了 {summary['pages_audited']} / {summary['pages_total']} 个页面（{text}），"
          f"呈现方式：{'、'.join(MODES[m]['label'] for m in modes)}；"
          f"用时 {summary['wall_seconds']} 秒（{args.jobs} 个浏览器并行），"
          f"每页每种呈现方式平均 {summary['seconds_per_page_and_mode']} 秒。")
    if summary["violations"]:
        print(
            f"发现 {summary['violations']} 处违规："
            + "、".join(f"{k} ×{v}" for k, v in summary["violations_by_rule"].items())
        )
    else:
        print("未发现违规。")
    print(f"报告：{args.report_dir / 'report.html'}（另有 results.json、junit.xml）")
    return 1 if summary["violations"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
