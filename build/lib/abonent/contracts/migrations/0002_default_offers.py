from django.db import migrations


def load(apps, schema_editor):
    from abonent.contracts.data import load_default_offers

    load_default_offers(apps.get_model("contracts", "ContractOffer"))


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
