"""A campaign's segment points at subscribers.SavedSegment: the same table, so only Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subscribers", "0003_savedsegment"),
        ("worklists", "0004_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="campaign",
                    name="segment",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="subscribers.savedsegment",
                        verbose_name="segment",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcampaign",
                    name="segment",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="subscribers.savedsegment",
                        verbose_name="segment",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
