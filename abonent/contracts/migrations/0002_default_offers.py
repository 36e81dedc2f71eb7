from django.db import migrations


def load(apps, schema_editor):
    # The data lives in contracts/data/offers.yaml; existing terms (matched by name) are left as they are.
    from abonent.contracts.defaults import OFFERS

    OFFERS.load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
