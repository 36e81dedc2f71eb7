"""Test fixtures shared by every app: users in each role, logged-in clients, the database vendor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection


@pytest.fixture
def make_user(db):
    """make_user("retention_manager") -> a user in that role (Django group), password "pass"."""

    def _make(role: str | None = None, username: str | None = None, **extra):
        from abonent.staff.roles import group_name, sync_roles

        if role and not Group.objects.filter(name=group_name(role)).exists():
            sync_roles()
        user = get_user_model().objects.create_user(
            username=username or f"{role or 'user'}-{get_user_model().objects.count() + 1}", password="pass", **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=group_name(role)))
        return user

    return _make


@pytest.fixture
def client_for(client, make_user):
    """client_for("head_of_retention") -> a test client logged in as a new user in that role."""

    def _client(role: str):
        user = make_user(role)
        client.force_login(user)
        client.user = user
        return client

    return _client


@pytest.fixture
def api_client_for(make_user):
    from rest_framework.test import APIClient

    def _client(role: str):
        user = make_user(role)
        api = APIClient()
        api.force_authenticate(user)
        api.user = user
        return api

    return _client


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-specific test: run with DATABASE_URL pointing at PostgreSQL")
    return True
