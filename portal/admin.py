from django.contrib import admin
from django.contrib.auth.models import Group, User

from portal.admin_permissions import ChineseGroupAdmin, ChinesePermissions, ChineseUserAdmin

admin.site.unregister(Group)
admin.site.register(Group, ChineseGroupAdmin)
# The account page may already be extended by another app (所属单位): keep that, in Chinese.
if not issubclass(type(admin.site._registry.get(User)), ChinesePermissions):
    admin.site.unregister(User)
    admin.site.register(User, ChineseUserAdmin)
