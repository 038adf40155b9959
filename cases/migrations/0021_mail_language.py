"""4.6: an incoming e-mail's language, told on filing (``cases.mail.language``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0020_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundemail",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[
                    ("lv", "Latvian"),
                    ("en", "English"),
                    ("ru", "Russian"),
                    ("other", "Other language"),
                ],
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
