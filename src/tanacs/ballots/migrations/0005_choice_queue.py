"""The queue of secret choices waiting for the mixer, and on SQLite a choice table without
row ids, so its physical order is the order of its random keys, not the order of writing."""

import django.db.models.deletion
from django.db import migrations, models


def choices_without_rowid(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    table = "ballots_choice"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        (create,) = cursor.fetchone()
        if "WITHOUT ROWID" in create.upper():
            return
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        new = f"{table}__without_rowid"
        cursor.execute(create.replace(f'"{table}"', f'"{new}"', 1) + " WITHOUT ROWID")
        cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
        cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
        for index in indexes:
            cursor.execute(index)


class Migration(migrations.Migration):

    dependencies = [
        ("ballots", "0004_cast_reads_by_unique_keys"),
        ("federation", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueuedChoice",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("weight", models.PositiveIntegerField(default=1)),
                ("marks", models.CharField(max_length=400)),
                ("receipt_hash", models.CharField(max_length=64)),
                ("replaces", models.BooleanField(default=False)),
                (
                    "ballot",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="ballots.ballot",
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="federation.council",
                    ),
                ),
            ],
        ),
        migrations.RunPython(choices_without_rowid, migrations.RunPython.noop),
    ]
