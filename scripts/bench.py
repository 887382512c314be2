"""Benchmark: build gongkai and plain Material on 1,000 / 10,000 (/ 30,000) synthetic documents.

Run by ``make bench`` (``.venv/bin/python scripts/bench.py``). For every size N it copies the
build inputs (content/, site_config/, overrides/, hooks/, gongkai/, mkdocs.yml) into a fresh work
dir under .bench/, adds N generated documents under content/proactive/<sub-column>/bench/<year>/,
then builds

* gongkai: the project's mkdocs.yml, ``mkdocs build --strict`` with SOURCE_DATE_EPOCH set;
* vanilla: Material for MkDocs on the same content copy, no hooks, a nav of the parts only.

The corpus (--corpus realistic, the default since issue #17): bodies of 2-30 KB drawn log-normally
around a median of 6 KB, built from the sentences and headings of the sample content (numbers,
years and departments varied) mixed with template sentences, tables in some documents (most in
statistics, budgets, procurement). --corpus legacy generates the 1.5-3 KB bodies of the older
figures, with the same seeds, so those stay comparable.

It reports wall time, CPU time (user + system of the process tree, GNU time), the peak RSS and CPU
of every process separately (the build, the search index's background process, the QR worker:
VmHWM and utime+stime polled from /proc), bytes per page, the search index size, and the issue's
targets. With --repeat R the median time and the highest peak are reported. Exit status 1 only
when a build fails; the figures themselves never fail the run.

Options: --sizes 1000,10000,30000  --corpus realistic|legacy  --repeat R  --keep  --reuse
         --no-vanilla  --no-extras  --no-browser  --seed N  --epoch S
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
INPUTS = ("content", "site_config", "overrides", "hooks", "gongkai", "mkdocs.yml")
CHINA = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has no DST since 1991
TARGET_RATIO = 1.0  # #17: no more wall time than vanilla Material without search, on the same content
TARGET_SECONDS_10K = 30.0  # #17: and at most 30 s at 10,000 documents on 2 cores
TARGET_RSS_MB = 600  # #17: the peak RSS of every process
TARGET_PAGE_KB = 60
LINEAR_TOLERANCE = 1.25  # the marginal cost per document may grow by at most 25 %

# Fallback when /usr/bin/time -v is missing: a wrapper that reports its children's peak RSS (KiB).
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}')\n"
    "sys.exit(rc)\n"
)


# ---------------------------------------------------------------------------------------------
# Site configuration


@dataclass
class Config:
    name: str
    org_code: str
    index_no_pattern: str
    subcolumns: list[str]
    topics: list[str]
    markdown_extensions: list = field(default_factory=list)

    def index_no(self, year: int, seq: int) -> str:
        return self.index_no_pattern.format(org_code=self.org_code, yyyy=f"{year:04d}", seq=seq)

    @property
    def city(self) -> str:
        """示例市 from 示例市人民政府办公室 (the place name that prefixes titles)."""
        for mark in ("市", "县", "区", "省"):
            if mark in self.name:
                return self.name[: self.name.index(mark) + 1]
        return self.name

    @property
    def abbr(self) -> str:
        """One-character 代字 prefix of the 文号 (示政办发〔2021〕1号)."""
        return self.city[0]


def load_config(project: Path) -> Config:
    site = yaml.safe_load((project / "site_config" / "site.yml").read_text(encoding="utf-8")) or {}
    taxonomy = yaml.safe_load((project / "site_config" / "taxonomy.yml").read_text(encoding="utf-8")) or {}
    try:
        mkdocs = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:  # a mkdocs.yml with !!python tags: fall back to the usual extensions
        mkdocs = {}
    return Config(
        name=str(site["name"]),
        org_code=str(site["org_code"]),
        index_no_pattern=str(site.get("index_no_pattern") or "{org_code}/{yyyy}-{seq:05d}"),
        subcolumns=[str(k) for k in (taxonomy.get("proactive") or {})],
        topics=[str(t) for t in (taxonomy.get("topics") or [])],
        markdown_extensions=mkdocs.get("markdown_extensions") or ["tables", "attr_list", "md_in_html", "admonition"],
    )


# ---------------------------------------------------------------------------------------------
# Synthetic documents

SUBJECTS = [
    "优化营商环境", "促进中小企业高质量发展", "推进数字政府建设", "加强安全生产工作", "完善养老服务体系",
    "推进生活垃圾分类", "实施城市更新行动", "改善农村人居环境", "做好稳就业工作", "加强食品安全监管",
    "推进公共数据开放", "促进义务教育优质均衡发展", "健全医疗保障制度", "全面推行河湖长制",
    "深入打好蓝天保卫战", "加强消防安全管理", "完善住房保障体系", "推进智慧交通建设", "促进文化和旅游融合发展",
    "强化科技创新支撑", "规范行政执法行为", "加强耕地保护", "推进政务服务“一网通办”", "加强基层治理",
    "促进消费扩容提质", "推进节能降碳", "加强防汛抗旱工作", "促进民营经济发展", "完善社会救助制度",
    "加快发展现代服务业", "推进老旧小区改造", "加强未成年人保护", "推进婴幼儿照护服务发展",
]
DEPARTMENTS = [
    "发展和改革委员会", "财政局", "教育局", "民政局", "人力资源和社会保障局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "卫生健康委员会", "市场监督管理局", "应急管理局", "统计局", "农业农村局", "司法局",
    "自然资源和规划局", "文化广电旅游局", "医疗保障局", "城市管理局",
]
ACTORS = [
    "各区人民政府", "市直各部门", "各牵头单位", "各级财政部门", "各乡镇（街道）", "行业主管部门",
    "市场监管部门", "各有关单位", "市级责任部门", "各类市场主体", "相关职能部门", "基层组织",
]
VERBS = [
    "统筹推进", "持续深化", "加快完善", "切实加强", "认真落实", "全面提升", "健全", "优化", "规范",
    "严格执行", "积极探索", "稳步推进", "大力支持", "有序开展", "着力强化", "不断完善",
]
OBJECTS = [
    "工作机制", "政策供给", "监督管理", "服务保障", "资金使用绩效", "信息共享", "风险防控体系", "考核评价办法",
    "部门协同", "要素保障", "审批流程", "标准体系", "应急预案", "基础设施建设", "人才队伍建设", "信用监管",
    "数据归集", "公共服务供给", "重点项目储备", "常态化监测",
]
GOALS = [
    "各项任务按期完成", "政策红利精准直达", "群众满意度持续提升", "工作取得实效", "资金安全高效使用",
    "风险隐患及时消除", "服务更加便捷高效", "形成可复制可推广的经验", "责任落实到岗到人", "办事成本明显降低",
]
ADVERBIALS = [
    "坚持问题导向，", "按照“谁主管、谁负责”的原则，", "结合本地区实际，", "在总结试点经验的基础上，",
    "坚持系统观念，", "围绕重点领域和关键环节，", "以群众需求为导向，", "严格按照有关法律法规，", "",
]
METRICS = [
    ("城镇新增就业", "万人"), ("一般公共预算收入", "亿元"), ("固定资产投资", "亿元"), ("新增养老床位", "张"),
    ("生活垃圾回收利用率", "%"), ("空气质量优良天数比例", "%"), ("新建改建农村公路", "公里"),
    ("政务服务事项网上可办率", "%"), ("新增市场主体", "户"), ("改造老旧小区", "个"), ("新增学位", "个"),
]
OPENERS = [
    "为深入贯彻落实国家和省有关部署，{verb}{obj}，经{city}人民政府同意，结合本市实际，制定本{kind}。",
    "为{subject}，{verb}{obj}，根据有关法律法规和政策规定，制定本{kind}。",
    "近年来，全市{subject}取得积极成效，但{obj}仍存在短板。为进一步{verb}{obj}，现就有关事项明确如下。",
    "根据《中华人民共和国政府信息公开条例》和上级有关要求，现将{city}{subject}有关情况公开如下。",
    "{subject}事关群众切身利益。经研究，现就{verb}{obj}提出以下{kind}。",
]
HEADINGS = [
    "总体要求", "主要目标", "重点任务", "工作措施", "支持政策", "实施步骤", "职责分工", "保障措施", "监督考核", "附则",
]
KINDS = {  # title suffix -> how the body refers to itself
    "实施意见": "意见", "若干措施": "措施", "管理办法": "办法", "实施细则": "细则", "工作方案": "方案", "通知": "通知",
}
STAT_ITEMS = ["主要经济指标", "规模以上工业生产", "固定资产投资", "社会消费品零售总额", "居民消费价格", "财政收支"]
PROJECTS = ["智慧城市运营", "政务云服务", "市民热线服务外包", "公共自行车系统维护", "道路养护", "污水处理厂提标改造",
            "城区排水管网改造", "学校食堂设备", "社区卫生服务中心设备", "档案数字化加工"]
# Realistic corpus: how often a document of a sub-column carries a table (others: 12 %).
TABLE_SHARE = {"statistics": 0.7, "budget": 0.7, "procurement": 0.6, "fees": 0.5, "enforcement": 0.35,
               "projects": 0.3, "licensing": 0.25}
TABLE_METRICS = [("地区生产总值", "亿元"), ("规模以上工业增加值", "亿元"), ("社会消费品零售总额", "亿元"),
                 ("城镇居民人均可支配收入", "元"), ("农村居民人均可支配收入", "元"), ("居民消费价格指数", "%"),
                 ("一般公共预算支出", "亿元"), ("“三公”经费", "万元"), ("进出口总额", "亿元"), ("常住人口", "万人")]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
    "建文辉力国庆春晓燕雪梅琳斌宇浩凯健俊帆鹏志海波宁婷欣怡晨阳"
)
FIRM_WORDS = [
    "恒达", "华信", "中科", "鑫源", "广通", "瑞丰", "新城",
    "安泰", "宏远", "德润", "金桥", "天成", "博远", "汇通",
]
FIRM_KINDS = ["建设工程", "信息技术", "环保科技", "物业管理", "食品", "医药", "商贸", "交通运输", "建材", "餐饮管理"]
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
DEPARTMENT_RE = re.compile("|".join(map(re.escape, sorted(DEPARTMENTS, key=len, reverse=True))))
HEADING_NUMBER_RE = re.compile(
    r"^(第[一二三四五六七八九十百]+[章节部分条]\s*|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])\s*"
)


def harvest(content: Path) -> tuple[list[str], list[str]]:
    """(sentences, section headings) of the sample content's Markdown bodies: the vocabulary of real
    政务公开 texts for the realistic corpus. Only plain running text: no links, HTML, tables, lists."""
    sentences, headings = set(), set()
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("\n---\n", 1)[-1]
        for para in text.split("\n\n"):
            para = para.strip().replace("**", "")
            if para.startswith("#"):
                title = HEADING_NUMBER_RE.sub("", para.lstrip("#").strip()).strip("　 ")
                if 2 <= len(title) <= 20 and not any(c in title for c in "[]<>{}`|"):
                    headings.add(title)
                continue
            if not para or "\n" in para or para[0] in "|-*<>!:[0123456789" or any(c in para for c in "[]<>{}`"):
                continue
            for sentence in re.findall(r"[^。]+。", para):
                sentence = HEADING_NUMBER_RE.sub("", sentence.strip("　 "))
                if 12 <= len(sentence) <= 220:
                    sentences.add(sentence)
    return sorted(sentences), sorted(headings)


CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


class Generator:
    """Deterministic synthetic documents (random.Random(seed)) that pass gongkai's checks."""

    def __init__(self, config: Config, today: dt.date, seed: int, corpus: str = "realistic",
                 harvested: tuple[list[str], list[str]] | None = None):
        self.cfg = config
        self.today = today
        self.rng = random.Random(seed)
        self.corpus = corpus
        self.harvested, extra_headings = harvested or ([], [])
        self.headings = sorted(set(HEADINGS[:-1]) | set(extra_headings))
        self.next_seq: dict[int, int] = {}  # year -> next 索引号 sequence (from 50000: never the sample's)
        self.next_doc_no: dict[int, int] = {}  # year -> next 文号 number (from 101: never the sample's)
        last = min(2025, today.year)
        self.years = list(range(2000, last + 1))
        weights = {"regulations": 4, "licensing": 2, "enforcement": 3, "procurement": 2, "statistics": 2}
        self.subcolumns = config.subcolumns
        self.weights = [weights.get(k, 1) for k in self.subcolumns]

    # -- text ----------------------------------------------------------------------------------
    def sentence(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            return (f"{r.choice(ADVERBIALS)}{r.choice(ACTORS)}要{r.choice(VERBS)}{r.choice(OBJECTS)}，"
                    f"{r.choice(VERBS)}{r.choice(OBJECTS)}，确保{r.choice(GOALS)}。")
        if kind < 0.55:
            metric, unit = r.choice(METRICS)
            value = f"{r.uniform(1, 99):.1f}" if unit == "%" else str(r.randint(12, 9800))
            return (f"到{r.randint(2001, 2030)}年，全市{metric}达到{value}{unit}，"
                    f"比上年{r.choice(['增长', '提高'])}{r.uniform(0.5, 15):.1f}%。")
        if kind < 0.75:
            return (f"对符合条件的{r.choice(['企业', '个人', '社会组织', '项目', '家庭'])}，"
                    f"按照每{r.choice(['人', '户', '个', '家'])}{r.randint(2, 300) * 100}元的标准给予"
                    f"{r.choice(['一次性补贴', '奖励', '资金支持', '贷款贴息'])}，"
                    f"所需资金由{r.choice(['市级财政', '市、区两级财政按比例', '就业补助资金', '专项资金'])}承担。")
        if kind < 0.9:
            return (f"{r.choice(['建立', '完善', '落实'])}{r.choice(OBJECTS)}和{r.choice(OBJECTS)}相衔接的制度，"
                    f"{r.choice(ACTORS)}应当于每年{r.randint(1, 12)}月底前报送"
                    f"{r.choice(['工作进展情况', '年度总结', '资金使用情况', '自查报告'])}。")
        return (f"{r.choice(ACTORS)}要把{r.choice(SUBJECTS)}作为重要工作，{r.choice(VERBS)}{r.choice(OBJECTS)}，"
                "及时研究解决工作中遇到的问题。")

    def body(self, kind: str, written: dt.date, publisher: str, sub: str = "") -> str:
        if self.corpus == "realistic":
            return self.realistic_body(kind, written, publisher, sub)
        return self.legacy_body(kind, written, publisher)

    def legacy_body(self, kind: str, written: dt.date, publisher: str) -> str:
        """The corpus of the figures before issue #17 (--corpus legacy): 1.5-3 KB, small vocabulary."""
        r = self.rng
        date = f"{written.year}年{written.month}月{written.day}日"
        closing = [f"本{kind}自{date}起施行，由{publisher}负责解释。", publisher, date]
        # Body of 1.5-3 KB of UTF-8: the running text stops once it and the closing reach the target.
        budget = r.randint(1500, 3000) - sum(len(p.encode()) + 2 for p in closing) - 20
        parts = [f"{r.choice(ACTORS)}，{r.choice(ACTORS)}：", r.choice(OPENERS).format(
            verb=r.choice(VERBS), obj=r.choice(OBJECTS), subject=r.choice(SUBJECTS), city=self.cfg.city, kind=kind)]
        size = sum(len(p.encode()) + 2 for p in parts)
        headings = sorted(r.sample(range(len(HEADINGS) - 1), r.randint(2, 4)))
        item = number = 0
        for h in headings:
            if size >= budget:
                break
            number += 1
            parts.append(f"## {cn_number(number)}、{HEADINGS[h]}")
            size += len(parts[-1].encode()) + 2
            for _ in range(r.randint(1, 3)):
                if size >= budget:
                    break
                item += 1
                text = f"（{cn_number(item)}）"
                for _ in range(r.randint(2, 4)):
                    text += self.sentence()
                    if size + len(text.encode()) >= budget:
                        break
                parts.append(text)
                size += len(text.encode()) + 2
        while size < budget:  # few or short sections: the last one gets more items
            item += 1
            text = f"（{cn_number(item)}）" + self.sentence() + self.sentence()
            parts.append(text)
            size += len(text.encode()) + 2
        parts += [f"## {cn_number(number + 1)}、{HEADINGS[-1]}", *closing]
        return "\n\n".join(parts) + "\n"

    # -- realistic text (issue #17): lengths and sentences like real 政务公开 documents -----------
    def target_bytes(self) -> int:
        """Body length in UTF-8 bytes: log-normal with a median of 6 KB, kept within 2-30 KB (the
        seed texts of real documents are 2-35 KB; most notices are short, some reports long)."""
        return int(min(30000, max(2000, self.rng.lognormvariate(math.log(6000), 0.6))))

    def varied(self, sentence: str) -> str:
        """A harvested sentence with other numbers, years and departments, so that no two documents
        repeat the sample's sentences verbatim and the search index sees many distinct numbers."""
        r = self.rng

        def number(m: re.Match) -> str:
            text = m.group(0)
            whole, _, frac = text.partition(".")
            if not frac and len(whole) == 4 and whole[:2] in ("19", "20"):
                return str(r.randint(2001, 2030))
            low = 10 ** (len(whole) - 1) if len(whole) > 1 else 1
            out = str(r.randint(low, 10 ** len(whole) - 1))
            return f"{out}.{r.randint(0, 10 ** len(frac) - 1):0{len(frac)}d}" if frac else out

        return DEPARTMENT_RE.sub(lambda m: r.choice(DEPARTMENTS), NUMBER_RE.sub(number, sentence))

    def mixed_sentence(self) -> str:
        """Half from the sample content's own sentences (varied), half from the templates."""
        if self.harvested and self.rng.random() < 0.55:
            return self.varied(self.rng.choice(self.harvested))
        return self.sentence()

    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN_CHARS) for _ in range(r.choice((1, 2, 2))))

    def table(self, sub: str) -> list[str]:
        """A Markdown table like those of statistics, budgets, procurement results and penalty lists."""
        r, city = self.rng, self.cfg.city
        rows = r.randint(4, 15)
        if sub in ("enforcement", "licensing", "procurement") and r.random() < 0.7:
            head = ["序号", "名称", "统一社会信用代码", "事项", "金额（万元）", "日期"]
            lines = []
            for i in range(1, rows + 1):
                name = f"{city}{r.choice(FIRM_WORDS)}{r.choice(FIRM_WORDS)}{r.choice(FIRM_KINDS)}有限公司"
                code = "91" + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(16))
                day = self.date_in(r.choice(self.years))
                lines.append([str(i), name, code, r.choice(PROJECTS + STAT_ITEMS), f"{r.uniform(0.5, 900):.2f}",
                              day.isoformat()])
        else:
            year = r.choice(self.years)
            head = ["指标", "单位", f"{year - 1}年", f"{year}年", "增长（%）"]
            lines = []
            for metric, unit in r.sample(METRICS + TABLE_METRICS, min(rows, len(METRICS) + len(TABLE_METRICS))):
                a = r.uniform(1, 60) if unit == "%" else r.uniform(10, 9999)
                b = a * r.uniform(0.85, 1.25)
                lines.append([metric, unit, f"{a:.1f}", f"{b:.1f}", f"{(b / a - 1) * 100:.1f}"])
        out = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
        out += ["| " + " | ".join(row) + " |" for row in lines]
        return ["\n".join(out)]

    def realistic_body(self, kind: str, written: dt.date, publisher: str, sub: str) -> str:
        r = self.rng
        date = f"{written.year}年{written.month}月{written.day}日"
        closing = [f"本{kind}自{date}起施行，由{publisher}负责解释。"]
        if r.random() < 0.4:
            closing.append(f"联系人：{self.person()}，"
                           f"联系电话：0{r.randint(100, 999)}-{r.randint(10000000, 99999999)}。")
        closing += [publisher, date]
        budget = self.target_bytes() - sum(len(p.encode()) + 2 for p in closing) - 40
        parts = [f"{r.choice(ACTORS)}，{r.choice(ACTORS)}：", r.choice(OPENERS).format(
            verb=r.choice(VERBS), obj=r.choice(OBJECTS), subject=r.choice(SUBJECTS), city=self.cfg.city, kind=kind)]
        size = sum(len(p.encode()) + 2 for p in parts)
        tables = 1 if r.random() < TABLE_SHARE.get(sub, 0.12) else 0
        if tables and budget > 12000 and r.random() < 0.4:
            tables = 2
        headings = r.sample(self.headings, len(self.headings))
        number = 0
        while size < budget:
            number += 1
            heading = headings[(number - 1) % len(headings)]
            parts.append(f"## {cn_number(number)}、{heading}")
            size += len(parts[-1].encode()) + 2
            section_end = size + r.randint(1200, 3200)
            item = 0
            while size < min(budget, section_end):
                roll = r.random()
                if budget > 12000 and roll < 0.08:
                    text = f"### （{cn_number(item + 1)}）{r.choice(self.headings)}"
                elif tables and number >= 2 and roll < 0.3:
                    tables -= 1
                    parts.append(f"{r.choice(self.headings)}情况见下表。")
                    size += len(parts[-1].encode()) + 2
                    text = self.table(sub)[0]
                elif roll < 0.65:
                    item += 1
                    text = f"（{cn_number(item)}）" + "".join(self.mixed_sentence() for _ in range(r.randint(1, 4)))
                else:
                    text = "".join(self.mixed_sentence() for _ in range(r.randint(2, 6)))
                parts.append(text)
                size += len(text.encode()) + 2
        parts += [f"## {cn_number(number + 1)}、{HEADINGS[-1]}", *closing]
        return "\n\n".join(parts) + "\n"

    # -- metadata ------------------------------------------------------------------------------
    def date_in(self, year: int) -> dt.date:
        first = dt.date(year, 1, 1)
        last = min(dt.date(year, 12, 31), self.today)
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def title(self, sub: str, year: int) -> tuple[str, str, str | None]:
        """(title, how the body calls itself, department or None for the body itself)."""
        r, city = self.rng, self.cfg.city
        dept = r.choice(DEPARTMENTS)
        subject = r.choice(SUBJECTS)
        if sub == "regulations":
            suffix = r.choice(list(KINDS))
            return f"{self.cfg.name}关于{subject}的{suffix}", KINDS[suffix], None
        if sub == "organization":
            return f"{city}{dept}{r.choice(['主要职责', '内设机构', '领导班子分工', '机构职能调整情况'])}", "说明", dept
        if sub == "planning":
            plan = r.choice(['五年规划', '三年行动计划', '专项规划', '年度工作要点'])
            return f"{city}{subject}{plan}（{year}年）", "规划", None
        if sub == "statistics":
            return f"{city}{year}年{r.randint(1, 12)}月{r.choice(STAT_ITEMS)}情况", "公报", "统计局"
        if sub == "budget":
            return f"{city}{dept}{year}年部门{r.choice(['预算', '决算'])}公开", "说明", dept
        if sub == "procurement":
            project = r.choice(PROJECTS)  # drawn before the notice, as always: same seed, same corpus
            notice = r.choice(['中标（成交）结果公告', '采购意向公开', '合同公告'])
            return f"{city}{project}项目{notice}", "公告", dept
        if sub == "enforcement":
            return f"{city}{dept}行政处罚决定信息公开（第{r.randint(1, 400)}期）", "决定", dept
        if sub == "licensing":
            return f"{city}{dept}关于{subject}有关行政许可事项的公告", "公告", dept
        if sub == "fees":
            return f"{city}{dept}行政事业性收费项目及标准公示（{year}年）", "公示", dept
        return f"{city}{dept}关于{subject}的通知", "通知", dept

    def document(self, sub: str) -> tuple[str, str]:
        """(relative path under content/, file text)."""
        r, cfg = self.rng, self.cfg
        year = r.choice(self.years)
        published = self.date_in(year)
        seq = self.next_seq.get(year, 50000)
        self.next_seq[year] = seq + 1
        title, kind, dept = self.title(sub, year)
        publisher = f"{cfg.city}{dept}" if dept else cfg.name
        written = max(dt.date(year, 1, 1), published - dt.timedelta(days=r.randint(0, 20)))
        lines = ["---", f"title: {title}", f"index_no: {cfg.index_no(year, seq)}"]
        if dept:
            lines.append(f"publisher: {publisher}")
        if sub == "regulations" or r.random() < 0.35:
            number = self.next_doc_no.get(year, 101)
            self.next_doc_no[year] = number + 1
            lines.append(f"doc_no: {cfg.abbr}政办{r.choice(['发', '函'])}〔{year}〕{number}号")
        if r.random() < 0.7:
            lines.append(f"written: {written.isoformat()}")
        lines.append(f"published: {published.isoformat()}")
        if sub == "regulations" and r.random() < 0.5:
            effective = published + dt.timedelta(days=r.randint(0, 30))
            lines += ["doc_type: 行政规范性文件", f"effective: {effective.isoformat()}",
                      f"expires: {dt.date(effective.year + r.randint(2, 5), effective.month, 1).isoformat()}"]
        if cfg.topics and r.random() < 0.75:
            lines.append(f"topic: {r.choice(cfg.topics)}")
        body = self.body(kind, written, publisher, sub)
        if r.random() < 0.6:
            # The opening clauses, cut at a comma, at most 100 characters (longer is a warning).
            clauses = body.split("\n\n")[1].rstrip("。").split("，")
            summary = clauses[0]
            for clause in clauses[1:]:
                if len(summary) + len(clause) + 2 > r.randint(40, 99):
                    break
                summary += "，" + clause
            lines.append(f"summary: {summary}。")
        lines.append("---")
        rel = f"proactive/{sub}/bench/{year}/{year}-{seq:05d}.md"
        return rel, "\n".join(lines) + "\n\n" + f"{body}"

    def write(self, content: Path, n: int) -> None:
        chosen = self.rng.choices(self.subcolumns, weights=self.weights, k=n)
        for sub in chosen:
            rel, text = self.document(sub)
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Builds and measurements


