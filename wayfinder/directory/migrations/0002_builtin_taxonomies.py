"""The built-in taxonomies (areas of need, Local Offer headings, levels of support, service categories)."""

from django.db import migrations


def create(apps, schema_editor):
    from wayfinder.directory import vocab

    vocab.ensure(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
