"""Tell an office's own duties from services by their names.

责任清单 and 信息表 mix what residents come to do (失业登记) with what the centre must do itself
(做好中心印章管理工作, 根治欠薪，实现欠薪案件动态清零。). Only names that say so plainly count: a
duty verb at the start, the centre's own housekeeping, or a goal clause (", 实现…"). 公章刻制业特种
行业许可证核发 and 重大事故隐患的排查 are services, so 公章 and 排查 alone decide nothing.
"""
from __future__ import annotations

import re

DUTY = re.compile(r"^(落实|做好|完成)|交办的|本中心|印章管理|公章办理|档案收集|会议记录|保密工作|工作人员的日常"
                  r"|[，,]\s*实现|资源排查|入户调查|动态清零|应办尽办")


def reads_as_duty(name: str) -> bool:
    """True for a name that describes the office's own work rather than a service a resident asks for."""
    return bool(DUTY.search(name))
