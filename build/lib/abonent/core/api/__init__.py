"""Shared REST API pieces: permissions (permissions.py), base viewsets and serializers."""
