"""Sent after calls are stored (import or live feed): `calls_stored.send(sender, call_ids=[...], live=bool, run=…)`.

`call_ids` are the calls added or changed; `run` is the ImportRun of an import (None for the live feed), so a
receiver can read a big import's calls by their run in SQL instead of by millions of ids.
The call centre listens to create callback tasks for missed calls, so the calls app needs no knowledge of it.
"""

from django.dispatch import Signal

calls_stored = Signal()
