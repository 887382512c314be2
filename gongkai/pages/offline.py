"""mkdocs.yml settings that would make the site request something from another host.

The column must request nothing from any other host (docs/body-html.md, section 五): readers' visits
stay private and an intranet deployment works. Material turns some settings into such requests at
the reader's browser, so `check` and the build refuse them with one message each, naming the line of
mkdocs.yml, before anything is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.problems import Problems

CONFIG_FILE = "mkdocs.yml"
# a URL with a scheme or protocol-relative: the browser fetches it from that host
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class OfflineSettings:
    """The settings of mkdocs.yml that decide whether a page loads anything from elsewhere."""

    repo_url: str | None = None
    font: object = False  # Material: absent means Roboto from fonts.googleapis.com
    analytics: object = None  # extra.analytics
    scripts: tuple[str, ...] = field(default_factory=tuple)  # extra_javascript
    styles: tuple[str, ...] = field(default_factory=tuple)  # extra_css


def _line_of(lines: list[str], key: str, value: str | None = None) -> int | None:
    """The 1-based line of mkdocs.yml where ``key:`` (or a list item holding ``value``) is written."""
    pattern = re.compile(rf"^\s*(?:-\s*)?{re.escape(key)}\s*:")
    for number, text in enumerate(lines, 1):
        if value is not None and value in text:
            return number
        if value is None and pattern.match(text):
            return number
    return None


def check(settings: OfflineSettings, config_text: str, problems: Problems) -> None:
    """Report each setting that makes readers' browsers request another host (errors: the promise
    is that the built site requests nothing from elsewhere, in any browser)."""
    lines = config_text.splitlines()
    if settings.repo_url:
        problems.error(
            CONFIG_FILE,
            "设置了仓库地址，Material 主题会让每位读者的浏览器向代码托管网站（如 api.github.com）读取仓库信息，"
            "网站不得向其他网站发出请求",
            "删除 mkdocs.yml 中的 repo_url 一行（以及 repo_name、edit_uri）",
            line=_line_of(lines, "repo_url"), field="repo_url", value=settings.repo_url,
        )
    if settings.font is not False:
        problems.error(
            CONFIG_FILE,
            "theme 的 font 不是 false，Material 主题会从 fonts.googleapis.com 加载网络字体",
            "在 mkdocs.yml 的 theme 下写 font: false（网站使用读者设备上的中文字体）",
            line=_line_of(lines, "font") or _line_of(lines, "theme"), field="theme.font",
            value=None if settings.font is None else str(settings.font),
        )
    if settings.analytics:
        problems.error(
            CONFIG_FILE,
            "设置了访问统计（extra.analytics），Material 主题会从统计服务商的网站加载脚本并发送读者的访问记录",
            "删除 mkdocs.yml 中 extra 下的 analytics；需要统计时使用本机关网站服务器的访问日志",
            line=_line_of(lines, "analytics"), field="extra.analytics",
        )
    for key, urls in (("extra_javascript", settings.scripts), ("extra_css", settings.styles)):
        for url in _remote(urls):
            problems.error(
                CONFIG_FILE,
                "引用了其他网站的文件，每位读者的浏览器都会向该网站发出请求",
                f"把文件下载到 overrides/assets/ 中，在 {key} 中写它在本站的路径",
                line=_line_of(lines, key, url), field=key, value=url,
            )


def _remote(urls: Iterable[str]) -> list[str]:
    return [url for url in urls if _REMOTE.match(url)]
