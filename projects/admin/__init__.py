from django.contrib import admin

# reporting_todo and review_todo register the admin home's to-do sections.
from . import (
    disclosure,
    disclosure_todo,
    news,
    projects,
    reporting_todo,
    review_queue,
    review_todo,
    sectors,
    targets,
    units,
)

__all__ = [
    "disclosure",
    "disclosure_todo",
    "news",
    "projects",
    "reporting_todo",
    "review_queue",
    "review_todo",
    "sectors",
    "targets",
    "units",
]

admin.site.site_header = "库伦旗2026年工作计划 管理后台"
admin.site.site_title = "库伦旗2026年工作计划"
admin.site.index_title = "数据管理"
# The side menu takes a quarter of a 1280-pixel screen, and the lists' columns need it; the
# home page and the breadcrumbs lead everywhere it does.
admin.site.enable_nav_sidebar = False
