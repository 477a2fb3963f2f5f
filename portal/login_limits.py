"""Admin login throttling by account and address, and by address alone.

django-axes locks out an (account, address) pair after AXES_FAILURE_LIMIT wrong passwords. That
alone lets one address try a few passwords on every account (password spraying), so an address
is also locked after AXES_ADDRESS_FAILURE_LIMIT failures across all accounts within the cool-off
time. axes compares a single limit with the busiest of its parameter sets, so listing
"ip_address" beside ["username", "ip_address"] would lock an address after five failures on
any accounts; the address's own, higher limit is applied here instead.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        from_address = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (from_address or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return limit
        return failures
