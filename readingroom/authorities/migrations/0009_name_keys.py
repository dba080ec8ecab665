"""Name keys read again: the romanization tables learned more surnames (Shen, Wei, Yen,
Tsiang…) and hyphenated given names written first ("Ting-fu Tsiang"). Stored keys are what
search and linking look people up by, so they follow the rules (issue 14)."""

from django.db import migrations

from readingroom.enrich.namekeys import group_key, key_string


def rekey(apps, schema_editor):
    Name = apps.get_model("authorities", "Name")
    Person = apps.get_model("authorities", "Person")
    ReviewItem = apps.get_model("authorities", "ReviewItem")
    primary: dict[int, str] = {}
    names = list(Name.objects.only("pk", "text", "key", "person_id", "primary"))
    for name in names:
        name.key = key_string(name.text)
        if name.primary:
            primary[name.person_id] = name.key
    Name.objects.bulk_update(names, ["key"], batch_size=1000)
    people = list(Person.objects.only("pk", "name", "key"))
    for person in people:
        person.key = primary.get(person.pk) or key_string(person.name)
    Person.objects.bulk_update(people, ["key"], batch_size=1000)
    items = list(ReviewItem.objects.only("pk", "name", "key"))
    for item in items:
        item.key = group_key(item.name)
    ReviewItem.objects.bulk_update(items, ["key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("authorities", "0008_review_key")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
