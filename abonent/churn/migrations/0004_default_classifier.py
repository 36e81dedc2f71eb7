"""The default churn reason classifier, its norms and one script per reason group (seed 001, 2.1 and 4.6).

The norms are a starting template from the method, not the operator's own figures: every reason is shipped with
norm_source="template" until the head edits it or applies a proposal from the operator's history.
Existing rows (matched by code) are left as they are, so re-running never overwrites an operator's edits.
"""

from django.db import migrations

from abonent.churn.defaults import load_classifier


def load_defaults(apps, schema_editor):
    # The data lives in churn/data/classifier.yaml; existing rows (matched by code) are left as they are.
    load_classifier(apps=apps, record_history=True)


class Migration(migrations.Migration):
    dependencies = [
        ("churn", "0003_script_title_en"),
    ]

    operations = [
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
