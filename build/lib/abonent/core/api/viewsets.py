"""The base viewsets of every register in the API."""

from rest_framework import viewsets

from .permissions import ModelPermissions


class RegisterViewSet(viewsets.ModelViewSet):
    """A register in the API: list with the register's FilterSet, detail, create, update, delete."""

    permission_classes = [ModelPermissions]


class ReadOnlyRegisterViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
