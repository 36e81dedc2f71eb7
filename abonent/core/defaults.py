"""Shipped defaults of every app: `<app>/data/<name>.yaml`, loaded and exported through each app's `defaults.py`.

An app contributes ``FILES = {name: (load, export)}``: ``load(path, reset=...)`` creates what is missing (and with
``reset`` overwrites what the operator changed); ``export()`` returns the operator's current data as YAML text in the
same shape, so an exported directory can be loaded back.

Most apps describe their file as a :class:`DefaultsFile` of :class:`Section` s (rows of one model matched by a key)
and contribute its ``load`` and ``export``; docs/defaults.md has the rules and every file's shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from abonent.core.registry import app_modules


class DefaultsFileError(ValueError):
    """A row of a defaults file is wrong; the message names the file, the section, the row and the column.

    ``row`` and ``column`` are None when the whole file or section is wrong (not YAML, an unknown section).
    """

    def __init__(self, path: str, section: str | None, row: int | None, column: str | None, message: str) -> None:
        self.path, self.section, self.row, self.column = path, section, row, column
        where = ""
        if section is not None:
            where = f" {section}" if row is None else f" {section} row {row}, column {column}"
        super().__init__(f"{path}:{where}: {message}" if where else f"{path}: {message}")


@dataclass
class LoadResult:
    """What loading one file did, in rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Section:
    """One section of a defaults file: rows of one model, matched by ``key`` (one or more columns).

    Columns are the model's field names. A foreign key is written as the key of the row it points to, named in
    ``refs`` (``{"reason": "code"}``); it must exist in the database or in an earlier section of the same file.
    ``scope`` limits the export to the rows this file owns (``{"title__in": [...]}``) when the model is shared.
    ``flow`` writes each row on one line. ``first_history`` writes the first history row of a created row when
    loading with a migration's models (they send no signals, so django-simple-history would not).
    """

    name: str
    model: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    refs: Mapping[str, str] = field(default_factory=dict)
    order_by: tuple[str, ...] = ("pk",)
    scope: Mapping[str, Any] = field(default_factory=dict)
    first_history: bool = False
    flow: bool = False  # short rows are written one a line

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.key + self.columns


