"""What every app's `actions.py` shares: the error a refused transition raises, and saving with history.

An app's state changes live in its own `actions.py` (transition functions that check the allowed state, lock the
row and record who and when); these helpers are the common part, so no app has to import another app's actions.
"""

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A move a record's lifecycle does not allow; the message says what has to happen first."""


def save_with_history(obj, user, update_fields: list[str] | None = None) -> None:
    """Saves a record of an action; its history row names the user who made the change."""
    obj._history_user = user
    obj.save(update_fields=update_fields)


def sync_copy(caller_copy, saved) -> None:
    """Let the caller's instance reflect what was saved, so e.g. `request.status` is current after an action."""
    for field in saved._meta.concrete_fields:
        setattr(caller_copy, field.attname, getattr(saved, field.attname))
