"""MkDocs hooks: connect the gongkai domain modules to the build (thin glue, no domain rules here)."""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory, normalize_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # a plain `mkdocs build` without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from gongkai import (  # noqa: E402
    bodyrender,
    pipeline,
)
from gongkai.annualreport.body import page_markdown, place_tables  # noqa: E402
from gongkai.annualreport.layout import table_layout  # noqa: E402
from gongkai.core import deadlines, drafts, urls, vocab  # noqa: E402
from gongkai.core.column import GUIDE, LANDING, Column  # noqa: E402
from gongkai.core.dates import format_day  # noqa: E402
from gongkai.core.metadata import split_front_matter  # noqa: E402
from gongkai.core.problems import WARNING, ContentError, Problems  # noqa: E402
from gongkai.core.urls import CATALOGUE_CSV, CATALOGUE_JSON, is_markdown  # noqa: E402
from gongkai.files import filewalk  # noqa: E402
from gongkai.files.memo import FileMemo, stamps_under  # noqa: E402
from gongkai.pages import (  # noqa: E402
    anchors,
    bodyhtml,
    editloop,
    listing,
    pageaddress,
)
from gongkai.pages.catalogue import (  # noqa: E402
    Reuse,
    catalogue_csv,
    catalogue_json,
)
from gongkai.pages.feeds import feeds  # noqa: E402
from gongkai.pages.presentation import link_text, metadata_lines, metadata_rows, notice, relations, scope_table_headers  # noqa: E402
from gongkai.pages.searchindex import IndexInBackground, SearchIndexError, records_for  # noqa: E402
from hooks import fastwatch, reusemarkdown, splitbuild  # noqa: E402  (beside this file: one converter; two cores)

log = logging.getLogger("mkdocs.plugins.gongkai")


class _State:
    """What one build carries from event to event (on_config sets it afresh for every build)."""

    def __init__(self) -> None:
        self.column: Column | None = None
        self.generated: dict[str, listing.GeneratedPage] = {}
        self.env: jinja2.Environment | None = None
        self.search_index: IndexInBackground | None = None
        self.body_problems: Problems = Problems()  # HTML of the bodies outside the allowlist (bodyhtml)
        self.nav_pages: dict = {}  # URL -> MkDocs page of the nav
        self.nav_srcs: set = set()  # their src_uri
        self.opened = None  # the nav page opened for the page being rendered (on_page_context)
        self.command: str | None = None  # MkDocs' command (on_startup): "serve" previews, else publishes
        # serve only: the problems the error page shows instead of the site
        self.preview_problems: list[str] | None = None
        self.rendered: dict[str, set[str]] = {}  # src -> the ids of the body's HTML as MkDocs rendered it (anchors)
        self.qr = None  # QrInBackground of the build
        self.split: splitbuild.PageSplit | None = None  # the worker converting half of the pages

    def known_column(self) -> Column:
        """The column, for the events after on_config: it loaded the column or stopped the build."""
        if self.column is None:
            raise RuntimeError("gongkai: the column is used before on_config loaded it")
        return self.column

    def known_env(self) -> jinja2.Environment:
        """The templates' environment, for the events after on_env set it."""
        if self.env is None:
            raise RuntimeError("gongkai: the templates are used before on_env set them")
        return self.env


state = _State()


class NavCache:
    """Material's primary nav, rendered once per distinct output (overrides/partials/nav.html).

    Material renders the whole nav on every page: at 2,000 documents that was half of the page
    template's time, for the same HTML over and over. For a page outside the nav (every document,
    later list pages) the nav's HTML depends only on where the hook opens it (page.gk_section) and
    on the page's relative links to the nav's targets, so those are the key; the nav's own pages
    (a few dozen) get no key and are rendered in full, as Material would (their own item is the
    current one, with its table of contents)."""

    def __init__(self):
        self.targets: tuple[str, ...] = ()
        self.in_nav: set[int] = set()
        self.html: dict = {}
        self.hits = 0  # pages that reused a rendered nav (tests/test_nav_cache.py)

    def reset(self, nav, config) -> None:
        """Per build (mkdocs serve rebuilds): the URLs the nav links to, and its pages."""
        targets = set()

        def walk(items):
            for item in items:
                if getattr(item, "url", None) is not None:
                    targets.add(item.url)
                walk(getattr(item, "children", None) or [])

        walk(nav.items)
        if nav.homepage is not None:
            targets.add(nav.homepage.url)
        for extra in (config.extra.get("homepage"), config.theme.get("logo")):
            if isinstance(extra, str):
                targets.add(extra)
        self.targets = tuple(sorted(targets))
        self.in_nav = {id(page) for page in nav.pages}
        self.html = {}
        self.hits = 0

    def key(self, page):
        if page is None or id(page) in self.in_nav:
            return None
        # The same function as MkDocs' `url` filter, on every URL the nav prints.
        return (getattr(page, "gk_section", None), tuple(normalize_url(url, page=page) for url in self.targets))

    def has(self, key) -> bool:
        return key in self.html

    def get(self, key):
        self.hits += 1
        return self.html[key]

    def put(self, key, html) -> str:
        self.html[key] = html
        return ""


nav_cache = NavCache()


def _fail(problems) -> PluginError:
    lines = [str(p) for p in problems]
    return PluginError("内容有误，未发布。请逐条修改后重新构建：\n" + "\n".join(lines))


def on_startup(command, dirty):
    # Called once per process, before the first on_config; `mkdocs serve` keeps this module (and
    # so ``state``) across its rebuilds. Only "serve" previews: a build must fail on errors.
    state.command = command
    _edit_startup(command, dirty)


def _previewing() -> bool:
    return state.command == "serve"


def _stop(problems, config) -> None:
    """Content cannot be published. A build fails with every message; `mkdocs serve` shows them in
    the browser instead (on_post_build writes the page), since a failed rebuild leaves every request
    of the browser waiting for a build that never comes."""
    lines = [str(p) for p in problems]
    if not _previewing():
        raise _fail(problems)
    # `mkdocs serve --strict` counts logged warnings and errors and would abort the rebuild (the hang
    # this avoids): there the messages go to the log as information
    level = logging.INFO if config.strict else logging.ERROR
    for line in lines:
        log.log(level, line)
    log.log(level, "内容有误：浏览器中显示上述问题（预览页）；mkdocs build 和 make site 在改正前不会发布")
    state.preview_problems = lines


def _verdict(column: Column, config) -> list:
    """Everything `python -m gongkai check` prints about a column that is not published: its own
    problems (errors and warnings) and those of the bodies' HTML, which the build would otherwise
    find only while rendering pages it no longer renders."""
    md = markdown.Markdown(extensions=bodyrender.extensions(config), extension_configs=config.mdx_configs or {})

    def convert(body: str) -> str:
        md.reset()
        return md.convert(body)

    render, kept = anchors.recorder(convert)
    project = Path(config.config_file_path).resolve().parent
    bodyrender.check_bodies(column, project, render)
    anchors.check_column_anchors(column, project / "content", kept)
    for line in deadlines.report_of(column).lines():  # information, printed by check as well
        log.info(line)
    return column.problems.sorted()


