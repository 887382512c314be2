"""Calendar days in China Standard Time: parsing the accepted forms, formatting, the build day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")

ACCEPTED_FORMS = "2021-08-12 或 2021年8月12日"


class DateError(ValueError):
    """A value that is not one of the accepted date forms; the message is for webmasters."""


def parse_day(value: object) -> dt.date:
    """Parse a front-matter date: a YAML date, "2021-08-12", "2021年8月12日" (full-width digits too)."""
    if isinstance(value, dt.datetime):
        raise DateError("只接受日期，不接受带时刻的时间")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateError("不是日期")
    text = value.strip().translate(_FULLWIDTH_DIGITS)
    match = _ISO.fullmatch(text) or _CHINESE.fullmatch(text)
    if not match:
        raise DateError("不是可识别的日期格式")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("日期不存在（月份或日数超出范围）") from None


def format_day(day: dt.date) -> str:
    """The one display style of the site: 2021年08月12日."""
    return f"{day.year:04d}年{day.month:02d}月{day.day:02d}日"


DATE_VARIABLE = "GONGKAI_DATE"  # a preview "as of" a day: GONGKAI_DATE=2027-01-05 mkdocs serve
_CLI_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def preview_day(text: str, source: str = "--date") -> dt.date:
    """The day of ``--date`` or GONGKAI_DATE: exactly YYYY-MM-DD (a command line has no YAML date)."""
    match = _CLI_DAY.fullmatch(text.strip())
    if not match:
        raise DateError(
            f"{source} 的值“{text}”不是 YYYY-MM-DD 形式的日期，例如 "
            f"{source}{'=' if source == DATE_VARIABLE else ' '}2027-01-05"
        )
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise DateError(f"{source} 的值“{text}”不是存在的日期（月份或日数超出范围）") from None


def build_day(environ: Mapping[str, str]) -> dt.date:
    """The day D a build is "as of": GONGKAI_DATE (a preview, YYYY-MM-DD) if set, else
    SOURCE_DATE_EPOCH if set, else today, in Asia/Shanghai. GONGKAI_DATE wins because it is only
    ever set on purpose, by hand or by ``--date``; SOURCE_DATE_EPOCH may come from the CI."""
    preview = environ.get(DATE_VARIABLE, "").strip()
    if preview:
        return preview_day(preview, DATE_VARIABLE)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=CHINA)
        except (ValueError, OverflowError, OSError):
            raise DateError(f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”不是 Unix 时间戳（秒）") from None
        return moment.date()
    return dt.datetime.now(tz=CHINA).date()
