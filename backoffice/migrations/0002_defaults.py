"""Defaults from DOMAIN.md (backoffice/defaults.py); every value stays editable."""

from django.db import migrations


def load(apps, schema_editor):
    from backoffice.defaults import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