def on_config(config):
    project = Path(config.config_file_path).resolve().parent
    state.column, state.preview_problems = None, None  # `mkdocs serve` rebuilds in this same module
    _edit_begin()
    state.rendered = {}
    # anchors are checked by gongkai/pages/anchors.py on the same HTML, in Chinese; MkDocs' own check
    # would add the same finding in English
    config.validation.links.anchors = logging.DEBUG
    config.markdown_extensions = bodyrender.extensions(config)  # the same HTML, a third less Markdown time
    try:
        # the same pipeline and verdict as `python -m gongkai check` (gongkai/pipeline.py)
        column = pipeline.load(project, os.environ, strict=bool(config.strict), content_dir=Path(config.docs_dir),
                               memo=_edit_memo())
    except ContentError as exc:
        _stop(exc.problems, config)
        return config
    state.column = column
    bodyrender.check_offline(config, project, column.problems)  # the same refusal as `gongkai check`
    if column.problems.errors:
        _stop(_verdict(column, config), config)
        return config
    _edit_plan(column, config, project)
    site = column.site
    state.generated = {p.src: p for p in listing.generated_pages(column)}
    # One source of truth: the body's name and URL come from site_config/, the nav from the column.
    # “示例市人民政府办公室政府信息公开”: the <title> of every page ends with it (overrides/main.html)
    config.site_name = _html(f"{site.name}{vocab.COLUMN_NAME}")
    if site.site_url and not _previewing():
        # checked by siteconfig: an http(s) URL without <, > or quotes. `mkdocs serve` keeps its own
        # (http://127.0.0.1:8000/): the 404 page's links are absolute from it, and a preview served
        # at / would send them to the production sub-path (/zwgk/…), where nothing is served.
        config.site_url = site.site_url
    config.nav = _escape_nav(listing.nav(column))
    template_dir = Path(config.theme.custom_dir or project / "overrides") / "gongkai"
    state.env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,  # everything from content is escaped in attributes and text
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # made anew per build (as MkDocs' own): no stat of the templates on every page
    )
    state.env.filters["day"] = lambda d: format_day(d) if d else ""
    state.env.globals["urls"] = urls.SITE_URLS  # every address a template prints (gongkai/core/urls.py)
    _edit_templates(state.env)
    return config


def _html(text: str) -> Markup:
    """The one escaping boundary towards Material's templates. Material prints page titles, nav
    titles, ``config.site_name`` and ``page.meta.description`` without autoescaping, and pipes some
    through ``| e``: a string escaped here and marked as Markup comes out escaped exactly once in
    both. (Our own templates autoescape plain strings; they never see these Markup values.)"""
    return escape(str(text))


def _escape_nav(items):
    """The nav of listing.nav with every title escaped once (titles are sub-column labels from
    site_config/taxonomy.yml)."""
    if isinstance(items, list):
        return [_escape_nav(item) for item in items]
    if isinstance(items, dict):
        return {_html(title): _escape_nav(value) for title, value in items.items()}
    return items


def _page_meta(meta: dict, title) -> dict:
    """page.meta as Material reads it: the title and description escaped once, presentation
    keys (hide, search) as they are."""
    out = {key: value for key, value in meta.items() if key not in ("title", "description")}
    if title is not None:
        out["title"] = _html(title)
    if isinstance(meta.get("description"), str):
        out["description"] = _html(meta["description"])
    return out


def on_pre_build(config):
    if state.preview_problems is not None:
        return
    # Logged here, not in on_config: MkDocs counts warnings for --strict only once the build starts.
    warnings = [p for p in state.column.problems.sorted() if p.level == WARNING]
    if warnings and config.strict:
        # Also stops `mkdocs build --strict -q`, whose quiet mode hides warnings from MkDocs' own count;
        # with the bodies' problems, as check prints them.
        problems = _verdict(state.column, config)
        if not _previewing():
            raise PluginError("严格模式（--strict）下，内容警告也会阻止发布：\n" + "\n".join(map(str, problems)))
        _stop(problems, config)
        return
    for problem in warnings:
        log.warning(str(problem))
    _report_next_change(state.column)
    for line in _edit_report(deadlines.report_of(state.column).lines()):  # missed deadlines: history
        log.info(line)
    for line in drafts.lines(state.column):  # checked, withheld: the build says so, never a warning
        log.info(line)


def _report_next_change(column: Column) -> None:
    book = column.validity
    if book is None:  # load_column sets it on every column it returns
        raise RuntimeError("gongkai: the column has no validity book")
    upcoming = book.next_change(column.day)
    if upcoming is None:
        log.info(f"有效性截至 {format_day(column.day)}；已知日期内没有文件的有效性会再变化")
        return
    day, docs = upcoming
    names = "、".join(d.src for d in docs)
    log.info(f"有效性截至 {format_day(column.day)}；下一次变化在 {format_day(day)}（{names}），"
             "届时需要重新构建（CI 应每日定时构建）")


class _AnyCaseMarkdown(File):
    """A content file named .MD, .Md …: a document, rendered like notice.md (filewalk.is_markdown).
    MkDocs' own test is case-sensitive and would copy it raw, front matter and all."""

    def is_documentation_page(self) -> bool:
        return True


def _any_case_markdown_as_pages(files: Files) -> None:
    for file in list(files):
        name = file.src_uri.rsplit("/", 1)[-1]
        if file.generated_by is None and is_markdown(name) and not file.is_documentation_page():
            files.remove(file)
            files.append(_AnyCaseMarkdown(file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls,
                                          inclusion=file.inclusion))


