# A notification may carry a stored file (a rendered report under MEDIA_ROOT/reports/).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('backoffice', '0003_queue_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='attachment_path',
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
