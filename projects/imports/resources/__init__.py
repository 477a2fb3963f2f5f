"""The django-import-export resources: which columns each kind of file has, and what they mean.

One resource per kind (projects, reports, measurements, targets, sectors) serves the admin's
import and export buttons and the ``import_records`` / ``export_records`` commands alike.
Columns carry Chinese headers as staff name them, English aliases, and an explanation used by
the downloadable templates; the shared behaviour is in ``projects.imports.columns``.
"""

from projects.imports.columns import RecordResource
from projects.imports.resources.disclosure import DisclosureResource
from projects.imports.resources.projects import ProjectResource
from projects.imports.resources.reports import ReportResource
from projects.imports.resources.targets import MeasurementResource, SectorResource, TargetResource

__all__ = [
    "RESOURCES",
    "DisclosureResource",
    "MeasurementResource",
    "ProjectResource",
    "ReportResource",
    "SectorResource",
    "TargetResource",
    "resource_for_model",
]

# The kinds the commands and the admin know, by the name used on the command line.
RESOURCES = {
    "projects": ProjectResource,
    "reports": ReportResource,
    "measurements": MeasurementResource,
    "targets": TargetResource,
    "sectors": SectorResource,
    "disclosure": DisclosureResource,
}


def resource_for_model(model) -> type[RecordResource]:
    return next(cls for cls in RESOURCES.values() if cls._meta.model is model)