def on_files(files: Files, config):
    if state.preview_problems is not None:
        return _preview_files(files, config)
    column = state.known_column()
    if edit.plan is None and not _previewing():
        # the index first: its process runs on the other core, idle until the pages are shared out,
        # while this one makes the files below (stopped by on_build_error if they fail)
        _start_index(column, config)
    _any_case_markdown_as_pages(files)
    withheld = drafts.withheld_files(column)
    for file in [f for f in files if f.src_uri in withheld]:  # draft: true — checked, never published
        files.remove(file)
    present = {f.src_uri for f in files.documentation_pages()}
    problems = []
    # MkDocs walked content/ again (it must, to copy it): what it copies must be what gongkai checked.
    copied = {f.src_uri for f in files if f.src_dir == config.docs_dir and f.inclusion.is_included()
              and not f.is_documentation_page()}
    walked = set(column.tree.static) - withheld if column.tree is not None else copied
    for src in sorted(copied ^ walked):
        problems.append(f"错误 {src}：MkDocs 要发布的文件与检查过的文件不一致（文件在构建期间被改动，"
                        "或被 mkdocs.yml 的 exclude_docs 排除）。修改方法：检查 mkdocs.yml 后重新构建")
    for src in sorted(state.generated):
        if src in present:
            problems.append(f"错误 {src}：此路径由 gongkai 自动生成，不能放内容文件。修改方法：把文件改名")
        title = json.dumps(state.generated[src].title, ensure_ascii=False)  # a taxonomy label may hold ": "
        files.append(File.generated(config, src, content=f"---\ntitle: {title}\n---\n"))
    files.append(_LaterFile.later(config, CATALOGUE_JSON, lambda: catalogue_json(column, _edit_catalogue())))
    files.append(_LaterFile.later(config, CATALOGUE_CSV,
                                  lambda: catalogue_csv(column, _edit_catalogue()).encode("utf-8")))
    for path, xml in feeds(column).items():
        files.append(File.generated(config, path, content=xml))
    _add_id_pages(files, config, column)
    if edit.plan is not None:
        files = _edit_reuse_pages(files)
        _edit_files(files)
    known = set(column.by_src) | {LANDING}
    for src in sorted(present - known):
        # load_column reported why (wrong folder, reserved name …); never publish it unchecked.
        if not src.endswith(".md"):
            problems.append(f"错误 {src}：只支持扩展名为 .md 的 Markdown 文件。修改方法：把文件改名为 .md")
        else:
            problems.append(f"错误 {src}：此文件未通过检查，不会发布。修改方法：见上方针对该文件的提示")
    for src in sorted(known - present):
        problems.append(f"错误 {src}：文件被 MkDocs 排除（exclude_docs 或 draft），内容会被遗漏。"
                        "修改方法：检查 mkdocs.yml")
    if problems:
        if not _previewing():
            raise PluginError("\n".join(problems))
        _stop(problems, config)
        return _preview_files(files, config)
    if edit.plan is not None:
        _edit_search(column, config)
        return files
    if state.search_index is None:
        _start_index(column, config)
    return files


def _start_index(column: Column, config) -> None:
    # search/data/* is written straight into site_dir (cleaned before on_files) while MkDocs renders the pages
    state.search_index = IndexInBackground(
        lambda: records_for(column, lambda d: listing.section_label(column, d), column.status,
                            lambda d: d.url, format_day),
        Path(config.site_dir) / urls.SEARCH_DATA,
    ).start()


class _LaterFile(File):
    """A generated file whose content is made when MkDocs writes it (copy_static_files), not when it
    is listed in on_files: by then the pages are shared out (hooks/splitbuild.py), so the work runs
    beside the page worker instead of before it, and the worker, which never writes static files,
    never makes it. ``mkdocs serve`` makes it at once (the edit loop compares contents)."""

    _made: str | bytes | None = None
    make: Callable[[], str | bytes] | None = None

    @classmethod
    def later(cls, config, src_uri: str, make: Callable[[], str | bytes]) -> File:
        if edit.plan is not None or _previewing():
            return File.generated(config, src_uri, content=make())
        file = cls.generated(config, src_uri, content=b"")
        assert isinstance(file, _LaterFile)
        file._made, file.make = None, make
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self._made is None and self.make is not None:
            self._made, self.make = self.make(), None
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made, self.make = value, None


def _add_id_pages(files: Files, config, column: Column) -> None:
    """``id/<索引号>/``: the 索引号 printed on paper finds the document (gongkai/pages/pageaddress.py).
    A clash with a content file is refused before this (prepublish.build_outputs)."""
    template = state.known_env().get_template("id.html")
    for path, doc in pageaddress.id_pages(column).items():
        if edit.plan is not None and doc.src not in edit.plan.documents:
            continue  # the edit loop: written by an earlier build of this `mkdocs serve`, unchanged
        files.append(_LaterFile.later(config, path, _id_page(template, doc, column, path)))


def _id_page(template, doc, column: Column, path: str) -> Callable[[], str]:
    def render() -> str:
        folder = urls.url_of_destination(path)
        return template.render(doc=doc, site=column.site, target=urls.relative(doc.url, folder),
                               canonical=urls.absolute(column.site.site_url, doc.url))

    return render


def _preview_files(files: Files, config) -> Files:
    """The files of an error preview: the theme's own (its CSS), none of the content, which
    on_post_build replaces with the error page."""
    return Files([f for f in files if f.src_dir != config.docs_dir and not f.is_documentation_page()])


def _preview_page(lines: list[str], config) -> str:
    """The page `mkdocs serve` shows while content has errors: the messages of check and the build,
    each escaped once. MkDocs adds its live-reload script before </body>, so the page reloads once
    the files are saved again."""
    items = "\n".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>内容有误，预览未更新 - {escape(config.site_name)}</title>\n"
        "<style>body{font:16px/1.7 sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
        "h1{font-size:1.5rem;color:#b00020}li{margin:.5rem 0;overflow-wrap:anywhere}</style>\n"
        "</head>\n<body>\n<main>\n<h1>内容有误，预览未更新</h1>\n"
        f"<p>发现 {len(lines)} 个问题。逐条修改并保存后，本页会自动刷新。"
        "这些问题改正前，make site（mkdocs build）和 CI 都不会发布网站。</p>\n"
        f"<ol>\n{items}\n</ol>\n</main>\n</body>\n</html>\n"
    )


def _write_preview(config, lines: list[str], sources, everywhere: bool = True) -> None:
    """The error page at the address of every page in ``sources`` and, ``everywhere``, at the front
    page and as the 404 page: wherever the browser is, its next request shows the messages."""
    site_dir = Path(config.site_dir)
    html = _preview_page(lines, config)
    fixed = {urls.destination(urls.LANDING), urls.NOT_FOUND} if everywhere else set()
    for dest in sorted(fixed | {urls.destination(src) for src in sources}):
        path = site_dir / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def on_nav(nav, config, files):
    reusemarkdown.install()  # the pages are converted next: one Markdown converter for all of them
    state.nav_pages = {page.url: page for page in nav.pages}
    state.nav_srcs = {page.file.src_uri for page in nav.pages}
    nav_cache.reset(nav, config)
    column = state.column
    if state.qr is not None:
        state.qr.close()
        state.qr = None
    if column is None or state.preview_problems is not None:  # the error preview has no documents
        return nav
    if _split_pages(nav, config, files):  # each process draws the QR codes of its own pages
        return nav
    # The addresses in the order MkDocs converts the pages (files.documentation_pages()).
    docs = [column.by_src.get(f.src_uri) for f in files.documentation_pages()]
    if edit.plan is not None:  # the edit loop: only the pages rewritten show their code
        docs = [d for d in docs if d is not None and d.src in edit.plan.documents]
    state.qr = QrInBackground([a for a in (_permanent(d, column)[1] for d in docs if d is not None) if a])
    _edit_keep_pages(files, column)
    return nav


