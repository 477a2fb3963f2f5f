from django.conf import settings
from django.contrib import admin
from django.urls import path

admin.site.site_header = "库伦旗2026年工作计划 管理后台"
admin.site.site_title = "库伦旗2026年工作计划"
admin.site.index_title = "数据管理"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
]
