"""Checks every register's tests share: list, detail, export, permissions, query count.

    check_register_views(client_for, obj, viewer="analyst", outsider=None, max_queries=20)

lists and opens `obj` as a role that may view it, exports the list to XLSX and finds the record there, and
(when `outsider` is given) checks that role gets 403.
"""

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook


def list_url(model) -> str:
    return reverse(f"{model._meta.app_label}:{model._meta.model_name}_list")


def xlsx_rows(response) -> list[list]:
    """The first sheet of an XLSX response as lists of cell values, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def check_register_views(client_for, obj, *, viewer: str, outsider: str | None = None, max_queries: int = 25):
    model = type(obj)
    client = client_for(viewer)
    url = list_url(model)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert len(queries) <= max_queries, f"{url} ran {len(queries)} queries (N+1?)"
    detail = client.get(obj.get_absolute_url())
    assert detail.status_code == 200
    rows = xlsx_rows(client.get(url, {"export": "xlsx"}))
    assert len(rows) >= 2, "the export has the header and at least the record"
    if outsider:
        client.logout()
        other = client_for(outsider)
        assert other.get(url).status_code == 403
        assert other.get(obj.get_absolute_url()).status_code == 403
    return rows


def restore_shipped_data() -> None:
    """Run every Abonent data migration again (they are idempotent): a transactional test's flush empties the
    tables, which also removes what the migrations shipped (classifier, call types, matrix, forms, targets…)."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db import migrations

    for config in apps.get_app_configs():
        if not config.name.startswith("abonent."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            migration = getattr(module, "Migration", None)
            for operation in getattr(migration, "operations", []):
                if isinstance(operation, migrations.RunPython):
                    operation.code(apps, None)
