"""API errors a client can act on: deleting a record other records still refer to is a conflict, not a crash."""

from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        related = sorted(
            {
                obj._meta.verbose_name_plural
                for obj in list(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects)[
                    :100
                ]
            }
        )
        return Response(
            {
                "detail": _("The record is in use and cannot be deleted; archive it instead."),
                "used_by": [str(name) for name in related],
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
