"""Saved segments belong to subscribers now; the table keeps its name, so only Django's state moves (no data)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subscribers", "0002_lean_fact_indexes"),
        ("analytics", "0003_report_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SavedSegment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("definition", models.JSONField(default=dict, verbose_name="conditions")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="owner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "saved segment",
                        "verbose_name_plural": "saved segments",
                        "db_table": "analytics_savedsegment",
                        "ordering": ["name"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
