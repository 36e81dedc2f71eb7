"""Sent after calls are stored (import or live feed): `calls_stored.send(sender, call_ids=[...], live=bool)`.

The call centre listens to create callback tasks for missed calls, so the calls app needs no knowledge of it.
"""

from django.dispatch import Signal

calls_stored = Signal()
