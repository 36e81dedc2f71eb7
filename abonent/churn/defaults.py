"""The churn classifier as data: read, load and export ``churn/data/classifier.yaml`` and files of the same shape.

Groups and reasons are matched by their codes. Loading is idempotent: an existing row is left as it is (the
operator's edits win) unless ``reset=True``, which writes the file's values over it. The data migration 0004 calls
:func:`load_classifier` with the migration's historical models, so fresh installs and tests get the same data.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps as global_apps
from django.db import transaction
from django.utils import timezone

from abonent.core.defaults import DefaultsFileError, LoadResult

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "classifier.yaml"

GROUP_FIELDS = ("code", "order", "managed", "name_ru", "name_en")
REASON_FIELDS = ("code", "group", "order", "managed", "norm_percent", "name_ru", "name_en")


class ClassifierFileError(DefaultsFileError):
    """A row of a classifier file is wrong."""


def read_classifier(path: Path | str) -> dict[str, list[dict[str, Any]]]:
    """Read and check a classifier file; raise ClassifierFileError at the first bad row (nothing is written)."""
    name = str(path)
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    groups = data.get("groups") or []
    reasons = data.get("reasons") or []
    group_codes: set[str] = set()
    for row, group in enumerate(groups, start=1):
        for column in ("code", "name_ru"):
            if not str(group.get(column) or "").strip():
                raise ClassifierFileError(name, "groups", row, column, "a value is required")
        if group["code"] in group_codes:
            raise ClassifierFileError(name, "groups", row, "code", f"duplicate code {group['code']!r}")
        group_codes.add(group["code"])
    reason_codes: set[str] = set()
    for row, reason in enumerate(reasons, start=1):
        for column in ("code", "group", "name_ru"):
            if not str(reason.get(column) or "").strip():
                raise ClassifierFileError(name, "reasons", row, column, "a value is required")
        if reason["code"] in reason_codes:
            raise ClassifierFileError(name, "reasons", row, "code", f"duplicate code {reason['code']!r}")
        reason_codes.add(reason["code"])
        if reason["group"] not in group_codes:
            raise ClassifierFileError(name, "reasons", row, "group", f"unknown group {reason['group']!r}")
        try:
            norm = Decimal(str(reason.get("norm_percent", 0)))
        except InvalidOperation:
            raise ClassifierFileError(name, "reasons", row, "norm_percent", "not a number") from None
        if not Decimal(0) <= norm <= Decimal(100):
            raise ClassifierFileError(name, "reasons", row, "norm_percent", "must be between 0 and 100")
        reason["norm_percent"] = norm
    return {"groups": groups, "reasons": reasons}


def load_classifier(
    path: Path | str = DEFAULT_FILE, *, reset: bool = False, apps=global_apps, record_history: bool = False
) -> LoadResult:
    """Create the file's groups, reasons and default scripts that are missing; with ``reset`` overwrite existing.

    ``record_history`` writes the first history rows by hand (a migration's historical models send no signals).
    """
    data = read_classifier(path)
    ReasonGroup = apps.get_model("churn", "ReasonGroup")
    ChurnReason = apps.get_model("churn", "ChurnReason")
    Script = apps.get_model("churn", "Script")
    result = LoadResult()
    now = timezone.now()
    with transaction.atomic():
        groups = {}
        for row in data["groups"]:
            values = {
                "order": row.get("order", 0),
                "is_managed": bool(row.get("managed", True)),
                "name_ru": row["name_ru"],
                "name_en": row.get("name_en", ""),
            }
            groups[row["code"]] = _upsert(ReasonGroup, row["code"], values, reset, result)
            script = row.get("script")
            if script:
                existing = Script.objects.filter(group=groups[row["code"]], is_default=True).first()
                values = {
                    "title": script["title_ru"],
                    "title_en": script.get("title_en", ""),
                    "body_ru": script["body_ru"],
                    "body_en": script.get("body_en", ""),
                }
                if existing is None:
                    obj = Script.objects.create(group=groups[row["code"]], is_default=True, **values)
                    result.created += 1
                    if record_history:
                        apps.get_model("churn", "HistoricalScript").objects.create(
                            id=obj.pk,
                            group_id=obj.group_id,
                            is_default=True,
                            history_date=now,
                            history_type="+",
                            **values,
                        )
                elif reset and any(getattr(existing, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(existing, key, value)
                    existing.save()
                    result.updated += 1
                else:
                    result.unchanged += 1
        for row in data["reasons"]:
            values = {
                "group": groups[row["group"]],
                "order": row.get("order", 0),
                "is_managed": bool(row.get("managed", True)),
                "norm_percent": row["norm_percent"],
                "norm_source": "template",
                "name_ru": row["name_ru"],
                "name_en": row.get("name_en", ""),
            }
            before = result.created
            reason = _upsert(ChurnReason, row["code"], values, reset, result)
            if record_history and result.created > before:
                fields = {k: v for k, v in values.items() if k != "group"}
                apps.get_model("churn", "HistoricalChurnReason").objects.create(
                    id=reason.pk,
                    group_id=reason.group_id,
                    code=reason.code,
                    is_archived=False,
                    history_date=now,
                    history_type="+",
                    **fields,
                )
    return result


def _upsert(model, code: str, values: dict[str, Any], reset: bool, result: LoadResult):
    obj = model.objects.filter(code=code).first()
    if obj is None:
        result.created += 1
        return model.objects.create(code=code, **values)
    if reset and any(getattr(obj, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(obj, key, value)
        obj.save()
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal, lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
)


def export_classifier() -> str:
    """The current classifier (archived rows included) as YAML in the shape :func:`load_classifier` reads."""
    ReasonGroup = global_apps.get_model("churn", "ReasonGroup")
    ChurnReason = global_apps.get_model("churn", "ChurnReason")
    Script = global_apps.get_model("churn", "Script")
    groups = []
    for group in ReasonGroup.objects.order_by("order", "code"):
        row: dict[str, Any] = {
            "code": group.code,
            "order": group.order,
            "managed": group.is_managed,
            "name_ru": group.name_ru,
            "name_en": group.name_en,
        }
        script = Script.objects.filter(group=group, is_default=True).first()
        if script:
            row["script"] = {
                "title_ru": script.title,
                "title_en": script.title_en,
                "body_ru": _Literal(script.body_ru),
                "body_en": _Literal(script.body_en),
            }
        groups.append(row)
    reasons = [
        {
            "code": r.code,
            "group": r.group.code,
            "order": r.order,
            "managed": r.is_managed,
            "norm_percent": float(r.norm_percent),
            "name_ru": r.name_ru,
            "name_en": r.name_en,
        }
        for r in ChurnReason.objects.select_related("group").order_by("order", "code")
    ]
    return yaml.safe_dump({"groups": groups, "reasons": reasons}, allow_unicode=True, sort_keys=False, width=120)


# The contribution read by `abonent load_defaults` / `export_defaults`: file stem → (load, export).
FILES = {"classifier": (load_classifier, export_classifier)}
