"""Knowledge-base articles get an owner, a review-by date (2.1.4.2), a stemmed search text
(filled here for the articles already there) and a version kept at each save."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from servicedesk.search import stem_words


def fill_search_text(apps, schema_editor):
    """The historical model has no ``save`` of its own: the text is stemmed here."""
    Article = apps.get_model("cases", "Article")
    for article in Article.objects.only("title", "summary", "body"):
        article.search_text = stem_words(f"{article.title}\n{article.summary}\n{article.body}")
        article.save(update_fields=["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(verbose_name='text')),
                ('saved_at', models.DateTimeField(auto_now_add=True, verbose_name='saved')),
            ],
            options={
                'verbose_name': 'article version',
                'verbose_name_plural': 'article versions',
                'ordering': ['article', '-number'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='owner',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
        ),
        migrations.AddField(
            model_name='article',
            name='review_by',
            field=models.DateField(blank=True, null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='article',
            name='review_reminded_for',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['review_by'], name='article_review_by'),
        ),
        migrations.AddField(
            model_name='articleversion',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='cases.article', verbose_name='article'),
        ),
        migrations.AddField(
            model_name='articleversion',
            name='saved_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='saved by'),
        ),
        migrations.AddConstraint(
            model_name='articleversion',
            constraint=models.UniqueConstraint(fields=('article', 'number'), name='article_version_unique'),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
