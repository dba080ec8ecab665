"""The search change log moves from the search app to records, keeping its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_collection_imprint_longer_vocabulary_names"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IndexChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("document_id", models.BigIntegerField(db_index=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"ordering": ["id"], "db_table": "search_indexchange"},
                ),
            ],
        ),
        migrations.AlterModelTable(name="indexchange", table=None),
    ]
