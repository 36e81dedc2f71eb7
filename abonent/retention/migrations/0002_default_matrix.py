"""The shipped retention matrix (seed 001, 5.1.1): the seed's measures with indicative costs, mapped to the default
churn reasons (churn/migrations/0004) in the order an agent offers them.

Costs are a starting template in RUB for the operator to edit. Existing rows (matched by code, or by reason and
measure) are left as they are, so re-running never overwrites an operator's edits.
"""

from django.db import migrations

from abonent.retention.defaults import MATRIX


def load_defaults(apps, schema_editor):
    # The data lives in retention/data/matrix.yaml; the loader writes each new measure's first history row.
    MATRIX.load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("churn", "0004_default_classifier"),
    ]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
