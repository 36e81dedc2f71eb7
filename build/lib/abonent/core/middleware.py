"""Request guards that must act before anything reads the request's body."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def upload_limit() -> int:
    """The largest request body accepted, in bytes (UPLOAD_MAX_MB; 0: no limit)."""
    return int(getattr(settings, "UPLOAD_MAX_MB", 1024)) * 1024 * 1024


def too_large_message(limit: int) -> str:
    return _(
        "The file is larger than the upload limit of %(mb)s MB (UPLOAD_MAX_MB). Split it, or import it on the "
        "server with `abonent import`."
    ) % {"mb": limit // (1024 * 1024)}


class UploadLimitMiddleware:
    """Answers 413 to a request whose body is over the upload limit, from its Content-Length alone.

    It sits before CSRF's check and any view, which would otherwise read (and spool to disk) the whole body first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = upload_limit()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            message = too_large_message(limit)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "limit_bytes": limit}, status=413)
            return render(request, "core/413.html", {"message": message}, status=413)
        return self.get_response(request)