@dataclass
class Result:
    n: int
    variant: str
    documents: int
    pages: int = 0
    seconds: float = 0.0
    rss_mb: float = 0.0
    mean_kb: float = 0.0
    max_kb: float = 0.0
    max_page: str = ""
    over_target: int = 0  # pages above TARGET_PAGE_KB
    html_mb: float = 0.0
    total_mb: float = 0.0
    search_mb: float = 0.0
    cpu: float = 0.0  # user + system seconds of every process of the build
    walls: list = field(default_factory=list)  # wall seconds of each repeat
    build_rss_mb: float = 0.0  # the mkdocs process alone
    build_cpu: float = 0.0
    index_rss_mb: float = 0.0  # the search index's background process alone (0: none seen)
    index_cpu: float = 0.0
    processes: dict = field(default_factory=dict)  # role -> (peak RSS MB, CPU s): the highest peak, median CPU


class BuildFailed(Exception):
    pass


def gnu_time() -> str | None:
    path = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"
    try:
        ok = subprocess.run([path, "-v", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return path if ok.returncode == 0 and "Maximum resident set size" in ok.stderr else None


@dataclass
class Measure:
    rc: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the whole process tree (GNU time, else getrusage)
    rss_mb: float  # the largest peak RSS of any one process of the tree (the older figures' "RSS")
    processes: dict = field(default_factory=dict)  # role -> (peak RSS MB, CPU s) from /proc


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ProcessWatcher(threading.Thread):
    """Polls /proc every 0.2 s for the descendants of one process and keeps, for each, its peak RSS
    (VmHWM: the kernel's own high-water mark, so nothing between polls is missed) and its CPU time
    (utime + stime at the last poll: at most one poll short for a process that has exited).

    Roles: "build" is the mkdocs process, "index" a Python process forked by it (the search index's
    background process), any other a process named after its command (git …)."""

    def __init__(self, root_pid: int):
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.seen: dict[int, dict] = {}
        self.done = threading.Event()

    @staticmethod
    def _stat(pid: int) -> tuple[str, int, float] | None:
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        comm = raw[raw.index("(") + 1: raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        return comm, int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK

    def poll(self) -> None:
        parents: dict[int, int] = {}
        stats: dict[int, tuple[str, int, float]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = self._stat(int(entry))
                if stat is not None:
                    stats[int(entry)] = stat
                    parents[int(entry)] = stat[1]
        tree = {self.root_pid}
        grown = True
        while grown:
            grown = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grown = True
        for pid in tree - {self.root_pid}:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
            comm, parent, cpu = stats[pid]
            record = self.seen.get(pid)
            if record is None:
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    cmdline = ""
                record = self.seen[pid] = {"comm": comm, "parent": parent, "hwm_kb": 0, "cpu": 0.0,
                                           "wrapper": "import resource, subprocess" in cmdline}
            record["comm"] = comm  # the name after exec (time -> python)
            record["hwm_kb"] = max(record["hwm_kb"], hwm)
            record["cpu"] = max(record["cpu"], cpu)

    def run(self) -> None:
        while not self.done.is_set():
            self.poll()
            self.done.wait(0.2)

    def roles(self) -> dict[str, tuple[float, float]]:
        pythons = {pid for pid, r in self.seen.items() if r["comm"].startswith("python") and not r["wrapper"]}
        out: dict[str, list[float]] = {}
        for pid, r in self.seen.items():
            if r["wrapper"]:
                continue
            if pid in pythons:
                role = "index" if r["parent"] in pythons else "build"
            else:
                role = r["comm"]
            peak, cpu = out.setdefault(role, [0.0, 0.0])
            out[role] = [max(peak, r["hwm_kb"] / 1024), cpu + r["cpu"]]
        out.pop("time", None)  # GNU time itself
        return {role: (peak, cpu) for role, (peak, cpu) in out.items()}


def run_measured(argv: list[str], cwd: Path, env: dict, log: Path, timer: str | None) -> Measure:
    """Run argv; wall seconds, CPU seconds and peak RSS of the process tree, and of each process."""
    stats = log.with_suffix(".rss")
    if timer:
        cmd = [timer, "-v", "-o", str(stats), *argv]
    else:
        cmd = [sys.executable, "-c", RSS_WRAPPER, str(stats), *argv]
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        watcher = ProcessWatcher(process.pid)
        if Path("/proc/self/stat").is_file():
            watcher.start()
        rc = process.wait()
        seconds = time.perf_counter() - start
        watcher.done.set()
        if watcher.is_alive():
            watcher.join()
    rss_kb = cpu = 0.0
    if stats.is_file():
        text = stats.read_text(encoding="utf-8", errors="replace")
        if timer:
            for line in text.splitlines():
                key, _, value = line.strip().rpartition(":")
                if "Maximum resident set size" in key:
                    rss_kb = float(value)
                elif key in ("User time (seconds)", "System time (seconds)"):
                    cpu += float(value)
        elif text.strip():
            rss_kb, cpu = (float(v) for v in text.split())
    return Measure(rc, seconds, cpu, rss_kb / 1024, watcher.roles())


def measure_site(site: Path, result: Result) -> None:
    html_sizes = []
    total = 0
    for root, _dirs, files in os.walk(site):
        for name in files:
            path = Path(root) / name
            size = path.stat().st_size
            total += size
            if name.endswith(".html"):
                html_sizes.append((size, path.relative_to(site).as_posix()))
    result.pages = len(html_sizes)
    if html_sizes:
        biggest = max(html_sizes)
        result.mean_kb = sum(s for s, _ in html_sizes) / len(html_sizes) / 1024
        result.max_kb, result.max_page = biggest[0] / 1024, biggest[1]
        result.html_mb = sum(s for s, _ in html_sizes) / 1024**2
        result.over_target = sum(1 for s, _ in html_sizes if s > TARGET_PAGE_KB * 1024)
    result.total_mb = total / 1024**2
    index = site / "search" / "search_index.json"  # Material's search (vanilla)
    shards = site / "search" / "data"  # gongkai's sharded index
    if index.is_file():
        result.search_mb = index.stat().st_size / 1024**2
    elif shards.is_dir():
        result.search_mb = sum(p.stat().st_size for p in shards.iterdir()) / 1024**2


def first_md(folder: Path, docs: Path) -> str | None:
    """The first Markdown file below folder (sorted walk, dot-folders skipped), relative to docs."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("."):
                return (Path(root) / name).relative_to(docs).as_posix()
    return None


def write_vanilla_config(work: Path, cfg: Config) -> Path:
    """Material on the same content, no hooks, no search, a nav of the parts only (never every document)."""
    docs = work / "content"
    nav: list = []
    if (docs / "index.md").is_file():
        nav.append({"政府信息公开": "index.md"})
    labels = [("guide", "政府信息公开指南"), ("system", "政府信息公开制度"),
              ("proactive", "法定主动公开内容"), ("annual-reports", "政府信息公开工作年度报告")]
    for key, label in labels:
        if key == "guide" and (docs / "guide" / "index.md").is_file():
            nav.append({label: "guide/index.md"})
            continue
        target = first_md(docs / key, docs)
        if target:  # a part without any Markdown file (the vanilla site has no list pages) is left out
            nav.append({label: target})
    config = {
        "site_name": f"{cfg.name} · 政府信息公开",
        "docs_dir": "content",
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        # No search (issue #17: "vanilla Material, no search"); the figures before it had Material's search.
        "plugins": [],
        "markdown_extensions": cfg.markdown_extensions,
        "nav": nav,
    }
    path = work / "mkdocs-vanilla.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def count_documents(content: Path) -> int:
    return sum(1 for _ in content.rglob("*.md"))


def copy_code(work: Path) -> None:
    """The build inputs other than content/ afresh from the project (--reuse)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in INPUTS:
        if name == "content":
            continue
        src, dest = ROOT / name, work / name
        if dest.is_dir():
            shutil.rmtree(dest)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=ignore)
        else:
            shutil.copy2(src, dest)


def prepare(work: Path, n: int, cfg: Config, today: dt.date, seed: int, corpus: str = "realistic") -> float:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, work / name)
        else:
            raise SystemExit(f"bench: {src} is missing")
    start = time.perf_counter()
    Generator(cfg, today, seed + n, corpus, harvest(ROOT / "content")).write(work / "content", n)
    elapsed = time.perf_counter() - start
    explain_report_differences(work / "content" / "annual-reports")
    commit_history(work, batches=20)
    return elapsed


def explain_report_differences(folder: Path) -> None:
    """The synthetic 行政规范性文件 change the column's own counts for table 二（一）, so the sample's
    reports no longer match them; say why in each report, as a webmaster would (核对说明)."""
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "主动公开政府信息情况:" not in text or "核对说明:" in text:
            continue
        head, sep, rest = text.partition("\n主动公开政府信息情况:")
        path.write_text(head + "\n核对说明: {栏目文件: 基准测试在栏目中加入了合成文件}" + sep + rest, encoding="utf-8")


def commit_history(work: Path, batches: int) -> None:
    """Commit the work dir as a git history of ``batches`` commits on different days, so that the
    build reads 更新日期 from git as on a real site (one commit per batch of documents)."""
    def git(*args, day: int = 0):
        when = ("2025-01-01T10:00:00+08:00" if day == 0
                else f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}T10:00:00+08:00")
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "bench",
               "GIT_AUTHOR_EMAIL": "bench@example.gov.cn", "GIT_COMMITTER_NAME": "bench",
               "GIT_COMMITTER_EMAIL": "bench@example.gov.cn"}
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)

    git("init", "-q")
    files = sorted(p.relative_to(work).as_posix() for p in (work / "content").rglob("*") if p.is_file())
    rest = [p.relative_to(work).as_posix() for p in work.iterdir() if p.name not in ("content", ".git")]
    git("add", "--", *rest)
    size = max(1, len(files) // batches)
    for i in range(0, len(files), size):
        git("add", "--", *files[i:i + size])
        git("commit", "-q", "-m", f"batch {i // size}", day=i // size)


def time_search_index(work: Path, env: dict) -> tuple[float, int]:
    """Seconds to build the search index alone, on every core, and its shard count."""
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from gongkai.pipeline import check_column\n"
        "from gongkai.core.dates import build_day, format_day\n"
        "from gongkai.pages.listing import section_label\n"
        "from gongkai.pages.searchindex import build_search_files, records_for\n"
        "from gongkai.core.siteconfig import load_site_config\n"
        "work = Path(sys.argv[1])\n"
        "column = check_column(work / 'content', load_site_config(work / 'site_config'), build_day(os.environ))\n"
        "start = time.perf_counter()\n"
        "records = records_for(column, lambda d: section_label(column, d), column.status, "
        "lambda d: d.url, format_day)\n"
        "files = build_search_files(records)\n"
        "print(time.perf_counter() - start, sum(1 for f in files if f.startswith('post-')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(work)], env=env, capture_output=True, text=True, check=True)
    seconds, shards = out.stdout.split()
    return float(seconds), int(shards)


def time_deadline_pass(work: Path, env: dict) -> tuple[float, float, int, int]:
    """(seconds of the deadline pass, seconds of loading the column it runs on, deadlines checked,
    findings) on the work dir's column: the pass is timed alone, best of three, on a loaded column."""
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from gongkai import pipeline\n"
        "from gongkai.core.deadlines import check_deadlines\n"
        "work = Path(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "column = pipeline.load(work, os.environ, strict=False)\n"
        "loaded = time.perf_counter() - start\n"
        "best = None\n"
        "for _ in range(3):\n"
        "    start = time.perf_counter()\n"
        "    report = check_deadlines(column)\n"
        "    took = time.perf_counter() - start\n"
        "    best = took if best is None else min(best, took)\n"
        "checked = sum(t.checked + t.unchecked for t in report.tallies.values())\n"
        "print(best, loaded, checked, len(report.findings))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(work)], env=env, capture_output=True, text=True, check=True)
    seconds, loaded, checked, findings = out.stdout.split()
    return float(seconds), float(loaded), int(checked), int(findings)


# The build hook logs this line once the index, built in the background, is in the site.
INDEX_LOG = re.compile(r"搜索索引：(\d+) 个文件，后台生成用时 ([\d.]+) 秒，构建为等待它多用 ([\d.]+) 秒")

# The same build with the index left out, to see what the index adds to the wall time of a build.
# The work dir's own gongkai package is imported first, so the hook finds the patched class.
NO_INDEX_WRAPPER = """
import sys
sys.path.insert(0, sys.argv.pop(1))
import gongkai.pages.searchindex as searchindex
def start(self):
    self._outcome = ("done", 0, 0.0)
    return self
searchindex.IndexInBackground.start = start
from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""


def index_in_build(work: Path) -> tuple[float, float]:
    """(seconds the index took in the background, seconds the build waited for it) from the build log."""
    found = INDEX_LOG.search((work / "build-gongkai.log").read_text(encoding="utf-8", errors="replace"))
    if not found:
        raise BuildFailed(f"the build log {work / 'build-gongkai.log'} has no search index line")
    return float(found.group(2)), float(found.group(3))


def build_without_index(work: Path, env: dict) -> float:
    """Wall seconds of the gongkai build of ``work`` with the search index left out."""
    site = work / "site-noindex"
    argv = [sys.executable, "-c", NO_INDEX_WRAPPER, str(work), "build", "-q", "--strict",
            "-f", str(work / "mkdocs.yml"), "-d", str(site)]
    log = work / "build-noindex.log"
    measured = run_measured(argv, work, env, log, None)
    rc, seconds = measured.rc, measured.wall
    if rc != 0:
        raise BuildFailed(f"the build without index failed (exit {rc}); see {log}")
    shutil.rmtree(site, ignore_errors=True)
    return seconds


def measure_search_in_browser(site: Path, work: Path) -> dict:
    """In headless Chromium: bytes transferred from opening the search page to the first results of a
    query, and the time from the last keystroke to results once the page is loaded."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from gongkai.audit.browser import CHROMIUM_ARGS, chromium_path, serve

    sample = next((work / "content/proactive").rglob("bench/**/*.md"))
    meta = yaml.safe_load(sample.read_text(encoding="utf-8").split("---")[1])
    word_query = meta["title"][6:12]
    queries = [word_query, "就业补贴政策", meta.get("doc_no") or meta["index_no"], meta["index_no"]]
    figures = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.goto(base + "search/")
        page.evaluate("""() => {
            window.__gk = {};
            document.getElementById('gk-q').addEventListener('input', () => { window.__gk.key = performance.now(); });
            new MutationObserver(() => {
                const t = document.getElementById('gk-search-status').textContent;
                if (/^(找到|未找到)/.test(t) && document.querySelector('.gk-result, #gk-search-status'))
                    window.__gk.done = performance.now();
            }).observe(document.getElementById('gk-search-app'), {subtree: true, childList: true, characterData: true});
        }""")
        latencies = []
        for i, query in enumerate(queries):
            page.evaluate("() => { window.__gk.done = 0; }")
            page.fill("#gk-q", "")
            page.type("#gk-q", query)
            page.wait_for_function("() => window.__gk.done > window.__gk.key", timeout=60000)
            page.wait_for_timeout(50)  # let the result list render
            if i == 0:
                entries = page.evaluate("""() => performance.getEntriesByType('navigation').concat(
                    performance.getEntriesByType('resource')).map(e => [e.name, e.encodedBodySize || 0])""")
                figures["first_query_kb"] = sum(size for _, size in entries) / 1024
                figures["first_query_index_kb"] = sum(size for name, size in entries if "/search/data/" in name) / 1024
                figures["first_query_requests"] = len(entries)
            latencies.append(page.evaluate("() => window.__gk.done - window.__gk.key"))
            figures.setdefault("results", []).append(page.locator(".gk-result").count())
        figures["latency_ms"] = latencies
        figures["queries"] = queries
        browser.close()
    return figures


def time_git_history(work: Path) -> tuple[float, int]:
    """Wall time of reading every 更新日期 from git (one `git log` pass), and files dated."""
    sys.path.insert(0, str(ROOT))
    from gongkai.files.gitdates import read_history

    start = time.perf_counter()
    history = read_history(work / "content")
    return time.perf_counter() - start, len(history.dates)


def build(work: Path, variant: str, n: int, env: dict, timer: str | None, cfg: Config, repeat: int = 1) -> Result:
    site = work / f"site-{variant}"
    config = work / "mkdocs.yml" if variant == "gongkai" else write_vanilla_config(work, cfg)
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    if variant == "gongkai":
        argv.insert(4, "--strict")  # not -q: the index's timing is an INFO line of the log
    else:
        argv.insert(4, "-q")
    log = work / f"build-{variant}.log"
    result = Result(n=n, variant=variant, documents=count_documents(work / "content"))
    runs = []
    for _ in range(repeat):
        # each run starts from no output folder, as on CI's clean clone (a rebuild would first delete
        # the last run's site, ~10 s at 10,000 documents, more for the site with more files)
        shutil.rmtree(site, ignore_errors=True)
        measured = run_measured(argv, work, env, log, timer)
        if measured.rc != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
            raise BuildFailed(f"{variant} build of N={n} failed (exit {measured.rc}); last lines of its output "
                              f"({log.relative_to(ROOT)}):\n" + "\n".join(tail))
        runs.append(measured)
    # Median of the repeats for times (one run: that run, as the older figures), the highest peak for memory.
    result.walls = [m.wall for m in runs]
    result.seconds = statistics.median(result.walls)
    result.cpu = statistics.median(m.cpu for m in runs)
    result.rss_mb = max(m.rss_mb for m in runs)
    result.build_rss_mb = max(m.processes.get("build", (0.0, 0.0))[0] for m in runs)
    result.build_cpu = statistics.median(m.processes.get("build", (0.0, 0.0))[1] for m in runs)
    result.index_rss_mb = max(m.processes.get("index", (0.0, 0.0))[0] for m in runs)
    result.index_cpu = statistics.median(m.processes.get("index", (0.0, 0.0))[1] for m in runs)
    for role in sorted({role for m in runs for role in m.processes}):
        result.processes[role] = (max(m.processes.get(role, (0.0, 0.0))[0] for m in runs),
                                  statistics.median(m.processes.get(role, (0.0, 0.0))[1] for m in runs))
    measure_site(site, result)
    return result


# ---------------------------------------------------------------------------------------------
# Report


def print_table(results: list[Result]) -> None:
    by_key = {(r.n, r.variant): r for r in results}
    head = ("N", "variant", "docs", "pages", "wall s", "CPU s", "build MB", "build CPU", "index MB", "index CPU",
            "mean KB", "max KB", ">60KB", "HTML MB", "site MB", "search MB", "x vanilla")
    rows = []
    for r in results:
        vanilla = by_key.get((r.n, "vanilla"))
        ratio = f"{r.seconds / vanilla.seconds:.2f}" if r.variant == "gongkai" and vanilla else ""
        rows.append((f"{r.n:,}", r.variant, f"{r.documents:,}", f"{r.pages:,}", f"{r.seconds:.1f}", f"{r.cpu:.1f}",
                     f"{r.build_rss_mb:.0f}", f"{r.build_cpu:.1f}",
                     f"{r.index_rss_mb:.0f}" if r.index_rss_mb else "-",
                     f"{r.index_cpu:.1f}" if r.index_rss_mb else "-",
                     f"{r.mean_kb:.1f}", f"{r.max_kb:.1f}", str(r.over_target), f"{r.html_mb:.1f}", f"{r.total_mb:.1f}",
                     f"{r.search_mb:.2f}", ratio))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.rjust(w) if i != 1 else h.ljust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))))
    print(line)
    for row in rows:
        print("  ".join(c.rjust(w) if i != 1 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    print()
    for r in results:
        print(f"  largest page, {r.variant} N={r.n:,}: {r.max_page} ({r.max_kb:.1f} KB)")


def growth(results: list[Result], variant: str) -> list[tuple[int, float, float | None]]:
    """[(N, seconds per 1000 docs, marginal seconds per 1000 docs since the previous N)]."""
    runs = sorted((r for r in results if r.variant == variant), key=lambda r: r.n)
    out = []
    for i, r in enumerate(runs):
        marginal = None
        if i:
            prev = runs[i - 1]
            marginal = (r.seconds - prev.seconds) / (r.documents - prev.documents) * 1000
        out.append((r.n, r.seconds / r.documents * 1000, marginal))
    return out


def print_growth(results: list[Result], variants: list[str]) -> None:
    print("\nGrowth (seconds per 1000 documents; "
          "'marginal' = extra time per 1000 extra documents since the previous N):")
    for variant in variants:
        for n, per, marginal in growth(results, variant):
            extra = f", marginal {marginal:.2f} s" if marginal is not None else ""
            size = next(r for r in results if r.variant == variant and r.n == n)
            print(f"  {variant:8s} N={n:>6,}: {per:.2f} s per 1000 docs{extra}; "
                  f"{size.total_mb / size.documents * 1000:.1f} MB site per 1000 docs")


def print_targets(results: list[Result], vanilla: bool) -> None:
    print("\nTargets from the issue:")
    gk = sorted((r for r in results if r.variant == "gongkai"), key=lambda r: r.n)
    by_key = {(r.n, r.variant): r for r in results}

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if vanilla:
        for r in gk:
            v = by_key[(r.n, "vanilla")]
            ratio = r.seconds / v.seconds
            print(f"  build time <= {TARGET_RATIO}x vanilla, N={r.n:,}: {r.seconds:.1f} s vs {v.seconds:.1f} s "
                  f"= {ratio:.3f}x -> {verdict(ratio <= TARGET_RATIO)}")
    else:
        print(f"  build time <= {TARGET_RATIO}x vanilla: not measured (--no-vanilla)")
    for r in gk:
        if r.n == 10_000:
            print(f"  build time <= {TARGET_SECONDS_10K:.0f} s, N=10,000: {r.seconds:.1f} s "
                  f"-> {verdict(r.seconds <= TARGET_SECONDS_10K)}")
        peaks = {role: mb for role, (mb, _) in r.processes.items()} or {"build": r.rss_mb}
        role, mb = max(peaks.items(), key=lambda item: item[1])
        print(f"  peak RSS of every process <= {TARGET_RSS_MB} MB, N={r.n:,}: largest {mb:.0f} MB ({role}) "
              f"-> {verdict(mb <= TARGET_RSS_MB)}")
    for r in gk:
        print(f"  <= {TARGET_PAGE_KB} KB per page, N={r.n:,}: mean {r.mean_kb:.1f} KB, max {r.max_kb:.1f} KB "
              f"({r.max_page}), {r.over_target} of {r.pages:,} pages above -> {verdict(r.over_target == 0)}")
    rows = growth(results, "gongkai")
    marginals = [m for _, _, m in rows if m is not None]
    if len(marginals) >= 2:
        ratio = marginals[-1] / marginals[0] if marginals[0] > 0 else float("inf")
        print(f"  linear growth: marginal time per 1000 docs {marginals[0]:.2f} s -> {marginals[-1]:.2f} s "
              f"({ratio:.2f}x; linear if <= {LINEAR_TOLERANCE}x) -> {verdict(ratio <= LINEAR_TOLERANCE)}")
    elif len(marginals) == 1:
        first = rows[0][1]
        ratio = marginals[0] / first if first > 0 else float("inf")
        print(f"  linear growth: {rows[0][1]:.2f} s per 1000 docs at N={rows[0][0]:,} (includes start-up), marginal "
              f"{marginals[0]:.2f} s per 1000 docs up to N={rows[1][0]:,} "
              f"({ratio:.2f}x; linear if <= {LINEAR_TOLERANCE}x) "
              f"-> {verdict(ratio <= LINEAR_TOLERANCE)} (two sizes only: run three sizes for a firmer answer)")
    else:
        print("  linear growth: needs at least two sizes")
    if len(gk) >= 2:
        a, b = gk[0], gk[-1]
        size_ratio = (b.total_mb / b.documents) / (a.total_mb / a.documents)
        print(f"  site size per document: N={a.n:,} {a.total_mb / a.documents * 1024:.1f} KB, "
              f"N={b.n:,} {b.total_mb / b.documents * 1024:.1f} KB ({size_ratio:.2f}x)")


# ---------------------------------------------------------------------------------------------


def print_run(r: Result) -> None:
    walls = ", ".join(f"{w:.1f}" for w in r.walls)
    index = (f"; search index process {r.index_rss_mb:.0f} MB peak, {r.index_cpu:.1f} s CPU" if r.index_rss_mb
             else "")
    others = [f"{role} {peak:.0f} MB peak, {cpu:.1f} s CPU" for role, (peak, cpu) in r.processes.items()
              if role not in ("build", "index")]
    if others:
        index += "; " + "; ".join(others)
    print(f"  {r.variant:8s} {r.seconds:7.1f} s wall (runs: {walls}), {r.cpu:.1f} s CPU; build process "
          f"{r.build_rss_mb:.0f} MB peak, {r.build_cpu:.1f} s CPU{index}; {r.pages:,} pages, "
          f"{r.mean_kb:.1f} KB per page", flush=True)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes wants numbers separated by commas, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("--sizes wants positive numbers")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark gongkai against plain Material for MkDocs.")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000],
                        help="numbers of generated documents, comma separated (default 1000,10000; "
                             "the issue's full set is 1000,10000,30000)")
    parser.add_argument("--corpus", choices=("realistic", "legacy"), default="realistic",
                        help="realistic: bodies of 2-30 KB (median about 6 KB) from the sample content's sentences, "
                             "tables in some; legacy: the 1.5-3 KB bodies of the figures before issue #17")
    parser.add_argument("--extras", action=argparse.BooleanOptionalAction, default=True,
                        help="also time gongkai check, the git history, the build without index, the index alone "
                             "and the deadline pass (default: yes)")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the search in headless Chromium (default: yes)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse .bench/n<N>/ content generated by an earlier --keep run with the same seed, "
                             "corpus and day (the code is copied afresh)")
    parser.add_argument("--epoch", type=int, default=None,
                        help="SOURCE_DATE_EPOCH of the builds (default: now)")
    parser.add_argument("--keep", action="store_true", help="keep the work dirs under .bench/")
    parser.add_argument("--vanilla", action=argparse.BooleanOptionalAction, default=True,
                        help="also build plain Material for comparison (default: yes)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="build each variant R times and report the median time and the highest memory (default 1)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the generated content")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat wants a positive number")
    args.keep = args.keep or args.reuse

    cfg = load_config(ROOT)
    if not cfg.subcolumns:
        print("bench: site_config/taxonomy.yml lists no proactive sub-columns", file=sys.stderr)
        return 1
    epoch = args.epoch if args.epoch is not None else int(time.time())
    today = dt.datetime.fromtimestamp(epoch, tz=CHINA).date()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch), "PYTHONDONTWRITEBYTECODE": "1"}
    timer = gnu_time()
    variants = ["gongkai"] + (["vanilla"] if args.vanilla else [])
    print(f"gongkai bench: sizes {', '.join(f'{n:,}' for n in args.sizes)}; variants {', '.join(variants)}; "
          f"build day {today} (SOURCE_DATE_EPOCH={epoch}); "
          f"peak RSS via {timer + ' -v' if timer else 'getrusage wrapper'}")
    print(f"org {cfg.name} ({cfg.org_code}); {len(cfg.subcolumns)} sub-columns from site_config/taxonomy.yml\n")

    results: list[Result] = []
    works: list[Path] = []
    status = 0
    try:
        for n in args.sizes:
            work = BENCH_DIR / f"n{n}"
            works.append(work)
            stamp = f"{n} {args.seed} {args.corpus} {today}"
            if args.reuse and (work / ".bench-stamp").is_file() and (work / ".bench-stamp").read_text() == stamp:
                copy_code(work)
                print(f"N={n:,}: reusing the documents of {work.relative_to(ROOT)}", flush=True)
            else:
                gen = prepare(work, n, cfg, today, args.seed, args.corpus)
                (work / ".bench-stamp").write_text(stamp)
                print(f"N={n:,}: generated {n:,} {args.corpus} documents in {gen:.1f} s ({work.relative_to(ROOT)})",
                      flush=True)
            if not args.extras:
                for variant in variants:
                    r = build(work, variant, n, env, timer, cfg, args.repeat)
                    results.append(r)
                    print_run(r)
                continue
            check_start = time.perf_counter()
            checked = subprocess.run([sys.executable, "-m", "gongkai", "--root", str(work), "check"], env=env,
                                     capture_output=True, text=True, cwd=work)
            check_s = time.perf_counter() - check_start
            print(f"  gongkai check: {check_s:.1f} s for the whole column "
                  f"(exit {checked.returncode}; target < 5 s at 10,000)", flush=True)
            git_seconds, dated = time_git_history(work)
            print(f"  更新日期 from git: {git_seconds:.2f} s for {dated:,} files (one git log pass; target < 2 s)",
                  flush=True)
            for variant in variants:
                r = build(work, variant, n, env, timer, cfg, args.repeat)
                results.append(r)
                print_run(r)
                if variant == "gongkai":
                    background_s, waited_s = index_in_build(work)
                    without_s = build_without_index(work, env)
                    added = r.seconds - without_s
                    index_s, shards = time_search_index(work, env)
                    # One build each: a difference below zero is run-to-run noise (--repeat R narrows it).
                    adds = (f"adds {added:.1f} s = {100 * added / r.seconds:.0f}%" if added >= 0 else
                            f"adds no measurable time ({added:.1f} s, run-to-run noise)")
                    print(f"  search index: {adds} to the build "
                          f"({r.seconds:.1f} s with it, {without_s:.1f} s without; target <= 20%): built in "
                          f"{background_s:.1f} s in a background process while the pages render, the build waited "
                          f"{waited_s:.1f} s for it; alone on every core it takes {index_s:.1f} s "
                          f"({100 * index_s / r.seconds:.0f}% of the build); {shards} shards, "
                          f"{r.search_mb:.1f} MB on disk", flush=True)
                    pass_s, load_s, checked, found = time_deadline_pass(work, env)
                    print(f"  deadline pass: {pass_s:.3f} s = {100 * pass_s / r.seconds:.2f}% of the build "
                          f"(target < 2%; {checked:,} deadlines checked, {found:,} lines reported; "
                          f"the column it runs on loads in {load_s:.1f} s)", flush=True)
                    if not args.browser:
                        continue
                    f = measure_search_in_browser(work / "site-gongkai", work)
                    print(f"  search in Chromium: {f['first_query_kb']:.0f} KB transferred before the first results "
                          f"(page, assets and index; of which index {f['first_query_index_kb']:.0f} KB; "
                          "target <= 1536 KB); "
                          f"keystroke-to-results {', '.join(f'{ms:.0f}' for ms in f['latency_ms'])} ms "
                          f"(150 ms debounce included; target <= 300 ms) for queries {f['queries']} "
                          f"with {f['results']} results shown", flush=True)
    except BuildFailed as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        if not args.keep:
            print("(work dirs are removed; rerun with --keep to inspect them)", file=sys.stderr)
        status = 1
    finally:
        if not args.keep:
            for work in works:
                shutil.rmtree(work, ignore_errors=True)
            if BENCH_DIR.is_dir() and not any(BENCH_DIR.iterdir()):
                BENCH_DIR.rmdir()
        elif works:
            print(f"\nwork dirs kept under {BENCH_DIR}")

    if results:
        print()
        print_table(results)
        print_growth(results, variants)
        print_targets(results, args.vanilla and status == 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