class DefaultsFile:
    """A defaults file of sections: read and checked whole, loaded by key in one transaction, exported alike.

    Loading creates the rows that are missing; an existing row is left as the operator keeps it unless ``reset``;
    rows the file does not name are never touched. ``apps`` is a migration's historical registry when a data
    migration loads the shipped file.
    """

    def __init__(self, shipped: Path, *sections: Section, comment: str = "") -> None:
        self.shipped, self.sections, self.comment = shipped, sections, comment

    def read(self, path: Path | str | None = None, *, apps=global_apps) -> dict[str, list[dict[str, Any]]]:
        """The file's rows by section, converted to field values; DefaultsFileError at the first bad row."""
        name = str(path or self.shipped)
        try:
            data = yaml.safe_load(Path(name).read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise DefaultsFileError(name, None, None, None, f"not valid YAML{where}") from None
        if not isinstance(data, dict):
            raise DefaultsFileError(name, None, None, None, "expected sections (name: list of rows)")
        names = [section.name for section in self.sections]
        for section_name in data:
            if section_name not in names:
                raise DefaultsFileError(name, str(section_name), None, None, f"unknown section; expected {names}")
        rows: dict[str, list[dict[str, Any]]] = {}
        in_file: dict[str, set] = {}  # model label → key values of the sections read so far
        for section in self.sections:
            model = apps.get_model(section.model)
            raw = data.get(section.name) or []
            if not isinstance(raw, list):
                raise DefaultsFileError(name, section.name, None, None, "expected a list of rows")
            checker = _RowChecker(name, section, model, in_file)
            rows[section.name] = [checker.check(number, row) for number, row in enumerate(raw, start=1)]
            if len(section.key) == 1:
                in_file.setdefault(model._meta.label, set()).update(row[section.key[0]] for row in rows[section.name])
        return rows

    def load(self, path: Path | str | None = None, *, reset: bool = False, apps=global_apps) -> LoadResult:
        """Create the file's rows that are missing; with ``reset`` write the file's values over existing rows."""
        data = self.read(path, apps=apps)
        result = LoadResult()
        now = timezone.now()
        with transaction.atomic():
            for section in self.sections:
                model = apps.get_model(section.model)
                targets = _Targets(model, section)
                for row in data[section.name]:
                    values = targets.resolve(row)
                    lookup = {column: values[column] for column in section.key}
                    rest = {column: values[column] for column in section.columns}
                    obj = model.objects.filter(**lookup).order_by("pk").first()
                    if obj is None:
                        obj = model.objects.create(**lookup, **rest)
                        result.created += 1
                        if section.first_history and apps is not global_apps:
                            _first_history(apps, model, obj, now)
                        continue
                    changed = [c for c in section.columns if _current(obj, model, c) != _plain(rest[c])]
                    if reset and changed:
                        for column in changed:
                            setattr(obj, column, rest[column])
                        obj.save()
                        result.updated += 1
                    else:
                        result.unchanged += 1
        return result

    def export(self) -> str:
        """The current rows of every section as YAML text in the shape :meth:`load` reads."""
        data = {}
        for section in self.sections:
            model = global_apps.get_model(section.model)
            rows = model.objects.filter(**section.scope).order_by(*section.order_by)
            if section.refs:
                rows = rows.select_related(*section.refs)
            columns = section.all_columns
            row_type = _FlowRow if section.flow else dict
            data[section.name] = [row_type((c, _value(obj, section, c)) for c in columns) for obj in rows]
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
        return "".join(f"# {line}\n" for line in self.comment.splitlines()) + text


class _RowChecker:
    """Checks one section's rows against the (possibly historical) model's fields, references and keys."""

    def __init__(self, path: str, section: Section, model, in_file: dict[str, set]) -> None:
        self.path, self.section, self.model, self.in_file = path, section, model, in_file
        self.fields = {column: model._meta.get_field(column) for column in section.all_columns}
        self.known: dict[str, set] = {}
        self.seen: set[tuple] = set()

    def error(self, number: int, column: str, message: str) -> DefaultsFileError:
        return DefaultsFileError(self.path, self.section.name, number, column, message)

    def check(self, number: int, row: Any) -> dict[str, Any]:
        section = self.section
        if not isinstance(row, dict):
            raise self.error(number, section.key[0], "a row is a mapping of column: value")
        for column in row:
            if column not in self.fields:
                raise self.error(number, str(column), f"unknown column; expected {list(section.all_columns)}")
        values = {}
        for column, model_field in self.fields.items():
            required = column in section.key or not (model_field.has_default() or model_field.blank or model_field.null)
            if column not in row:
                if required:
                    raise self.error(number, column, "a value is required")
                values[column] = None if column in section.refs else model_field.get_default()
                continue
            value = row[column]
            if value is None and model_field.empty_strings_allowed and not model_field.null:
                value = ""  # an empty YAML value of a text column is an empty text
            if value is None or value == "":
                if required:
                    raise self.error(number, column, "a value is required")
                if column in section.refs:
                    values[column] = None
                    continue
            if column in section.refs:
                if value not in self.targets(model_field, column):
                    raise self.error(number, column, f"unknown {column} {value!r}")
                values[column] = value
                continue
            if isinstance(value, float):
                value = Decimal(repr(value))  # 0.1 stays 0.1, not the float's binary expansion
            try:
                values[column] = model_field.clean(value, None)
            except ValidationError as error:
                raise self.error(number, column, " ".join(str(m) for m in error.messages)) from None
        key = tuple(values[column] for column in section.key)
        if key in self.seen:
            shown = key[0] if len(key) == 1 else key
            raise self.error(number, section.key[-1], f"duplicate key {shown!r}")
        self.seen.add(key)
        return values

    def targets(self, model_field, column: str) -> set:
        if column not in self.known:
            target = model_field.related_model
            attribute = self.section.refs[column]
            found = set(target.objects.values_list(attribute, flat=True))
            self.known[column] = found | self.in_file.get(target._meta.label, set())
        return self.known[column]


class _Targets:
    """Turns a row's references (codes) into the rows they name, one query per target."""

    def __init__(self, model, section: Section) -> None:
        self.section = section
        self.models = {column: model._meta.get_field(column).related_model for column in section.refs}
        self.cache: dict[tuple[str, Any], Any] = {}

    def resolve(self, row: dict[str, Any]) -> dict[str, Any]:
        values = dict(row)
        for column, target in self.models.items():
            if values[column] is None:
                continue
            if (column, values[column]) not in self.cache:
                lookup = {self.section.refs[column]: values[column]}
                self.cache[column, values[column]] = target.objects.filter(**lookup).order_by("pk").first()
            values[column] = self.cache[column, values[column]]
        return values


def _value(obj, section: Section, column: str) -> Any:
    """A column's value as the file writes it: a reference as the key of the row it points to."""
    if column not in section.refs:
        return getattr(obj, column)
    target = getattr(obj, column)
    return None if target is None else getattr(target, section.refs[column])


def _current(obj, model, column: str) -> Any:
    model_field = model._meta.get_field(column)
    return getattr(obj, model_field.attname)


def _plain(value: Any) -> Any:
    """A value as it compares with a field's stored value (a row it points to compares by its key)."""
    return value.pk if hasattr(value, "_meta") else value


def _first_history(apps, model, obj, now) -> None:
    # The first history row, so the first edit shows what changed from the shipped row.
    historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    historical.objects.create(**values, history_date=now, history_type="+")


class _Dumper(yaml.SafeDumper):
    """YAML the operator can edit: multi-line texts as literal blocks, money and percentages as plain numbers."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal):
    text = format(value.normalize(), "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


class _FlowRow(dict):
    pass


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _FlowRow, lambda dumper, row: dumper.represent_mapping("tag:yaml.org,2002:map", row, flow_style=True)
)
_Dumper.add_representer(Decimal, _represent_decimal)


def contributions() -> list[tuple[str, str, Any, Any, Path]]:
    """(app label, name, load, export, shipped file) for every contributed defaults file."""
    found = []
    for module in app_modules("defaults"):
        label = module.__name__.split(".")[1]
        shipped_dir = Path(module.__file__).resolve().parent / "data"
        for name, (load, export) in getattr(module, "FILES", {}).items():
            found.append((label, name, load, export, shipped_dir / f"{name}.yaml"))
    return found


def load_all(source: Path | None = None, *, reset: bool = False) -> dict[str, Any]:
    """Load every app's defaults (from ``source/<app>/<name>.yaml`` when given, else the shipped files)."""
    results = {}
    for label, name, load, _export, shipped in contributions():
        path = source / label / f"{name}.yaml" if source else shipped
        if source and not path.exists():
            continue
        results[f"{label}/{name}"] = load(path, reset=reset)
    return results


def export_all(target: Path) -> list[Path]:
    """Write every app's current data to ``target/<app>/<name>.yaml``; return the files written."""
    written = []
    for label, name, _load, export, _shipped in contributions():
        path = target / label / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(export(), encoding="utf-8")
        written.append(path)
    return written
