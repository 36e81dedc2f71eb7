"""The format spec: templates that import cleanly, documentation that says what the code does."""

from pathlib import Path

import pytest
from django.conf import settings

from abonent.imports.formats import FORMATS, markdown, template_csv, template_xlsx
from abonent.imports.services import import_file
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage

DOCS = Path(settings.BASE_DIR).parent / "docs" / "imports"
ORDER = ["subscribers", "tariffs", "services", "payments", "charges", "usage"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_template_imports_cleanly_in_order(reasons, tmp_path, fmt):
    assert sorted(ORDER) == sorted(FORMATS)
    for kind in ORDER:
        path = tmp_path / f"{kind}.{fmt}"
        path.write_bytes(template_csv(kind) if fmt == "csv" else template_xlsx(kind))
        run = import_file(kind, path)
        assert (run.status, run.rows_added) == ("succeeded", 2), (kind, run.errors)
    assert [m.objects.count() for m in (Subscriber, Tariff, Service, Payment, MonthlyCharge, Usage)] == [2] * 6
    # The examples hang together: the business account left for a competitor, on its TV tariff.
    romashka = Subscriber.objects.get(external_id="100002")
    assert (romashka.kind, romashka.churn_reason.code, romashka.tariff.code) == ("business", "competitor", "TV-BASE")


def test_documentation_pages_match_the_spec():
    for kind in FORMATS:
        page = DOCS / f"{kind}.md"
        assert page.read_text(encoding="utf-8") == markdown(kind), f"run `abonent import_docs` ({page})"
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    assert all(f"({kind}.md)" in readme for kind in FORMATS)


def test_every_column_has_a_description_and_two_examples():
    for fmt in FORMATS.values():
        assert set(fmt.key) <= {c.name for c in fmt.columns}
        for column in fmt.columns:
            assert str(column.description) and len(column.examples) == 2
