"""Decision ballots point at what they decide: ``purpose`` and ``reference`` become the
relation ``Ballot.decides``. A mandate ballot's reference ("motion:council") becomes a
:class:`MandateQuestion` row. Ballots whose reference names no row keep no subject.

It runs between the ballots app's migrations 0006 (adds the relation) and 0007 (drops the
strings); ``run_before`` keeps that order without the ballots app depending on this one.
"""

import django.db.models.deletion
from django.db import migrations, models

# purpose -> the model (in this app) a ballot of that purpose decides
MODELS = {
    "motion": "motion",
    "amendment": "amendment",
    "election": "election",
    "recall": "recallpetition",
    "mandate": "mandatequestion",
}


def _whole(text):
    return int(text) if str(text).isdigit() else None


def _subject(apps, purpose, reference):
    """The id of the row ``reference`` names, or None."""
    if purpose == "mandate":
        motion_id, _, council_id = str(reference).partition(":")
        motion_id, council_id = _whole(motion_id), _whole(council_id)
        Motion = apps.get_model("decisions", "Motion")
        Council = apps.get_model("federation", "Council")
        if motion_id is None or council_id is None:
            return None
        if not (
            Motion.objects.filter(pk=motion_id).exists()
            and Council.objects.filter(pk=council_id).exists()
        ):
            return None
        question, _ = apps.get_model("decisions", "MandateQuestion").objects.get_or_create(
            motion_id=motion_id, council_id=council_id
        )
        return question.pk
    pk = _whole(reference)
    model = apps.get_model("decisions", MODELS[purpose])
    return pk if pk is not None and model.objects.filter(pk=pk).exists() else None


def forwards(apps, schema_editor):
    Ballot = apps.get_model("ballots", "Ballot")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for purpose, model in MODELS.items():
        kind, _ = ContentType.objects.get_or_create(app_label="decisions", model=model)
        for ballot in Ballot.objects.filter(purpose=purpose).only("id", "reference"):
            pk = _subject(apps, purpose, ballot.reference)
            if pk is not None:
                Ballot.objects.filter(pk=ballot.pk).update(decides_type=kind, decides_id=pk)


def backwards(apps, schema_editor):
    Ballot = apps.get_model("ballots", "Ballot")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Question = apps.get_model("decisions", "MandateQuestion")
    for purpose, model in MODELS.items():
        kind = ContentType.objects.filter(app_label="decisions", model=model).first()
        if kind is None:
            continue
        for ballot in Ballot.objects.filter(decides_type=kind).only("id", "decides_id"):
            reference = str(ballot.decides_id)
            if purpose == "mandate":
                question = Question.objects.get(pk=ballot.decides_id)
                reference = f"{question.motion_id}:{question.council_id}"
            Ballot.objects.filter(pk=ballot.pk).update(purpose=purpose, reference=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0006_ballot_decides"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("decisions", "0001_initial"),
        ("federation", "0001_initial"),
    ]
    run_before = [
        ("ballots", "0007_remove_ballot_purpose"),
    ]

    operations = [
        migrations.CreateModel(
            name="MandateQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="federation.council",
                    ),
                ),
                (
                    "motion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="decisions.motion",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("motion", "council"), name="one_mandate_question"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
