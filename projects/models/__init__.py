from .base import Publishable, PublishedQuerySet, localized
from .choices import (
    STARTED_STAGES,
    Aggregate,
    ApprovalKind,
    Cadence,
    Comparison,
    Level,
    Stage,
    TargetKind,
)
from .news import News
from .projects import Approval, ProgressReport, Project
from .sectors import Category, Sector
from .targets import PLAN_END, PLAN_START, Measurement, MilestoneStep, Target

__all__ = [
    "PLAN_END",
    "PLAN_START",
    "STARTED_STAGES",
    "Aggregate",
    "Approval",
    "ApprovalKind",
    "Cadence",
    "Category",
    "Comparison",
    "Level",
    "Measurement",
    "MilestoneStep",
    "News",
    "ProgressReport",
    "Project",
    "Publishable",
    "PublishedQuerySet",
    "Sector",
    "Stage",
    "Target",
    "TargetKind",
    "localized",
]
