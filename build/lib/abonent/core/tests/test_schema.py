"""The OpenAPI schema: generated with no warning (enum names, unresolvable fields) and valid OpenAPI 3."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings_and_validates(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (an enum-name collision among them) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for name in ("ContractKindEnum", "ImportKindEnum", "TicketStatusEnum", "CallOutcomeEnum", "RoleEnum"):
        assert f"    {name}:" in text
