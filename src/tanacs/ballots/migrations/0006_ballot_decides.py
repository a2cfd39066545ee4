"""What a ballot decides becomes a relation (``decides_type``, ``decides_id``); the decisions
app's migration fills it from ``purpose`` and ``reference`` before 0007 drops them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0005_choice_queue"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="decides_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ballot",
            name="decides_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddIndex(
            model_name="ballot",
            index=models.Index(
                fields=["decides_type", "decides_id"], name="ballots_bal_decides_3a7c16_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(decides_type__isnull=True, decides_id__isnull=True)
                | models.Q(decides_type__isnull=False, decides_id__isnull=False),
                name="ballot_decides_type_and_id",
            ),
        ),
    ]
