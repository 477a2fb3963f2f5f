from django.contrib import admin
from django.contrib.auth.models import Group, User

from portal.admin_permissions import ChineseGroupAdmin, ChineseUserAdmin

admin.site.unregister(Group)
admin.site.register(Group, ChineseGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, ChineseUserAdmin)
