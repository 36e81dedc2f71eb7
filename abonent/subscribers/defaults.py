"""The shipped service types: read, load and export ``subscribers/data/service_kinds.yaml`` (key: the code).

Loading creates the kinds that are missing; an existing kind keeps the head's edits unless ``reset``. The data
migration 0006 loads the file with the migration's models, so fresh installs and tests get the same kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps as global_apps
from django.db import transaction
from django.utils import timezone

from abonent.core.defaults import DefaultsFileError

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "service_kinds.yaml"
SECTION = "service_kinds"
COLUMNS = ("code", "name_ru", "name_en", "aliases", "order", "is_archived")
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,16}$")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_service_kinds(path: Path | str = DEFAULT_FILE) -> list[dict[str, Any]]:
    """The file's kinds as field values; DefaultsFileError at the first bad row (nothing is written)."""
    name = str(path)
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rows = []
    codes: set[str] = set()
    for number, raw in enumerate(data.get(SECTION) or [], start=1):
        if not isinstance(raw, dict):
            raise DefaultsFileError(name, SECTION, number, "code", "a row is a mapping of column: value")
        unknown = set(raw) - set(COLUMNS)
        if unknown:
            raise DefaultsFileError(name, SECTION, number, sorted(unknown)[0], f"unknown column; expected {COLUMNS}")
        for column in ("code", "name_ru"):
            if not str(raw.get(column) or "").strip():
                raise DefaultsFileError(name, SECTION, number, column, "a value is required")
        code = str(raw["code"]).strip()
        if not CODE.match(code):
            raise DefaultsFileError(name, SECTION, number, "code", "letters, digits, - and _, at most 16")
        if code in codes:
            raise DefaultsFileError(name, SECTION, number, "code", f"duplicate code {code!r}")
        codes.add(code)
        try:
            order = int(raw.get("order") or 0)
        except (TypeError, ValueError):
            raise DefaultsFileError(name, SECTION, number, "order", "not a whole number") from None
        rows.append(
            {
                "code": code,
                "name_ru": str(raw["name_ru"]).strip(),
                "name_en": str(raw.get("name_en") or "").strip(),
                "aliases": str(raw.get("aliases") or "").strip(),
                "order": order,
                "is_archived": bool(raw.get("is_archived", False)),
            }
        )
    return rows


def load_service_kinds(
    path: Path | str = DEFAULT_FILE, *, reset: bool = False, apps=global_apps, record_history: bool = False
) -> LoadResult:
    """Create the file's kinds that are missing; with ``reset`` write the file's values over existing ones.

    ``record_history`` writes the first history rows by hand (a migration's historical models send no signals).
    """
    rows = read_service_kinds(path)
    ServiceKind = apps.get_model("subscribers", "ServiceKind")
    result = LoadResult()
    now = timezone.now()
    with transaction.atomic():
        for row in rows:
            values = {column: row[column] for column in COLUMNS if column != "code"}
            kind = ServiceKind.objects.filter(code=row["code"]).first()
            if kind is None:
                kind = ServiceKind.objects.create(code=row["code"], **values)
                result.created += 1
                if record_history:
                    apps.get_model("subscribers", "HistoricalServiceKind").objects.create(
                        id=kind.pk, code=kind.code, history_date=now, history_type="+", **values
                    )
            elif reset and any(getattr(kind, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(kind, key, value)
                kind.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def export_service_kinds() -> str:
    """The current register (archived kinds included) as YAML in the shape :func:`load_service_kinds` reads."""
    ServiceKind = global_apps.get_model("subscribers", "ServiceKind")
    rows = [{c: getattr(kind, c) for c in COLUMNS} for kind in ServiceKind.objects.order_by("order", "code")]
    return HEADER + yaml.safe_dump({SECTION: rows}, allow_unicode=True, sort_keys=False, width=120)


HEADER = (
    "# The service types register (Settings → Service types). Key: the code, stored in tariffs and subscribers.\n"
    "# aliases: other words an import file may write for the type (its code and names are always accepted).\n"
)


# The contribution read by `abonent load_defaults` / `export_defaults`: file stem → (load, export).
FILES = {"service_kinds": (load_service_kinds, export_service_kinds)}
