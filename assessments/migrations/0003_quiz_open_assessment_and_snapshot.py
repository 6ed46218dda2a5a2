import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_questionnaire_from_version(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    QuestionnaireVersion = apps.get_model("assessments", "QuestionnaireVersion")
    for version in QuestionnaireVersion.objects.all():
        Assessment.objects.filter(version=version).update(
            questionnaire_id=version.questionnaire_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_alter_questionnaire_title_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="questionnaire",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="assessments.questionnaire",
            ),
        ),
        migrations.RunPython(copy_questionnaire_from_version, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment",
            name="questionnaire",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="assessments.questionnaire",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="questionnaire_snapshot",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Questionnaire title, dimension names and thresholds at scoring time.",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "in_progress")),
                fields=("respondent", "subject", "questionnaire"),
                name="one_open_assessment_per_questionnaire",
                violation_error_message=(
                    "This person already has an unfinished assessment on this questionnaire."
                ),
            ),
        ),
    ]