def _split_pages(nav, config, files: Files) -> bool:
    """Share the pages out to a worker on the other core (hooks/splitbuild.py): pages that are
    neither in the nav nor the landing page, spread evenly in MkDocs' order. Not while previewing."""
    if _previewing() or edit.plan is not None:
        return False
    pages = [f.src_uri for f in files.documentation_pages() if f.src_uri not in state.nav_srcs and f.src_uri != LANDING]
    if not splitbuild.wanted(config, len(pages)):
        return False
    state.split = splitbuild.PageSplit(splitbuild.worker_share(pages), nav, skipped=_split_skipped,
                                       collect=_split_collect, merge=_split_merge)
    state.split.install()
    return True


def _split_skipped(page) -> None:
    """A page the worker converts: what this process still needs of it (sitemap.xml's date)."""
    day = _updated(page.file.src_uri)
    if day is not None:
        page.update_date = day.isoformat()


def _split_collect() -> dict:
    """In the worker, after its pages: what they left for on_post_build."""
    return {"rendered": state.rendered, "body_problems": state.body_problems.items}


def _split_merge(result: dict) -> None:
    state.rendered.update(result["rendered"])
    state.body_problems.extend(Problems(items=list(result["body_problems"])))


def _split_end(failed: bool) -> None:
    split, state.split = state.split, None
    if split is None:
        return
    split.uninstall()
    if failed:
        split.stop()
    else:
        split.join()


def translator(env: jinja2.Environment, language: str):
    """Material's translation of a key (partials/language.html), looked up once per key: Material
    imports its language macros on every page and builds each language's whole table on every
    lookup (16 lookups a page). The same text: the same macros, called once."""
    table = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    known: dict[str, str] = {}

    def translate(key: str) -> str:
        if key not in known:
            known[key] = table.t(key) or fallback.t(key) or key  # type: ignore[attr-defined]
        return known[key]

    return translate


def on_env(env, config, files):
    env.globals["gk_nav"] = nav_cache  # overrides/partials/nav.html
    env.globals["gk_translate"] = translator(env, config.theme["language"])  # overrides/partials/language.html
    env.globals["urls"] = urls.SITE_URLS  # the addresses of gongkai's pages (overrides/main.html, 404.html)
    # the 索引号 pattern for search.js, through the settings block of overrides/main.html
    env.globals["gk_index_no"] = state.column.site.index_no_js() if state.column is not None else None
    _edit_templates(env)
    if edit.plan is not None:
        _edit_dates(files)
    return env


def on_page_context(context, page, config, nav):
    """当前位置 (gongkai/pages/listing.py breadcrumb), and the side nav open at the sub-column or part that
    holds a page that is not in the nav itself (documents, later list pages, catalogues)."""
    _unpack(page)
    column, src = state.column, page.file.src_uri
    doc, generated = column.by_src.get(src), state.generated.get(src)
    title = doc.title if doc is not None else generated.title if generated is not None else page.title
    crumbs = listing.breadcrumb(column, src, str(title or ""))
    page.gk_crumbs = [{"label": _html(c.label), "url": c.url} for c in crumbs]
    page.gk_section = None
    if src not in state.nav_srcs:
        for crumb in reversed(crumbs):
            holder = state.nav_pages.get(crumb.url) if crumb.url else None
            if holder is not None:
                page.gk_section = holder.url
                holder.active = True  # opens its sections; undone in on_post_page
                state.opened = holder
                break
    if not page.toc:  # no headings: no empty 目录 column beside the text (lists get the width)
        hide = page.meta.get("hide") or []
        page.meta = {**page.meta, "hide": [*(hide if isinstance(hide, (list, tuple)) else [hide]), "toc"]}
    return context


def on_post_page(output, page, config):
    page.content = None  # written: nothing reads it again (anchors were collected when it was converted)
    opened, state.opened = state.opened, None
    if opened is not None:
        opened.active = False
    return output


def on_page_read_source(page, config):
    # A document's file was read and its front matter parsed by load_column, and on_page_markdown
    # replaces both MkDocs' Markdown and meta with that parse: MkDocs' own second read and YAML
    # parse of every document (a twentieth of the build's CPU) would be thrown away.
    column = state.column
    if column is not None and state.preview_problems is None and page.file.src_uri in column.by_src:
        return ""
    return None


def on_page_markdown(markdown, page, config, files):
    # sitemap.xml (rendered before the pages) uses the page's 更新日期, never the wall clock.
    day = _updated(page.file.src_uri)
    if day is not None:
        page.update_date = day.isoformat()
    src = page.file.src_uri
    doc = state.column.by_src.get(src)
    if doc is not None:
        # Our own parse is the source of truth (MkDocs drops front matter it cannot read).
        page.meta = _page_meta(doc.extra, doc.title)
        # an annual report's parts in order, with a marker where each table goes (place_tables)
        return page_markdown(doc, state.column)
    generated = state.generated.get(src)
    if generated is not None:
        page.meta = _page_meta({}, generated.title)
    elif src == LANDING:
        landing = state.column.landing
        page.meta = _page_meta({k: v for k, v in landing.items() if k in vocab.PRESENTATION_KEYS},
                               landing.get("title") or vocab.COLUMN_NAME)
    return markdown


def _updated(src: str):
    column = state.known_column()
    doc = column.by_src.get(src)
    if doc is not None:
        return column.updated_of(doc)
    generated = state.generated.get(src)
    if generated is not None:
        return generated.updated
    return column.newest_update(column.documents)  # the landing page: the column's newest change


def _href(page):
    """The link from ``page`` to a site-relative URL (gongkai/core/urls.py, MkDocs' rule)."""
    return lambda url: urls.relative(url, page.url)


def _checked_body(html, page, doc):
    """The body's HTML, checked against the allowlist (gongkai/pages/bodyhtml.py) on what MkDocs rendered
    (never rendered twice); problems stop the build in on_post_build, with every page's."""
    if doc is not None:
        body, body_line = page_markdown(doc, state.column), doc.body_line  # what was rendered
    else:
        _, body, body_line = split_front_matter(page.file.content_string)
    if bodyhtml.check_body(page.file.src_uri, body, body_line, html, state.body_problems):
        return html
    return "<p>（正文未通过检查，未发布。）</p>"  # site/ never holds it, even from a failed build


def on_page_content(html, page, config, files):
    # MkDocs converts every page before it renders the first one, so the HTML of every page would
    # be held at once: keep it compressed until the page's turn (on_page_context) and drop it once
    # written (on_post_page). With the nav cache: 500 -> 395 MB peak at 10,000 documents.
    page.gk_packed = zlib.compress(_page_html(html, page).encode("utf-8"), 1)
    return ""


def _unpack(page) -> None:
    packed = getattr(page, "gk_packed", None)
    if packed is not None:
        page.content, page.gk_packed = zlib.decompress(packed).decode("utf-8"), None


