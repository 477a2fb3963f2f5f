"""The three roles staff are given, and what each one sees.

填报员 keep their own units' projects, reports, disclosure items and figures and send them for
review; 审核员 approve what goes public; 管理员 keep targets, units, accounts and the plan. The
groups are made after every ``migrate`` with exactly these permissions added (never removed,
so that an administrator's additions survive), and an administrator gives accounts a role
instead of picking from the raw permissions.
"""

from django.db.models import Q

REVIEW_PERMISSION = "projects.review_submission"

# The records a unit keeps, and the path from each to the unit that answers for it.
UNIT_PATHS = {
    "project": "responsible_unit",
    "progressreport": "project__responsible_unit",
    "disclosureitem": "project__responsible_unit",
    "measurement": "target__responsible_unit",
}
REPORTED = list(UNIT_PATHS)
LOOKED_UP = ["target", "milestonestep", "sector", "category", "unit", "submission", "revision"]

ROLES = {
    "填报员": {
        "projects": [
            *(f"{action}_{model}" for model in REPORTED for action in ("add", "change", "view")),
            *(f"delete_{model}" for model in ("progressreport", "disclosureitem", "measurement")),
            *(f"view_{model}" for model in LOOKED_UP),
        ],
    },
    "审核员": {
        "projects": [
            *(f"{action}_{model}" for model in REPORTED for action in ("add", "change", "view")),
            *(f"delete_{model}" for model in ("progressreport", "disclosureitem", "measurement")),
            *(f"view_{model}" for model in LOOKED_UP),
            *(f"{action}_news" for action in ("add", "change", "view")),
            "review_submission",
        ],
    },
    "管理员": {
        "projects": "*",
        "auth": [
            f"{action}_{model}"
            for model in ("user", "group")
            for action in ("add", "change", "view")
        ],
    },
}


def ensure_roles(**kwargs) -> None:
    """Create the roles and add any permission they lack (a ``post_migrate`` receiver)."""
    from django.contrib.auth.models import Group, Permission

    for name, apps in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app, codenames in apps.items():
            if codenames == "*":
                wanted |= Q(content_type__app_label=app)
            else:
                wanted |= Q(content_type__app_label=app, codename__in=codenames)
        have = set(group.permissions.values_list("pk", flat=True))
        missing = Permission.objects.filter(wanted).exclude(pk__in=have)
        group.permissions.add(*missing)


def can_publish(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(REVIEW_PERMISSION)))


def is_reporter(user) -> bool:
    """Someone who enters records but may not publish them: their work waits for review.

    An account that may only look (a leader's, say) is no reporter and sees every record.
    """
    if can_publish(user):
        return False
    return any(
        user.has_perm(f"projects.{action}_{model}")
        for model in REPORTED
        for action in ("add", "change")
    )


def unit_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_unit_ids", None)
    if cached is None:
        cached = list(user.unit_memberships.values_list("unit_id", flat=True))
        user._unit_ids = cached
    return cached


def own_units(queryset, user):
    """*queryset* (of a kept record) narrowed to the user's units, for a reporter."""
    path = UNIT_PATHS[queryset.model._meta.model_name]
    return queryset.filter(**{f"{path}__in": unit_ids(user)})


def review_scope(queryset, user):
    """Submissions a reviewer decides: their units', or every unit's when they belong to none."""
    if user.is_superuser:
        return queryset
    units = unit_ids(user)
    return queryset.filter(unit__in=units) if units else queryset
