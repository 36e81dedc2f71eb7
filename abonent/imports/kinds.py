"""Import kinds: the billing formats of `formats.py` and the kinds that apps contribute in `<app>/importers.py`.

An app that imports a file of its own declares, with no edit in this app and no migration::

    KINDS = [ImportKind("tickets", _("Repair and support tickets"), import_tickets)]

The importer is called as ``importer(path, *, file_name, user, source, run, progress=None, **options)``; it fills
the run through the skeleton of `services` (``begin_run`` … ``guard`` … ``succeed_run`` / ``fail_run``) and returns
it. ``options`` names upload options whose choices the app offers (``{"mapping": mapping_choices}``) and
``required`` the options the kind cannot do without, with the message shown when one is missing.

The register's `kind` field, the upload form, the API, the filter and the CLI all read `kind_choices()`, so the
list is the same everywhere; `checks.check_import_kinds` refuses a malformed or duplicate contribution at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from django.utils.functional import Promise

from abonent.core.registry import app_modules

from .formats import FORMATS

# The register's column is this wide (ImportRun.kind).
MAX_KIND_LENGTH = 16


@dataclass(frozen=True)
class ImportKind:
    """One kind of file the import page, the API and `abonent import` accept."""

    value: str
    label: str | Promise
    importer: Callable | None = None  # None: a billing format of formats.py, loaded by services itself
    options: Mapping[str, Callable[[], list[tuple[str, str]]]] = field(default_factory=dict)
    required: Mapping[str, str | Promise] = field(default_factory=dict)


def contributed() -> list[tuple[str, object]]:
    """(module name, entry) for every entry of every app's `importers.py` KINDS, unchecked (for the start-up check)."""
    return [(module.__name__, entry) for module in app_modules("importers") for entry in getattr(module, "KINDS", [])]


@cache
def kinds() -> dict[str, ImportKind]:
    """Every import kind by value: the billing formats first, then the apps' kinds in INSTALLED_APPS order."""
    found = {kind: ImportKind(kind, fmt.title) for kind, fmt in FORMATS.items()}
    for _module, entry in contributed():
        if isinstance(entry, ImportKind):
            found.setdefault(entry.value, entry)
    return found


def kind_choices() -> list[tuple[str, str | Promise]]:
    """(value, label) of every kind: the choices of the run's field, the upload form, the API and the filter."""
    return [(kind.value, kind.label) for kind in kinds().values()]


def kind_label(value: str) -> str | Promise:
    found = kinds().get(value)
    return found.label if found else value


def importer_for(kind: str) -> Callable | None:
    """The importer an app contributed for `kind`; None for a billing format or an unknown kind."""
    found = kinds().get(kind)
    return found.importer if found else None


def option_choices(option: str) -> list[tuple[str, str]]:
    """The choices of an upload option (e.g. the cloud PBX's saved column mappings) that the kinds offer."""
    providers = {id(p): p for kind in kinds().values() for name, p in kind.options.items() if name == option}
    return [choice for provider in providers.values() for choice in provider()]
