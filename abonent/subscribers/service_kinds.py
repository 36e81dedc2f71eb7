"""The service types register read as choices: every `service_type` field, form, filter and import asks here.

The fields (:class:`ServiceTypeField`) store a kind's code and take their choices from
:func:`service_type_choices` (a callable, so adding a kind needs no migration). The register is read once per
request (and again after a kind is saved); outside a request every call reads it, so an import or a task sees a
kind the head added a moment ago.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.db import DatabaseError, models
from django.utils import translation

from .defaults import read_service_kinds

_cache: ContextVar[list[Kind] | None] = ContextVar("service_kinds", default=None)
_in_request: ContextVar[bool] = ContextVar("service_kinds_in_request", default=False)


@dataclass(frozen=True)
class Kind:
    code: str
    name_ru: str
    name_en: str
    words: tuple[str, ...]  # the names and aliases the import accepts besides the code
    is_archived: bool

    @property
    def name(self) -> str:
        if (translation.get_language() or "ru").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ru


def normalise_word(text: str) -> str:
    """A name as compared with another: lower case, ё as е, `_` and `-` as spaces, single spaces."""
    text = (text or "").strip().lower().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub(r"[_\-]+", " ", text)).strip()


def other_words(code: str, words) -> tuple[str, ...]:
    """The words besides the code that name a kind, each once (a name repeated as an alias counts once)."""
    seen, found = {normalise_word(code)}, []
    for word in (w.strip() for w in words):
        if word and normalise_word(word) not in seen:
            seen.add(normalise_word(word))
            found.append(word)
    return tuple(found)


def shipped_kinds() -> list[Kind]:
    """The kinds of the shipped file (subscribers/data/service_kinds.yaml) as the register would give them."""
    found = []
    for row in read_service_kinds():
        words = [row["name_ru"], row["name_en"], *row["aliases"].split(",")]
        found.append(Kind(row["code"], row["name_ru"], row["name_en"], other_words(row["code"], words), False))
    return found


def kinds() -> list[Kind]:
    """Every kind of the register in its order, archived ones included."""
    cached = _cache.get()
    if cached is not None:
        return cached
    ServiceKind = apps.get_model("subscribers", "ServiceKind")
    try:
        rows = [
            Kind(k.code, k.name_ru, k.name_en, tuple(k.words[1:]), k.is_archived)
            for k in ServiceKind.objects.order_by("order", "code")
        ]
    except DatabaseError:
        # Before the register's migration has run: what a fresh install will have.
        return shipped_kinds()
    if _in_request.get():
        _cache.set(rows)
    return rows


def start_request(**kwargs) -> None:
    """request_started: the register is read once for this request (a list page shows many rows' service type)."""
    _cache.set(None)
    _in_request.set(True)


def end_request(**kwargs) -> None:
    _cache.set(None)
    _in_request.set(False)


def forget(**kwargs) -> None:
    """A kind was saved or deleted: the next read goes to the database."""
    _cache.set(None)


def service_type_choices() -> list[tuple[str, str]]:
    """(code, name) of every kind, archived ones included: what a stored `service_type` may hold and display."""
    return [(kind.code, kind.name) for kind in kinds()]


def offered_service_type_choices(current: str = "") -> list[tuple[str, str]]:
    """(code, name) of the kinds a new record may take: the current ones, and the record's own archived kind."""
    return [(kind.code, kind.name) for kind in kinds() if not kind.is_archived or kind.code == current]


def service_type_labels() -> dict[str, str]:
    """code → name of every kind (for reports grouping by service type)."""
    return {kind.code: kind.name for kind in kinds()}


def accepted_service_types() -> dict[str, tuple[str, ...]]:
    """code → the other words an import file may write for it (names, aliases). Archived kinds are accepted: the
    billing's full tariff file still lists old tariffs, and one of them must not fail the whole run."""
    return {kind.code: kind.words for kind in kinds()}


def is_offered(code: str, current: str = "") -> bool:
    return any(value == code for value, _name in offered_service_type_choices(current))


def service_type_fields() -> list[ServiceTypeField]:
    """Every model field, in any app, that stores a service kind's code."""
    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, ServiceTypeField)
    ]


def is_used(code: str) -> bool:
    """A kind is used once any stored row (a tariff, a subscriber, a request, a report row…) holds its code."""
    return any(f.model._default_manager.filter(**{f.name: code}).exists() for f in service_type_fields())


class ServiceTypeField(models.CharField):
    """A model field holding a service kind's code; its choices are the register (:func:`service_type_choices`)."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 16
        kwargs["choices"] = service_type_choices
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Always the same: the migration names the field class only, and adding a kind changes nothing in it.
        kwargs.pop("max_length", None)
        kwargs.pop("choices", None)
        return name, path, args, kwargs

    def _check_choices(self):
        # The system checks run before (and without) the database: the register's codes are checked by
        # ServiceKind itself (a slug of at most 16 characters), so there is nothing to read here.
        return []
