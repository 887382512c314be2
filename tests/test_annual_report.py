"""政府信息公开工作年度报告 (../shared/spec/annual-report.md): formats, labels, checks A–E, the
cross-year warnings, the cross-check with the column's own documents and the deadline."""

import copy
import dataclasses
import datetime as dt
import re
from decimal import Decimal

import pytest
import yaml

from conftest import ROOT, copy_project, doc_text, gongkai, messages, mkdocs_build, write
from gongkai.annualreport.body import TABLE_MARKER, page_markdown, place_tables
from gongkai.annualreport.checks import check_deadline, column_figures
from gongkai.annualreport.draft import figures_yaml
from gongkai.annualreport.formats import CHECK_A_NOTE, FORMAT_2019, FORMAT_2021, FREE_TEXT, L, plain
from gongkai.annualreport.layout import Cell, TableLayout, table_layout
from gongkai.annualreport.model import AnnualReport, show
from gongkai.cli import main as cli_main
from gongkai.core.column import load_column

D = dt.date
SRC = "annual-reports/2025.md"
BODY = """\
本报告根据《中华人民共和国政府信息公开条例》编制。

## 一、总体情况

总体情况的文字。

## 五、存在的主要问题及改进情况

问题和改进的文字。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""
# Table 三 of a consistent report, in the official column order (总计 left out).
T3 = {
    "一、本年新收政府信息公开申请数量": [10, 2, 0, 1, 1, 0],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0],
    "三、本年度办理结果": {
        "（一）予以公开": [4, 1, 0, 0, 1, 0],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [2, 0, 0, 0, 0, 0],
        "（三）不予公开": {
            "1.属于国家秘密": 0,
            "2.其他法律行政法规禁止公开": 0,
            "3.危及“三安全一稳定”": 0,
            "4.保护第三方合法权益": [1, 0, 0, 0, 0, 0],
            "5.属于三类内部事务信息": 0,
            "6.属于四类过程性信息": 0,
            "7.属于行政执法案卷": 0,
            "8.属于行政查询事项": 0,
        },
        "（四）无法提供": {
            "1.本机关不掌握相关政府信息": [2, 1, 0, 0, 0, 0],
            "2.没有现成信息需要另行制作": 0,
            "3.补正后申请内容仍不明确": 0,
        },
        "（五）不予处理": {
            "1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0],
            "2.重复申请": 0,
            "3.要求提供公开出版物": 0,
            "4.无正当理由大量反复申请": 0,
            "5.要求行政机关确认或重新出具已获取信息": 0,
        },
        "（六）其他处理": {
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [0, 0, 0, 1, 0, 0],
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": 0,
            "3.其他": 0,
        },
    },
    "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0],
}
TABLES = {
    "主动公开政府信息情况": {
        "第二十条第（一）项": {
            "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
            "行政规范性文件": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
        },
        "第二十条第（五）项": {"行政许可": 5},
        "第二十条第（六）项": {"行政处罚": 3, "行政强制": 0},
        "第二十条第（八）项": {"行政事业性收费": 12.5},
    },
    "收到和处理政府信息公开申请情况": T3,
    "政府信息公开行政复议、行政诉讼情况": {
        "行政复议": [1, 0, 0, 1],
        "行政诉讼": {"未经复议直接起诉": [0, 1, 0, 0], "复议后起诉": 0},
    },
}
# The same report's table 二 and （六） in the 2019 trial format.
TABLE2_2019 = {
    "第二十条第（一）项": {
        "规章": {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 1},
        "规范性文件": {"本年新制作数量": 2, "本年新公开数量": 2, "对外公开总数量": 17},
    },
    "第二十条第（五）项": {
        "行政许可": {"上一年项目数量": 12, "本年增/减": -2, "处理决定数量": 340},
        "其他对外管理服务事项": {"上一年项目数量": 30, "本年增/减": 0, "处理决定数量": 85},
    },
    "第二十条第（六）项": {
        "行政处罚": [15, 1, 22],
        "行政强制": [4, 0, 3],
    },
    "第二十条第（八）项": {"行政事业性收费": {"上一年项目数量": 6, "本年增/减": -1}},
    "第二十条第（九）项": {"政府集中采购": {"采购项目数量": 18, "采购总金额": 1325.46}},
}
T3_OTHER_ONE_ROW = [0, 0, 0, 1, 0, 0]


OLD_GUIDE = "---\ntitle: 指南\npublished: 2010-01-01\n---\n指南。\n"  # for columns built as of before 2020


def tables(**changes) -> dict:
    data = copy.deepcopy(TABLES)
    data.update(changes)
    return data


def report(year: int = 2025, data: dict | None = None, body: str = BODY, published: str | None = None, **meta) -> str:
    front = {
        "title": f"示例市人民政府办公室{year}年政府信息公开工作年度报告",
        "published": published or f"{year + 1}-01-20",
    }
    front.update(meta)
    front.update(tables() if data is None else data)
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def t3(**rows) -> dict:
    """Table 三 with some rows replaced (keys: the row's short name)."""
    data = copy.deepcopy(T3)
    for key, value in rows.items():
        for section in (data, data["三、本年度办理结果"]):
            for label in list(section):
                if plain(label) == plain(key):
                    section[label] = value
    return data


def errors(column) -> list[str]:
    return messages(column, "错误")


def warnings(column) -> list[str]:
    return messages(column, "警告")


def the_report(column, src=SRC) -> AnnualReport:
    return column.reports[src]


# --- a valid report; totals computed and checked


def test_valid_report_has_no_problems_and_computes_totals(column_of):
    column = column_of({SRC: report()})
    assert messages(column) == []
    r = the_report(column)
    assert (r.year, r.format, r.ok) == (2025, FORMAT_2021, True)
    assert r.table3["1"] == [10, 2, 0, 1, 1, 0, 14]
    assert r.table3["3.7"] == [10, 2, 0, 1, 1, 0, 14]  # （七）总计, computed
    assert r.table3["4"] == [1, 0, 0, 0, 0, 0, 1]
    assert r.table3["3.3.1"] == [0] * 7  # a row written as 0
    assert r.table4 == [[1, 0, 0, 1, 2], [0, 1, 0, 0, 1], [0, 0, 0, 0, 0]]
    assert r.table2[(3, 0)] == [Decimal("12.5")]
    assert show(r.table2[(3, 0)][0]) == "12.5"


def test_totals_given_are_checked_and_accepted_when_right(column_of):
    data = t3(**{"一、本年新收政府信息公开申请数量": [10, 2, 0, 1, 1, 0, 14]})
    data["三、本年度办理结果"]["（七）总计"] = [10, 2, 0, 1, 1, 0, 14]
    four = {"行政复议": [1, 0, 0, 1, 2], "行政诉讼": {"未经复议直接起诉": {"结果纠正": 1, "总计": 1}, "复议后起诉": 0}}
    column = column_of({SRC: report(data=tables(**{"收到和处理政府信息公开申请情况": data,
                                                   "政府信息公开行政复议、行政诉讼情况": four}))})
    assert messages(column) == []
    assert the_report(column).table4[1] == [0, 1, 0, 0, 1]


# --- checks A to D: each identity broken


def test_check_a_every_column_new_plus_carried_equals_done_plus_carried_over(column_of):
    data = t3(**{"四、结转下年度继续办理": [2, 0, 0, 0, 0, 0]})
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    found = errors(column)
    assert len(found) == 2  # the 自然人 column and the 总计 column
    natural = next(e for e in found if "“自然人”列" in e)
    assert natural.startswith(f"错误 {SRC}:")  # with the line of the row
    assert "勾稽关系" in natural
    assert "一、本年新收（10）＋二、上年结转（1）＝11" in natural
    assert "三、本年度办理结果（七）总计（10）＋四、结转下年度继续办理（2）＝12" in natural
    assert "收到和处理政府信息公开申请情况 › 四、结转下年度继续办理" in natural
    assert any("“总计”列" in e and "＝15" in e and "＝16" in e for e in found)


def test_check_a_line_is_the_row_of_the_file(column_of):
    data = t3(**{"四、结转下年度继续办理": [2, 0, 0, 0, 0, 0]})
    text = report(data=tables(收到和处理政府信息公开申请情况=data))
    line = next(i for i, ln in enumerate(text.split("\n"), start=1) if ln.strip().startswith("四、结转下年度继续办理"))
    column = column_of({SRC: text})
    assert all(f"{SRC}:{line} " in e for e in errors(column))


def test_check_b_a_row_total_must_be_the_sum_of_the_six_columns(column_of):
    data = t3(**{"（一）予以公开": [4, 1, 0, 0, 1, 0, 7]})
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    [error] = errors(column)
    assert "表三“（一）予以公开”行：总计填写为 7，但自然人至其他六列之和为 6（4＋1＋0＋0＋1＋0）" in error
    assert "值“7”" in error and "三、本年度办理结果 › （一）予以公开" in error


def test_check_c_the_total_row_must_be_the_sum_of_every_outcome(column_of):
    data = t3()
    data["三、本年度办理结果"]["（七）总计"] = [11, 2, 0, 1, 1, 0]
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    found = errors(column)
    assert any("“（七）总计”行“自然人”列：填写为 11，但（一）至（六）各项之和为 10" in e for e in found)
    # the printed total also breaks the 勾稽关系 of that column
    assert any("“自然人”列不符合勾稽关系" in e and "（七）总计（11）" in e for e in found)


def test_check_c_on_the_total_column_of_the_total_row(column_of):
    data = t3()
    data["三、本年度办理结果"]["（七）总计"] = {"总计": 13}
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    assert any("“（七）总计”行“总计”列：填写为 13，但（一）至（六）各项之和为 14" in e for e in errors(column))


@pytest.mark.parametrize("group, value, name", [
    ("行政复议", [1, 0, 0, 1, 3], "行政复议"),
    ("复议后起诉", [1, 1, 0, 0, 1], "行政诉讼（复议后起诉）"),
])
def test_check_d_each_total_of_table_four(column_of, group, value, name):
    four = {"行政复议": [1, 0, 0, 1], "行政诉讼": {"未经复议直接起诉": [0, 1, 0, 0], "复议后起诉": 0}}
    if group == "行政复议":
        four["行政复议"] = value
    else:
        four["行政诉讼"][group] = value
    column = column_of({SRC: report(data=tables(**{"政府信息公开行政复议、行政诉讼情况": four}))})
    [error] = errors(column)
    total, parts = value[4], value[:4]
    assert (
        f"表四“{name}”：总计填写为 {total}，但 结果维持（{parts[0]}）＋结果纠正（{parts[1]}）＋其他结果（{parts[2]}）"
        f"＋尚未审结（{parts[3]}）＝{sum(parts)}"
        in error
    )


# --- check E: numbers


@pytest.mark.parametrize("value, message", [
    ("十", "应为数字"),
    ("12", "应为数字，不是文字"),
    ("１２", "应为数字，不是文字"),
    (-1, "不能为负数"),
    (1.5, "应为整数，不能有小数"),
    (12.0, "应为整数，不能有小数"),
    (True, "应为数字"),
    (None, "没有填写"),
    ([1, 2], "写了 2 个数，应写1 个数（本年处理决定数量）"),
])
def test_check_e_a_count_must_be_a_whole_number_at_least_zero(column_of, value, message):
    block = copy.deepcopy(TABLES["主动公开政府信息情况"])
    block["第二十条第（六）项"]["行政处罚"] = value
    column = column_of({SRC: report(data=tables(主动公开政府信息情况=block))})
    [error] = errors(column)
    assert message in error and "表二“行政处罚”" in error
    assert "主动公开政府信息情况 › 第二十条第（六）项 › 行政处罚" in error


@pytest.mark.parametrize("value, message", [
    (-3.5, "不能为负数"),
    ("12.5万元", "应为数字"),
    (0.123456, "最多保留4位小数"),
    (".nan", "应为数字"),
])
def test_check_e_an_amount_is_a_decimal_at_least_zero(column_of, value, message):
    block = copy.deepcopy(TABLES["主动公开政府信息情况"])
    block["第二十条第（八）项"]["行政事业性收费"] = float("nan") if value == ".nan" else value
    column = column_of({SRC: report(data=tables(主动公开政府信息情况=block))})
    [error] = errors(column)
    assert message in error and "本年收费金额（单位：万元）" in error


@pytest.mark.parametrize("value, shown", [(0, "0"), (3, "3"), (12.25, "12.25"), (1234567.8, "1234567.8")])
def test_amounts_accept_whole_and_decimal_numbers(column_of, value, shown):
    block = copy.deepcopy(TABLES["主动公开政府信息情况"])
    block["第二十条第（八）项"]["行政事业性收费"] = value
    column = column_of({SRC: report(data=tables(主动公开政府信息情况=block))})
    assert messages(column) == []
    assert show(the_report(column).table2[(3, 0)][0]) == shown


def test_check_e_in_table_three_names_row_and_column(column_of):
    data = t3(**{"（一）予以公开": {"自然人": 4, "商业企业": -1}})
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    [error] = errors(column)
    assert "表三“（一）予以公开”的“商业企业”不能为负数" in error
    assert "（一）予以公开 › 商业企业" in error and "值“-1”" in error


def test_a_row_with_the_wrong_number_of_values(column_of):
    data = t3(**{"（一）予以公开": [4, 1, 0, 0, 1]})
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    [error] = errors(column)
    assert (
        "写了 5 个数，应写6 个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他），"
        "或 7 个（最后一个为总计）"
        in error
    )


# --- labels: lenient spelling, no typo passes


def test_labels_accept_numbering_brackets_notes_and_a_flat_list(column_of):
    data = {
        "本年新收政府信息公开申请数量": [10, 2, 0, 1, 1, 0],
        "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0],
        "(一)予以公开": [4, 1, 0, 0, 1, 0],
        "部分公开": {"自然人": 2},  # the official note left out; columns left out are 0
        "不予公开": {
            "4．保护第三方合法权益": [1, 0, 0, 0, 0, 0],
            "属于国家秘密": 0,
            "2.其他法律行政法规禁止公开": 0,
            '3.危及"三安全一稳定"': 0,
            "5.属于三类内部事务信息": 0,
            "6.属于四类过程性信息": 0,
            "7.属于行政执法案卷": 0,
            "8.属于行政查询事项": 0,
        },
        "无法提供": {
            "本机关不掌握相关政府信息": [2, 1, 0, 0, 0, 0],
            "没有现成信息需要另行制作": 0,
            "补正后申请内容仍不明确": 0,
        },
        "（五）不予处理": T3["三、本年度办理结果"]["（五）不予处理"],
        "（六）其他处理": T3["三、本年度办理结果"]["（六）其他处理"],
        "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0],
    }
    block = {"规章": [0, 0, 0], "规范性文件": [0, 0, 0], "行政许可": 5, "行政处罚": 3, "行政强制": 0,
             "行政事业性收费": {"本年收费金额（万元）": 12.5}}  # table 二 without its caption rows
    data_all = {k: v for k, v in tables().items() if k != "主动公开政府信息情况"}
    data_all.update({"收到和处理政府信息公开申请情况": data, "表二": block})
    column = column_of({SRC: report(data=data_all)})
    assert messages(column) == []
    assert the_report(column).table3["3.7"] == [10, 2, 0, 1, 1, 0, 14]


def test_an_unknown_row_label_is_an_error_with_a_suggestion(column_of):
    data = t3()
    section = data["三、本年度办理结果"]["（三）不予公开"]
    section["1.属于国家秘"] = section.pop("1.属于国家秘密")
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    found = errors(column)
    assert any("官方表格中没有这一行" in e and "是否想写“1.属于国家秘密”" in e and "（三）不予公开 › 1.属于国家秘" in e
               for e in found)
    assert any("表三缺少“（三）不予公开”下的“1.属于国家秘密”行" in e for e in found)


def test_a_different_note_is_not_the_official_label(column_of):
    block = copy.deepcopy(TABLES["主动公开政府信息情况"])
    block["第二十条第（八）项"]["行政事业性收费"] = {"本年收费金额（单位：元）": 125000}
    column = column_of({SRC: report(data=tables(主动公开政府信息情况=block))})
    assert any("官方表格中没有这一列" in e and "本年收费金额（单位：元）" in e for e in errors(column))


def test_a_missing_row_is_an_error(column_of):
    data = t3()
    del data["三、本年度办理结果"]["（三）不予公开"]["8.属于行政查询事项"]
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    [error] = errors(column)
    assert "表三缺少“（三）不予公开”下的“8.属于行政查询事项”行" in error and "没有数据的写 0" in error


def test_a_row_given_twice_under_two_spellings(column_of):
    data = t3()
    data["三、本年度办理结果"]["予以公开"] = [4, 1, 0, 0, 1, 0]
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    assert any("表三“（一）予以公开”写了两次" in e for e in errors(column))


def test_the_same_yaml_key_twice_is_an_error_with_its_line(column_of):
    text = report().replace("    复议后起诉: 0\n", "    复议后起诉: 0\n    复议后起诉: [1, 0, 0, 0]\n")
    line = text.split("\n").index("    复议后起诉: [1, 0, 0, 0]") + 1
    column = column_of({SRC: text})
    assert any(f"{SRC}:{line} " in e and "写了两次" in e for e in errors(column))


def test_a_group_has_no_subtotal_row(column_of):
    data = t3(**{"（三）不予公开": [1, 0, 0, 0, 0, 0]})
    column = column_of({SRC: report(data=tables(收到和处理政府信息公开申请情况=data))})
    assert any("“（三）不予公开”在官方表格中没有小计行，应分项填写" in e for e in errors(column))


def test_the_same_report_key_under_two_names(column_of):
    text = report().replace("收到和处理政府信息公开申请情况:", "表三: 0\n收到和处理政府信息公开申请情况:", 1)
    column = column_of({SRC: text})
    assert any("是同一字段，只能写一个" in e and "表三" in e for e in errors(column))


def test_report_keys_are_not_unknown_keys_but_only_belong_to_reports(column_of):
    column = column_of({SRC: report(), "system/a.md": doc_text(表四=0)})
    [warning] = messages(column)
    assert warning.startswith("警告 system/a.md:5 字段“表四”") and "只在 annual-reports/ 中有效" in warning


# --- formats by year


def test_the_2019_trial_format_for_2020(column_of):
    data = t3()
    data["三、本年度办理结果"]["（六）其他处理"] = T3_OTHER_ONE_ROW
    text = report(2020, data=tables(主动公开政府信息情况=TABLE2_2019, 收到和处理政府信息公开申请情况=data),
                  published="2021-01-10")
    column = column_of({"annual-reports/2020.md": text}, day=D(2021, 1, 15))  # published 2021-01-10
    assert messages(column) == []
    r = the_report(column, "annual-reports/2020.md")
    assert r.format == FORMAT_2019
    assert r.table3["3.6"] == [0, 0, 0, 1, 0, 0, 1]
    assert r.table2[(1, 0)] == [12, -2, 340]  # 本年增/减 may be negative
    assert r.table2[(4, 0)] == [18, Decimal("1325.46")]


def test_the_2021_format_rejects_the_trial_formats_labels(column_of):
    data = t3()
    data["三、本年度办理结果"]["（六）其他处理"] = T3_OTHER_ONE_ROW
    column = column_of(
        {SRC: report(data=tables(主动公开政府信息情况=TABLE2_2019, 收到和处理政府信息公开申请情况=data))}
    )
    found = errors(column)
    assert any("一行的“（六）其他处理”属于国办公开办函〔2019〕60号" in e and "2021年度及以后" in e for e in found)
    assert any("列“本年新制作数量”属于国办公开办函〔2019〕60号" in e for e in found)
    assert any("“其他对外管理服务事项”属于国办公开办函〔2019〕60号" in e for e in found)
    assert any("“第二十条第（九）项”属于国办公开办函〔2019〕60号" in e for e in found)


def test_the_trial_format_rejects_the_2021_formats_labels(column_of):
    column = column_of({"annual-reports/2020.md": report(2020, published="2021-01-10")}, day=D(2021, 1, 15))
    found = errors(column)
    assert any("列“本年制发件数”属于国办公开办函〔2021〕30号" in e and "2019、2020年度" in e for e in found)
    assert any("“（六）其他处理”的分项属于国办公开办函〔2021〕30号" in e for e in found)


def test_reports_before_2019_are_free_text_and_have_no_tables(column_of):
    column = column_of(
        {"guide/index.md": OLD_GUIDE, "annual-reports/2018.md": report(2018, data={}, body="## 一、概述\n\n正文。\n")},
        day=D(2019, 1, 20),
    )
    assert messages(column) == []
    assert the_report(column, "annual-reports/2018.md").format == FREE_TEXT
    column = column_of({"guide/index.md": OLD_GUIDE, "annual-reports/2018.md": report(2018)}, day=D(2019, 1, 20))
    found = errors(column)
    assert len(found) == 3 and all("2018年度的年度报告没有全国统一表格" in e for e in found)


def test_2019_may_be_free_text_but_2020_and_later_need_the_tables(column_of):
    column = column_of({"annual-reports/2019.md": report(2019, data={})}, day=D(2020, 1, 20))
    assert messages(column) == []
    assert the_report(column, "annual-reports/2019.md").format == FREE_TEXT
    column = column_of({SRC: report(data={})})
    found = errors(column)
    assert len(found) == 3
    assert any("缺少表二 主动公开政府信息情况" in e and "国办公开办函〔2021〕30号" in e for e in found)


# --- the year of a report


def test_year_from_the_file_name_or_the_year_key(column_of):
    column = column_of({"annual-reports/annual-report-latest.md": report(年度=2025)})
    assert messages(column) == []
    assert the_report(column, "annual-reports/annual-report-latest.md").year == 2025


@pytest.mark.parametrize("src, text, message", [
    ("annual-reports/latest.md", report(title="年度报告"), "无法确定这份年度报告是哪一年的"),
    (SRC, report(年度=2024, published="2025-01-20"), "年度 2024 与文件名中的年份 2025 不一致"),
    (SRC, report(title="示例市人民政府办公室2024年政府信息公开工作年度报告"), "标题中的年份与报告年度 2025 不一致"),
    (SRC, report(published="2025-12-31"), "2025年度报告的发布日期不能早于统计期结束（2025年12月31日）"),
])
def test_year_problems(column_of, src, text, message):
    column = column_of({src: text})
    assert any(message in e for e in errors(column)), errors(column)


def test_one_report_per_year(column_of):
    column = column_of({SRC: report(), "annual-reports/2025-again.md": report(published="2026-02-01")})
    [error] = errors(column)
    assert (
        error.startswith("错误 annual-reports/2025-again.md") and "2025年度已有年度报告 annual-reports/2025.md" in error
    )


# --- the body: six parts in order


@pytest.mark.parametrize(
    "body, message",
    [
        (
            BODY.replace("## 五、存在的主要问题及改进情况\n\n问题和改进的文字。\n\n", ""),
            "正文缺少“五、存在的主要问题及改进情况”部分",
        ),
        (
            BODY.replace("五、存在的主要问题及改进情况", "五、存在的主要问题和改进情况"),
            "第五部分的标题应为“五、存在的主要问题及改进情况”",
        ),
        (BODY.replace("## 一、总体情况", "### 一、总体情况"), "年度报告六个部分的标题应为二级标题"),
        (BODY.replace("本年度未收取信息处理费。\n", ""), "“六、其他需要报告的事项”部分没有内容"),
        (BODY + "\n## 七、附件\n\n附件。\n", "年度报告只有六个部分"),
        (
            "## 五、存在的主要问题及改进情况\n\n文字。\n\n## 一、总体情况\n\n文字。\n\n"
            "## 六、其他需要报告的事项\n\n无。\n",
            "第一部分应排在第五部分之前",
        ),
    ],
)
def test_body_parts_are_checked(column_of, body, message):
    column = column_of({SRC: report(body=body)})
    found = [e for e in errors(column) if message in e]
    assert found and found[0].startswith(f"错误 {SRC}:")


def test_body_gets_the_table_parts_between_parts_one_and_five(column_of):
    column = column_of({SRC: report()})
    body = page_markdown(column.by_src[SRC], column)
    order = [body.index(s) for s in ("## 一、总体情况", "## 二、主动公开政府信息情况", TABLE_MARKER.format(n=2),
                                      "## 三、收到和处理政府信息公开申请情况", TABLE_MARKER.format(n=3),
                                      "## 四、政府信息公开行政复议、行政诉讼情况", TABLE_MARKER.format(n=4),
                                      "## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项")]
    assert order == sorted(order)


def test_a_written_table_heading_keeps_its_introduction(column_of):
    body = BODY.replace("## 五、", "## 三、收到和处理政府信息公开申请情况\n\n本年度申请以网上申请为主。\n\n## 五、")
    column = column_of({SRC: report(body=body)})
    assert errors(column) == []
    text = page_markdown(column.by_src[SRC], column)
    assert text.count("## 三、收到和处理政府信息公开申请情况") == 1
    assert text.index("本年度申请以网上申请为主。") < text.index(TABLE_MARKER.format(n=3)) < text.index("## 四、")


def test_free_text_bodies_are_left_alone(column_of):
    body = "## 一、概述\n\n正文。\n\n## 七、其他需要报告的事项\n\n无。\n"
    column = column_of(
        {"guide/index.md": OLD_GUIDE, "annual-reports/2017.md": report(2017, data={}, body=body)}, day=D(2018, 3, 25)
    )
    doc = column.by_src["annual-reports/2017.md"]
    assert messages(column) == [] and doc.body == body and page_markdown(doc, column) == body


def test_place_tables_at_the_markers_or_at_the_end():
    html = f"<h2>二</h2>\n{TABLE_MARKER.format(n=2)}\n<h2>三</h2>\n{TABLE_MARKER.format(n=3)}\n<h2>五</h2>"
    out = place_tables(html, lambda n: f"<table>{n}</table>")
    assert (
        out.index("<table>2</table>")
        < out.index("<h2>三</h2>")
        < out.index("<table>3</table>")
        < out.index("<h2>五</h2>")
    )
    assert out.endswith("<table>4</table>") and "gongkai:" not in out


# --- cross-year relations (warnings)


def regulation(name: str, published: str, seq: int, **fields) -> tuple[str, str]:
    year = int(published[:4])
    return f"proactive/regulations/{name}.md", doc_text(
        seq, year, published=published, doc_type="行政规范性文件", **fields
    )


def with_in_force(data: dict, issued: int, repealed: int, in_force: int) -> dict:
    data = copy.deepcopy(data)
    data["主动公开政府信息情况"]["第二十条第（一）项"]["行政规范性文件"] = [issued, repealed, in_force]
    return data


def test_carried_over_must_match_last_years_left_over(column_of):
    last = t3(**{"四、结转下年度继续办理": [1, 0, 0, 0, 0, 0]})
    now = t3(
        **{
            "二、上年结转政府信息公开申请数量": [2, 0, 0, 0, 0, 0],
            "一、本年新收政府信息公开申请数量": [9, 2, 0, 1, 1, 0],
        }
    )
    files = {"annual-reports/2024.md": report(2024, data=tables(收到和处理政府信息公开申请情况=last)),
             SRC: report(data=tables(收到和处理政府信息公开申请情况=now))}
    column = column_of(files)
    assert errors(column) == []
    [warning] = warnings(column)
    assert warning.startswith(f"警告 {SRC}:")
    assert (
        "与上年报告（annual-reports/2024.md）“四、结转下年度继续办理”不一致：自然人列本年 2、上年 1；"
        "总计列本年 2、上年 1（需要核对）"
        in warning
    )
    files[SRC] = report(
        data=tables(收到和处理政府信息公开申请情况=now), 核对说明={"上年结转": "1件申请经核实属重复登记"}
    )
    column = column_of(files)
    assert messages(column) == []


def test_in_force_this_year_is_last_year_plus_issued_minus_repealed(column_of):
    files = dict([regulation("a", "2024-03-01", 1), regulation("b", "2025-05-01", 2)])
    files["annual-reports/2024.md"] = report(2024, data=with_in_force(tables(), 1, 0, 1))
    files[SRC] = report(data=with_in_force(tables(), 1, 0, 2))
    column = column_of(files)
    assert messages(column) == []
    files[SRC] = report(data=with_in_force(tables(), 1, 0, 3))
    column = column_of(files)
    found = warnings(column)
    assert any(
        "表二“行政规范性文件”现行有效件数为 3，"
        "而上年报告（annual-reports/2024.md）现行有效 1＋本年制发 1－本年废止 0＝2（需要核对）"
        in w
        for w in found
    )
    # the same figure also differs from the column's own documents
    assert any("“现行有效件数”报告填写 3，本栏目按文件计算为 2" in w for w in found)
    files[SRC] = report(data=with_in_force(tables(), 1, 0, 3), 核对说明={"现行有效件数": "说明", "栏目文件": "说明"})
    assert messages(column_of(files)) == []


def test_explanations_are_checked(column_of):
    column = column_of({SRC: report(核对说明={"现行有效": "x", "上年结转": " "})})
    found = errors(column)
    assert any("官方表格中没有这一核对项目" in e and "是否想写“现行有效件数”" in e for e in found)
    assert any("核对说明没有写原因" in e for e in found)


# --- the column's own 规章 and 行政规范性文件


def test_column_figures_follow_dates_and_validity(column_of):
    files = dict([
        regulation("old", "2023-03-01", 1),
        regulation("gone", "2023-06-01", 2, repealed="2025-04-30", repeal_basis="市政府决定"),
        regulation("new", "2025-02-01", 3),
        regulation("replaced", "2024-01-10", 4, repealed_by="replacing.md"),
        regulation("replacing", "2025-10-01", 5, effective="2025-11-01"),
        regulation("late", "2026-01-05", 6),
    ])
    files["proactive/regulations/other.md"] = doc_text(7, 2025, published="2025-03-01")  # 其他文件: not counted
    column = column_of(files)
    assert errors(column) == []
    figures = column_figures(column, 2025)
    assert figures.counts("行政规范性文件") == (2, 2, 3)  # new, replacing / gone, replaced / old, new, replacing
    assert [d.src for d in figures.documents["行政规范性文件"][1]] == [
        "proactive/regulations/gone.md", "proactive/regulations/replaced.md"]
    assert figures.counts("规章") == (0, 0, 0)
    assert column_figures(column, 2024).counts("行政规范性文件") == (1, 0, 3)


def test_a_difference_with_the_column_shows_both_figures(column_of):
    files = dict([regulation("a", "2025-03-01", 1)])
    files[SRC] = report()  # reports 0 issued, 0 in force
    column = column_of(files)
    [warning] = warnings(column)
    assert warning.startswith(f"警告 {SRC}:")
    assert "表二“行政规范性文件”与本栏目中的文件不一致" in warning
    assert "“本年制发件数”报告填写 0，本栏目按文件计算为 1（proactive/regulations/a.md）" in warning
    assert "“现行有效件数”报告填写 0，本栏目按文件计算为 1" in warning
    assert "python -m gongkai report-figures 2025" in warning


def test_no_comparison_with_the_column_while_a_file_does_not_load(column_of):
    # the report is right (1 issued, 1 in force) but the regulation's own YAML is broken: the report
    # must not be blamed for it (issue 14: no cascades); the broken file's error is the one message
    src, text = regulation("a", "2025-03-01", 1)
    files = {src: text.replace("published: 2025-03-01", "published：2025-03-01"),
             SRC: report(data=with_in_force(tables(), 1, 0, 1))}
    column = column_of(files)
    assert warnings(column) == []
    assert [e for e in messages(column, "错误") if e.startswith(f"错误 {src}:")]
    files[src] = text
    assert warnings(column_of(files)) == []


def test_report_figures_yaml_pastes_back_into_the_report(column_of):
    files = dict([regulation("a", "2025-03-01", 1), regulation("b", "2024-03-01", 2)])
    column = column_of(files)
    text = figures_yaml(column, 2025)
    block = yaml.safe_load(text)["主动公开政府信息情况"]["第二十条第（一）项"]
    assert block["行政规范性文件"] == {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 2}
    assert "# 行政规范性文件·本年制发件数：proactive/regulations/a.md" in text
    data = tables()
    data["主动公开政府信息情况"]["第二十条第（一）项"] = block
    files[SRC] = report(data=data)
    assert messages(column_of(files)) == []


def test_cli_report_figures(tmp_path, monkeypatch, capsys):
    root = tmp_path / "project"
    (root / "site_config").mkdir(parents=True)
    for name in ("site.yml", "taxonomy.yml"):
        (root / "site_config" / name).write_bytes((ROOT / "site_config" / name).read_bytes())
    write(root / "content", {"guide/index.md": "---\ntitle: 指南\npublished: 2020-01-01\n---\n指南。\n",
                             "proactive/regulations/a.md": regulation("a", "2025-03-01", 1)[1]})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795492800")
    assert cli_main(["--root", str(root), "report-figures", "2025"]) == 0
    out = capsys.readouterr().out
    assert "    行政规范性文件: {本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 1}" in out
    assert cli_main(["--root", str(root), "report-figures", "2026"]) == 2


# --- the deadline (条例第四十九条)


@pytest.mark.parametrize("level, day, late", [
    ("department", D(2026, 1, 31), False),
    ("department", D(2026, 2, 1), True),
    ("government", D(2026, 3, 31), False),
    ("government", D(2026, 4, 1), True),
])
def test_last_years_report_is_due(tmp_path, site, level, day, late):
    write(tmp_path / "content", {"guide/index.md": "---\ntitle: 指南\npublished: 2020-01-01\n---\n指南。\n",
                                 "annual-reports/2024.md": report(2024)})
    column = load_column(tmp_path / "content", dataclasses.replace(site, level=level), day)
    check_deadline(column)
    found = warnings(column)
    if not late:
        assert found == []
        return
    [warning] = found
    due = "2026年01月31日" if level == "department" else "2026年03月31日"
    assert warning.startswith("警告 annual-reports/2025.md：缺少2025年政府信息公开工作年度报告")
    assert (
        f"应于{due}前发布（条例第四十九条）" in warning
        and f"构建日为{day.year}年{day.month:02d}月{day.day:02d}日" in warning
    )


def test_no_deadline_warning_once_the_report_is_there(column_of):
    column = column_of({"annual-reports/2024.md": report(2024), SRC: report()})
    check_deadline(column)
    assert warnings(column) == []


def test_a_column_without_any_report_is_late_too(column_of):
    column = column_of({"proactive/budget/a.md": doc_text()})
    check_deadline(column)
    [warning] = warnings(column)
    assert warning.startswith("警告 annual-reports/2025.md：缺少2025年政府信息公开工作年度报告")


def test_check_and_build_warn_of_a_missing_report(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "content/annual-reports/2025.md").unlink()
    checked = gongkai(project, "check")
    [line] = [ln for ln in checked.stdout.splitlines() if ln.startswith("警告 annual-reports/2025.md")]
    assert checked.returncode == 0 and "应于2026年01月31日前发布" in line
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0 and line in built.stderr  # strict: warnings stop publishing


# --- the official layout


def grid(layout: TableLayout) -> list[list[Cell]]:
    """Place every cell of the table in the HTML table grid (rowspan and colspan)."""
    rows = [*layout.head, *(r for body in layout.bodies for r in body)]
    taken: dict[tuple[int, int], Cell] = {}
    for y, row in enumerate(rows):
        x = 0
        for cell in row:
            while (y, x) in taken:
                x += 1
            for dy in range(cell.rowspan):
                for dx in range(cell.colspan):
                    assert (y + dy, x + dx) not in taken
                    taken[(y + dy, x + dx)] = cell
            x += cell.colspan
    width = max(x for _, x in taken) + 1
    return [[taken.get((y, x)) for x in range(width)] for y in range(len(rows))]


@pytest.mark.parametrize("fmt, table, width, height", [
    (FORMAT_2021, 2, 4, 4 * 2 + 6),
    (FORMAT_2019, 2, 4, 5 * 2 + 8),
    (FORMAT_2021, 3, 10, 3 + 25),
    (FORMAT_2019, 3, 10, 3 + 23),
    (FORMAT_2021, 4, 15, 4),
])
def test_layout_fills_a_rectangle_and_every_data_cell_names_its_headers(fmt, table, width, height):
    r = AnnualReport("annual-reports/x.md", "x", 2025 if fmt == FORMAT_2021 else 2020, fmt, D(2026, 1, 1))
    layout = table_layout(r, table)
    cells = grid(layout)
    assert len(cells) == height and all(len(row) == width and None not in row for row in cells)
    ids = {c.id for row in cells for c in row if c.header}
    for row in cells:
        for c in row:
            if c.header:
                assert c.scope in ("col", "colgroup", "row", "rowgroup") and c.id
            elif "gk-num" in c.cls:
                assert c.headers and set(c.headers.split()) <= ids
    assert sum(layout.colgroups) == width


def test_layout_of_table_three_in_the_official_shape():
    r = AnnualReport(SRC, "x", 2025, FORMAT_2021, D(2026, 1, 1))
    layout = table_layout(r, 3)
    corner = layout.head[0][0]
    assert (corner.header, corner.rowspan, corner.colspan, corner.text) == (False, 3, 3, CHECK_A_NOTE)
    headers = {c.text: c for row in layout.head for c in row if c.header}
    assert (headers["申请人情况"].colspan, headers["申请人情况"].scope) == (7, "colgroup")
    assert (headers["法人或其他组织"].colspan, headers["自然人"].rowspan, headers["总计"].rowspan) == (5, 2, 2)
    body = {c.text: c for rows in layout.bodies for row in rows for c in row if c.header}
    assert (body["三、本年度办理结果"].rowspan, body["三、本年度办理结果"].scope) == (22, "rowgroup")
    assert [body[k].rowspan for k in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")] == [
        8,
        3,
        5,
        3,
    ]
    assert body["（一）予以公开"].colspan == 2 and body["一、本年新收政府信息公开申请数量"].colspan == 3
    trial = table_layout(AnnualReport(SRC, "x", 2020, FORMAT_2019, D(2021, 1, 1)), 3)
    other = next(c for rows in trial.bodies for row in rows for c in row if c.text == "（六）其他处理")
    assert (other.rowspan, other.colspan) == (1, 2)


def test_labels_match_leniently_but_not_loosely():
    label = L("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    for written in (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        "(二)部分公开",
        "二、部分公开 ",
    ):
        assert label.matches(written), written
    assert not label.matches("部分公开（其他）") and not label.matches("予以公开")
    assert L("3.危及“三安全一稳定”").matches("危及三安全一稳定")
    assert L("第二十条第（一）项").matches("第二十条第(一)项")


# --- the examples of docs/annual-reports.md are valid reports


def docs_blocks() -> list[str]:
    text = (ROOT / "docs/annual-reports.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_the_complete_example_in_the_docs_is_a_valid_report(column_of):
    example = docs_blocks()[0]
    assert example.startswith("---\n") and "## 六、其他需要报告的事项" in example
    column = column_of({SRC: example})
    assert errors(column) == []
    # its table 二（一） counts documents this test column does not have: the only warnings say so
    found = warnings(column)
    assert len(found) == 2 and all("与本栏目中的文件不一致" in w for w in found)
    assert any("“现行有效件数”报告填写 9，本栏目按文件计算为 0" in w for w in found)
    assert the_report(column).table3["3.7"] == [59, 5, 1, 1, 2, 1, 69]


def test_the_trial_format_example_in_the_docs_is_valid(column_of):
    table2 = yaml.safe_load(docs_blocks()[2])
    data = t3()
    data["三、本年度办理结果"]["（六）其他处理"] = T3_OTHER_ONE_ROW
    text = report(2020, data=tables(**table2, 收到和处理政府信息公开申请情况=data), published="2021-01-10")
    column = column_of({"annual-reports/2020.md": text}, day=D(2021, 1, 15))
    assert messages(column) == []


def test_the_explanations_example_in_the_docs_is_valid(column_of):
    explanations = yaml.safe_load(docs_blocks()[1])
    column = column_of({SRC: report(**explanations)})
    assert messages(column) == []
    assert the_report(column).note(2).startswith("2024年有1件行政规范性文件有效期届满失效")
