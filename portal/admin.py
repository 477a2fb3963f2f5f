from django.contrib import admin
from django.contrib.auth.models import Group

from portal.admin_permissions import ChineseGroupAdmin

# Groups list their permissions in Chinese; the user admin, which also shows a colleague's
# units, is registered with the units (projects.admin.units).
admin.site.unregister(Group)
admin.site.register(Group, ChineseGroupAdmin)
