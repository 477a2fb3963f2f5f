"""Records entered on given days, for the reporting calendar's tests.

The calendar judges a report by the day it was entered (``created_at``), so every record
here is created with the clock set to that day, Beijing time.
"""

import datetime
from decimal import Decimal

import time_machine

from projects.models import Measurement, ProgressReport, Stage

d = datetime.date
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(day: datetime.date, hour: int = 10, minute: int = 0):
    """Travel to *day* at *hour*, Beijing time."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
    return time_machine.travel(moment, tick=False)


def report(project, dated: datetime.date, entered: datetime.date | None = None, **fields):
    """A progress report of *project* dated *dated*, entered on *entered* (default: that day)."""
    fields.setdefault("stage", Stage.CONTINUING)
    fields.setdefault("text", "按计划推进。")
    fields.setdefault("is_published", True)
    with on(entered or dated):
        return ProgressReport.objects.create(project=project, date=dated, **fields)


def figure(target, dated: datetime.date, entered: datetime.date | None = None, **fields):
    """A measurement of *target* dated *dated*, entered on *entered* (default: that day)."""
    fields.setdefault("value", Decimal(10))
    fields.setdefault("source", "旗统计局")
    fields.setdefault("is_published", True)
    with on(entered or dated):
        return Measurement.objects.create(target=target, date=dated, **fields)


def entered_on(day: datetime.date, make, **fields):
    """A record made by the fixture *make*, entered into the portal on *day*."""
    with on(day):
        return make(**fields)
