"""The base viewsets of every register in the API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import viewsets

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