def _page_html(html, page):
    column, env = state.column, state.env
    src = page.file.src_uri
    doc = column.by_src.get(src)
    if doc is not None or src not in state.generated:  # the text of a document or the landing page
        state.rendered[src] = anchors.ids_of(html)  # the ids only: every page's HTML would be held at once
        html = _checked_body(html, page, doc)
    if doc is not None:
        report = column.reports.get(src)
        block = env.get_template("document.html").render(
            doc=doc, rows=metadata_rows(doc, column.status(doc), column.day, column.updated_of(doc),
                                        column.validity.facts(doc).repealed),
            href=_href(page), column=column, site=column.site, is_guide=doc.src == GUIDE,
            contact_labels=vocab.CONTACT_FIELDS, parts=vocab.PART_BY_KEY,
            notice=notice(doc, column), relations=relations(doc, column), link_text=link_text,
            report=report, lines=metadata_lines, address=_address(doc, column),
        )
        if report is not None and report.has_tables:  # tables 二 三 四 go between parts 一 and 五 of the text
            table = env.get_template("annual-report.html")
            html = place_tables(html, lambda n: table.render(report=report, layout=table_layout(report, n)))
        return block.replace("<!--gongkai:body-->", scope_table_headers(html))
    generated = state.generated.get(src)
    if generated is not None:
        return env.get_template(f"{generated.kind}.html").render(
            page=generated, href=_href(page), column=column, site=column.site,
            subcolumns=column.site.subcolumn_by_key, parts=vocab.PART_BY_KEY, statuses=vocab.STATUSES,
            link_text=link_text, validity_lists=listing.has_validity_lists(column),
            with_status=generated.subcolumn == "regulations" or generated.part == "system",
            cached_rows=_edit_rows(src), distinct=_distinct,
        )
    return html


def _permanent(doc, column) -> tuple[str, str | None, bool]:
    """(site-relative address, absolute address or None, whether it is the id/<索引号>/ one)."""
    permanent = urls.id_address(doc.index_no)
    url = permanent.url if permanent is not None else doc.url
    return url, urls.absolute(column.site.site_url, url), permanent is not None


def _address(doc, column):
    """The permanent address of a document and its QR code (gongkai/pages/pageaddress.py). The SVG is
    segno's drawing of the address: path data only, no content string in it."""
    url, absolute, permanent = _permanent(doc, column)
    qr = state.qr.get(absolute) if state.qr is not None and absolute else None
    if qr is None and absolute:
        qr = _edit_qr(absolute)
    return {"url": url, "absolute": absolute, "permanent": permanent, "qr": Markup(qr) if qr is not None else None}


def _name_qr_worker() -> None:
    splitbuild.name_process("gongkai-qr")


class QrInBackground:
    """The QR codes of the documents' addresses, drawn by a forked worker on another core while
    this process converts the pages (segno is pure Python: about a fifth of this process's
    time when drawn here). Results come back in the order MkDocs converts the pages; the SVG is a
    pure function of the address, so the site is the same byte for byte. Anything unexpected (no
    fork, one core, a worker that died) falls back to drawing here, as before."""

    def __init__(self, addresses: list[str]):
        self.order = iter(addresses)
        self.ready: dict[str, str] = {}
        self.pool = self.results = None
        if len(addresses) >= 64 and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = multiprocessing.get_context("fork").Pool(1, initializer=_name_qr_worker)
            self.results = self.pool.imap(pageaddress.qr_svg, addresses, chunksize=32)

    def get(self, address: str) -> str | None:
        if address in self.ready:
            return self.ready.pop(address)
        if self.results is None:
            return None
        try:
            for drawn, svg in zip(self.order, self.results, strict=True):  # one result per address
                if drawn == address:
                    return svg
                self.ready[drawn] = svg
        except Exception:
            self.close()
        return None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        self.pool = self.results = None
        self.ready = {}


def on_post_build(config):
    edit.building = False  # every build that does not fail ends here, an error preview too
    reusemarkdown.uninstall()
    _split_end(failed=False)  # the worker's pages are written; their anchors and problems merged
    if state.qr is not None:
        state.qr.close()
        state.qr = None
    if state.preview_problems is not None:
        docs = Path(config.docs_dir)
        sources = filewalk.walk(docs).markdown if docs.is_dir() else []
        if state.column is not None:
            sources = [*sources, *(p.src for p in listing.generated_pages(state.column))]
        _write_preview(config, state.preview_problems, sources)
        gc.enable()  # paused by an incremental build (_edit_begin)
        return
    index, state.search_index = state.search_index, None
    if index is None:  # the edit loop: the index is rebuilt in the background (_edit_search)
        index = _IndexLater()
    try:
        written, seconds, waited = index.wait()
    except SearchIndexError as exc:
        raise PluginError("搜索索引生成失败（这是 gongkai 的问题，不是内容的问题，请附上以下信息报告）："
                          f"\n{exc}") from None
    body_problems, state.body_problems = state.body_problems, Problems()
    docs = Path(config.docs_dir)
    rendered, state.rendered = _edit_rendered(state.rendered), {}
    anchors.check_anchors(bodyhtml.bodies(state.column, docs), rendered,
                          [p.src for p in listing.generated_pages(state.column)], body_problems, _edit_memo())
    if not pipeline.fails(body_problems, bool(config.strict)):
        for problem in body_problems.sorted():  # warnings only (a missing anchor)
            log.warning(str(problem))
    else:
        if not _previewing():
            raise _fail(body_problems.sorted())
        # the pages are written, each failed body replaced by a placeholder: show the messages there
        _stop(body_problems.sorted(), config)
        _write_preview(config, state.preview_problems, {p.file for p in body_problems.items}, everywhere=False)
        state.preview_problems = None
    log.info(f"搜索索引：{written} 个文件，后台生成用时 {seconds:.1f} 秒，构建为等待它多用 {waited:.1f} 秒")
    # Never a document silently dropped: every content file must have become a page.
    site_dir = Path(config.site_dir)
    missing = [
        src for src in _edit_written([d.src for d in state.column.documents] + list(state.generated))
        if not (site_dir / urls.destination(src)).is_file()
    ]
    if missing:
        raise PluginError("以下文件没有生成页面：" + "、".join(missing))
    _edit_done()


def on_build_error(error):
    gc.enable()  # paused by an incremental build (_edit_begin)
    reusemarkdown.uninstall()
    edit.snapshot = None  # the next build of `mkdocs serve` starts afresh
    _split_end(failed=True)
    edit.building = False
    edit.pages, edit.next_pages = {}, {}
    edit.rows.clear()
    if state.qr is not None:
        state.qr.close()
        state.qr = None
    state.body_problems = Problems()
    if state.opened is not None:  # a page failed between on_page_context and on_post_page
        state.opened.active = False
        state.opened = None
    if state.search_index is not None:
        state.search_index.stop()
        state.search_index = None


