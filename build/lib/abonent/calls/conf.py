"""Settings of the calls app, with defaults: how a call's direction is told from its numbers and context.

Override in the environment's Django settings with `CALLS_DIRECTION = {...}` (any of the keys below).
"""

from django.conf import settings

DIRECTION_DEFAULTS = {
    # A number of at most this many digits is an internal extension (101, 2001, 15001).
    "extension_max_digits": 5,
    # Dialplan contexts of calls arriving from the outside (a CDR's dcontext): always inbound.
    "inbound_contexts": ["from-trunk", "from-pstn", "from-external", "from-did-direct", "ext-did", "incoming"],
}


def direction_rule() -> dict:
    rule = dict(DIRECTION_DEFAULTS)
    rule.update(getattr(settings, "CALLS_DIRECTION", {}) or {})
    return rule
