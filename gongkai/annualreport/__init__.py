"""政府信息公开工作年度报告 (../shared/spec/annual-report.md); being split by concern (#16 item 2)."""

from .reader import *  # noqa: F403  (for one commit: the module is split in the next)
