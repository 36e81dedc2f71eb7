"""The base viewsets of every register in the API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status, viewsets
from rest_framework.response import Response

from .permissions import ModelPermissions
from .serializers import drf_error


class RegisterViewSet(viewsets.ModelViewSet):
    """A register in the API: list with the register's FilterSet, detail, create, update, delete.

    `create_action` (e.g. ``actions.record_promise``) makes POST call the app's action with the checked fields and
    ``user`` instead of saving the serializer, so a record is created by the same rules as on its page; a refusal
    of the action is the API's 400.
    """

    permission_classes = [ModelPermissions]
    create_action = None

    def perform_create(self, serializer):
        if type(self).create_action is None:
            return super().perform_create(serializer)
        try:
            serializer.instance = type(self).create_action(user=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc


class ReadOnlyRegisterViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]


class RetireMixin:
    """DELETE removes an unused record and archives one in use (200 with the archived record)."""

    retire = None

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        if type(self).retire(obj, user=request.user) == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)
