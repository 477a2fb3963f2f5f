from django.urls import path

from projects.feeds import NewsFeed
from projects.feeds_entities import ProjectFeed, SectorFeed, TargetFeed, TownshipFeed, rss
from projects.views import (
    data,
    disclosure,
    maps,
    news,
    projects,
    reporting,
    search,
    sheets,
    targets,
)

app_name = "projects"

urlpatterns = [
    path("targets/", targets.target_list, name="target_list"),
    path("targets/<str:code>/", targets.target_detail, name="target_detail"),
    path("targets/<str:code>/feed/", TargetFeed(), name="target_feed"),
    path("targets/<str:code>/feed/rss/", rss(TargetFeed)(), name="target_feed_rss"),
    path("sectors/<slug:slug>/feed/", SectorFeed(), name="sector_feed"),
    path("sectors/<slug:slug>/feed/rss/", rss(SectorFeed)(), name="sector_feed_rss"),
    path("townships/<str:name>/feed/", TownshipFeed(), name="township_feed"),
    path("townships/<str:name>/feed/rss/", rss(TownshipFeed)(), name="township_feed_rss"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/download.csv", data.project_list_csv, name="project_list_csv"),
    path("projects/map/", maps.project_map, name="project_map"),
    path("projects/<str:code>/", projects.project_detail, name="project_detail"),
    path("projects/<str:code>/feed/", ProjectFeed(), name="project_feed"),
    path("projects/<str:code>/feed/rss/", rss(ProjectFeed)(), name="project_feed_rss"),
    path("projects/<str:code>/sheet/", sheets.project_sheet, name="project_sheet"),
    path(
        "projects/<str:code>/disclosure/<int:pk>/document/",
        disclosure.document,
        name="disclosure_document",
    ),
    path("disclosure/", disclosure.disclosure_list, name="disclosure"),
    path("disclosure/download.csv", disclosure.disclosure_csv, name="disclosure_csv"),
    path("news/", news.news_list, name="news_list"),
    path("news/feed/", NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", news.news_detail, name="news_detail"),
    path("data/", data.data_index, name="data"),
    path("data/<str:dataset>.<str:fmt>", data.download, name="data_download"),
    path("reporting/", reporting.reporting, name="reporting"),
    path("search/", search.search, name="search"),
]