# --- The edit loop (`mkdocs serve --dirty`, `make serve`): a saved document is shown in seconds.
# gongkai/pages/editloop.py decides which pages an edit changes; gongkai/files/memo.py keeps the
# per-file results of the pipeline. These functions apply that to MkDocs: pages that do not
# change are reported unmodified (MkDocs' --dirty skips them; their files stay from the last
# build), id/ pages and QR codes are made only for the pages rewritten, the search index is
# rebuilt in the background. A change of the frame (site_config/, templates, mkdocs.yml, the
# set of files, the nav) rebuilds everything into a cleaned site/. `mkdocs build` never gets here.


class RowCache:
    """The table rows of the catalogue pages (a row per document: 10,000 rows in the whole
    catalogue, a tenth of an edit's time to render), kept between the builds of `mkdocs serve`.

    A row is rendered by the catalogue template's own macro; it is reused for the same page and
    document while the document's key in the edit loop's snapshot (its file, the folder defaults
    it was read with, its status and 更新日期: gongkai/pages/editloop.py) is the one it was
    rendered with, and the rest of what a row shows (the page's address, the labels of
    site_config/) belongs to the frame, whose change rebuilds everything with no row reused."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[object, object]] = {}
        self.hits = 0  # rows reused (tests/test_edit_speed.py)

    def clear(self) -> None:
        self.rows = {}

    def begin(self, reuse: bool) -> None:
        """A build; a full one (``reuse`` false) renders every row afresh."""
        if not reuse:
            self.rows = {}
        self.hits = 0

    def for_page(self, page_src: str, keys: dict):
        """What the catalogue template calls for its rows: ``cached_rows(docs, macro)``; ``keys``:
        the document keys of this build's snapshot."""
        rows = self.rows

        def cached_rows(docs, macro):
            out = []
            for doc in docs:
                key = keys.get(doc.src, _NONE)
                kept = rows.get((page_src, doc.src))
                if kept is not None and kept[0] == key and key is not _NONE:
                    self.hits += 1
                    out.append(kept[1])
                    continue
                html = macro(doc)
                if key is not _NONE:
                    rows[(page_src, doc.src)] = (key, html)
                out.append(html)
            return Markup("".join(out))  # each row is the macro's Markup: escaped once, in the macro

        return cached_rows


_NONE = object()


def _plain_rows(docs, macro):
    return Markup("".join(macro(doc) for doc in docs))


def _distinct(docs, attribute: str, reverse: bool) -> list:
    """``docs | map(attribute=…) | unique | sort(reverse=…)`` by Jinja's own filters (case-folded
    like them), without a template-level attribute look-up per document (10,000 in the catalogue)."""
    env = state.known_env()
    values = [getattr(doc, attribute) for doc in docs]
    return jinja2.filters.do_sort(env, list(jinja2.filters.sync_do_unique(env, values)), reverse=reverse)


class _EditLoop:
    def __init__(self):
        self.dirty = False  # `mkdocs serve --dirty`
        self.memo = FileMemo()
        self.snapshot: editloop.Snapshot | None = None  # what the last successful build published
        self.pending: editloop.Snapshot | None = None  # this build's, kept once it succeeds
        self.plan: editloop.Plan | None = None  # this build rewrites only these (None: everything)
        self.rendered: dict[str, set[str]] = {}  # src -> ids of every page on disk (anchors)
        self.search_generation = 0
        self.search: IndexInBackground | None = None
        self.before: editloop.Snapshot | None = None  # the last successful build's, during a build
        self.catalogue = Reuse()  # catalogue.json/.csv records of the documents not rewritten
        # src -> (File, its page's attributes as MkDocs created it) of the last successful build's
        # documents outside the nav, handed to MkDocs again while they are not rewritten
        self.pages: dict[str, tuple[File, dict, str]] = {}  # and the page's 更新日期
        self.next_pages: dict[str, tuple[File, dict, str]] = {}
        self.reused: set[str] = set()  # this build's documents whose File and Page are the last build's
        self.rows = RowCache()  # the catalogue pages' table rows
        self.report: list[str] | None = None  # the deadline report as last logged
        self.qr: dict[str, str] = {}  # address -> QR code drawn in this process (the edited page's, on every save)
        self.building = False  # a build runs (the file watch waits: _edit_quiet_watch)
        self.building_since = 0.0
        self.builds = 0
        self.collected = 0  # the build after which the frozen objects were last collected
        self.settling: threading.Timer | None = None  # an incremental build's collection (_edit_settle)
        self.fast_watch = None  # the inotify watch of content/ beside MkDocs' polling (hooks/fastwatch.py)


edit = _EditLoop()


def _edit_begin() -> None:
    """on_config: a build starts. Only a build that succeeds leaves a snapshot (_edit_done), so
    after an error the next build is a full one; a search index still being built for an earlier
    edit is abandoned."""
    edit.before, edit.snapshot = edit.snapshot, None
    edit.plan = edit.pending = None
    if edit.dirty and edit.before is not None:
        # Most likely an incremental build (a full one turns it back on in _edit_plan): the cyclic
        # collector is paused until the build has ended (_edit_settle, or on_build_error). An edit at
        # 10,000 documents allocates enough for some 15 collections, which together walked the
        # build's new objects again and again (0.5-1 s of CPU of a 3-4 s edit); with the pause they
        # are walked once, just after the page is served, and the survivors then frozen.
        gc.disable()
    edit.building, edit.building_since = True, time.monotonic()
    edit.builds += 1
    edit.next_pages, edit.reused = {}, set()
    edit.search_generation += 1
    index, edit.search = edit.search, None
    process = index.process if index is not None else None
    if process is not None:
        # only the child is stopped here: its thread (_edit_search) sees the pipe close, cleans up
        # and, superseded, leaves search/data alone (IndexInBackground is not shared between threads)
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept across the rebuilds of `mkdocs serve` (MkDocs makes a new Jinja
    environment for every build, which compiles Material's templates again: a third of a small
    rebuild). Jinja checks each entry against the template's source, so an edited template is
    compiled afresh."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def _edit_templates(env) -> None:
    if state.command == "serve":
        env.bytecode_cache = _compiled


def _edit_startup(command, dirty) -> None:
    edit.dirty = command == "serve" and bool(dirty)
    if edit.dirty:
        # MkDocs warns of --dirty on every build, in English: here the hooks decide what is rewritten
        logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())


class _NotDirtyWarning(logging.Filter):
    def filter(self, record):
        return "'dirty' build is being performed" not in record.getMessage()


def _edit_catalogue():
    """The catalogue's per-document records of the last build, in the edit loop (else None)."""
    return edit.catalogue if edit.dirty and edit.pending is not None else None


def _edit_memo():
    """The per-file memo, kept across the rebuilds of `mkdocs serve` (a build gets none)."""
    return edit.memo if state.command == "serve" else None


