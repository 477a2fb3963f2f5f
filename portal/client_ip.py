from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address, for login throttling and logs.

    Behind the one trusted reverse proxy, the last address in X-Forwarded-For is the one that
    proxy saw; anything before it came from the client and may be forged. Without a proxy the
    header is ignored altogether.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
