"""The change log's table now belongs to records (renamed there); only the state goes here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("records", "0003_indexchange"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IndexChange")],
        ),
    ]