def _edit_config_stamps(config, project: Path):
    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else project / "overrides"
    return stamps_under([project / pipeline.SITE_CONFIG, theme, Path(config.config_file_path), Path(__file__)])


def _edit_plan(column: Column, config, project: Path) -> None:
    """on_config: what this build rewrites. The first build of a `mkdocs serve --dirty`, and one
    whose frame changed, rebuild everything (in a cleaned site/: no page of a removed file stays)."""
    if not edit.dirty:
        return
    before, edit.before = edit.before, None
    edit.pending = editloop.take(column, edit.memo.versions, _edit_config_stamps(config, project))
    edit.plan = plan = editloop.plan(before, edit.pending, column)
    edit.catalogue.begin(lambda src: plan is None or src in plan.documents)
    edit.rows.begin(reuse=plan is not None)
    if edit.plan is None:
        gc.enable()  # a full build: its garbage (every page rendered) is collected as it goes
        edit.rendered = {}
        if before is not None:
            log.info("编辑预览：配置、模板或文件集合有变化，完整重新构建")
        clean_directory(config.site_dir)  # --dirty keeps site/: no page of a removed file may stay
        return
    log.info(f"编辑预览：{len(edit.plan.changed)} 份文件有变化，重写 {len(edit.plan.documents)} 个文件页面、"
             f"{len(edit.plan.generated)} 个列表页和目录页")


class _Modified:
    """File.is_modified for the edit loop: what MkDocs' --dirty asks before reading and writing a page."""

    def __init__(self, answer: bool):
        self.answer = answer

    def __call__(self) -> bool:
        return self.answer


def _edit_files(files: Files) -> None:
    """on_files: every page that the plan does not rewrite is unmodified (its file on disk is the
    last build's, and still right); the landing page always follows the column."""
    plan = edit.plan
    assert plan is not None
    for file in files.documentation_pages():
        src = file.src_uri
        file.is_modified = _Modified(src == LANDING or plan.rewrites(src))  # type: ignore[method-assign]


def _edit_dates(files: Files) -> None:
    """on_env: sitemap.xml (rendered from every page) needs the 更新日期 of the pages --dirty did not
    read (on_page_markdown sets it for the others)."""
    for file in files.documentation_pages():
        page = file.page
        if page is not None and file.src_uri not in edit.reused and not file.is_modified():
            day = _updated(file.src_uri)
            if day is not None:
                page.update_date = day.isoformat()


def _edit_rendered(rendered: dict[str, set[str]]) -> dict[str, set[str]]:
    """The ids of every page for the anchor check: this build's, and the last builds' for pages
    not rewritten (in the edit loop)."""
    if not edit.dirty:
        return rendered
    if edit.plan is None:
        edit.rendered = dict(rendered)
    else:
        edit.rendered.update(rendered)
    return edit.rendered


class _IndexLater:
    def wait(self):
        return 0, 0.0, 0.0


def _edit_search(column, config) -> None:
    """The search index of an incremental build: built in the background into a folder of its
    own and put in place when complete (the browser never reads half an index); the page is
    served meanwhile. A later save abandons it for a newer one."""
    generation = edit.search_generation
    data = Path(config.site_dir) / "search" / "data"
    fresh = data.with_name(f".data-{generation}")
    index = edit.search = IndexInBackground(
        lambda: records_for(column, lambda d: listing.section_label(column, d), column.status,
                            lambda d: d.url, format_day),
        fresh,
    ).start()

    def swap():
        try:
            written, seconds, _ = index.wait()
        except Exception:  # stopped for a newer edit, or failed: the next build retries
            shutil.rmtree(fresh, ignore_errors=True)
            return
        if generation != edit.search_generation:
            shutil.rmtree(fresh, ignore_errors=True)
            return
        if not fresh.is_dir():  # the build that started it cleaned site/ meanwhile
            return
        old = data.with_name(f".old-{generation}")
        try:
            if data.exists():
                data.rename(old)
            fresh.rename(data)
        except OSError:  # site/ cleaned by a newer build meanwhile: that build writes its own index
            return
        shutil.rmtree(old, ignore_errors=True)
        if edit.search is index:
            edit.search = None
        log.info(f"编辑预览：搜索索引已更新（{written} 个文件，{seconds:.1f} 秒）")

    threading.Thread(target=swap, name="gongkai-search", daemon=True).start()


def _edit_done() -> None:
    """on_post_build: the build succeeded; the next one compares with it."""
    edit.snapshot, edit.pending = edit.pending, None
    # with the 更新日期 each page was given (on_page_markdown, _edit_dates): a page reused next time
    # is not rewritten, so its document's key, which holds that date, is unchanged
    edit.pages = {src: (file, attributes, file.page.update_date)
                  for src, (file, attributes, _) in edit.next_pages.items() if file.page is not None}
    edit.next_pages = {}
    edit.building = False
    if gc.isenabled():  # a full build
        _edit_freeze()
        return
    # an incremental build: its garbage is collected (and the survivors frozen) just after the page
    # is served, not before (a tenth of a second of an edit at 10,000 documents)
    edit.settling = threading.Timer(SETTLE_SECONDS, _edit_settle, args=(edit.builds,))
    edit.settling.daemon = True
    edit.settling.start()


SETTLE_SECONDS = 0.3  # after an incremental build: the request waiting for the page is answered first


def _edit_settle(build: int) -> None:
    """The collector, paused by the incremental build ``build`` (_edit_begin), collects what that
    build made and is turned on again, unless a newer build has started meanwhile: that build,
    paused too, settles both at its end (or turns the collector on when it fails)."""
    if edit.builds != build or edit.building:
        return
    gc.collect(0)  # everything the build made is in the youngest generation: nothing was collected
    _edit_freeze()
    gc.enable()


IDLE_GC_SECONDS = 20.0  # a webmaster saves, looks at the page, saves again: collect in the pauses
COLLECT_EVERY = 10  # builds without an idle pause: collect at the end of the tenth (bounded memory)


def _edit_freeze() -> None:
    """The end of a build of the edit loop. At 10,000 documents the process holds some 400,000
    objects between builds (the memo, the snapshot, the kept pages); Python's cyclic collector
    walked all of them again during every rebuild (about a second of an edit). Frozen
    (gc.freeze), they are left out of the collections of the next build, which only look at
    what it creates. Garbage frozen with them (cycles of the finished build not yet collected)
    is collected once the preview has been idle for a while (a collection runs holding the
    interpreter: never while a build runs nor just before the next save), or at the end of every
    tenth build without such a pause. Collection never changes what a build computes, only when
    memory is given back."""
    if not edit.dirty:
        return
    if edit.builds - edit.collected >= COLLECT_EVERY:
        _edit_collect()
    else:
        gc.freeze()
    build = edit.builds
    timer = threading.Timer(IDLE_GC_SECONDS, _edit_collect_when_idle, args=(build,))
    timer.daemon = True
    timer.start()


