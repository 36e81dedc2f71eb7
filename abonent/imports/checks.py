"""Start-up check of the import kinds the apps contribute (`<app>/importers.py`: KINDS).

A malformed entry, a duplicate or too long value, or the old names IMPORTERS / OPTION_CHOICES stop `check` and the
server instead of leaving a kind silently missing from the upload page.
"""

from __future__ import annotations

from django.core import checks

from abonent.core.registry import app_modules

from .formats import FORMATS
from .kinds import MAX_KIND_LENGTH, ImportKind, contributed

UPLOAD_OPTIONS = {"mapping"}


@checks.register()
def check_import_kinds(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for module in app_modules("importers"):
        for old in ("IMPORTERS", "OPTION_CHOICES"):
            if hasattr(module, old):
                errors.append(
                    checks.Error(f"{module.__name__}: {old} is no longer read; declare KINDS", id="abonent.E030")
                )
    seen = set(FORMATS)
    for name, entry in contributed():
        where = f"{name}: import kind {getattr(entry, 'value', entry)!r}"
        if not isinstance(entry, ImportKind):
            errors.append(checks.Error(f"{where} is not an ImportKind", id="abonent.E031"))
            continue
        if not entry.value or len(entry.value) > MAX_KIND_LENGTH:
            errors.append(checks.Error(f"{where} must be 1 to {MAX_KIND_LENGTH} characters", id="abonent.E032"))
        if entry.value in seen:
            errors.append(checks.Error(f"{where} is declared twice", id="abonent.E033"))
        seen.add(entry.value)
        if not callable(entry.importer):
            errors.append(checks.Error(f"{where} has no callable importer", id="abonent.E034"))
        for option, provider in entry.options.items():
            if option not in UPLOAD_OPTIONS or not callable(provider):
                errors.append(
                    checks.Error(f"{where} offers an unknown or uncallable option {option!r}", id="abonent.E035")
                )
        for option in entry.required:
            if option not in entry.options:
                errors.append(
                    checks.Error(f"{where} requires an option it does not offer: {option!r}", id="abonent.E036")
                )
    return errors
