"""Shipped defaults of every app: `<app>/data/<name>.yaml`, loaded and exported through each app's `defaults.py`.

An app contributes ``FILES = {name: (load, export)}``: ``load(path, reset=...)`` creates what is missing (and with
``reset`` overwrites what the operator changed); ``export()`` returns the operator's current data as YAML text in the
same shape, so an exported directory can be loaded back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from abonent.core.registry import app_modules


class DefaultsFileError(ValueError):
    """A row of a defaults file is wrong; the message names the file, the row and the column."""

    def __init__(self, path: str, section: str, row: int, column: str, message: str) -> None:
        self.path, self.section, self.row, self.column = path, section, row, column
        super().__init__(f"{path}: {section} row {row}, column {column}: {message}")


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
