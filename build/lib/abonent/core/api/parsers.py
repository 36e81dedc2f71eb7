"""Request body parsers of the API."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def has_nul(value) -> bool:
    """Whether a parsed JSON value holds a NUL character in any string or key, however deep."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


class JSONParser(parsers.JSONParser):
    """JSON without NUL characters (\\u0000): PostgreSQL stores none in text or jsonb, so it would be a 500 there."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(_("JSON parse error - NUL characters (\\u0000) are not allowed."))
        return data
