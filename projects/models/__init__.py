from .base import Publishable, PublishedQuerySet, localized
from .choices import (
    STARTED_STAGES,
    Aggregate,
    Cadence,
    Comparison,
    Level,
    Stage,
    TargetKind,
)
from .disclosure import DisclosureItem
from .news import News
from .projects import ProgressReport, Project
from .responsible import Unit, UnitKind, UnitMembership, unit_name_key
from .review import Revision, RevisionAction, Submission, SubmissionStatus
from .search import SearchEntry, SearchGram, SearchKind
from .sectors import Category, Sector
from .stages import ProjectStage, StageSource
from .targets import (
    PLAN_END,
    PLAN_START,
    VERDICT_FIELDS,
    Measurement,
    MilestoneStep,
    Target,
    period_error,
)

__all__ = [
    "PLAN_END",
    "PLAN_START",
    "STARTED_STAGES",
    "VERDICT_FIELDS",
    "Aggregate",
    "Cadence",
    "Category",
    "Comparison",
    "DisclosureItem",
    "Level",
    "Measurement",
    "MilestoneStep",
    "News",
    "ProgressReport",
    "Project",
    "ProjectStage",
    "Publishable",
    "PublishedQuerySet",
    "Revision",
    "RevisionAction",
    "SearchEntry",
    "SearchGram",
    "SearchKind",
    "Sector",
    "Stage",
    "StageSource",
    "Submission",
    "SubmissionStatus",
    "Target",
    "TargetKind",
    "Unit",
    "UnitKind",
    "UnitMembership",
    "localized",
    "period_error",
    "unit_name_key",
]
