from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0002_electorate_by_council"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="council_tree",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
