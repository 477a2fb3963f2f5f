"""Staff accounts as the banner gives them: a role and the units they belong to."""

from django.contrib.auth.models import Group, User

from projects.models import UnitMembership


def staff(name, role, *units):
    """A staff account in one of the three roles (填报员, 审核员, 管理员), member of *units*."""
    user = User.objects.create_user(name, f"{name}@example.com", "pw-for-tests-only")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    for unit in units:
        UnitMembership.objects.create(user=user, unit=unit)
    return user
