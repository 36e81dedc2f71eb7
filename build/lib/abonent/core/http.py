"""What a request says about its client, given how Abonent is deployed (docs/configuration.md, reverse proxy)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the person at the other end: the user logging in, the subscriber opening a survey link.

    Without trusted proxies (TRUSTED_PROXY_COUNT=0) it is REMOTE_ADDR, and a forwarded-for header is ignored: anyone
    can send one. Behind N trusted reverse proxies every request comes from the nearest proxy, and each proxy appends
    the address it saw to CLIENT_IP_HEADER (X-Forwarded-For); the N-th entry from the right is what the outermost
    trusted proxy saw. Entries further left are the client's own claims and could be forged to dodge a limit.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get(settings.CLIENT_IP_HEADER, "").split(",") if hop.strip()]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass  # a malformed header: fall back to the proxy's address rather than trust it
    return request.META.get("REMOTE_ADDR", "")
