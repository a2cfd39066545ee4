"""``purpose`` and ``reference`` are gone: ``decides`` holds what a ballot decides (filled by
the decisions app's migration 0002, which runs before this one)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0006_ballot_decides"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="ballot",
            name="ballots_bal_purpose_43542d_idx",
        ),
        migrations.RemoveField(
            model_name="ballot",
            name="purpose",
        ),
        migrations.RemoveField(
            model_name="ballot",
            name="reference",
        ),
    ]
