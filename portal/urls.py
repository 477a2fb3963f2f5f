from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from portal import views
from projects.sitemaps import SITEMAPS
from projects.views.sitemap_page import site_map

admin.site.site_header = "库伦旗2026年工作计划 管理后台"
admin.site.site_title = "库伦旗2026年工作计划"
admin.site.index_title = "数据管理"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # Machine-facing addresses: one per site, not per language.
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for it on pages that name no icon (the admin); not a 404 page each time.
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

# Chinese at /, English at /en/: the language is in the address, so pages need no cookie.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    # For people; /sitemap.xml is the search engines' one.
    path("sitemap/", site_map, name="site_map"),
    # Before the projects' /data/<dataset>.<format>, which would take ledger for a dataset.
    path("", include("ledger.urls")),
    path("", include("projects.urls")),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