def _edit_collect_when_idle(build: int) -> None:
    if edit.building or edit.builds != build:  # a newer build ran or runs: it schedules its own
        return
    _edit_collect()


def _edit_collect() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    edit.collected = edit.builds


QR_KEPT = 1000


def _edit_qr(address: str) -> str:
    """The QR code of an address drawn in this process (segno, some 25 ms): in the edit loop kept
    for the next build, since the edited page and its neighbours are rewritten on every save.
    A pure function of the address (gongkai/pages/pageaddress.py)."""
    if not edit.dirty:
        return pageaddress.qr_svg(address)
    svg = edit.qr.get(address)
    if svg is None:
        if len(edit.qr) >= QR_KEPT:
            edit.qr = {}
        svg = edit.qr[address] = pageaddress.qr_svg(address)
    return svg


def _edit_written(srcs: list[str]) -> list[str]:
    """on_post_build: the pages whose file this build must have written. In the edit loop, those
    it rewrote: the others were written (and found) by an earlier build into the same site/,
    which only a full build cleans, and the set of pages is part of the frame."""
    if edit.plan is None:
        return srcs
    return [src for src in srcs if src == LANDING or edit.plan.rewrites(src)]


def _edit_report(lines: list[str]) -> list[str]:
    """on_pre_build: the deadline report (a line per missed deadline, hundreds in a large column)
    in full on the first build of `mkdocs serve` and whenever it changes; otherwise one line."""
    if state.command != "serve":
        return lines
    if lines == edit.report and lines:
        return [f"办理期限报告与上次构建相同（{len(lines)} 行，见上文），不再重复显示"]
    edit.report = list(lines)
    return lines


def _edit_reuse_pages(files: Files) -> Files:
    """on_files, incremental build: for each document that is not rewritten, MkDocs gets back the
    File of the last build, its Page reset to the attributes MkDocs gave it when it created it
    (get_navigation creates a Page only for a File that has none). Creating 10,000 Page objects
    (their canonical URL: urljoin and quote) was a fifth of an edit at 10,000 documents.

    Reused only when the File is the same file at the same place (src, destination, kind of
    File, inclusion): the page is not read nor written by this build (is_modified is false), so
    MkDocs uses it only for sitemap.xml and links to it, as it would a new one."""
    plan = edit.plan
    assert plan is not None
    out, reused = [], set()
    for file in files:
        kept = edit.pages.get(file.src_uri)
        if kept is not None and not plan.rewrites(file.src_uri) and _same_file(kept[0], file):
            old, attributes, update_date = kept
            page = old.page
            assert page is not None  # _same_file
            page.__dict__.clear()
            page.__dict__.update(_copied(attributes))
            page.update_date = update_date  # sitemap.xml (_edit_dates for the pages not reused)
            reused.add(file.src_uri)
            file = old
        out.append(file)
    edit.reused = reused
    return Files(out)  # in MkDocs' order: the order of the pages (QR codes, sitemap.xml) is unchanged


def _same_file(old: File, new: File) -> bool:
    # src_dir and src_uri make abs_src_path; dest_uri and use_directory_urls make the url
    return (type(old) is type(new) and old.page is not None and old.src_uri == new.src_uri
            and old.dest_uri == new.dest_uri and old.src_dir == new.src_dir and old.dest_dir == new.dest_dir
            and old.use_directory_urls == new.use_directory_urls and old.inclusion == new.inclusion
            and old.generated_by is None and new.generated_by is None)


def _copied(attributes: dict) -> dict:
    """A Page's attributes, with its lists and dicts copied: a page rendered later changes its own."""
    return {k: (v.copy() if isinstance(v, (list, dict, set)) else v) for k, v in attributes.items()}


def _edit_keep_pages(files: Files, column: Column) -> None:
    """on_nav: the Page of every document outside the nav, as MkDocs just created it (or as it was
    created by the build it is reused from), for the next build (_edit_reuse_pages)."""
    if not edit.dirty:
        return
    kept = {}
    for file in files.documentation_pages():
        src = file.src_uri
        if file.page is None or src not in column.by_src or src in state.nav_srcs or file.generated_by is not None:
            continue
        if src in edit.reused:
            kept[src] = edit.pages[src]
        else:
            kept[src] = (file, _copied(vars(file.page)), file.page.update_date)  # the date: set in _edit_done
    edit.next_pages = kept


def _edit_rows(page_src: str):
    """The catalogue template's row renderer: cached in the edit loop, plain otherwise."""
    if not edit.dirty or edit.pending is None:
        return _plain_rows
    return edit.rows.for_page(page_src, edit.pending.documents)


def on_serve(server, config, builder):
    """`mkdocs serve` watches content/ and mkdocs.yml; site_config/ and the templates decide every
    page as well (a change rebuilds everything, _edit_plan)."""
    project = Path(config.config_file_path).resolve().parent
    for folder in (project / pipeline.SITE_CONFIG, Path(config.theme.custom_dir or project / "overrides")):
        if folder.is_dir():
            server.watch(str(folder))
    _edit_quiet_watch(server)
    if edit.dirty:
        fastwatch.stop(edit.fast_watch)
        edit.fast_watch = fastwatch.start(server, Path(os.path.abspath(config.docs_dir)))
    return server


def on_shutdown():
    fastwatch.stop(edit.fast_watch)
    edit.fast_watch = None


BUILD_AT_MOST = 900.0  # seconds: a build flag older than this is not trusted (the watch polls again)


def _edit_quiet_watch(server) -> None:
    """`mkdocs serve` watches files by polling (watchdog's PollingObserver): every 0.5 s it walks
    content/ and takes the stamp of every file, 10,000 at 10,000 documents, in a thread of this
    process. During a rebuild that thread competed with the build for the interpreter (the
    server's CPU per edit was about half again the build's own). While the edit loop builds, each
    watch keeps its last snapshot instead of taking a new one; the first poll after the build
    compares the files with the snapshot from before it, so a file saved during the build is
    found then and rebuilt, as MkDocs would after the running build. Only watches of watchdog's
    polling kind are changed (anything else is left as it is)."""
    if not edit.dirty:
        return
    for emitter in list(getattr(getattr(server, "observer", None), "emitters", ())):
        take = getattr(emitter, "_take_snapshot", None)
        if callable(take) and hasattr(emitter, "_snapshot"):
            emitter._take_snapshot = _SnapshotUnlessBuilding(emitter, take)


class _SnapshotUnlessBuilding:
    def __init__(self, emitter, take):
        self.emitter, self.take = emitter, take
        self.kept = 0  # polls answered with the last snapshot (tests)

    def __call__(self):
        last = getattr(self.emitter, "_snapshot", None)
        building = edit.building and time.monotonic() - edit.building_since < BUILD_AT_MOST
        if building and last is not None and type(last).__name__ != "EmptyDirectorySnapshot":
            self.kept += 1
            return last
        return self.take()
