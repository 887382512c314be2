"""The checks of one page in one presentation: structure, axe-core, keyboard, reflow at 320 CSS px
and text at 200%, plus the keyboard search from the home page.

What runs inside the page is JavaScript in ``scripts/`` (one file per check, loaded with
``importlib.resources`` so that an installed wheel carries it); this module drives the page
(Python playwright, imported by the driver only) and turns what the scripts return into findings.
"""

from __future__ import annotations

import json
import re
import time
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .model import ADVICE_TAGS, LANG, MODES, TAGS, Finding, Node, PageResult, ours
from .selection import page_url

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Page, ViewportSize


def script(name: str) -> str:
    """A file of ``scripts/`` as text (a function expression that ``page.evaluate`` calls)."""
    return (resources.files("gongkai.audit") / "scripts" / name).read_text(encoding="utf-8")


def check(name: str) -> str:
    """A check of ``scripts/`` with the shared helpers (``helpers.js``) in scope: an expression whose
    value is the check's function; ``page.evaluate`` calls an expression's value when it is a function."""
    return "(() => {\n" + script("helpers.js") + "return (\n" + script(name) + ");\n})()"


STRUCTURE_JS = check("structure.js")
# One Tab stop: what is focused, and whether the focus can be seen.
FOCUS_JS = check("focus.js")
# Visible controls that the Tab walk did not reach.
UNREACHED_JS = check("unreached.js")
# Visible controls that can never take the keyboard focus.
UNFOCUSABLE_JS = check("unfocusable.js")
OVERFLOW_JS = check("overflow.js")
SETTLE_JS = script("settle.js")
TAB_START_JS = script("tab-start.js")
CONTENT_CONTROLS_JS = script("content-controls.js")
SKIP_LANDED_JS = script("skip-landed.js")
SKIP_STAYS_JS = script("skip-stays.js")
SEARCH_RESULT_JS = script("search-result.js")

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
NARROW: ViewportSize = {"width": 320, "height": 640}
MAX_TAB_STOPS = 400
SEARCH_QUERY = "公开"

# What one tab's event handlers collect for the page being audited: "external" and "errors" (lists of
# text) and "cdp" (the tab's DevTools session).
Sink = dict[str, Any]


def _local(url: str) -> str:
    """A URL on the temporary server, as the path readers would see under the site's address."""
    parts = urlparse(url)
    return url if parts.hostname != "127.0.0.1" else parts.path + (f"?{parts.query}" if parts.query else "")


class Auditor:
    def __init__(self, site_dir: Path, axe_source: str, base: str, modes: list[str]) -> None:
        self.site_dir = site_dir
        self.axe_source = axe_source
        self.base = base
        self.modes = modes
        self.axe_version = ""
        self._pages: dict[int, tuple[Page, Sink]] = {}

    # one page in one mode
    def audit(self, context: BrowserContext, origin: str, page_path: str, mode: str) -> PageResult:
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

    def _page(self, context: BrowserContext) -> tuple[Page, Sink]:
        """One tab per browser context, reused from page to page; its events go to the current sink."""
        if id(context) in self._pages:
            return self._pages[id(context)]
        page = context.new_page()
        sink: Sink = {"external": [], "errors": []}

        def failed(r: Any) -> None:
            # requests cut short by the audit's own navigation are not the site's fault
            if r.url not in sink["external"] and (r.failure or "") != "net::ERR_ABORTED":
                sink["errors"].append(f"请求失败（{r.failure}）：{_local(r.url)}")

        def requested(r: Any) -> None:
            # other hosts never resolve (see driver.EXTRA_ARGS); every attempt is recorded
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
    def _settle(page: Page) -> None:
        """Let layout, resize handlers and CSS transitions finish."""
        page.evaluate(SETTLE_JS)

    def _mode(self, page: Page, mode: str, result: PageResult) -> None:
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

    def _structure(self, page: Page, result: PageResult) -> None:
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

    def _axe(self, page: Page, result: PageResult) -> None:
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

    def _walk(self, page: Page, result: PageResult, where: str = "") -> list[dict[str, Any]]:
        """Press Tab from the top of the page until focus leaves it or comes round again; judge each stop."""
        page.evaluate(TAB_START_JS)
        stops: list[dict[str, Any]] = []
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

    def _keyboard(self, page: Page, result: PageResult) -> None:
        """Tab through the page from the top; then activate the first stop (the skip link) by keyboard."""
        stops = self._walk(page, result)
        result.notes.append(f"键盘 Tab 共 {len(stops)} 个焦点")
        # reach: search field, main content, every visible control
        missing: list[Node] = []
        if (
            not any(s["inSearch"] for s in stops)
            and page.locator("form[name=search] input, [role=search] input").count()
        ):
            missing.append({"target": "搜索框", "html": "", "detail": "Tab 键没有到达搜索框"})
        has_content_controls = page.evaluate(CONTENT_CONTROLS_JS)
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

    def _skip_moves_focus(self, page: Page, first: dict[str, Any]) -> str:
        page.evaluate(
            "t => { window.scrollTo(0, 0); document.querySelector(t).focus({focusVisible: true}); }",
            first["node"]["target"],
        )
        page.keyboard.press("Enter")
        self._settle(page)
        where = page.evaluate(SKIP_LANDED_JS)
        if not where["inMain"]:
            return f"激活后焦点在 <{where['tag'].lower()}>，不在 <main> 中"
        page.keyboard.press("Tab")
        after = page.evaluate(SKIP_STAYS_JS)
        if not after:
            return "激活后再按 Tab，焦点没有留在正文中"
        return ""

    def search(self, context: BrowserContext, url: str, result: PageResult) -> None:
        """Search by keyboard alone: Tab to the search field, type, reach a result, open it."""
        page = context.new_page()
        try:
            self._search_in(page, url, result)
        finally:
            page.close()

    def _search_in(self, page: Page, url: str, result: PageResult) -> None:
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
        for key in keys:
            page.keyboard.press(key)
            if page.evaluate(SEARCH_RESULT_JS):
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

    def _reflow(self, page: Page, result: PageResult) -> None:
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
    def _overflow(page: Page, result: PageResult, rule: str, when: str) -> None:
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

    def _text200(self, page: Page, cdp: CDPSession, result: PageResult) -> None:
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
