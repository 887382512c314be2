"""What the audit checks and what it finds: the presentations ("modes"), the rules with their
Chinese wording, and the findings and results of one page in one mode. Plain data, no browser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

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

# One element a finding points at: {"target": css selector, "html": snippet, "detail": text}.
Node = dict[str, Any]


@dataclass
class Finding:
    rule: str
    source: str  # "axe" or "gongkai"
    level: str  # "violation" (fails the audit) or "advice"
    summary: str
    impact: str = ""
    help_url: str = ""
    tags: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)


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


def ours(rule: str, nodes: list[Node] | None = None, detail: str = "", level: str = "violation") -> Finding:
    summary = RULE_TEXT[rule] + (f"：{detail}" if detail else "")
    return Finding(rule=rule, source="gongkai", level=level, summary=summary, nodes=nodes or [])
