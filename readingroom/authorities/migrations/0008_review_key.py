"""ReviewItem.key: the review list groups by the project's name key (issue 14, point 6)."""

from django.db import migrations, models

from readingroom.enrich.namekeys import group_key


def fill_keys(apps, schema_editor):
    ReviewItem = apps.get_model("authorities", "ReviewItem")
    items = list(ReviewItem.objects.only("pk", "name"))
    for item in items:
        item.key = group_key(item.name)
    ReviewItem.objects.bulk_update(items, ["key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("authorities", "0007_derived_counts")]

    operations = [
        migrations.AddField(
            model_name="reviewitem",
            name="key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="reviewitem",
            index=models.Index(fields=["key", "candidate"], name="review_pair"),
        ),
    ]
